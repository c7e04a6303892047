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
            case "train":
                TrainBenchmark.Run(args.Length > 1 ? args[1] : "CartPole-v1", args.Length > 2 ? int.Parse(args[2]) : 10);
                return 0;
            case "mujoco":
                return MujocoBenchmark.Run(args.Length > 1 ? args[1] : null);
            case "torch":
                return TorchBenchmark.Run(args.Length > 1 ? args[1] : null);
            default:
                Console.Error.WriteLine($"apprentice-bench: unknown benchmark '{name}'; available: mlp, train [env-id] [iterations], mujoco [task-id], torch [python]");
                return 2;
        }
    }
}
