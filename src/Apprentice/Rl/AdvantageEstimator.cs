using Apprentice.Policies;

namespace Apprentice.Rl;

/// <summary>
/// Advantages and value targets for a batch of whole trajectories under any per-pair reward (the env's for
/// experts, the discriminator's for GAIL): GAE(γ, λ) with the value function's baseline, and discounted
/// returns as targets. A trajectory the time limit cut bootstraps from V(s_T, T); a terminated one ends at 0.
/// </summary>
public sealed class AdvantageEstimator(double gamma, double lam)
{
    private float[] _values = [];
    private readonly float[] _tail = new float[1];

    public double Gamma => gamma;

    public double Lam => lam;

    /// <param name="rewards">[batch.Count] reward of each pair.</param>
    /// <param name="advantages">[batch.Count] destination, or empty to skip.</param>
    /// <param name="returns">[batch.Count] destination for the discounted-return targets, or empty to skip.</param>
    public void Compute(TrajectoryBatch batch, ReadOnlySpan<float> rewards, ValueFunction value, Span<float> advantages, Span<float> returns)
    {
        int n = batch.Count, obsSize = batch.ObservationSize;
        Guard.Length(rewards, n, nameof(rewards));
        if (_values.Length < n) _values = new float[n];
        Span<float> values = _values.AsSpan(0, n);
        if (!advantages.IsEmpty) value.Predict(batch.Observations.Span, batch.Times, values); // returns need V only where a trajectory was cut
        for (int k = 0; k < batch.TrajectoryCount; k++)
        {
            int start = batch.Starts[k], length = batch.Lengths[k];
            double tailValue = 0;
            if (!batch.Terminated[k])
            {
                value.Predict(batch.FinalObservations.Slice(k * obsSize, obsSize), [length], _tail);
                tailValue = _tail[0];
            }
            ReadOnlySpan<float> r = rewards.Slice(start, length);
            if (!advantages.IsEmpty) Gae.Advantages(r, values.Slice(start, length), tailValue, gamma, lam, advantages.Slice(start, length));
            if (!returns.IsEmpty) Gae.DiscountedReturns(r, tailValue, gamma, returns.Slice(start, length));
        }
    }
}
