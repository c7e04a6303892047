using Apprentice.Data;
using Apprentice.Distributions;
using Apprentice.Envs;
using Apprentice.Imitation;
using Apprentice.Nn;
using Apprentice.Policies;
using Apprentice.Rl;

namespace Apprentice.Bench;

/// <summary>
/// The learner's arithmetic of one GAIL iteration at the paper's Hopper setting, ours against PyTorch on the same
/// inputs, both on one thread: actions for one env or 16 copies, a batch of CartPole pairs (sampling), the surrogate gradient on 50,000 pairs, one
/// Fisher-vector product on the 10 % subsample, a whole TRPO step, and one discriminator update. The inputs are
/// written to an .npz for <c>bench/python/gail_torch.py</c>; first both sides take one TRPO step and one
/// discriminator update from the same state and the results are compared, then the pieces are timed, ours and
/// theirs alternating within each repeat, and the ratio PyTorch/ours is taken per repeat.
/// </summary>
internal static class TorchBenchmark
{
    private const int ObservationSize = 11, ActionSize = 3, Batch = 50_000, ExpertPool = 1_250, Repeats = 7, ActCalls = 10_000, Copies = 16, CartPolePairs = 5_000;
    private const ulong FisherSeed = 11;
    private static readonly int[] Hidden = [100, 100];
    private static readonly TrpoConfig Trpo = new() { MaxKl = 0.01, CgDamping = 0.1, CgIterations = 10, FisherSubsample = 0.1 };
    private const double DiscriminatorLr = 0.01, DiscriminatorEntropy = 0.001;

    /// <summary>The seeded state both sides start from.</summary>
    private sealed class Inputs
    {
        public required MlpPolicy Policy;
        public required Discriminator Discriminator;
        public required float[] Observations, Actions, OldDistributions, Advantages;
        public required ExpertPairs Expert;
        public required int[] Draws;
    }

