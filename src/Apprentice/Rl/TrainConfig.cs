using Apprentice.Nn;

namespace Apprentice.Rl;

/// <summary>
/// Settings of a TRPO run on an environment's own reward (how experts are trained). Defaults follow the
/// authors' expert runs (γ 0.995, λ 0.97, 2×100 tanh, TRPO max KL 0.01) except the batch, which is 5,000 pairs
/// rather than their 100,000 so that classic-control experts train in minutes.
/// </summary>
public sealed record TrainConfig
{
    public required string EnvId { get; init; }

    public int Seed { get; init; }

    /// <summary>Stop after the iteration that brings the environment steps to this many.</summary>
    public long Steps { get; init; } = 1_000_000;

    /// <summary>State-action pairs per iteration (whole trajectories, at least this many).</summary>
    public int Batch { get; init; } = 5_000;

    /// <summary>Env copies stepped together; part of the experiment (changes the numbers), unlike <see cref="Workers"/>.</summary>
    public int Envs { get; init; } = 8;

    /// <summary>Threads stepping the env copies; results do not depend on it.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>Episode limit; null keeps the registered one.</summary>
    public int? MaxEpisodeSteps { get; init; }

    public double Gamma { get; init; } = 0.995;

    public double Lam { get; init; } = 0.97;

    public IReadOnlyList<int> Hidden { get; init; } = [100, 100];

    /// <summary>Nonlinearity of the hidden layers, of the policy and the value function alike.</summary>
    public Activation Activation { get; init; } = Activation.Tanh;

    /// <summary>
    /// Initial log σ of a Gaussian policy (the authors': 0, so σ = 1). A task whose actions span much less than ±1
    /// (Humanoid: ±0.4) explores far outside its range at σ = 1, and TRPO's small steps take long to shrink σ.
    /// </summary>
    public double InitLogStd { get; init; }

    /// <summary>
    /// The policy file the run started from instead of random weights (<c>train --init-policy</c>), kept in the run's
    /// config as its record; null when it started at random. The trainer does not read it:
    /// <see cref="TrpoTrainer.StartFrom"/> starts it.
    /// </summary>
    public string? InitialPolicy { get; init; }

    /// <summary>TRPO's settings; its trust region also bounds the value function's fit when the policy steps with PPO.</summary>
    public TrpoConfig Trpo { get; init; } = new();

    /// <summary>The policy step: TRPO (null, the default, as the paper) or PPO with these settings.</summary>
    public PpoConfig? Ppo { get; init; }
}
