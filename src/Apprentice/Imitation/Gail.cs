using System.Diagnostics;
using Apprentice.Envs;
using Apprentice.Nn;
using Apprentice.Policies;
using Apprentice.Rl;

namespace Apprentice.Imitation;

/// <summary>
/// Generative adversarial imitation learning (Ho &amp; Ermon 2016, Algorithm 1): alternate one Adam step on the
/// discriminator D (Eq. 17) and one TRPO step on the policy with reward from D, until the policy's pairs are
/// indistinguishable from the expert's (with <see cref="GailConfig.Ppo"/> set, a PPO step in TRPO's place). Step
/// order as in the authors' <c>ImitationOptimizer</c>; each iteration draws its randomness from streams named by its
/// index, so a resumed run continues exactly. With
/// <see cref="GailConfig.Cost"/> set to FEM or GTAL, the same loop runs the paper's linear-cost baselines
/// (the cost is refitted where D would take its step).
/// </summary>
public sealed class Gail : IDisposable
{
    private readonly GailConfig _config;
    private readonly ExpertPairs _expert;
    private readonly Rng _root;
    private readonly VectorEnv _envs;
    private readonly Sampler _sampler;
    private readonly IPolicyOptimizer _optimizer;
    private readonly AdvantageEstimator _gae;
    private TrajectoryBatch _batch, _next;
    private Sampled? _nextSampled; // _next holds the next iteration's trajectories when set
    private readonly int[] _expertDraws;
    private float[] _rewards = [], _refitted = [], _advantages = [], _returns = [], _logp = [], _costActions = [];
    private double _seconds;

    public Gail(GailConfig config, ExpertPairs expert)
    {
        expert.Validate();
        _config = config;
        _expert = expert;
        _root = new Rng((ulong)config.Seed);
        _envs = new VectorEnv(config.EnvId, config.Envs, config.Workers);
        int obsSize = _envs.ObservationSpace.FlatSize;
        if (expert.ObservationSize != obsSize)
            throw new InputException($"the expert's observations have {expert.ObservationSize} values, {config.EnvId} gives {obsSize}");
        if (config.ObservationsOnly && config.Cost != CostModel.Discriminator)
            throw new InputException($"imitation from observations learns GAIL's discriminator, not the {config.Cost.ToString().ToUpperInvariant()} cost");
        if (config.ObservationsOnly ? expert.ActionSize != obsSize : expert.ActionSize != _envs.ActionSpace.FlatSize)
            throw new InputException(config.ObservationsOnly
                ? $"imitation from observations takes the expert's transitions (s, s′), {2 * obsSize} values a row; got {expert.ObservationSize + expert.ActionSize} (use Demonstrations.Transitions)"
                : $"the expert's actions have {expert.ActionSize} values, {config.EnvId} takes {_envs.ActionSpace.FlatSize}");
        int? limit;
        using (IEnv probe = Gym.Make(config.EnvId)) limit = (probe as TimeLimit)?.MaxEpisodeSteps;

        Policy = new MlpPolicy(obsSize, _envs.ActionSpace, config.Hidden, _root.Split("policy-init"));
        Value = new ValueFunction(obsSize, config.Hidden, 1.0 / (limit ?? 1000), _root.Split("value-init"),
            config.Trpo.MaxKl, config.Trpo.CgDamping, config.Trpo.CgIterations, config.Trpo.FisherSubsample);
        Rng costInit = _root.Split("cost-init");
        Reward = config.Cost switch
        {
            CostModel.Fem => new Fem(_envs.ActionSpace, expert, config.RewardSign, costInit),
            CostModel.Gtal => new Gtal(_envs.ActionSpace, expert, config.RewardSign, costInit),
            // From observations, the discriminator's second input is s′, unbounded as the observation is.
            _ => new Discriminator(obsSize, config.ObservationsOnly ? new Box(float.NegativeInfinity, float.PositiveInfinity, obsSize) : _envs.ActionSpace,
                config.Hidden, _root.Split("discriminator-init"),
                config.RewardSign, config.DiscriminatorLearningRate, config.DiscriminatorEntropyWeight),
        };
        _sampler = new Sampler(_envs, clipActions: config.ExpertActions == ExpertActions.Executed);
        _optimizer = IPolicyOptimizer.For(Policy, config.Trpo, config.Ppo);
        _gae = new AdvantageEstimator(config.Gamma, config.Lam, config.BootstrapTimeLimit);
        _batch = new TrajectoryBatch(obsSize, Policy.ActionSize, Policy.Distribution.ParameterSize);
        _next = new TrajectoryBatch(obsSize, Policy.ActionSize, Policy.Distribution.ParameterSize);
        _expertDraws = new int[expert.Count];

        // The authors' "expertdata" normalisation: every standardiser starts from the expert's observations.
        Policy.Normalizer.Update(expert.Observations);
        Value.ObservationNormalizer.Update(expert.Observations);
        (Reward as Discriminator)?.UpdateNormalizer(expert.Observations, expert.Actions, expert.Count);
    }

