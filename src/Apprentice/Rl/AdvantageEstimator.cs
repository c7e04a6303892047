using Apprentice.Policies;

namespace Apprentice.Rl;

/// <summary>
/// Advantages and value targets for a batch of whole trajectories under any per-pair reward (the env's for
/// experts, the discriminator's for GAIL): GAE(γ, λ) with the value function's baseline, and discounted
/// returns as targets. A trajectory the time limit cut bootstraps from V(s_T, T), unless
/// <paramref name="bootstrapTimeLimit"/> is false: then the limit is the horizon's end, as in the GAIL authors' code,
/// and every trajectory ends at 0. A terminated one always does.
/// <see cref="Predict"/> evaluates V once per batch; <see cref="Advantages"/> and <see cref="Returns"/> then
/// take any rewards, so the rewards can be computed beside the predictions, and the targets under a refitted
/// reward cost no further forward pass.
/// </summary>
public sealed class AdvantageEstimator(double gamma, double lam, bool bootstrapTimeLimit = true)
{
    private float[] _values = [], _tailInput = [], _tailTimes = [], _tails = [];
    private int _predicted = -1;

    public double Gamma => gamma;

    public double Lam => lam;

    /// <summary>Advantages and returns in one call: <see cref="Predict"/>, then whichever destinations are non-empty.</summary>
    public void Compute(TrajectoryBatch batch, ReadOnlySpan<float> rewards, ValueFunction value, Span<float> advantages, Span<float> returns)
    {
        Predict(batch, value);
        if (!advantages.IsEmpty) Advantages(batch, rewards, advantages);
        if (!returns.IsEmpty) Returns(batch, rewards, returns);
    }

    /// <summary>V at every pair of the batch and at the last observation of every trajectory it bootstraps.</summary>
    public void Predict(TrajectoryBatch batch, ValueFunction value)
    {
        int n = batch.Count, obsSize = batch.ObservationSize, trajectories = batch.TrajectoryCount;
        if (_values.Length < n) _values = new float[n];
        value.Predict(batch.Observations.Span, batch.Times, _values.AsSpan(0, n));
        if (_tails.Length < trajectories)
        {
            _tails = new float[trajectories];
            _tailTimes = new float[trajectories];
            _tailInput = new float[trajectories * obsSize];
        }
        int cut = 0;
        for (int k = 0; k < trajectories; k++)
        {
            if (!Bootstraps(batch, k)) continue;
            batch.FinalObservations.Slice(k * obsSize, obsSize).CopyTo(_tailInput.AsSpan(cut * obsSize, obsSize));
            _tailTimes[cut++] = batch.Lengths[k];
        }
        if (cut > 0) value.Predict(_tailInput.AsSpan(0, cut * obsSize), _tailTimes.AsSpan(0, cut), _tails.AsSpan(0, cut));
        _predicted = n;
    }

    /// <summary>GAE(γ, λ) advantages [batch.Count] for <paramref name="rewards"/>, with the last <see cref="Predict"/>.</summary>
    public void Advantages(TrajectoryBatch batch, ReadOnlySpan<float> rewards, Span<float> advantages)
    {
        Guard.Length<float>(advantages, batch.Count, nameof(advantages));
        PerTrajectory(batch, rewards, advantages, default);
    }

    /// <summary>Discounted-return targets [batch.Count] for <paramref name="rewards"/>, bootstrapped with the last <see cref="Predict"/>.</summary>
    public void Returns(TrajectoryBatch batch, ReadOnlySpan<float> rewards, Span<float> returns)
    {
        Guard.Length<float>(returns, batch.Count, nameof(returns));
        PerTrajectory(batch, rewards, default, returns);
    }

    private bool Bootstraps(TrajectoryBatch batch, int trajectory) => bootstrapTimeLimit && !batch.Terminated[trajectory];

    /// <summary>Fills whichever destination is non-empty, trajectory by trajectory, with the predicted tails.</summary>
    private void PerTrajectory(TrajectoryBatch batch, ReadOnlySpan<float> rewards, Span<float> advantages, Span<float> returns)
    {
        Guard.Length(rewards, batch.Count, nameof(rewards));
        if (_predicted != batch.Count) throw new InvalidOperationException("Predict must run on this batch first");
        int cut = 0;
        for (int k = 0; k < batch.TrajectoryCount; k++)
        {
            int start = batch.Starts[k], length = batch.Lengths[k];
            double tail = Bootstraps(batch, k) ? _tails[cut++] : 0;
            ReadOnlySpan<float> r = rewards.Slice(start, length);
            if (!advantages.IsEmpty) Gae.Advantages(r, _values.AsSpan(start, length), tail, gamma, lam, advantages.Slice(start, length));
            if (!returns.IsEmpty) Gae.DiscountedReturns(r, tail, gamma, returns.Slice(start, length));
        }
    }
}
