using System.CommandLine;

namespace Apprentice.Cli.Commands;

/// <summary>`apprentice bench gail`: where a GAIL iteration's time goes, against the bare simulator (<see cref="GailBenchmark"/>).</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var env = new Option<string>("--env") { Description = "Environment id.", DefaultValueFactory = _ => "Hopper-v4" };
        var expert = new Option<string?>("--expert") { Description = "Expert policy to record the demonstrations from (default data/experts/<env>.safetensors)." };
        var iterations = new Option<int>("--iterations") { Description = "Measured iterations (after one warm-up).", DefaultValueFactory = _ => 3 };
        var batch = new Option<int?>("--batch") { Description = "Pairs per iteration (default per task: 50,000 MuJoCo, 5,000 classic)." };
        var envs = new Option<int>("--envs") { Description = "Env copies sampled together.", DefaultValueFactory = _ => 16 };
        var workers = new Option<int>("--workers") { Description = "Threads stepping the copies.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var trajectories = new Option<int>("--trajectories") { Description = "Expert trajectories to record.", DefaultValueFactory = _ => 4 };
        var seed = SeedOption.Create("Root seed.");
        var policyStep = new PolicyStepOptions();
        var gail = new Command("gail", "Time GAIL iterations phase by phase against the bare simulator on one core; last line: ratio <iteration / bare>.")
        {
            env, expert, iterations, batch, envs, workers, trajectories, seed,
        };
        foreach (Option option in policyStep.All) gail.Options.Add(option);
        gail.SetAction(parsed =>
        {
            string id = parsed.GetRequiredValue(env);
            return GailBenchmark.Run(parsed.InvocationConfiguration.Output, new GailBenchmark.Settings(id,
                parsed.GetValue(expert) ?? Path.Combine(ShippedData.Folder("experts"), $"{id}.safetensors"),
                parsed.GetValue(iterations), parsed.GetValue(batch), parsed.GetValue(envs), parsed.GetValue(workers),
                parsed.GetValue(trajectories), parsed.GetValue(seed), policyStep.Parse(parsed)));
        });
        return new Command("bench", "Benchmarks of the training loop.") { gail };
    }
}
