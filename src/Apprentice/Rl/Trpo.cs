using System.Diagnostics;
using Apprentice.Distributions;
using Apprentice.Nn;
using Apprentice.Policies;

namespace Apprentice.Rl;

/// <summary>
/// Trust region policy optimisation (Schulman et al. 2015) as the GAIL authors ran it: maximise the surrogate
/// L(θ) = mean_i[π_θ(a_i|s_i)/π_old(a_i|s_i) · Â_i] + λ·mean_i H(π_θ(·|s_i)) subject to mean KL(π_old ‖ π_θ) ≤ maxKl,
/// with standardised advantages Â and the natural gradient from Fisher-vector products on a random subsample.
/// </summary>
public sealed class Trpo : IPolicyOptimizer
{
    private readonly MlpPolicy _policy;
    private readonly TrpoConfig _config;
    private readonly TrustRegionStep _trustRegion;
    private readonly PolicyWorkspace _batchWs;
    private readonly PolicyWorkspace _fisherWs;
    private readonly float[] _gradient;
    private float[] _advantages = [], _logp = [], _logpOld = [], _weights = [], _distGrad = [], _entropyGrad = [], _perSample = [];
    private float[] _subObs = [], _subDist = [], _tangent = [], _metric = [];

    public Trpo(MlpPolicy policy, TrpoConfig config)
    {
        _policy = policy;
        _config = config;
        _trustRegion = new TrustRegionStep(policy.Parameters.Count);
        _batchWs = policy.CreateWorkspace();
        _fisherWs = policy.CreateWorkspace();
        _gradient = new float[policy.Parameters.Count];
    }

    /// <summary>
    /// One step on a batch sampled from the current policy.
    /// </summary>
    /// <param name="observations">[batch × ObservationSize] raw observations.</param>
    /// <param name="actions">[batch × ActionSize] actions taken.</param>
    /// <param name="oldDistributions">[batch × ParameterSize] the distributions they were drawn from.</param>
    /// <param name="advantages">[batch] advantage estimates (standardised here).</param>
    /// <param name="rng">Draws the Fisher subsample.</param>
    public PolicyStepResult Step(ReadOnlyMemory<float> observations, ReadOnlyMemory<float> actions, ReadOnlyMemory<float> oldDistributions,
        ReadOnlySpan<float> advantages, int batch, Rng rng)
    {
        IDistribution dist = _policy.Distribution;
        int obsSize = _policy.ObservationSize, p = dist.ParameterSize;
        Guard.Positive(batch, nameof(batch));
        Guard.Length(observations.Span, batch * obsSize, nameof(observations));
        Guard.Length(actions.Span, batch * dist.ActionSize, nameof(actions));
        Guard.Length(oldDistributions.Span, batch * p, nameof(oldDistributions));
        Guard.Length(advantages, batch, nameof(advantages));
        EnsureBuffers(batch, p);
        long start = Stopwatch.GetTimestamp();

        Statistics.Standardize(advantages, _advantages.AsSpan(0, batch));
        Span<float> logpOld = _logpOld.AsSpan(0, batch);
        dist.LogProb(oldDistributions.Span, actions.Span, logpOld);

        // Surrogate and its gradient at θ_old (ratio 1): ∂L/∂dist = Â_i/B·∇logp_i + λ/B·∇H_i.
        ReadOnlySpan<float> current = _policy.Forward(_batchWs, observations.Span, batch);
        double surrogate0 = Surrogate(current, actions.Span, batch, out double entropy);
        Span<float> weights = _weights.AsSpan(0, batch);
        for (int i = 0; i < batch; i++) weights[i] = _advantages[i] / batch;
        Span<float> distGrad = _distGrad.AsSpan(0, batch * p);
        dist.LogProbBackward(current, actions.Span, weights, distGrad);
        if (_config.EntropyWeight != 0)
        {
            weights.Fill((float)(_config.EntropyWeight / batch));
            Span<float> entropyGrad = _entropyGrad.AsSpan(0, batch * p);
            dist.EntropyBackward(current, weights, entropyGrad);
            for (int i = 0; i < distGrad.Length; i++) distGrad[i] += entropyGrad[i];
        }
        Array.Clear(_gradient);
        _policy.Backward(_batchWs, distGrad, _gradient);

        long fisherStart = Stopwatch.GetTimestamp();
        double gradientSeconds = Stopwatch.GetElapsedTime(start, fisherStart).TotalSeconds;

        int sub = PrepareFisherSubsample(observations.Span, batch, rng);
        double fisherSeconds = Stopwatch.GetElapsedTime(fisherStart).TotalSeconds;
        TrustRegionResult r = _trustRegion.Step(_policy.Parameters, _gradient, surrogate0,
            (v, destination) => FisherProduct(v, destination, sub),
            () =>
            {
                ReadOnlySpan<float> now = _policy.Forward(_batchWs, observations.Span, batch);
                return (Surrogate(now, actions.Span, batch, out _), MeanKl(oldDistributions.Span, now, batch));
            },
            _config.MaxKl, _config.CgDamping, _config.CgIterations, _config.MaxBacktracks);
        return new PolicyStepResult(r.Objective0, r.Objective1, r.Kl, entropy, r.GradientNorm, r.Backtracks, r.Accepted,
            gradientSeconds, fisherSeconds + r.CgSeconds, r.LineSearchSeconds);
    }

