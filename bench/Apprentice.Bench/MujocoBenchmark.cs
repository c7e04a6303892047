using Apprentice.Envs;
using Apprentice.Envs.MuJoCo;

namespace Apprentice.Bench;

/// <summary>
/// Env steps per second of each MuJoCo task (through <see cref="Gym.Make"/>: time limit, observation, reward,
/// termination; random actions, reset when an episode ends) against a bare loop of the same physics through
/// the same binding: per env step, ctrl = a, frame_skip × <c>mj_step</c> and one <c>mj_rnePostConstraint</c>,
/// as separate native calls. The bare loop replays the env run exactly (its episode start states and its
/// actions), so both do identical physics and the ratio measures only the env's own overhead.
/// </summary>
internal static class MujocoBenchmark
{
    private const int Repeats = 5;

    private static readonly (string Id, string Model, int FrameSkip, int Steps)[] Tasks =
    [
        ("Reacher-v4", "reacher", 2, 40_000),
        ("HalfCheetah-v4", "half_cheetah", 5, 20_000),
        ("Hopper-v4", "hopper", 4, 10_000),
        ("Walker2d-v4", "walker2d", 4, 6_000),
        ("Ant-v4", "ant", 5, 3_000),
        ("Humanoid-v4", "humanoid", 5, 2_000),
    ];

    public static int Run(string? only)
    {
        if (MjNative.UnavailableReason is string reason)
        {
            Console.Error.WriteLine($"apprentice-bench: {reason}");
            return 2;
        }
        var selected = Tasks.Where(t => only is null || t.Id == only).ToArray();
        if (selected.Length == 0)
        {
            Console.Error.WriteLine($"apprentice-bench: unknown MuJoCo task '{only}'; available: {string.Join(", ", Tasks.Select(t => t.Id))}");
            return 2;
        }
        Console.WriteLine($"MuJoCo env steps/s, random actions, 1 thread; median of {Repeats} interleaved repeats (thread CPU time; wall in brackets)");
        Console.WriteLine($"{"task",-15} {"steps",7} {"env",18} {"bare",18} {"env/bare",9} {"range",13}");
        foreach (var task in selected) Measure(task.Id, task.Model, task.FrameSkip, task.Steps);
        return 0;
    }

    private static void Measure(string id, string model, int frameSkip, int steps)
    {
        using IEnv env = Gym.Make(id);
        var raw = (IStatefulEnv)env.Unwrapped;
        int nu = env.ActionSpace.FlatSize;
        var actions = new float[steps * nu];
        var rng = new Rng(2024);
        for (int t = 0; t < steps; t++) env.ActionSpace.Sample(rng, actions.AsSpan(t * nu, nu));

        using var bare = new BareLoop(MuJoCoModels.Shared(model), frameSkip);
        var episodes = new List<(int Start, double[] State)>();
        var envRates = new List<(double Cpu, double Wall)>();
        var bareRates = new List<(double Cpu, double Wall)>();
        var ratios = new List<double>();
        for (int r = 0; r <= Repeats; r++)
        {
            var envTime = ThreadClock.Measure(() => EnvLoop(env, raw, actions, nu, steps, episodes));
            var bareTime = ThreadClock.Measure(() => bare.Run(actions, episodes));
            if (r == 0) continue; // warm-up: JIT, caches
            envRates.Add((steps / envTime.Cpu * 1e3, steps / envTime.Wall * 1e3));
            bareRates.Add((steps / bareTime.Cpu * 1e3, steps / bareTime.Wall * 1e3));
            ratios.Add(bareTime.Cpu / envTime.Cpu);
        }
        ratios.Sort();
        string envText = $"{Median(envRates.Select(e => e.Cpu)),8:N0} [{Median(envRates.Select(e => e.Wall)),7:N0}]";
        string bareText = $"{Median(bareRates.Select(e => e.Cpu)),8:N0} [{Median(bareRates.Select(e => e.Wall)),7:N0}]";
        Console.WriteLine($"{id,-15} {steps,7:N0} {envText,18} {bareText,18} {Median(ratios),9:F3} {$"{ratios[0]:F2}–{ratios[^1]:F2}",13}");
    }

    private static void EnvLoop(IEnv env, IStatefulEnv raw, float[] actions, int nu, int steps, List<(int Start, double[] State)> episodes)
    {
        var obs = new float[env.ObservationSpace.FlatSize];
        episodes.Clear();
        env.Reset(obs, seed: 0);
        episodes.Add((0, raw.State));
        for (int t = 0; t < steps; t++)
        {
            StepResult result = env.Step(actions.AsSpan(t * nu, nu), obs);
            if (result.Terminated || result.Truncated)
            {
                env.Reset(obs);
                episodes.Add((t + 1, raw.State));
            }
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
    }
}
