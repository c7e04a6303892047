namespace Apprentice.Envs;

/// <summary>
/// A Gymnasium (≥ 0.26) environment over flat float32 buffers, so stepping allocates nothing: the caller
/// owns the action and observation memory. Time limits are a wrapper (<see cref="TimeLimit"/>).
/// </summary>
public interface IEnv : IDisposable
{
    Box ObservationSpace { get; }

    Space ActionSpace { get; }

    /// <summary>The registration this env was made from; null when built directly.</summary>
    EnvSpec? Spec { get; }

    /// <summary>The innermost env, like Gymnasium's <c>env.unwrapped</c>; wrappers return their inner env's.</summary>
    IEnv Unwrapped => this;

    /// <summary>
    /// Starts an episode and writes its first observation, [ObservationSpace.FlatSize]. A seed re-seeds the
    /// env's generator; without one the stream continues (Gymnasium: seed the first reset only).
    /// </summary>
    void Reset(Span<float> observation, int? seed = null);

    /// <summary>Reset with Gymnasium's <c>options</c>; envs that take none reject non-empty options.</summary>
    void Reset(Span<float> observation, int? seed, ResetOptions? options)
    {
        if (options is not null && !options.IsEmpty)
            throw new ArgumentException($"{GetType().Name} takes no reset options; got {options}");
        Reset(observation, seed);
    }

    /// <summary>Applies one action, [ActionSpace.FlatSize], and writes the next observation.</summary>
    StepResult Step(ReadOnlySpan<float> action, Span<float> observation);
}
