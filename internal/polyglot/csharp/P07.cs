// P07: async/await waits concurrently when the tasks are started before they are awaited, and
// one at a time when each is awaited as it starts; Parallel.ForEach computes on several cores.
// Prints one JSON object for the mode given: "waits", the waits relative to one delay; "tasks",
// the same for async methods returning ValueTask (started together, then awaited one by one)
// and for RunTasks tasks started with Task.Run, each awaiting one delay; "loops",
// under "processors", what a foreach loop and Parallel.ForEach over the same items wanted and
// obtained. Wanted is the time
// the threads running the items spent on a CPU or ready to run for one, over the wall time from
// the first item's start to the last one's end; obtained is their time on a CPU over the same
// wall time. Each item reads its thread's scheduler statistics (/proc/thread-self/schedstat) as
// it starts and ends. A busy neighbour turns running time into time ready to run: it changes
// what the loops obtain, not what they want. Without those statistics the program prints why
// under "no_schedstat".
using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

public static class P07
{
    const int LatencyMs = 50;
    const int Calls = 20;
    const int Items = 32;
    const int ItemMs = 10;
    const int Runs = 2;
    const string Schedstat = "/proc/thread-self/schedstat";

    // Computes for ItemMs of wall time, and returns a value of seed alone. Timed rather than
    // counted work keeps each loop's wall time the same on a busy machine, where counted work
    // would take as much longer as the machine is busier.
    static long Work(long seed)
    {
        long x = seed;
        long end = Stopwatch.GetTimestamp() + ItemMs * Stopwatch.Frequency / 1000;
        while (Stopwatch.GetTimestamp() < end)
            for (int i = 0; i < 10000; i++) x = unchecked(x * 6364136223846793005L + 1442695040888963407L);
        GC.KeepAlive(x);
        return unchecked(seed * 6364136223846793005L);
    }

    static async Task<double> Waits(bool together)
    {
        var sw = Stopwatch.StartNew();
        if (together)
        {
            await Task.WhenAll(Enumerable.Range(0, Calls).Select(_ => Task.Delay(LatencyMs)));
        }
        else
        {
            for (int i = 0; i < Calls; i++) await Task.Delay(LatencyMs);
        }
        return sw.Elapsed.TotalMilliseconds / LatencyMs;
    }

    const int RunTasks = 10000;

    // One delay, awaited in an async method that returns a ValueTask.
    static async ValueTask<int> DelayValue(int n)
    {
        await Task.Delay(LatencyMs);
        return n;
    }

    // The delays awaited through ValueTasks, relative to one delay: all started before the first
    // is awaited, or each awaited as it starts. A ValueTask is awaited once, here in order.
    static async Task<double> ValueTaskWaits(bool together)
    {
        var sw = Stopwatch.StartNew();
        if (together)
        {
            var started = Enumerable.Range(0, Calls).Select(DelayValue).ToArray();
            foreach (var v in started) await v;
        }
        else
        {
            for (int i = 0; i < Calls; i++) await DelayValue(i);
        }
        return sw.Elapsed.TotalMilliseconds / LatencyMs;
    }

    // RunTasks tasks started with Task.Run, each awaiting one delay, relative to one delay.
    static double TaskRunWaits()
    {
        var sw = Stopwatch.StartNew();
        Task.WaitAll(Enumerable.Range(0, RunTasks).Select(_ => Task.Run(() => Task.Delay(LatencyMs))).ToArray());
        return sw.Elapsed.TotalMilliseconds / LatencyMs;
    }

    [StructLayout(LayoutKind.Sequential)]
    struct Timespec { public long Sec, Nsec; }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    static extern int ClockGettime(int clock, out Timespec t);

    const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID

    // The calling thread's nanoseconds on a CPU and nanoseconds ready to run in a run queue. The
    // kernel brings a running thread's time on a CPU up to date only at a clock tick or a switch,
    // up to 4 ms late; asking for the thread's CPU time brings it up to date first.
    static (long onCpu, long waiting) ReadSchedstat()
    {
        ClockGettime(ThreadCpuClock, out _);
        var fields = File.ReadAllText(Schedstat).Split(' ');
        return (long.Parse(fields[0], CultureInfo.InvariantCulture), long.Parse(fields[1], CultureInfo.InvariantCulture));
    }

    // What the threads running one loop's items spent on them, and when the first item started
    // and the last one ended.
    sealed class Spent
    {
        public long OnCpu, Waiting, FirstStart = long.MaxValue, LastEnd;

