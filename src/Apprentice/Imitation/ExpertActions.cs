namespace Apprentice.Imitation;

/// <summary>
/// Which continuous action a demonstration step holds, and so which of the learner's actions the cost compares
/// with it. Discrete actions are the same either way.
/// </summary>
public enum ExpertActions
{
    /// <summary>
    /// The action the env executed: the Gaussian sample clipped to the action Box. What recorded demonstrations
    /// from elsewhere hold (imitation and Stable-Baselines3 clip), and our default.
    /// </summary>
    Executed,

    /// <summary>
    /// The policy's raw Gaussian sample, which may lie outside the Box (the simulator clips it), as the GAIL
    /// authors' code stored the expert's actions and fed the learner's samples to the discriminator.
    /// </summary>
    Sampled,
}
