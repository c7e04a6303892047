using System.Diagnostics;
using System.Numerics.Tensors;
using Apprentice.Envs;
using Apprentice.Policies;

namespace Apprentice.Rl;

/// <summary>
/// TRPO on the environment's own reward, the loop the authors' <c>SamplingPolicyOptimizer</c> runs:
/// sample → advantages with the current value function (GAE) → TRPO step → update the policy's observation
/// statistics → fit the value function (with <see cref="TrainConfig.Ppo"/> set, the policy steps with PPO instead).
/// Each iteration draws its randomness from streams named by its index, so a run resumed from a checkpoint continues
/// exactly as if it had never stopped.
/// </summary>
public sealed class TrpoTrainer : IDisposable
{
    private readonly TrainConfig _config;
    private readonly Rng _root;
    private readonly VectorEnv _envs;
    private readonly Sampler _sampler;
    private readonly IPolicyOptimizer _optimizer;
    private readonly TrajectoryBatch _batch;
    private readonly AdvantageEstimator _estimator;
    private float[] _advantages = [], _targets = [];
    private double _seconds;

    public TrpoTrainer(TrainConfig config)
    {
        _config = config;
        _root = new Rng((ulong)config.Seed);
        int? limit = config.MaxEpisodeSteps;
        using (IEnv probe = Gym.Make(config.EnvId, limit))
        {
            if (config.InitLogStd != 0 && probe.ActionSpace is not Box)
                throw new InputException($"an initial log σ applies to continuous actions; {config.EnvId} has {probe.ActionSpace}");
            MaxEpisodeSteps = (probe as TimeLimit)?.MaxEpisodeSteps;
        }
        _envs = new VectorEnv(config.EnvId, config.Envs, config.Workers, limit);
        int obsSize = _envs.ObservationSpace.FlatSize;
        Policy = new MlpPolicy(obsSize, _envs.ActionSpace, config.Hidden, _root.Split("policy-init"), config.Activation);
        Policy.LogStd.Fill((float)config.InitLogStd);
        Value = new ValueFunction(obsSize, config.Hidden, 1.0 / (MaxEpisodeSteps ?? 1000), _root.Split("value-init"),
            config.Trpo.MaxKl, config.Trpo.CgDamping, config.Trpo.CgIterations, config.Trpo.FisherSubsample, config.Activation);
        _sampler = new Sampler(_envs);
        _estimator = new AdvantageEstimator(config.Gamma, config.Lam);
        _optimizer = IPolicyOptimizer.For(Policy, config.Trpo, config.Ppo);
        _batch = new TrajectoryBatch(obsSize, Policy.ActionSize, Policy.Distribution.ParameterSize);
    }

    public MlpPolicy Policy { get; }

    public ValueFunction Value { get; }

    /// <summary>
    /// Starts the policy from <paramref name="initial"/> (its weights, log σ and observation statistics) instead of at
    /// random, to fine-tune it on the env's reward: a behaviour-cloning or imitation policy, say. The value function
    /// starts afresh, standardising its inputs with the initial policy's statistics, so the first iteration samples no
    /// extra batch to initialise them. Only before the first <see cref="Step"/>; <paramref name="initial"/> must have
    /// the policy's shape (<see cref="MlpPolicy.CopyFrom"/>).
    /// </summary>
    public void StartFrom(MlpPolicy initial)
    {
        if (Iteration > 0) throw new InvalidOperationException($"a policy can be started from another only before the first iteration; this one is at {Iteration}");
        Policy.CopyFrom(initial, "the initial policy");
        Value.ObservationNormalizer.CopyFrom(initial.Normalizer);
    }

    public TrainConfig Config => _config;

    public int? MaxEpisodeSteps { get; }

    /// <summary>The trajectories the last <see cref="Step"/> learned from (overwritten by the next).</summary>
    public TrajectoryBatch LastBatch => _batch;

    /// <summary>Iterations completed.</summary>
    public int Iteration { get; private set; }

    /// <summary>Environment steps taken, over all iterations (and across resumes).</summary>
    public long EnvSteps { get; private set; }

    public bool Done => EnvSteps >= _config.Steps;

    /// <summary>Runs one iteration and returns its metrics.</summary>
    public IterationMetrics Step()
    {
        var clock = Stopwatch.StartNew();
        int i = Iteration;
        Rng rng = _root.Split("iteration", i);
        long before = _sampler.EnvSteps;
        if (i == 0 && Policy.Normalizer.Count == 0)
        {
            // As the authors: an extra batch first, only to initialise the observation statistics.
            _sampler.Sample(Policy, _config.Batch, _batch, EnvSeed(rng.Split("init-envs")), rng.Split("init-actions"));
            Policy.Normalizer.Update(_batch.Observations.Span);
            Value.ObservationNormalizer.Update(_batch.Observations.Span);
        }
        _sampler.Sample(Policy, _config.Batch, _batch, EnvSeed(rng.Split("envs")), rng.Split("actions"));
        int n = _batch.Count;
        if (_advantages.Length < n)
        {
            _advantages = new float[n];
            _targets = new float[n];
        }
        _estimator.Compute(_batch, _batch.Rewards, Value, _advantages.AsSpan(0, n), _targets.AsSpan(0, n));
        PolicyStepResult step = _optimizer.Step(_batch.Observations, _batch.Actions, _batch.Distributions, _advantages.AsSpan(0, n), n, rng.Split("trpo"));
        if (!double.IsFinite(step.Surrogate1) || !double.IsFinite(step.Kl))
            throw new ArithmeticException($"the policy step produced a non-finite surrogate or KL at iteration {i}");
        Policy.Normalizer.Update(_batch.Observations.Span);
        var (valueLoss, _) = Value.Fit(_batch.Observations.Span, _batch.Times, _targets.AsSpan(0, n), rng.Split("value"));
        if (!double.IsFinite(valueLoss)) throw new ArithmeticException($"the value function diverged at iteration {i}");

        EnvSteps += _sampler.EnvSteps - before;
        Iteration++;
        _seconds += clock.Elapsed.TotalSeconds;
        ReadOnlySpan<double> returns = _batch.Returns;
        var (mean, std) = Statistics.MeanStd(returns);
        return new IterationMetrics(Iteration, EnvSteps, n, _batch.TrajectoryCount, mean, std, TensorPrimitives.Min(returns), TensorPrimitives.Max(returns),
            (double)n / _batch.TrajectoryCount, step.Kl, step.Entropy, step.Surrogate1 - step.Surrogate0, valueLoss, _seconds);
    }

    private static int EnvSeed(Rng rng) => (int)(rng.NextUInt64() >> 33);

    /// <summary>The checkpoint's progress file: a folder holding it holds a `train` run.</summary>
    public const string StateFile = "trainer.json";

    /// <summary>Writes policy.safetensors, value.safetensors and trainer.json (and PPO's ppo.safetensors) into <paramref name="directory"/>.</summary>
    public void SaveCheckpoint(string directory) =>
        Checkpoint.Save(directory, StateFile, new Checkpoint.Progress(Iteration, EnvSteps, _seconds), Policy, _optimizer, Value, _config.EnvId);

    /// <summary>Restores a checkpoint written by <see cref="SaveCheckpoint"/> with the same configuration.</summary>
    public void LoadCheckpoint(string directory)
    {
        Checkpoint.Progress progress = Checkpoint.Load(directory, StateFile, Policy, _optimizer, Value, _config.EnvId);
        Iteration = progress.Iteration;
        EnvSteps = progress.EnvSteps;
        _seconds = progress.Seconds;
    }

    public void Dispose() => _envs.Dispose();
}
