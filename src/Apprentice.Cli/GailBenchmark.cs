using System.Diagnostics;
using System.Globalization;
using Apprentice.Data;
using Apprentice.Envs;
using Apprentice.Envs.MuJoCo;
using Apprentice.Imitation;
using Apprentice.Policies;
using Apprentice.Rl;

namespace Apprentice.Cli;

/// <summary>
/// `apprentice bench gail`: a few GAIL iterations at the task's settings (the paper's 50,000 pairs on MuJoCo),
/// their time split, and beside it, measured in the same run, the time the bare simulator needs on one core for
/// as many env steps (the last batch's actions replayed from reset states: <see cref="BareLoop"/> for MuJoCo,
/// the unwrapped env for classic control). The last line is <c>ratio &lt;iteration time / bare time&gt;</c>.
/// </summary>
internal static class GailBenchmark
{
    /// <param name="Ppo">PPO's settings to time its step in TRPO's place; null: TRPO, the paper's.</param>
    public sealed record Settings(string EnvId, string ExpertPath, int Iterations, int? Batch, int Envs, int Workers, int Trajectories, int Seed, PpoConfig? Ppo = null);

    public static int Run(TextWriter console, Settings s)
    {
        if (s.Iterations <= 0) throw new InputException($"--iterations must be positive, got {s.Iterations}");
        if (s.Trajectories <= 0) throw new InputException($"--trajectories must be positive, got {s.Trajectories}");
        using IEnv env = Gym.Make(s.EnvId);
        if (!File.Exists(s.ExpertPath))
            throw new InputException($"no expert policy at '{s.ExpertPath}' to record demonstrations from (pass --expert FILE)");
        var (expertPolicy, expertEnv) = PolicyFile.Load(s.ExpertPath);
        if (expertEnv != s.EnvId) throw new InputException($"'{s.ExpertPath}' is a policy for {expertEnv}, not {s.EnvId}");

        GailConfig defaults = GailConfig.ForTask(s.EnvId);
        GailConfig config = defaults with
        {
            // The warm-up, the measured iterations and one more, so that every measured one also samples the next.
            Iterations = s.Iterations + 2, Batch = s.Batch ?? defaults.Batch, Envs = s.Envs, Workers = s.Workers, Seed = s.Seed, Ppo = s.Ppo,
        };
        Demonstrations demos = DemoRecorder.Record(env, expertPolicy, s.Trajectories, s.Seed, new Rng((ulong)s.Seed).Split("bench-demonstrations"));
        ExpertPairs expert = demos.Pairs(config.Subsample, new Rng((ulong)s.Seed).Split("bench-subsample"));
        console.WriteLine(Invariant($"GAIL on {s.EnvId}: {s.Iterations} iterations after one warm-up; {config.Batch:N0} pairs per iteration, {config.Envs} env copies, {config.Workers} sampling worker(s), {Environment.ProcessorCount} cores; {expert.Count} expert pairs"));

        using var gail = new Gail(config, expert);
        gail.Step(); // JIT and buffers
        var rows = new List<(IterationTimes Times, double Wall, long Steps, int Pairs)>();
        for (int i = 0; i < s.Iterations; i++)
        {
            long before = gail.EnvSteps;
            long start = Stopwatch.GetTimestamp();
            GailMetrics m = gail.Step();
            double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
            rows.Add((m.Times, wall, gail.EnvSteps - before, m.Pairs));
            console.WriteLine(Invariant($"  iteration {i + 1}: {wall:F3} s, {gail.EnvSteps - before:N0} env steps, {m.Pairs:N0} pairs, return {m.TrueReturn:F1}"));
        }

        TrajectoryBatch batch = gail.LastBatch;
        double bareSeconds = TimeBareLoop(s.EnvId, batch, s.Seed);
        double wallMean = rows.Average(r => r.Wall), stepsMean = rows.Average(r => (double)r.Steps);
        double barePerIteration = bareSeconds / batch.Count * stepsMean;

        double Mean(Func<IterationTimes, double> f) => rows.Average(r => f(r.Times));
        void Line(string phase, double seconds) =>
            console.WriteLine(Invariant($"{phase,-34} {seconds,9:F3} s {100 * seconds / wallMean,6:F1} %"));
        console.WriteLine();
        console.WriteLine(Invariant($"{"phase (mean per iteration)",-34} {"time",11} {"of wall",8}"));
        Line("sampling", Mean(t => t.Sample));
        Line("  env steps", Mean(t => t.SampleEnv));
        Line("  policy inference", Mean(t => t.SamplePolicy));
        Line("rewards and advantages", Mean(t => t.RewardAndAdvantages));
        if (s.Ppo is null)
        {
            Line("TRPO step", Mean(t => t.Trpo));
            Line("  surrogate gradient", Mean(t => t.TrpoGradient));
            Line("  conjugate gradient", Mean(t => t.TrpoCg));
            Line("  line search", Mean(t => t.TrpoLineSearch));
        }
        else
        {
            Line("PPO step", Mean(t => t.Trpo));
        }
        Line("cost update (beside the step)", Mean(t => t.CostUpdate));
        Line("value fit (beside the step)", Mean(t => t.ValueFit));
        Line("iteration (wall)", wallMean);
        console.WriteLine(Invariant($"env steps per iteration            {stepsMean,11:N0}   ({rows.Average(r => r.Pairs):N0} pairs kept)"));
        console.WriteLine(Invariant($"env steps/s over the iteration     {stepsMean / wallMean,11:N0}"));
        console.WriteLine(Invariant($"bare simulator, one core           {batch.Count / bareSeconds,11:N0} steps/s ({batch.Count:N0} steps in {bareSeconds:F3} s; {barePerIteration:F3} s for {stepsMean:N0})"));
        console.WriteLine(Invariant($"a full run of {defaults.Iterations} iterations         ≈ {defaults.Iterations * wallMean,9:F1} s"));
        console.WriteLine(Invariant($"ratio {wallMean / barePerIteration:F3}"));
        return CliApp.Success;
    }

    /// <summary>Seconds the bare simulator takes for the batch's actions, each trajectory from a reset state of its own.</summary>
    private static double TimeBareLoop(string envId, TrajectoryBatch batch, int seed)
    {
        using IEnv env = Gym.Make(envId);
        var raw = (IStatefulEnv)env.Unwrapped;
        var observation = new float[env.ObservationSpace.FlatSize];
        var episodes = new List<(int Start, double[] State)>();
        for (int k = 0; k < batch.TrajectoryCount; k++)
        {
            env.Reset(observation, k == 0 ? seed : null);
            episodes.Add((batch.Starts[k], raw.State));
        }
        ReadOnlySpan<float> actions = batch.Actions.Span;
        long start = Stopwatch.GetTimestamp();
        if (raw is MuJoCoEnv mujoco)
        {
            using var bare = new BareLoop(mujoco);
            bare.Run(actions, episodes);
        }
        else
        {
            int a = batch.ActionSize, next = 0;
            for (int t = 0; t < batch.Count; t++)
            {
                if (next < episodes.Count && episodes[next].Start == t) raw.State = episodes[next++].State;
                raw.Step(actions.Slice(t * a, a), observation);
            }
        }
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
