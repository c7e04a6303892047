namespace Apprentice.Envs.ClassicControl;

/// <summary>
/// What the classic-control tasks share: a float64 state vector that tests can read and seat (Gymnasium's
/// <c>env.unwrapped.state</c>), a seeded generator, argument checks, and the reset/step/observe sequence.
/// A task supplies only its reset distribution, its dynamics and its observation map.
/// </summary>
public abstract class ClassicControlEnv : IStatefulEnv, IObservationNames, IActionNames
{
    private readonly double[] _state;
    private Rng? _rng;
    private bool _hasState;

    private protected ClassicControlEnv(int stateSize, Box observationSpace, Space actionSpace, string[] observationNames, string[] actionNames)
    {
        _state = new double[stateSize];
        ObservationSpace = observationSpace;
        ActionSpace = actionSpace;
        ObservationNames = observationNames;
        ActionNames = actionNames;
    }

    public Box ObservationSpace { get; }

    /// <summary>Gymnasium's documented meaning of each coordinate.</summary>
    public IReadOnlyList<string> ObservationNames { get; }

    public Space ActionSpace { get; }

    /// <summary>Gymnasium's documented meaning of each action (a choice, or a continuous coordinate).</summary>
    public IReadOnlyList<string> ActionNames { get; }

    public EnvSpec? Spec => null;

    /// <summary>The float64 state (a copy); setting it seats the env there without touching its generator.</summary>
    public double[] State
    {
        get => (double[])_state.Clone();
        set
        {
            EnvChecks.StateLength(value, _state.Length, GetType().Name);
            value.CopyTo(_state, 0);
            _hasState = true;
        }
    }

    public void Reset(Span<float> observation, int? seed = null) => Reset(observation, seed, null);

    public void Reset(Span<float> observation, int? seed, ResetOptions? options)
    {
        EnvChecks.Observation(observation, ObservationSpace);
        _rng = EnvChecks.Seed(_rng, seed);
        Draw(_state, _rng, options);
        _hasState = true;
        Observe(observation);
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        EnvChecks.Action(action, ActionSpace);
        EnvChecks.Observation(observation, ObservationSpace);
        if (!_hasState) throw EnvChecks.NotReset(GetType().Name);
        StepResult result = Advance(_state, action);
        Observe(observation);
        return result;
    }

    public void Observe(Span<float> observation)
    {
        EnvChecks.Observation(observation, ObservationSpace);
        Project(_state, observation);
    }

    public void Dispose()
    {
    }

    /// <summary>Draws the initial state (Gymnasium's <c>reset</c> after seeding), honouring reset bound options.</summary>
    private protected abstract void Draw(Span<double> state, Rng rng, ResetOptions? options);

    /// <summary>One step of the dynamics on a valid action: updates the state, returns reward and flags.</summary>
    private protected abstract StepResult Advance(Span<double> state, ReadOnlySpan<float> action);

    /// <summary>The observation of a state (Gymnasium's <c>_get_obs</c>), cast to float32 once.</summary>
    private protected abstract void Project(ReadOnlySpan<double> state, Span<float> observation);
}
