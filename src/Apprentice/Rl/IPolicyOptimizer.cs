using Apprentice.Policies;

namespace Apprentice.Rl;

/// <summary>
/// A policy step on a batch sampled from the current policy, given its advantages: <see cref="Trpo"/> (the paper's) or
/// <see cref="Ppo"/>. An optimiser that carries state from step to step (PPO's Adam moments) saves it beside a
/// checkpoint, so that a resumed run continues exactly.
/// </summary>
public interface IPolicyOptimizer
{
    /// <param name="observations">[batch × ObservationSize] raw observations.</param>
    /// <param name="actions">[batch × ActionSize] actions taken.</param>
    /// <param name="oldDistributions">[batch × ParameterSize] the distributions they were drawn from.</param>
    /// <param name="advantages">[batch] advantage estimates (standardised by the step).</param>
    /// <param name="rng">The step's own randomness (TRPO's Fisher subsample, PPO's minibatches).</param>
    PolicyStepResult Step(ReadOnlyMemory<float> observations, ReadOnlyMemory<float> actions, ReadOnlyMemory<float> oldDistributions,
        ReadOnlySpan<float> advantages, int batch, Rng rng);

    /// <summary>Writes the optimiser's own state into a checkpoint folder (nothing for a stateless one).</summary>
    void SaveState(string directory);

    /// <summary>Restores what <see cref="SaveState"/> wrote.</summary>
    void LoadState(string directory);

    /// <summary>PPO with <paramref name="ppo"/>'s settings when it is given, else TRPO with <paramref name="trpo"/>'s.</summary>
    static IPolicyOptimizer For(MlpPolicy policy, TrpoConfig trpo, PpoConfig? ppo) =>
        ppo is null ? new Trpo(policy, trpo) : new Ppo(policy, ppo);
}
