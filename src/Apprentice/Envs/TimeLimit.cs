namespace Apprentice.Envs;

/// <summary>
/// Gymnasium's <c>TimeLimit</c>: truncated = elapsed steps ≥ the limit. The inner env's terminated flag is
/// passed through, so both may be true on one step.
/// </summary>
public sealed class TimeLimit : IEnv
{
    private readonly IEnv _env;
    private readonly EnvSpec? _spec;

    /// <param name="env">The env to limit; disposed with this wrapper.</param>
    /// <param name="maxEpisodeSteps">Steps after which an episode is truncated.</param>
    /// <param name="spec">What <see cref="Spec"/> reports; defaults to the inner env's spec with this limit.</param>
    public TimeLimit(IEnv env, int maxEpisodeSteps, EnvSpec? spec = null)
    {
        ArgumentNullException.ThrowIfNull(env);
        Guard.Positive(maxEpisodeSteps, nameof(maxEpisodeSteps));
        _env = env;
        MaxEpisodeSteps = maxEpisodeSteps;
        _spec = spec ?? (env.Spec is { } inner ? inner with { MaxEpisodeSteps = maxEpisodeSteps } : null);
    }

    public int MaxEpisodeSteps { get; }

    /// <summary>Steps taken since the last reset.</summary>
    public int ElapsedSteps { get; private set; }

    /// <summary>The wrapped env, like Gymnasium's <c>wrapper.env</c>.</summary>
    public IEnv Env => _env;

    public IEnv Unwrapped => _env.Unwrapped;

    public Box ObservationSpace => _env.ObservationSpace;

    public Space ActionSpace => _env.ActionSpace;

    public EnvSpec? Spec => _spec;

    public void Reset(Span<float> observation, int? seed = null)
    {
        _env.Reset(observation, seed);
        ElapsedSteps = 0;
    }

    public void Reset(Span<float> observation, int? seed, ResetOptions? options)
    {
        _env.Reset(observation, seed, options);
        ElapsedSteps = 0;
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        StepResult result = _env.Step(action, observation);
        ElapsedSteps++;
        return ElapsedSteps >= MaxEpisodeSteps ? result with { Truncated = true } : result;
    }

    public void Dispose() => _env.Dispose();
}
