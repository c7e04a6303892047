#:project ../src/Apprentice/Apprentice.csproj
#:property PublishAot=false
// Records a 50-trajectory expert pool from one of the GAIL authors' own MuJoCo experts, run on our env.
//
//   dotnet run -c Release scripts/authors-expert.cs ENV WEIGHTS.npz OUT.npz [sampled]   (from the repository root)
//
// The authors' Hopper, Walker2d and HalfCheetah experts are Gaussian policies with one hidden layer of leaky-ReLU
// units (slope 0.01 below zero), inputs standardised by a running mean and mean of squares, and a state-independent
// log σ. Their files are HDF5 (`expert_policies/modern/*.h5` in the authors' repository); WEIGHTS.npz holds the
// arrays of the snapshot their pipeline names, `snapshots/iter0000500/GaussianPolicy`, under these names:
//   W0 [obs × hidden], b0 [hidden]  hidden/FeedforwardNet/layer_0/AffineLayer/{W,b}
//   W1 [hidden × act], b1 [act]     out/AffineLayer/{W,b}
//   logstd [act]                    logstdevs_1_Da
//   mean, meansq [obs]              obsnorm/Standardizer/{mean_1_D,meansq_1_D}
// (with h5py and NumPy: read each dataset and `numpy.savez` them, biases and vectors flattened).
//
// The pool is recorded as `apprentice reproduce` records ours (seed 12,345, executed actions), so
// `apprentice imitate --env ENV --demos OUT.npz --trajectories K` trains a cell on the authors' expert instead of
// ours. With `sampled` it stores the raw Gaussian samples instead, as the authors' pipeline did (train on it with
// `--expert-actions sampled`). The episodes are the same; their returns charge the control cost on the raw samples.
// Prints the pool's mean return and the expert's deterministic return over 50 episodes from seed 1,000,000.
using System.Globalization;
using Apprentice;
using Apprentice.Data;
using Apprentice.Envs;
using Apprentice.Imitation;
using Apprentice.Rl;

if (args.Length is not (3 or 4) || args.Length == 4 && args[3] != "sampled")
{
    Console.Error.WriteLine("usage: dotnet run -c Release scripts/authors-expert.cs ENV WEIGHTS.npz OUT.npz [sampled]");
    return 2;
}
ExpertActions stored = args.Length == 4 ? ExpertActions.Sampled : ExpertActions.Executed;
var expert = AuthorsExpert.Load(args[1]);
using IEnv env = Gym.Make(args[0]);
if (env.ObservationSpace.FlatSize != expert.ObservationSize || env.ActionSpace.FlatSize != expert.ActionSize)
{
    Console.Error.WriteLine($"error: the weights map {expert.ObservationSize} observation values to {expert.ActionSize} actions; {args[0]} has {env.ObservationSpace.FlatSize} and {env.ActionSpace.FlatSize}");
    return 1;
}
Rng rng = new Rng(12_345).Split("pool");
Demonstrations pool = DemoRecorder.Record(env, (observation, action) => expert.Sample(observation, rng, action), 50, 12_345, stored);
pool.Save(args[2]);
var sampled = new Evaluation(pool.Returns!, pool.Lengths);
Evaluation deterministic = Evaluation.Run(env, expert.Mean, 50, 1_000_000);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{args[0]}: pool of 50 sampled trajectories {sampled.MeanReturn:F1} ± {sampled.StdReturn:F1}; deterministic {deterministic.MeanReturn:F1} ± {deterministic.StdReturn:F1}; wrote {args[2]}"));
return 0;

/// <summary>
/// The authors' one-hidden-layer leaky-ReLU Gaussian policy, evaluated in double precision as their float64 weights
/// were (our MLP and <c>RunningStandardizer</c> compute in float).
/// </summary>
sealed class AuthorsExpert(double[] w0, double[] b0, double[] w1, double[] b1, double[] logStd, double[] mean, double[] std)
{
    private readonly double[] _hidden = new double[b0.Length];

    public int ObservationSize => mean.Length;

    public int ActionSize => b1.Length;

    public static AuthorsExpert Load(string path)
    {
        using NpzReader npz = NpzReader.Open(path);
        double[] Read(string name) => npz.Read(name).ToDouble();
        double[] mean = Read("mean"), meanSquare = Read("meansq");
        // The authors' Standardizer: σ = √max(E[x²] − E[x]², 0), applied as (x − μ) / (σ + 1e-6).
        double[] std = [.. mean.Select((m, i) => Math.Sqrt(Math.Max(meanSquare[i] - m * m, 0)))];
        return new AuthorsExpert(Read("W0"), Read("b0"), Read("W1"), Read("b1"), Read("logstd"), mean, std);
    }

    /// <summary>The Gaussian's mean: the deterministic policy.</summary>
    public void Mean(ReadOnlySpan<float> observation, Span<float> action)
    {
        int o = ObservationSize, h = _hidden.Length, a = ActionSize;
        for (int j = 0; j < h; j++)
        {
            double s = b0[j];
            for (int i = 0; i < o; i++) s += (observation[i] - mean[i]) / (std[i] + 1e-6) * w0[i * h + j];
            _hidden[j] = s > 0 ? s : 0.01 * s;
        }
        for (int k = 0; k < a; k++)
        {
            double s = b1[k];
            for (int j = 0; j < h; j++) s += _hidden[j] * w1[j * a + k];
            action[k] = (float)s;
        }
    }

    /// <summary>A draw from N(mean, σ²) per action dimension.</summary>
    public void Sample(ReadOnlySpan<float> observation, Rng rng, Span<float> action)
    {
        Mean(observation, action);
        for (int k = 0; k < ActionSize; k++) action[k] += (float)(Math.Exp(logStd[k]) * rng.NextGaussian());
    }
}
