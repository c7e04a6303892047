namespace Apprentice.Rl;

/// <summary>
/// One policy step, TRPO's or PPO's: the surrogate before and after, the mean KL(π_old ‖ π_new) over the batch, the
/// old policy's mean entropy, and where the time went. TRPO: the gradient's norm, its line search's backtracks and
/// whether it accepted a step, and the seconds of the gradient, the conjugate-gradient solve and the line search. PPO:
/// the mean norm of its minibatch gradients before clipping, no backtracks, accepted when it took any Adam step
/// (<see cref="Updates"/> of them), and all its seconds as <see cref="GradientSeconds"/>.
/// </summary>
public readonly record struct PolicyStepResult(double Surrogate0, double Surrogate1, double Kl, double Entropy, double GradientNorm, int Backtracks, bool Accepted,
    double GradientSeconds = 0, double CgSeconds = 0, double LineSearchSeconds = 0, int Updates = 0);
