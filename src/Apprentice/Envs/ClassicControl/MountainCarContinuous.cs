namespace Apprentice.Envs.ClassicControl;

/// <summary>
/// Mountain car with a continuous force (Moore 1990; de Broissia's variant), as Gymnasium's
/// <c>continuous_mountain_car.py</c>: force = clip(a, -1, 1)·0.0015, goal at position ≥ 0.45 with
/// non-negative velocity, reward 100 on reaching it minus 0.1·a² every step (on the unclipped action).
/// State <c>[position, velocity]</c>.
/// </summary>
/// <remarks>
/// Gymnasium stores the state as float32 after each step (float64 after reset), while the arithmetic is
/// float64: its reference episodes match this bit for bit.
/// </remarks>
public sealed class MountainCarContinuous : IStatefulEnv
{
    private const double MinAction = -1.0;
    private const double MaxAction = 1.0;
    private const double MinPosition = -1.2;
    private const double MaxPosition = 0.6;
    private const double MaxSpeed = 0.07;
    private const double GoalPosition = 0.45; // 0.5 in the discrete task
    private const double GoalVelocity = 0;
    private const double Power = 0.0015;

    private static readonly Box SharedObservationSpace = new(
        [(float)MinPosition, -(float)MaxSpeed], [(float)MaxPosition, (float)MaxSpeed]);

    private static readonly Box SharedActionSpace = new((float)MinAction, (float)MaxAction, 1);

    private readonly double[] _state = new double[2];
    private Rng? _rng;
    private bool _hasState;

    public Box ObservationSpace => SharedObservationSpace;

    public Space ActionSpace => SharedActionSpace;

    public EnvSpec? Spec => null;

    /// <summary>The state <c>[position, velocity]</c>, like Gymnasium's <c>env.unwrapped.state</c>.</summary>
    public double[] State
    {
        get => (double[])_state.Clone();
        set
        {
            EnvChecks.StateLength(value, 2, nameof(MountainCarContinuous));
            value.CopyTo(_state, 0);
            _hasState = true;
        }
    }

    public void Reset(Span<float> observation, int? seed = null) => Reset(observation, seed, null);

    public void Reset(Span<float> observation, int? seed, ResetOptions? options)
    {
        EnvChecks.Observation(observation, SharedObservationSpace);
        var (low, high) = EnvChecks.Bounds(options, -0.6, -0.4, nameof(MountainCarContinuous));
        _rng = EnvChecks.Seed(_rng, seed);
        _state[0] = _rng.Uniform(low, high);
        _state[1] = 0;
        _hasState = true;
        Observe(observation);
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        EnvChecks.Action(action, SharedActionSpace);
        EnvChecks.Observation(observation, SharedObservationSpace);
        if (!_hasState) throw EnvChecks.NotReset(nameof(MountainCarContinuous));

        double a = action[0];
        double position = _state[0], velocity = _state[1];
        double force = Math.Min(Math.Max(a, MinAction), MaxAction);
        velocity += force * Power - 0.0025 * Math.Cos(3 * position);
        if (velocity > MaxSpeed) velocity = MaxSpeed;
        if (velocity < -MaxSpeed) velocity = -MaxSpeed;
        position += velocity;
        if (position > MaxPosition) position = MaxPosition;
        if (position < MinPosition) position = MinPosition;
        if (position == MinPosition && velocity < 0) velocity = 0; // inelastic wall on the left

        bool terminated = position >= GoalPosition && velocity >= GoalVelocity;
        _state[0] = (float)position;
        _state[1] = (float)velocity;
        double reward = terminated ? 100.0 : 0.0;
        reward -= Math.Pow(a, 2) * 0.1;
        Observe(observation);
        return new StepResult(reward, terminated, false);
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
