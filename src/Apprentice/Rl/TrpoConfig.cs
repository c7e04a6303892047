namespace Apprentice.Rl;

/// <summary>TRPO settings; defaults are the authors' (max KL 0.01, CG damping 0.1, 10 CG iterations, Fisher on 10 % of the batch).</summary>
public sealed record TrpoConfig
{
    public double MaxKl { get; init; } = 0.01;

    public double CgDamping { get; init; } = 0.1;

    public int CgIterations { get; init; } = 10;

    /// <summary>Fraction of the batch (drawn with replacement, as the authors did) on which Fisher-vector products are computed.</summary>
    public double FisherSubsample { get; init; } = 0.1;

    /// <summary>Causal-entropy weight λ: the surrogate gains λ·mean entropy (0 in the paper's runs).</summary>
    public double EntropyWeight { get; init; }

    public int MaxBacktracks { get; init; } = 10;
}