    /// <summary>TRPO carries nothing from step to step.</summary>
    public void SaveState(string directory) { }

    public void LoadState(string directory) { }

    private double Surrogate(ReadOnlySpan<float> current, ReadOnlySpan<float> actions, int batch, out double meanEntropy)
    {
        IDistribution dist = _policy.Distribution;
        Span<float> logp = _logp.AsSpan(0, batch);
        dist.LogProb(current, actions, logp);
        double sum = 0;
        for (int i = 0; i < batch; i++) sum += Math.Exp(logp[i] - _logpOld[i]) * _advantages[i];
        Span<float> entropy = _perSample.AsSpan(0, batch);
        dist.Entropy(current, entropy);
        double h = 0;
        foreach (float e in entropy) h += e;
        meanEntropy = h / batch;
        return sum / batch + _config.EntropyWeight * meanEntropy;
    }

    private double MeanKl(ReadOnlySpan<float> old, ReadOnlySpan<float> current, int batch)
    {
        Span<float> kl = _perSample.AsSpan(0, batch);
        _policy.Distribution.Kl(old, current, kl);
        double sum = 0;
        foreach (float k in kl) sum += k;
        return sum / batch;
    }

    /// <summary>Draws the Fisher subsample (with replacement) and runs the policy on it at θ_old once.</summary>
    private int PrepareFisherSubsample(ReadOnlySpan<float> observations, int batch, Rng rng)
    {
        int obsSize = _policy.ObservationSize;
        int sub = Math.Max(1, (int)(_config.FisherSubsample * batch));
        if (_config.FisherSubsample >= 1.0) sub = batch;
        if (_subObs.Length < sub * obsSize) _subObs = new float[sub * obsSize];
        for (int s = 0; s < sub; s++)
        {
            int i = _config.FisherSubsample >= 1.0 ? s : rng.NextInt(batch);
            observations.Slice(i * obsSize, obsSize).CopyTo(_subObs.AsSpan(s * obsSize, obsSize));
        }
        int p = _policy.Distribution.ParameterSize;
        if (_subDist.Length < sub * p)
        {
            _subDist = new float[sub * p];
            _tangent = new float[sub * p];
            _metric = new float[sub * p];
        }
        _policy.Forward(_fisherWs, _subObs.AsSpan(0, sub * obsSize), sub).CopyTo(_subDist);
        return sub;
    }

    /// <summary>F·v = (1/S)·Σ_s J_sᵀ M_s J_s v on the subsample: one forward-mode and one reverse pass.</summary>
    private void FisherProduct(ReadOnlySpan<float> v, Span<float> destination, int sub)
    {
        int n = sub * _policy.Distribution.ParameterSize;
        _policy.Jvp(_fisherWs, v, _tangent.AsSpan(0, n));
        _policy.Distribution.FisherVectorProduct(_subDist.AsSpan(0, n), _tangent.AsSpan(0, n), _metric.AsSpan(0, n));
        destination.Clear();
        _policy.Backward(_fisherWs, _metric.AsSpan(0, n), destination);
        float inv = 1f / sub;
        for (int i = 0; i < destination.Length; i++) destination[i] *= inv;
    }

    private void EnsureBuffers(int batch, int p)
    {
        if (_advantages.Length >= batch) return;
        _advantages = new float[batch];
        _logp = new float[batch];
        _logpOld = new float[batch];
        _weights = new float[batch];
        _perSample = new float[batch];
        _distGrad = new float[batch * p];
        _entropyGrad = new float[batch * p];
    }
}
