namespace Apprentice.Envs;

/// <summary>What <see cref="Gym.Make"/> returns for a spec without a time limit: the env, reporting its spec.</summary>
internal sealed class SpecifiedEnv(IEnv env, EnvSpec spec) : IEnv
{
    public IEnv Unwrapped => env.Unwrapped;

    public Box ObservationSpace => env.ObservationSpace;

    public Space ActionSpace => env.ActionSpace;

    public EnvSpec? Spec => spec;

    public void Reset(Span<float> observation, int? seed = null) => env.Reset(observation, seed);

    public void Reset(Span<float> observation, int? seed, ResetOptions? options) => env.Reset(observation, seed, options);

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation) => env.Step(action, observation);

    public void Dispose() => env.Dispose();
}
