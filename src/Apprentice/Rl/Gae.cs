namespace Apprentice.Rl;

/// <summary>
/// Generalised advantage estimation (Schulman et al. 2016, Eq. 16) and discounted returns for one
/// trajectory. The tail value says how the trajectory ended: 0 when the env terminated, V(s_T) when it
/// was cut by a time limit (or by the batch boundary), so truncation bootstraps instead of pretending
/// the episode ended. Accumulates in double.
/// </summary>
public static class Gae
{
    /// <summary>
    /// advantages[t] = Σ_l (γλ)^l δ_{t+l}, δ_t = r_t + γ V(s_{t+1}) − V(s_t), with V(s_T) = <paramref name="tailValue"/>.
    /// </summary>
    /// <param name="rewards">[T] rewards r_0 … r_{T−1}.</param>
    /// <param name="values">[T] value estimates V(s_0) … V(s_{T−1}).</param>
    /// <param name="advantages">[T] destination.</param>
    public static void Advantages(ReadOnlySpan<float> rewards, ReadOnlySpan<float> values, double tailValue,
        double gamma, double lam, Span<float> advantages)
    {
        Guard.SameLength(rewards, values, advantages);
        CheckFactor(gamma, nameof(gamma));
        CheckFactor(lam, nameof(lam));
        double next = tailValue, running = 0;
        for (int t = rewards.Length - 1; t >= 0; t--)
        {
            double delta = rewards[t] + gamma * next - values[t];
            running = delta + gamma * lam * running;
            advantages[t] = (float)running;
            next = values[t];
        }
    }

    /// <summary>returns[t] = Σ_l γ^l r_{t+l} + γ^{T−t} · <paramref name="tailValue"/>.</summary>
    public static void DiscountedReturns(ReadOnlySpan<float> rewards, double tailValue, double gamma, Span<float> returns)
    {
        Guard.SameLength(rewards, returns);
        CheckFactor(gamma, nameof(gamma));
        double running = tailValue;
        for (int t = rewards.Length - 1; t >= 0; t--)
        {
            running = rewards[t] + gamma * running;
            returns[t] = (float)running;
        }
    }

    private static void CheckFactor(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1]");
    }
}
