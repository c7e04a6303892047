namespace Apprentice.Imitation;

/// <summary>
/// How the discriminator's score becomes the policy's reward (Ho &amp; Ermon's cost log D, in the authors' mirrored
/// labels: expert 1, policy 0, D_E = σ(score)). The sign decides what episode length is worth: a positive
/// per-step reward teaches the agent to prolong episodes, a negative one to end them.
/// </summary>
public enum RewardSign
{
    /// <summary>r = −log(1 − σ(score)) ≥ 0: for tasks that end early on failure (CartPole, the MuJoCo walkers).</summary>
    Positive,

    /// <summary>r = log σ(score) ≤ 0: for tasks that end early on success (MountainCar, Acrobot); the authors' <c>favor_zero_expert_reward</c>.</summary>
    Negative,
}