    public static int Run(string? python)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "python", "gail_torch.py");
        python ??= Environment.GetEnvironmentVariable("APPRENTICE_BENCH_PYTHON") ?? "/usr/bin/python3";
        string folder = Directory.CreateTempSubdirectory("apprentice-torch-").FullName;
        try
        {
            string data = Path.Combine(folder, "inputs.npz");
            NpzWriter.Write(data, Arrays(Build()), compress: false);
            using PythonWorker? torch = PythonWorker.Start(python, script, [data], out string? error);
            if (torch is null)
            {
                Console.Error.WriteLine($"apprentice-bench: PyTorch did not start ({error}); install it with " +
                    "'apt-get install python3-torch' or name a Python that has it with APPRENTICE_BENCH_PYTHON");
                return 2;
            }
            Console.WriteLine($"GAIL's learner at Hopper's shapes (policy {ObservationSize}→{string.Join("→", Hidden)}→{ActionSize} tanh Gaussian, " +
                $"discriminator {ObservationSize + ActionSize}→{string.Join("→", Hidden)}→1), {Batch:N0} pairs, one thread each");
            Console.WriteLine($"PyTorch {torch.Banner} ({python}); Apprentice Gemm AVX2/FMA kernel: {Gemm.IsAccelerated}");
            Check(torch, Path.Combine(folder, "check.npz"));
            Time(torch);
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Inputs Build()
    {
        var rng = new Rng(7);
        var box = new Box(-1f, 1f, ActionSize);
        var policy = new MlpPolicy(ObservationSize, box, Hidden, rng);
        policy.Network.Initialize(rng); // a policy part-way through training, not the zero-mean start
        policy.LogStd.Fill(-0.5f);
        float[] observations = Gaussian(Batch * ObservationSize, rng, 2.0);
        policy.Normalizer.Update(observations);
        PolicyWorkspace ws = policy.CreateWorkspace(Batch);
        float[] old = policy.Forward(ws, observations, Batch).ToArray();
        var actions = new float[Batch * ActionSize];
        policy.Distribution.Sample(old, rng, actions);
        var discriminator = new Discriminator(ObservationSize, box, Hidden, rng, RewardSign.Positive, DiscriminatorLr, DiscriminatorEntropy);
        discriminator.Network.Initialize(rng);
        var expert = new ExpertPairs(Gaussian(ExpertPool * ObservationSize, rng, 1.5), Gaussian(ExpertPool * ActionSize, rng, 0.5),
            ObservationSize, ActionSize);
        var draws = new int[ExpertPool];
        expert.Draw(Batch, rng, draws);
        return new Inputs
        {
            Policy = policy, Discriminator = discriminator, Observations = observations, Actions = actions,
            OldDistributions = old, Advantages = Gaussian(Batch, rng, 1.0), Expert = expert, Draws = draws,
        };
    }

    private static IEnumerable<NpyArray> Arrays(Inputs x)
    {
        foreach (NpyArray a in Layers("policy.", x.Policy.Network)) yield return a;
        yield return new NpyArray("policy.log_std", x.Policy.LogStd.ToArray(), ActionSize);
        yield return new NpyArray("policy.shift", x.Policy.Normalizer.Shift.ToArray(), ObservationSize);
        yield return new NpyArray("policy.scale", x.Policy.Normalizer.Scale.ToArray(), ObservationSize);
        foreach (NpyArray a in Layers("disc.", x.Discriminator.Network)) yield return a;
        yield return new NpyArray("obs", x.Observations, Batch, ObservationSize);
        yield return new NpyArray("actions", x.Actions, Batch, ActionSize);
        yield return new NpyArray("old_mean", Columns(x.OldDistributions, 0), Batch, ActionSize);
        yield return new NpyArray("old_log_std", Columns(x.OldDistributions, ActionSize), Batch, ActionSize);
        yield return new NpyArray("advantages", x.Advantages, Batch);
        long[] fisherRows = FisherRows();
        yield return new NpyArray("fisher_rows", fisherRows, fisherRows.Length);
        yield return new NpyArray("expert_obs", x.Expert.Observations, ExpertPool, ObservationSize);
        yield return new NpyArray("expert_actions", x.Expert.Actions, ExpertPool, ActionSize);
        yield return new NpyArray("expert_draws", x.Draws.Select(d => (long)d).ToArray(), ExpertPool);
        yield return new NpyArray("hyper", [Trpo.MaxKl, Trpo.CgDamping, Trpo.CgIterations, DiscriminatorLr, DiscriminatorEntropy], 5);
    }

    /// <summary>The rows <see cref="Rl.Trpo"/> draws for its Fisher subsample from a generator seeded <see cref="FisherSeed"/>.</summary>
    private static long[] FisherRows()
    {
        var rng = new Rng(FisherSeed);
        return [.. Enumerable.Range(0, (int)(Trpo.FisherSubsample * Batch)).Select(_ => (long)rng.NextInt(Batch))];
    }

    /// <summary>One TRPO step and one discriminator update on both sides from the same state, compared.</summary>
    private static void Check(PythonWorker torch, string path)
    {
        Inputs x = Build();
        PolicyStepResult step = new Trpo(x.Policy, Trpo).Step(x.Observations, x.Actions, x.OldDistributions, x.Advantages, Batch, new Rng(FisherSeed));
        var rewards = new float[Batch];
        RewardUpdate update = x.Discriminator.Update(x.Observations, x.Actions, Batch, x.Expert, x.Draws, rewards);
        torch.Run($"check {path}");
        Dictionary<string, NpyArray> theirs;
        using (NpzReader reader = NpzReader.Open(path))
            theirs = reader.Names.ToDictionary(n => n, reader.Read);
        double[] t = theirs["trpo"].ToDouble();
        Mlp net = x.Policy.Network;
        double policyDiff = 0, policyMax = 0;
        for (int l = 0; l < net.Layers; l++)
            foreach (var (name, offset) in new[] { ($"policy.w{l}", net.WeightOffset(l)), ($"policy.b{l}", net.BiasOffset(l)) })
            {
                float[] values = theirs[name].ToSingle();
                ReadOnlySpan<float> ours = net.Parameters.Span.Slice(offset, values.Length);
                for (int i = 0; i < values.Length; i++)
                {
                    policyDiff = Math.Max(policyDiff, Math.Abs(values[i] - ours[i]));
                    policyMax = Math.Max(policyMax, Math.Abs(ours[i]));
                }
            }
        float[] logStd = theirs["policy.log_std"].ToSingle();
        for (int j = 0; j < logStd.Length; j++) policyDiff = Math.Max(policyDiff, Math.Abs(logStd[j] - x.Policy.LogStd[j]));
        float[] theirRewards = theirs["rewards"].ToSingle();
        double rewardDiff = 0;
        for (int i = 0; i < Batch; i++) rewardDiff = Math.Max(rewardDiff, Math.Abs(theirRewards[i] - rewards[i]));
        Console.WriteLine($"check, one TRPO step: surrogate gain {step.Surrogate1 - step.Surrogate0:E4} (PyTorch {t[1] - t[0]:E4}), " +
            $"KL {step.Kl:F6} ({t[2]:F6}), backtracks {step.Backtracks} ({t[3]:F0}); parameters after it differ by at most " +
            $"{policyDiff:E2} (largest |θ| {policyMax:F2})");
        Console.WriteLine($"check, one discriminator update: loss {update.Loss:F6} (PyTorch {theirs["disc_loss"].ToDouble()[0]:F6}); " +
            $"the {Batch:N0} rewards after it differ by at most {rewardDiff:E2}");
    }

    private static void Time(PythonWorker torch)
    {
        Inputs x = Build();
        MlpPolicy policy = x.Policy;
        IDistribution dist = policy.Distribution;
        var trpo = new Trpo(policy, Trpo);
        float[] theta0 = policy.Parameters.Values.ToArray();

        // Actions, as sampling asks for them one env step at a time: for one env, and for the 16 copies GAIL steps on MuJoCo.
        PolicyWorkspace actWs = policy.CreateWorkspace(Copies);
        float[] action = new float[Copies * ActionSize];
        var actRng = new Rng(3);
        Action Acting(int rows) => () =>
        {
            ReadOnlySpan<float> observations = x.Observations.AsSpan(0, rows * ObservationSize);
            for (int i = 0; i < ActCalls; i++) policy.Act(actWs, observations, rows, actRng, action.AsSpan(0, rows * ActionSize));
        };
        // A batch of CartPole-v0 pairs from 8 copies (a classic-control iteration's sampling: the env is cheap, so the
        // per-step overhead of acting shows), normalised to exactly CartPolePairs pairs since ours samples whole episodes.
        using var cartPoles = new VectorEnv("CartPole-v0", 8);
        var sampler = new Sampler(cartPoles);
        var cartRng = new Rng(9);
        var cartPolicy = new MlpPolicy(4, new Discrete(2), Hidden, cartRng);
        cartPolicy.Network.Initialize(cartRng);
        var cartBatch = new TrajectoryBatch(4, 1, 2);
        // The surrogate's gradient at θ_old, as TRPO's first pass computes it (λ = 0 on MuJoCo): standardised
        // advantages, log π_old, then ∇ mean(Â·π/π_old) = mean(Â·∇log π) at ratio 1.
        PolicyWorkspace batchWs = policy.CreateWorkspace(Batch);
        float[] weights = new float[Batch], logpOld = new float[Batch], distGrad = new float[Batch * 2 * ActionSize], gradient = new float[theta0.Length];
        // One Fisher-vector product on the subsample, damped, as each conjugate-gradient iteration computes it.
        long[] rows = FisherRows();
        float[] sub = new float[rows.Length * ObservationSize];
        for (int s = 0; s < rows.Length; s++) x.Observations.AsSpan((int)rows[s] * ObservationSize, ObservationSize).CopyTo(sub.AsSpan(s * ObservationSize));
        PolicyWorkspace fisherWs = policy.CreateWorkspace(rows.Length);
        float[] subDist = policy.Forward(fisherWs, sub, rows.Length).ToArray();
        float[] v = Gaussian(theta0.Length, new Rng(5), 1.0), tangent = new float[subDist.Length], metric = new float[subDist.Length], fv = new float[theta0.Length];
        float[] rewards = new float[Batch];

        var pieces = new (string Name, string Unit, Action Ours, string Command)[]
        {
            ($"actions for 1 observation (per call, {ActCalls:N0} calls)", "us", Acting(1), $"act {ActCalls} 1"),
            ($"actions for {Copies} observations (per call, {ActCalls:N0} calls)", "us", Acting(Copies), $"act {ActCalls} {Copies}"),
            ($"sampling {CartPolePairs:N0} CartPole-v0 pairs, 8 copies", "ms", () => sampler.Sample(cartPolicy, CartPolePairs, cartBatch, null, cartRng),
                $"sample {CartPolePairs}"),
            ($"surrogate gradient, {Batch:N0} pairs", "ms", () =>
            {
                dist.LogProb(x.OldDistributions, x.Actions, logpOld);
                double mean = x.Advantages.Average(), std = Math.Sqrt(x.Advantages.Average(a => (a - mean) * (a - mean)));
                for (int i = 0; i < Batch; i++) weights[i] = (float)((x.Advantages[i] - mean) / (std + 1e-8) / Batch);
                ReadOnlySpan<float> current = policy.Forward(batchWs, x.Observations, Batch);
                dist.LogProbBackward(current, x.Actions, weights, distGrad);
                Array.Clear(gradient);
                policy.Backward(batchWs, distGrad, gradient);
            }, "grad"),
            ($"Fisher-vector product, {rows.Length:N0} pairs", "ms", () =>
            {
                policy.Jvp(fisherWs, v, tangent);
                dist.FisherVectorProduct(subDist, tangent, metric);
                Array.Clear(fv);
                policy.Backward(fisherWs, metric, fv);
                for (int i = 0; i < fv.Length; i++) fv[i] = fv[i] / rows.Length + (float)Trpo.CgDamping * v[i];
            }, "fvp"),
            ($"TRPO step, {Batch:N0} pairs", "ms", () =>
            {
                trpo.Step(x.Observations, x.Actions, x.OldDistributions, x.Advantages, Batch, new Rng(FisherSeed));
                policy.Parameters.SetValues(theta0);
            }, "trpo"),
            ($"discriminator update, {Batch:N0} + {x.Draws.Count(d => d > 0):N0} distinct expert pairs", "ms",
                () => x.Discriminator.Update(x.Observations, x.Actions, Batch, x.Expert, x.Draws, rewards), "disc"),
        };
        var ours = new (double Wall, double Cpu)[pieces.Length, Repeats + 1];
        var theirs = new (double Wall, double Cpu)[pieces.Length, Repeats + 1];
        var repeated = new (double Wall, double Cpu)[Repeats + 1];
        for (int r = 0; r <= Repeats; r++)
        {
            for (int p = 0; p < pieces.Length; p++)
            {
                var (wall, cpu) = ThreadClock.Measure(pieces[p].Ours);
                double perPair = pieces[p].Command.StartsWith("sample", StringComparison.Ordinal) ? (double)CartPolePairs / cartBatch.Count : 1;
                ours[p, r] = (wall * perPair, cpu * perPair);
                theirs[p, r] = torch.Run(pieces[p].Command);
            }
            repeated[r] = torch.Run("disc-repeated");
        }

        // Repeat 0 is the warm-up (JIT tiers, page faults, allocator pools) and is dropped.
        Console.WriteLine($"median thread-CPU time over {Repeats} repeats (wall in brackets); ratio = PyTorch / Apprentice per repeat, median (range)");
        Console.WriteLine($"{"piece",-62} {"Apprentice",18} {"PyTorch",18}  ratio");
        for (int p = 0; p < pieces.Length; p++)
        {
            double scale = pieces[p].Unit == "us" ? 1000.0 / ActCalls : 1.0;
            var o = Row(ours, p);
            var t = Row(theirs, p);
            Console.WriteLine($"{pieces[p].Name,-62} {Cell(o, scale, pieces[p].Unit),18} {Cell(t, scale, pieces[p].Unit),18}  {Ratio(t, o)}");
        }
        var d = Row(ours, pieces.Length - 1);
        var rep = repeated[1..];
        Console.WriteLine($"{"discriminator update, every drawn expert pair a row (PyTorch)",-62} {"",18} {Cell(rep, 1, "ms"),18}  {Ratio(rep, d)}");
    }

    private static (double Wall, double Cpu)[] Row((double Wall, double Cpu)[,] times, int piece) =>
        [.. Enumerable.Range(1, Repeats).Select(r => times[piece, r])];

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted[sorted.Length / 2];
    }

    private static string Cell((double Wall, double Cpu)[] times, double scale, string unit) =>
        $"{Median(times.Select(t => t.Cpu)) * scale:F2} {unit} ({Median(times.Select(t => t.Wall)) * scale:F2})";

    private static string Ratio((double Wall, double Cpu)[] theirs, (double Wall, double Cpu)[] ours)
    {
        double[] ratios = [.. theirs.Zip(ours, (t, o) => t.Cpu / o.Cpu).Order()];
        return $"{ratios[ratios.Length / 2]:F2} ({ratios[0]:F2}-{ratios[^1]:F2})";
    }

    private static IEnumerable<NpyArray> Layers(string prefix, Mlp net)
    {
        for (int l = 0; l < net.Layers; l++)
        {
            int fanIn = net.Sizes[l], fanOut = net.Sizes[l + 1];
            yield return new NpyArray($"{prefix}w{l}", net.Parameters.Span.Slice(net.WeightOffset(l), fanIn * fanOut).ToArray(), fanIn, fanOut);
            yield return new NpyArray($"{prefix}b{l}", net.Parameters.Span.Slice(net.BiasOffset(l), fanOut).ToArray(), fanOut);
        }
    }

    /// <summary>Columns [offset, offset + ActionSize) of each row of [Batch × 2·ActionSize] distribution parameters.</summary>
    private static float[] Columns(float[] distributions, int offset)
    {
        var result = new float[Batch * ActionSize];
        for (int i = 0; i < Batch; i++)
            distributions.AsSpan(i * 2 * ActionSize + offset, ActionSize).CopyTo(result.AsSpan(i * ActionSize));
        return result;
    }

    private static float[] Gaussian(int length, Rng rng, double std)
    {
        var a = new float[length];
        for (int i = 0; i < length; i++) a[i] = (float)(std * rng.NextGaussian());
        return a;
    }
}
