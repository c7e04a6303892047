namespace Apprentice.Distributions;

/// <summary>
/// A family of action distributions, each member given by a per-sample parameter vector. A batch of B
/// samples is <c>parameters</c> [B × ParameterSize] and <c>actions</c> [B × ActionSize], row-major.
/// Gradient methods overwrite their destination with ∂(Σ_i w_i·f_i)/∂parameters for per-sample weights w.
/// TRPO needs nothing else: log-likelihoods and their gradient for the surrogate, KL for the trust region,
/// and the Fisher metric M (F = Jᵀ M J) for the natural gradient.
/// </summary>
public interface IDistribution
{
    /// <summary>Floats that parameterise one sample's distribution.</summary>
    int ParameterSize { get; }

    /// <summary>Floats in one action (a discrete action is one float holding its index).</summary>
    int ActionSize { get; }

    void LogProb(ReadOnlySpan<float> parameters, ReadOnlySpan<float> actions, Span<float> logProb);

    void LogProbBackward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> actions, ReadOnlySpan<float> weights, Span<float> parameterGrad);

    void Entropy(ReadOnlySpan<float> parameters, Span<float> entropy);

    void EntropyBackward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> weights, Span<float> parameterGrad);

    /// <summary>kl[i] = KL(p_i ‖ q_i).</summary>
    void Kl(ReadOnlySpan<float> p, ReadOnlySpan<float> q, Span<float> kl);

    /// <summary>result[i] = M_i · tangent[i], M_i the Fisher metric of sample i's parameters (the Hessian of KL at q = p).</summary>
    void FisherVectorProduct(ReadOnlySpan<float> parameters, ReadOnlySpan<float> tangent, Span<float> result);

    void Sample(ReadOnlySpan<float> parameters, Rng rng, Span<float> actions);

    /// <summary>The most likely action (Gaussian mean, argmax): the deterministic policy.</summary>
    void Mode(ReadOnlySpan<float> parameters, Span<float> actions);
}
