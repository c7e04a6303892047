namespace Apprentice.Rl;

/// <summary>
/// PPO settings (Schulman et al. 2017). Defaults are the paper's MuJoCo settings (clip ε 0.2, Adam 3e-4, 10 epochs,
/// 32 minibatches of the batch, as its baselines split 2,048 steps into minibatches of 64) with the gradient clipped to
/// norm 0.5 and Adam's ε 1e-5, as Stable-Baselines3 runs it.
/// </summary>
public sealed record PpoConfig
{
    /// <summary>ε of the clipped surrogate: the probability ratio is held within [1 − ε, 1 + ε].</summary>
    public double ClipRange { get; init; } = 0.2;

    public double LearningRate { get; init; } = 3e-4;

    /// <summary>Passes over the batch per step.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Minibatches each pass is split into (the last ones one pair shorter when the batch does not divide).</summary>
    public int Minibatches { get; init; } = 32;

    /// <summary>The gradient of each minibatch is scaled down to at most this L2 norm.</summary>
    public double MaxGradNorm { get; init; } = 0.5;

    /// <summary>Entropy bonus c: the objective gains c·mean H(π(·|s)).</summary>
    public double EntropyWeight { get; init; }

    /// <summary>Stops the step's passes early once a minibatch's approximate KL from the old policy passes 1.5 × this (null: never).</summary>
    public double? TargetKl { get; init; }
}
