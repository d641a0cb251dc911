// R18 in C#: a counter shared by concurrent tasks, with and without what keeps it exact. Prints
// one JSON object for the mode given:
//
//   - "threads": THREADS tasks started with Task.Run, released together, each add 1 INCREMENTS
//     times, once through Interlocked.Increment ("interlocked_count") and once with ++ on an int
//     field ("plain_count"); "threads_expected" is the count nothing lost. The field is volatile
//     so that the JIT reads and writes it on every increment; volatile does not make the read,
//     the add and the write one step, so tasks running at once overwrite each other's.
//   - "async-lock": ASYNC_TASKS tasks started with Task.Run each add 1 ASYNC_INCREMENTS times by
//     reading the counter, awaiting (Task.Yield, which lets any other task run) and writing the
//     value read plus one: once holding a SemaphoreSlim(1) as an async lock across the await
//     ("semaphore_count"), once holding nothing ("unguarded_count"); "async_expected" is the
//     count nothing lost. C#'s lock statement cannot be held across an await (the compiler
//     refuses it); SemaphoreSlim.WaitAsync can.
using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

public static class R18Counter
{
    const int Threads = 2;
    const int Increments = 10000000;
    const int AsyncTasks = 4;
    const int AsyncIncrements = 10000;

    static int interlocked;
    static volatile int plain;
    static int semaphoreCount;
    static int unguardedCount;

    // Runs increment Increments times in each of Threads tasks released together. Each task has
    // a thread of its own (LongRunning): on the thread pool, a task waiting at the barrier for
    // one the pool has not started yet waits for the pool to add a thread, which on a busy
    // machine took Mono longer than the program's bound.
    static void RunTasks(Action increment)
    {
        using (var start = new Barrier(Threads))
        {
            var tasks = Enumerable.Range(0, Threads).Select(_ => Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                for (int i = 0; i < Increments; i++) increment();
            }, TaskCreationOptions.LongRunning)).ToArray();
            Task.WaitAll(tasks);
        }
    }

    static void PlainIncrement()
    {
        plain++;
    }

    // Adds 1 AsyncIncrements times to the counter: read, await, write the value read plus one,
    // holding gate across all three when there is one. Nothing between WaitAsync and Release
    // throws, so there is no try/finally: with the await inside one, a run here on a busy
    // machine died in Mono 6.8 with "An attempt was made to transition a task to a final state
    // when it had already completed", which this form has not shown.
    static async Task AddAcrossAwait(SemaphoreSlim gate, Func<int> read, Action<int> write)
    {
        for (int i = 0; i < AsyncIncrements; i++)
        {
            if (gate != null) await gate.WaitAsync();
            int v = read();
            await Task.Yield();
            write(v + 1);
            if (gate != null) gate.Release();
        }
    }

    static void RunAsync(SemaphoreSlim gate, Func<int> read, Action<int> write)
    {
        var tasks = Enumerable.Range(0, AsyncTasks).Select(_ => Task.Run(() => AddAcrossAwait(gate, read, write))).ToArray();
        Task.WaitAll(tasks);
    }

    public static int Main(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : "";
        if (mode == "threads")
        {
            RunTasks(() => Interlocked.Increment(ref interlocked));
            RunTasks(PlainIncrement);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{{\"tasks\":{0},\"threads_expected\":{1},\"interlocked_count\":{2},\"plain_count\":{3},\"plain_lost\":{4}",
                Threads, (long)Threads * Increments, interlocked, plain, (long)Threads * Increments - plain) + "}");
            return 0;
        }
        if (mode == "async-lock")
        {
            using (var gate = new SemaphoreSlim(1, 1))
            {
                RunAsync(gate, () => semaphoreCount, v => semaphoreCount = v);
            }
            RunAsync(null, () => unguardedCount, v => unguardedCount = v);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{{\"tasks\":{0},\"async_expected\":{1},\"semaphore_count\":{2},\"unguarded_count\":{3},\"unguarded_lost\":{4}",
                AsyncTasks, AsyncTasks * AsyncIncrements, semaphoreCount, unguardedCount, AsyncTasks * AsyncIncrements - unguardedCount) + "}");
            return 0;
        }
        Console.Error.WriteLine("unknown mode '{0}': threads or async-lock", mode);
        return 2;
    }
}