        public long Work(long seed)
        {
            Min(ref FirstStart, Stopwatch.GetTimestamp());
            var (on0, wait0) = ReadSchedstat();
            long result = P07.Work(seed);
            var (on1, wait1) = ReadSchedstat();
            Interlocked.Add(ref OnCpu, on1 - on0);
            Interlocked.Add(ref Waiting, wait1 - wait0);
            Max(ref LastEnd, Stopwatch.GetTimestamp());
            return result;
        }

        static void Min(ref long at, long value)
        {
            for (long seen = Interlocked.Read(ref at); value < seen; seen = Interlocked.Read(ref at))
                if (Interlocked.CompareExchange(ref at, value, seen) == seen) return;
        }

        static void Max(ref long at, long value)
        {
            for (long seen = Interlocked.Read(ref at); value > seen; seen = Interlocked.Read(ref at))
                if (Interlocked.CompareExchange(ref at, value, seen) == seen) return;
        }
    }

    // What a loop wanted and obtained over Runs runs, as JSON.
    static string Processors(bool parallel)
    {
        long onCpu = 0, waiting = 0, wallTicks = 0;
        for (int run = 0; run < Runs; run++)
        {
            var spent = new Spent();
            var items = Enumerable.Range(0, Items).Select(i => (long)i).ToArray();
            var results = new long[items.Length];
            // One item at a time, so that a thread that runs out takes the next item whichever
            // thread a busy machine slows down.
            if (parallel) Parallel.ForEach(Partitioner.Create(items, EnumerablePartitionerOptions.NoBuffering), i => results[i] = spent.Work(i));
            else foreach (var i in items) results[i] = spent.Work(i);
            onCpu += spent.OnCpu;
            waiting += spent.Waiting;
            wallTicks += spent.LastEnd - spent.FirstStart;
        }
        double wallNs = wallTicks * (1e9 / Stopwatch.Frequency);
        return string.Format(CultureInfo.InvariantCulture, "{{\"wanted\":{0:F3},\"obtained\":{1:F3},\"wall_s\":{2:F3}",
            (onCpu + waiting) / wallNs, onCpu / wallNs, wallNs / 1e9) + "}";
    }

    static string ProcessorsOrWhyNot()
    {
        try
        {
            // This thread has run: a kernel that keeps no statistics writes zeros.
            if (ReadSchedstat().onCpu == 0)
                return string.Format("\"no_schedstat\":\"the kernel keeps no per-thread scheduler statistics ({0} reads zeros)\"", Schedstat);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is FormatException || e is IndexOutOfRangeException)
        {
            return string.Format("\"no_schedstat\":\"the kernel gives no per-thread scheduler statistics ({0}: {1})\"", Schedstat, e.Message.Replace("\"", "'"));
        }
        Parallel.ForEach(Enumerable.Range(0, Environment.ProcessorCount), _ => { }); // start the pool's threads
        string sequential = Processors(false);
        string parallel = Processors(true);
        return string.Format("\"processors\":{{\"foreach loop\":{0},\"Parallel.ForEach loop\":{1}}}", sequential, parallel);
    }

    public static int Main(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : "";
        if (mode == "waits")
        {
            // A first round compiles the async machinery and starts the timer: its time is not
            // the delays'.
            Waits(true).GetAwaiter().GetResult();
            double together = Waits(true).GetAwaiter().GetResult();
            double oneByOne = Waits(false).GetAwaiter().GetResult();
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{{\"calls\":{0},\"awaited_together\":{1:F3},\"awaited_one_by_one\":{2:F3}",
                Calls, together, oneByOne) + "}");
            return 0;
        }
        if (mode == "tasks")
        {
            // A first round of each compiles what it runs: its time is not the delays'.
            ValueTaskWaits(true).GetAwaiter().GetResult();
            TaskRunWaits();
            double together = ValueTaskWaits(true).GetAwaiter().GetResult();
            double oneByOne = ValueTaskWaits(false).GetAwaiter().GetResult();
            double taskRun = TaskRunWaits();
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{{\"calls\":{0},\"value_tasks_together\":{1:F3},\"value_tasks_one_by_one\":{2:F3},\"run_tasks\":{3},\"task_run_wall_over_latency\":{4:F3}",
                Calls, together, oneByOne, RunTasks, taskRun) + "}");
            return 0;
        }
        if (mode == "loops")
        {
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{{\"items\":{0},\"item_ms\":{1},\"cores\":{2},{3}", Items, ItemMs, Environment.ProcessorCount, ProcessorsOrWhyNot()) + "}");
            return 0;
        }
        Console.Error.WriteLine("unknown mode '{0}': waits, tasks or loops", mode);
        return 2;
    }
}