    public MlpPolicy Policy { get; }

    /// <summary>
    /// Starts the policy from <paramref name="initial"/> (its weights, log σ and observation statistics) instead of at
    /// random: from a behaviour-cloning policy, say, which the paper's closing discussion proposes to spare environment
    /// interaction. The value function and the cost still start afresh. Only before the first <see cref="Step"/>;
    /// <paramref name="initial"/> must have the policy's shape (<see cref="MlpPolicy.CopyFrom"/>).
    /// </summary>
    public void StartFrom(MlpPolicy initial)
    {
        if (Iteration > 0) throw new InvalidOperationException($"a policy can be started from another only before the first iteration; this one is at {Iteration}");
        Policy.CopyFrom(initial, "the initial policy");
    }

    public ValueFunction Value { get; }

    /// <summary>The learned cost: the discriminator, or FEM's / GTAL's linear cost.</summary>
    public IRewardLearner Reward { get; }

    /// <summary>Where checkpoints keep the learned cost.</summary>
    public string RewardFile => _config.Cost == CostModel.Discriminator ? "discriminator.safetensors" : "cost.safetensors";

    public GailConfig Config => _config;

    /// <summary>The trajectories the last <see cref="Step"/> learned from (overwritten by the next).</summary>
    public TrajectoryBatch LastBatch => _batch;

    /// <summary>The reward each pair of <see cref="LastBatch"/> was given: the cost's, plus λ's causal-entropy bonus.</summary>
    public ReadOnlySpan<float> LastImitationRewards => _rewards.AsSpan(0, _batch.Count);

    public int Iteration { get; private set; }

    public long EnvSteps { get; private set; }

    public bool Done => Iteration >= _config.Iterations;

