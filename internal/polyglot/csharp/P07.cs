// P07: async/await waits concurrently when the tasks are started before they are awaited, and
// one at a time when each is awaited as it starts; Parallel.ForEach computes on several cores.
// Prints one JSON object per measurement.
using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;

public static class P07
{
    const int LatencyMs = 50;
    const int Calls = 20;

    static long Work(long seed)
    {
        long x = seed;
        for (int i = 0; i < 10000000; i++) x = unchecked(x * 6364136223846793005L + 1442695040888963407L);
        return x;
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

    // The most processors the loop kept busy in five runs: a busy neighbour only takes some away.
    static double Busy(bool parallel)
    {
        return Enumerable.Range(0, 5).Max(_ => BusyOnce(parallel));
    }

    static double BusyOnce(bool parallel)
    {
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var items = Enumerable.Range(0, 8).Select(i => (long)i).ToArray();
        var results = new long[items.Length];
        if (parallel) Parallel.ForEach(items, i => results[i] = Work(i));
        else foreach (var i in items) results[i] = Work(i);
        process.Refresh();
        return (process.TotalProcessorTime - cpu0).TotalMilliseconds / sw.Elapsed.TotalMilliseconds;
    }

    public static void Main()
    {
        double together = Waits(true).GetAwaiter().GetResult();
        double oneByOne = Waits(false).GetAwaiter().GetResult();
        double sequential = Busy(false);
        double parallel = Busy(true);
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{{\"calls\":{0},\"awaited_together\":{1:F3},\"awaited_one_by_one\":{2:F3},\"foreach_processors\":{3:F3},\"parallel_foreach_processors\":{4:F3},\"cores\":{5}}}",
            Calls, together, oneByOne, sequential, parallel, Environment.ProcessorCount));
    }
}
