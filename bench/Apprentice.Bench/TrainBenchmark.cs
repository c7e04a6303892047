using System.Diagnostics;
using Apprentice.Envs;
using Apprentice.Rl;

namespace Apprentice.Bench;

/// <summary>
/// Training throughput against the bare environment: env steps per second of `apprentice train` (TRPO with the
/// default settings: sampling, policy inference, GAE, TRPO step, value fit) and of a loop that only steps the same
/// env (through its time limit) with random actions, measured in the same run, and their ratio.
/// </summary>
internal static class TrainBenchmark
{
    public static void Run(string envId, int iterations)
    {
        double bare = BareStepsPerSecond(envId, TimeSpan.FromSeconds(3));
        var config = new TrainConfig { EnvId = envId, Seed = 0, Steps = long.MaxValue };
        using var trainer = new TrpoTrainer(config);
        trainer.Step(); // warm-up (JIT, first allocations, the observation-statistics batch)
        long steps0 = trainer.EnvSteps;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < iterations; i++) trainer.Step();
        double seconds = clock.Elapsed.TotalSeconds;
        double train = (trainer.EnvSteps - steps0) / seconds;
        Console.WriteLine($"train {envId}: {iterations} TRPO iterations of {config.Batch:N0} pairs ({config.Envs} env copies, 1 thread), {train:N0} env steps/s ({seconds / iterations * 1000:F0} ms per iteration)");
        Console.WriteLine($"bare {envId}: {bare:N0} env steps/s (random actions, one env with its time limit, 1 thread)");
        Console.WriteLine($"ratio train/bare {train / bare:F4} (bare env stepping takes {100 * train / bare:F1}% of training time)");
    }

    private static double BareStepsPerSecond(string envId, TimeSpan duration)
    {
        using IEnv env = Gym.Make(envId);
        var rng = new Rng(1);
        var obs = new float[env.ObservationSpace.FlatSize];
        var action = new float[env.ActionSpace.FlatSize];
        env.Reset(obs, 0);
        long steps = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            for (int i = 0; i < 10_000; i++)
            {
                env.ActionSpace.Sample(rng, action);
                StepResult r = env.Step(action, obs);
                if (r.Terminated || r.Truncated) env.Reset(obs);
            }
            steps += 10_000;
        }
        return steps / clock.Elapsed.TotalSeconds;
    }
}