    /// <summary>One iteration of Algorithm 1.</summary>
    public GailMetrics Step()
    {
        var clock = Stopwatch.StartNew();
        Rng rng = _root.Split("iteration", Iteration);
        Sampled sampled;
        if (_nextSampled is Sampled ready) // sampled beside the previous iteration's cost and value updates
        {
            (_batch, _next) = (_next, _batch);
            sampled = ready;
            _nextSampled = null;
        }
        else
        {
            sampled = Sample(_batch, Iteration); // line 3: τ_i ~ π_θi
        }
        long phase = Stopwatch.GetTimestamp();
        int n = _batch.Count;
        EnsureBuffers(n);
        Span<float> rewards = _rewards.AsSpan(0, n);
        ReadOnlyMemory<float> costActions = CostActions();

        Task values = Task.Run(() => _gae.Predict(_batch, Value)); // V does not depend on the rewards: predict beside them
        try
        {
            Reward.Rewards(_batch.Observations.Span, costActions.Span, rewards); // from D before its step, as the authors did
        }
        finally
        {
            ((IAsyncResult)values).AsyncWaitHandle.WaitOne();
        }
        values.GetAwaiter().GetResult();
        double imitationReturn = MeanTrajectorySum(rewards);
        AddCausalEntropyBonus(rewards);
        _gae.Advantages(_batch, rewards, _advantages.AsSpan(0, n));
        double rewardAndAdvantages = Stopwatch.GetElapsedTime(phase).TotalSeconds;

        // Line 5 (TRPO on π) runs on this thread, then the next iteration's line 3 with the updated π. Beside them:
        // line 4 (Eq. 17, one step on the cost with the policy's pairs and as many expert pairs drawn with replacement),
        // then the value function's fit to the returns under the refitted reward, which the next iteration's advantages
        // use (the authors' order). The two sides touch disjoint state (the next batch goes to its own buffer) and
        // draw from their own streams, so the result is that of running everything one after the other.
        Rng expertRng = rng.Split("expert"), valueRng = rng.Split("value");
        Task<(RewardUpdate Update, double CostSeconds, double ValueLoss, double ValueSeconds)> side = Task.Run(() =>
        {
            long start = Stopwatch.GetTimestamp();
            Span<int> draws = _expertDraws;
            _expert.Draw(n, expertRng, draws);
            Span<float> refitted = _refitted.AsSpan(0, n);
            RewardUpdate update = Reward.Update(_batch.Observations.Span, costActions.Span, n, _expert, draws, refitted);
            long fitStart = Stopwatch.GetTimestamp();
            _gae.Returns(_batch, refitted, _returns.AsSpan(0, n));
            var (loss, _) = Value.Fit(_batch.Observations.Span, _batch.Times, _returns.AsSpan(0, n), valueRng);
            return (update, Stopwatch.GetElapsedTime(start, fitStart).TotalSeconds, loss, Stopwatch.GetElapsedTime(fitStart).TotalSeconds);
        });
        PolicyStepResult step;
        double trpo;
        try
        {
            long trpoStart = Stopwatch.GetTimestamp();
            step = _optimizer.Step(_batch.Observations, _batch.Actions, _batch.Distributions, _advantages.AsSpan(0, n), n, rng.Split("trpo"));
            if (!double.IsFinite(step.Surrogate1) || !double.IsFinite(step.Kl))
                throw new ArithmeticException($"the policy step produced a non-finite surrogate or KL at iteration {Iteration}");
            Policy.Normalizer.Update(_batch.Observations.Span);
            trpo = Stopwatch.GetElapsedTime(trpoStart).TotalSeconds;
            if (Iteration + 1 < _config.Iterations) _nextSampled = Sample(_next, Iteration + 1);
        }
        finally
        {
            ((IAsyncResult)side).AsyncWaitHandle.WaitOne(); // never leave it running against the next iteration's buffers
        }
        var (d, cost, valueLoss, value) = side.GetAwaiter().GetResult(); // rethrows the side's own exception, if any
        if (!double.IsFinite(valueLoss)) throw new ArithmeticException($"the value function diverged at iteration {Iteration}");

        EnvSteps += sampled.EnvSteps;
        Iteration++;
        _seconds += clock.Elapsed.TotalSeconds;
        var (trueMean, trueStd) = Statistics.MeanStd(_batch.Returns);
        return new GailMetrics(Iteration, EnvSteps, n, _batch.TrajectoryCount, trueMean, trueStd, imitationReturn,
            (double)n / _batch.TrajectoryCount, d.Loss, d.ExpertAccuracy, d.PolicyAccuracy, step.Kl, step.Entropy, valueLoss, _seconds,
            new IterationTimes(sampled.Seconds, sampled.EnvSeconds, sampled.PolicySeconds, rewardAndAdvantages,
                trpo, step.GradientSeconds, step.CgSeconds, step.LineSearchSeconds, cost, value));
    }

    /// <summary>Line 3 of iteration <paramref name="iteration"/> into <paramref name="batch"/>, from that iteration's own streams.</summary>
    private Sampled Sample(TrajectoryBatch batch, int iteration)
    {
        Rng rng = _root.Split("iteration", iteration);
        long steps = _sampler.EnvSteps, start = Stopwatch.GetTimestamp();
        _sampler.Sample(Policy, _config.Batch, batch, EnvSeed(rng.Split("envs")), rng.Split("actions"));
        return new Sampled(_sampler.EnvSteps - steps, Stopwatch.GetElapsedTime(start).TotalSeconds, _sampler.LastEnvSeconds, _sampler.LastPolicySeconds);
    }

    /// <summary>What sampling one batch took: env steps (the batch's pairs) and seconds.</summary>
    private readonly record struct Sampled(long EnvSteps, double Seconds, double EnvSeconds, double PolicySeconds);

