using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Apprentice.Distributions;
using Apprentice.Nn;
using Apprentice.Policies;

namespace Apprentice.Rl;

/// <summary>
/// Proximal policy optimisation (Schulman et al. 2017, Eq. 7 and Algorithm 1), an option beside the paper's TRPO:
/// maximise L(θ) = mean_i[min(r_i·Â_i, clip(r_i, 1 − ε, 1 + ε)·Â_i)] + c·mean_i H(π_θ(·|s_i)), r_i = π_θ(a_i|s_i)/π_old(a_i|s_i),
/// with Adam over several passes of shuffled minibatches of the batch. Advantages are standardised over the whole
/// batch, as TRPO's are. The Adam moments carry over from step to step and are saved with a checkpoint.
/// </summary>
public sealed class Ppo : IPolicyOptimizer
{
    private const string StateFile = "ppo.safetensors";
    private readonly MlpPolicy _policy;
    private readonly PpoConfig _config;
    private readonly Adam _adam;
    private readonly PolicyWorkspace _ws;
    private readonly float[] _gradient;
    private float[] _advantages = [], _logpOld = [], _logp = [], _perSample = [], _weights = [], _distGrad = [], _entropyGrad = [];
    private float[] _mbObs = [], _mbActs = [], _mbAdvantages = [], _mbLogpOld = [];
    private int[] _order = [];

    public Ppo(MlpPolicy policy, PpoConfig config)
    {
        if (!(config.ClipRange > 0 && double.IsFinite(config.ClipRange))) throw new ArgumentOutOfRangeException(nameof(config), config.ClipRange, "the clip range must be positive");
        if (config.Epochs <= 0) throw new ArgumentOutOfRangeException(nameof(config), config.Epochs, "epochs must be positive");
        if (config.Minibatches <= 0) throw new ArgumentOutOfRangeException(nameof(config), config.Minibatches, "minibatches must be positive");
        if (!(config.MaxGradNorm > 0)) throw new ArgumentOutOfRangeException(nameof(config), config.MaxGradNorm, "the gradient norm bound must be positive");
        if (!(config.EntropyWeight >= 0 && double.IsFinite(config.EntropyWeight))) throw new ArgumentOutOfRangeException(nameof(config), config.EntropyWeight, "the entropy weight must be non-negative");
        if (config.TargetKl is double t && !(t > 0 && double.IsFinite(t))) throw new ArgumentOutOfRangeException(nameof(config), t, "the target KL must be positive");
        _policy = policy;
        _config = config;
        _adam = new Adam(policy.Parameters.Count, config.LearningRate, epsilon: 1e-5);
        _ws = policy.CreateWorkspace();
        _gradient = new float[policy.Parameters.Count];
    }

