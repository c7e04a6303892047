namespace Apprentice.Envs.ClassicControl;

/// <summary>
/// Mountain car with three discrete actions (Moore 1990), as Gymnasium's <c>mountain_car.py</c>.
/// State <c>[position, velocity]</c>; actions 0, 1, 2 push left, not at all, right. Reward -1 per step,
/// including the one that reaches the goal (position ≥ 0.5 with non-negative velocity).
/// </summary>
public sealed class MountainCar : IStatefulEnv
{
    private const double MinPosition = -1.2;
    private const double MaxPosition = 0.6;
    private const double MaxSpeed = 0.07;
    private const double GoalPosition = 0.5;
    private const double GoalVelocity = 0;
    private const double Force = 0.001;
    private const double Gravity = 0.0025;

    private static readonly Box SharedObservationSpace = new(
        [(float)MinPosition, -(float)MaxSpeed], [(float)MaxPosition, (float)MaxSpeed]);

    private static readonly Discrete SharedActionSpace = new(3);

    private readonly double[] _state = new double[2];
    private Rng? _rng;
    private bool _hasState;

    public Box ObservationSpace => SharedObservationSpace;

    public Space ActionSpace => SharedActionSpace;

    public EnvSpec? Spec => null;

    /// <summary>The float64 state <c>[position, velocity]</c>, like Gymnasium's <c>env.unwrapped.state</c>.</summary>
    public double[] State
    {
        get => (double[])_state.Clone();
        set
        {
            EnvChecks.StateLength(value, 2, nameof(MountainCar));
            value.CopyTo(_state, 0);
            _hasState = true;
        }
    }

    public void Reset(Span<float> observation, int? seed = null) => Reset(observation, seed, null);

    public void Reset(Span<float> observation, int? seed, ResetOptions? options)
    {
        EnvChecks.Observation(observation, SharedObservationSpace);
        var (low, high) = EnvChecks.Bounds(options, -0.6, -0.4, nameof(MountainCar));
        _rng = EnvChecks.Seed(_rng, seed);
        _state[0] = _rng.Uniform(low, high);
        _state[1] = 0;
        _hasState = true;
        Observe(observation);
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        int a = SharedActionSpace.IndexOf(action);
        EnvChecks.Observation(observation, SharedObservationSpace);
        if (!_hasState) throw EnvChecks.NotReset(nameof(MountainCar));

        double position = _state[0], velocity = _state[1];
        velocity += (a - 1) * Force + Math.Cos(3 * position) * -Gravity;
        velocity = Math.Clamp(velocity, -MaxSpeed, MaxSpeed);
        position += velocity;
        position = Math.Clamp(position, MinPosition, MaxPosition);
        if (position == MinPosition && velocity < 0) velocity = 0; // inelastic wall on the left

        bool terminated = position >= GoalPosition && velocity >= GoalVelocity;
        _state[0] = position;
        _state[1] = velocity;
        Observe(observation);
        return new StepResult(-1.0, terminated, false);
    }

    public void Observe(Span<float> observation)
    {
        EnvChecks.Observation(observation, SharedObservationSpace);
        observation[0] = (float)_state[0];
        observation[1] = (float)_state[1];
    }

    public void Dispose()
    {
    }
}
