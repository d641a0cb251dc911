// R26's probe of the version table's C# row: "async-await" awaits, in an async method, two
// tasks started together, as .NET Framework 4.5 (C# 5) made possible. Prints one JSON object
// with the class library's profile (Mono implements the .NET Framework's profiles, and runs
// from the directory of the one it implements, such as /usr/lib/mono/4.5) and whether the
// awaited result came back.
using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

public static class Versions
{
    static async Task<int> Twice(int x)
    {
        await Task.Delay(1);
        return 2 * x;
    }

    static async Task<int> Sum()
    {
        Task<int> a = Twice(10), b = Twice(11);
        return await a + await b;
    }

    public static int Main(string[] args)
    {
        if (args.Length != 1 || args[0] != "async-await")
        {
            Console.Error.WriteLine("unknown milestone: async-await");
            return 2;
        }
        string profile = Path.GetFileName(RuntimeEnvironment.GetRuntimeDirectory().TrimEnd('/'));
        bool works = Sum().Result == 42;
        Console.WriteLine("{\"milestone\":\"async-await\",\"version\":\"" + profile + "\",\"runtime\":\"" + Environment.Version + "\",\"works\":" + (works ? "true" : "false") + "}");
        return 0;
    }
}