    public PolicyStepResult Step(ReadOnlyMemory<float> observations, ReadOnlyMemory<float> actions, ReadOnlyMemory<float> oldDistributions,
        ReadOnlySpan<float> advantages, int batch, Rng rng)
    {
        IDistribution dist = _policy.Distribution;
        int obsSize = _policy.ObservationSize, actSize = dist.ActionSize, p = dist.ParameterSize;
        Guard.Positive(batch, nameof(batch));
        Guard.Length(observations.Span, batch * obsSize, nameof(observations));
        Guard.Length(actions.Span, batch * actSize, nameof(actions));
        Guard.Length(oldDistributions.Span, batch * p, nameof(oldDistributions));
        Guard.Length(advantages, batch, nameof(advantages));
        long start = Stopwatch.GetTimestamp();
        Prepare(actions.Span, oldDistributions.Span, advantages, batch);
        // At θ_old every ratio is 1, so L is the mean advantage plus the bonus on the old distributions: no forward pass.
        Span<float> perSample = _perSample.AsSpan(0, batch);
        dist.Entropy(oldDistributions.Span, perSample);
        double entropy0 = Mean(perSample);
        double surrogate0 = Mean(_advantages.AsSpan(0, batch)) + _config.EntropyWeight * entropy0;

        // Minibatches of (nearly) equal size cover the batch once per pass, in an order shuffled for each pass.
        int minibatches = Math.Min(_config.Minibatches, batch);
        Span<int> order = _order.AsSpan(0, batch);
        for (int i = 0; i < batch; i++) order[i] = i;
        int updates = 0;
        double normSum = 0;
        bool stop = false;
        for (int epoch = 0; epoch < _config.Epochs && !stop; epoch++)
        {
            for (int i = batch - 1; i > 0; i--)
            {
                int j = rng.NextInt(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
            for (int b = 0, from = 0; b < minibatches; b++)
            {
                int size = batch / minibatches + (b < batch % minibatches ? 1 : 0);
                double approxKl = MinibatchGradient(observations.Span, actions.Span, order.Slice(from, size), out _, out double norm);
                from += size;
                // As Stable-Baselines3: the KL is estimated before the minibatch's step, which is skipped past the target.
                if (_config.TargetKl is double target && approxKl > 1.5 * target)
                {
                    stop = true;
                    break;
                }
                normSum += norm;
                if (norm > _config.MaxGradNorm) TensorPrimitives.Multiply(_gradient, (float)(_config.MaxGradNorm / norm), _gradient);
                _adam.Step(_policy.Parameters.Values.Span, _gradient);
                updates++;
            }
        }

        double surrogate1 = Objective(observations.Span, actions.Span, oldDistributions.Span, batch, out double kl);
        return new PolicyStepResult(surrogate0, surrogate1, kl, entropy0, updates == 0 ? 0 : normSum / updates, 0, updates > 0,
            GradientSeconds: Stopwatch.GetElapsedTime(start).TotalSeconds, Updates: updates);
    }

    /// <summary>Standardised advantages and the old policy's log-likelihoods of the batch's actions, which every minibatch reads.</summary>
    internal void Prepare(ReadOnlySpan<float> actions, ReadOnlySpan<float> oldDistributions, ReadOnlySpan<float> advantages, int batch)
    {
        EnsureBuffers(batch, _policy.Distribution.ParameterSize);
        Statistics.Standardize(advantages, _advantages.AsSpan(0, batch));
        _policy.Distribution.LogProb(oldDistributions, actions, _logpOld.AsSpan(0, batch));
    }

    /// <summary>The gradient as the last <see cref="MinibatchGradient"/> wrote it (a step then clips it in place).</summary>
    internal ReadOnlySpan<float> Gradient => _gradient;

    /// <summary>
    /// The minibatch <paramref name="rows"/>' loss −L (Adam minimises it) and its gradient, into <see cref="Gradient"/>, and
    /// their approximate KL from the old policy, mean((r − 1) − log r), as Stable-Baselines3 estimates it.
    /// </summary>
    internal double MinibatchGradient(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, ReadOnlySpan<int> rows, out double loss, out double norm)
    {
        IDistribution dist = _policy.Distribution;
        int m = rows.Length, obsSize = _policy.ObservationSize, actSize = dist.ActionSize, p = dist.ParameterSize;
        Span<float> obs = _mbObs.AsSpan(0, m * obsSize), acts = _mbActs.AsSpan(0, m * actSize);
        Span<float> adv = _mbAdvantages.AsSpan(0, m), logpOld = _mbLogpOld.AsSpan(0, m);
        for (int k = 0; k < m; k++)
        {
            int i = rows[k];
            observations.Slice(i * obsSize, obsSize).CopyTo(obs.Slice(k * obsSize, obsSize));
            actions.Slice(i * actSize, actSize).CopyTo(acts.Slice(k * actSize, actSize));
            adv[k] = _advantages[i];
            logpOld[k] = _logpOld[i];
        }
        ReadOnlySpan<float> current = _policy.Forward(_ws, obs, m);
        Span<float> logp = _logp.AsSpan(0, m);
        dist.LogProb(current, acts, logp);

        // ∂/∂θ of min(r·Â, clip(r)·Â) is r·Â·∇log π where the unclipped term is the smaller (or they tie), and 0 where the
        // clipped one is: past the clip in Â's direction the objective is flat in θ.
        double eps = _config.ClipRange, approxKl = 0, objective = 0;
        Span<float> weights = _weights.AsSpan(0, m);
        for (int k = 0; k < m; k++)
        {
            double logRatio = logp[k] - logpOld[k], r = Math.Exp(logRatio);
            approxKl += r - 1 - logRatio;
            double clipped = Math.Clamp(r, 1 - eps, 1 + eps);
            bool unclipped = r * adv[k] <= clipped * adv[k];
            objective += unclipped ? r * adv[k] : clipped * adv[k];
            weights[k] = unclipped ? (float)(-r * adv[k] / m) : 0f;
        }
        loss = -objective / m;
        Span<float> distGrad = _distGrad.AsSpan(0, m * p);
        dist.LogProbBackward(current, acts, weights, distGrad);
        if (_config.EntropyWeight != 0)
        {
            Span<float> entropy = _perSample.AsSpan(0, m);
            dist.Entropy(current, entropy);
            loss -= _config.EntropyWeight * Mean(entropy);
            weights.Fill((float)(-_config.EntropyWeight / m));
            Span<float> entropyGrad = _entropyGrad.AsSpan(0, m * p);
            dist.EntropyBackward(current, weights, entropyGrad);
            TensorPrimitives.Add(distGrad, entropyGrad, distGrad);
        }
        Array.Clear(_gradient);
        _policy.Backward(_ws, distGrad, _gradient);
        norm = TensorPrimitives.Norm(_gradient);
        return approxKl / m;
    }

    /// <summary>L(θ) on the whole batch at the current parameters, and the mean KL(π_old ‖ π_θ).</summary>
    private double Objective(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, ReadOnlySpan<float> oldDistributions, int batch,
        out double meanKl)
    {
        IDistribution dist = _policy.Distribution;
        ReadOnlySpan<float> current = _policy.Forward(_ws, observations, batch);
        Span<float> logp = _logp.AsSpan(0, batch), perSample = _perSample.AsSpan(0, batch);
        dist.LogProb(current, actions, logp);
        double eps = _config.ClipRange, sum = 0;
        for (int i = 0; i < batch; i++)
        {
            double r = Math.Exp(logp[i] - _logpOld[i]), a = _advantages[i];
            sum += Math.Min(r * a, Math.Clamp(r, 1 - eps, 1 + eps) * a);
        }
        dist.Entropy(current, perSample);
        double entropy = Mean(perSample);
        dist.Kl(oldDistributions, current, perSample);
        meanKl = Mean(perSample);
        return sum / batch + _config.EntropyWeight * entropy;
    }

    private static double Mean(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values) sum += v;
        return sum / values.Length;
    }

    public void SaveState(string directory) =>
        Safetensors.Write(Path.Combine(directory, StateFile), [new Nn.Tensor("adam.m", _adam.FirstMoment.ToArray()), new Nn.Tensor("adam.v", _adam.SecondMoment.ToArray())],
            new Dictionary<string, string> { ["format"] = "apprentice.ppo/1", ["adam_steps"] = _adam.StepCount.ToString(CultureInfo.InvariantCulture) });

    public void LoadState(string directory)
    {
        string path = Path.Combine(directory, StateFile);
        if (!File.Exists(path)) throw new InputException($"the checkpoint in '{directory}' has no {StateFile} (PPO's optimiser state)");
        string context = $"'{path}' is not a usable PPO state file";
        var (tensors, metadata) = Safetensors.Read(path);
        var byName = tensors.ToDictionary(t => t.Name);
        float[] m = MlpTensors.Take(byName, "adam.m", [_adam.Size], context);
        float[] v = MlpTensors.Take(byName, "adam.v", [_adam.Size], context);
        if (!int.TryParse(metadata.GetValueOrDefault("adam_steps"), NumberStyles.None, CultureInfo.InvariantCulture, out int steps))
            throw new InputException($"{context}: no adam_steps");
        _adam.Restore(steps, m, v);
    }

    private void EnsureBuffers(int batch, int p)
    {
        if (_advantages.Length >= batch) return;
        int obsSize = _policy.ObservationSize, actSize = _policy.Distribution.ActionSize;
        _advantages = new float[batch];
        _logpOld = new float[batch];
        _logp = new float[batch];
        _perSample = new float[batch];
        _weights = new float[batch];
        _distGrad = new float[batch * p];
        _entropyGrad = new float[batch * p];
        _mbObs = new float[batch * obsSize];
        _mbActs = new float[batch * actSize];
        _mbAdvantages = new float[batch];
        _mbLogpOld = new float[batch];
        _order = new int[batch];
    }
}
