namespace Apprentice.Rl;

/// <summary>
/// One TRPO step: surrogate before and after, KL of the accepted step, entropy of the old policy on the batch,
/// and where its time went (the surrogate's gradient, the conjugate-gradient solve, the line search).
/// </summary>
public readonly record struct TrpoResult(double Surrogate0, double Surrogate1, double Kl, double Entropy, double GradientNorm, int Backtracks, bool Accepted,
    double GradientSeconds = 0, double CgSeconds = 0, double LineSearchSeconds = 0);