    /// <summary>
    /// The policy's actions as the cost sees them, in the demonstrations' convention (<see cref="GailConfig.ExpertActions"/>):
    /// by default as the env executed them, continuous samples clipped to the action Box, so that the discriminator
    /// compares like with like and cannot tell the policy by its out-of-range samples alone; or the raw samples, as
    /// the authors' code compared them. TRPO uses the raw samples either way.
    /// </summary>
    private ReadOnlyMemory<float> CostActions()
    {
        if (_config.ObservationsOnly) return NextObservations();
        if (_envs.ActionSpace is not Box box || _config.ExpertActions == ExpertActions.Sampled) return _batch.Actions;
        Memory<float> clipped = _costActions.AsMemory(0, _batch.Actions.Length);
        box.Clip(_batch.Actions.Span, clipped.Span);
        return clipped;
    }

    /// <summary>Each pair's next observation (a trajectory's last pair: its final one), the s′ of imitation from observations.</summary>
    private ReadOnlyMemory<float> NextObservations()
    {
        int n = _batch.ObservationSize;
        Span<float> next = _costActions.AsSpan(0, _batch.Count * n);
        ReadOnlySpan<float> observations = _batch.Observations.Span, final = _batch.FinalObservations;
        for (int t = 0; t < _batch.TrajectoryCount; t++)
        {
            int start = _batch.Starts[t], length = _batch.Lengths[t];
            observations.Slice((start + 1) * n, (length - 1) * n).CopyTo(next.Slice(start * n));
            final.Slice(t * n, n).CopyTo(next.Slice((start + length - 1) * n));
        }
        return _costActions.AsMemory(0, _batch.Count * n);
    }

    /// <summary>Causal entropy H(π) = E[−log π(a|s)] enters as the per-step reward −λ·log π(a|s) (the authors' policy_ent_reg).</summary>
    private void AddCausalEntropyBonus(Span<float> rewards)
    {
        if (_config.EntropyWeight == 0) return;
        Span<float> logp = _logp.AsSpan(0, rewards.Length);
        Policy.Distribution.LogProb(_batch.Distributions.Span, _batch.Actions.Span, logp);
        for (int i = 0; i < rewards.Length; i++) rewards[i] -= (float)(_config.EntropyWeight * logp[i]);
    }

    private double MeanTrajectorySum(ReadOnlySpan<float> rewards)
    {
        double total = 0;
        foreach (float r in rewards) total += r;
        return total / _batch.TrajectoryCount;
    }

    private void EnsureBuffers(int n)
    {
        if (_rewards.Length >= n) return;
        _rewards = new float[n];
        _refitted = new float[n];
        _advantages = new float[n];
        _returns = new float[n];
        _logp = new float[n];
        _costActions = new float[n * _expert.ActionSize];
    }

    private static int EnvSeed(Rng rng) => (int)(rng.NextUInt64() >> 33);

    /// <summary>The checkpoint's progress file: a folder holding it holds a GAIL, FEM or GTAL run that can be resumed.</summary>
    public const string StateFile = "gail.json";

    /// <summary>Writes policy.safetensors, value.safetensors, the cost (<see cref="RewardFile"/>), PPO's ppo.safetensors and gail.json into <paramref name="directory"/>.</summary>
    public void SaveCheckpoint(string directory)
    {
        Checkpoint.Save(directory, StateFile, new Checkpoint.Progress(Iteration, EnvSteps, _seconds), Policy, _optimizer, Value, _config.EnvId);
        Reward.Save(Path.Combine(directory, RewardFile), _config.EnvId);
    }

    /// <summary>Restores a checkpoint written by <see cref="SaveCheckpoint"/> for the same configuration.</summary>
    public void LoadCheckpoint(string directory)
    {
        Checkpoint.Progress progress = Checkpoint.Load(directory, StateFile, Policy, _optimizer, Value, _config.EnvId);
        Reward.Load(Path.Combine(directory, RewardFile));
        Iteration = progress.Iteration;
        EnvSteps = progress.EnvSteps;
        _seconds = progress.Seconds;
    }

    public void Dispose() => _envs.Dispose();
}
