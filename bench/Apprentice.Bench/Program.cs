namespace Apprentice.Bench;

/// <summary>Benchmarks by name: <c>dotnet run -c Release --project bench/Apprentice.Bench -- &lt;name&gt;</c>.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        string name = args.Length > 0 ? args[0] : "";
        switch (name)
        {
            case "mlp":
                MlpBenchmark.Run();
                return 0;
            default:
                Console.Error.WriteLine($"apprentice-bench: unknown benchmark '{name}'; available: mlp");
                return 2;
        }
    }
}
