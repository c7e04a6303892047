namespace Apprentice.Envs.ClassicControl;

/// <summary>
/// Mountain car with a continuous force (Moore 1990; de Broissia's variant), as Gymnasium's
/// <c>continuous_mountain_car.py</c>: force = clip(a, -1, 1)·0.0015, goal at position ≥ 0.45 with
/// non-negative velocity, reward 100 on reaching it minus 0.1·a² every step (on the unclipped action).
/// State <c>[position, velocity]</c>.
/// </summary>
/// <remarks>
/// Gymnasium stores the state as float32 after each step but draws it in float64 on reset, and numpy 2
/// (NEP 50) then does float32 arithmetic when a float32 state or action meets a Python float. This class
/// follows both precisions so its states match Gymnasium's bit for bit; <see cref="State"/> is float64 on
/// reset and whenever it is set, as assigning a float64 array to Gymnasium's <c>state</c> would be.
/// </remarks>
public sealed class MountainCarContinuous : IEnv
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
    private bool _stateIsSingle;

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
            _stateIsSingle = false;
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
        _stateIsSingle = false;
        Observe(observation);
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        EnvChecks.Action(action, SharedActionSpace);
        EnvChecks.Observation(observation, SharedObservationSpace);
        if (!_hasState) throw EnvChecks.NotReset(nameof(MountainCarContinuous));

        float a = action[0];
        bool terminated = _stateIsSingle ? StepSingle(a) : StepDouble(a);
        _stateIsSingle = true;
        double reward = terminated ? 100.0 : 0.0;
        reward -= Math.Pow(a, 2) * 0.1;
        Observe(observation);
        return new StepResult(reward, terminated, false);
    }

    public void Dispose()
    {
    }

    // Python's min(max(a, -1.0), 1.0) returns the float32 action itself when it is in range.
    private static bool InRange(float a) => !(a < MinAction) && !(MaxAction < a);

    /// <summary>The first step after a reset or a set state: float64 state, float32 action.</summary>
    private bool StepDouble(float a)
    {
        double position = _state[0], velocity = _state[1];
        double accel = InRange(a)
            ? (float)((float)(a * (float)Power) - (float)(0.0025 * Math.Cos(3 * position)))
            : Math.Clamp(a, MinAction, MaxAction) * Power - 0.0025 * Math.Cos(3 * position);
        velocity += accel;
        if (velocity > MaxSpeed) velocity = MaxSpeed;
        if (velocity < -MaxSpeed) velocity = -MaxSpeed;
        position += velocity;
        ClipPosition(ref position, ref velocity);
        Store(position, velocity);
        return position >= GoalPosition && velocity >= GoalVelocity;
    }

    /// <summary>Later steps: the state is float32, so numpy rounds each operation to float32.</summary>
    private bool StepSingle(float a)
    {
        float position = (float)_state[0], velocity = (float)_state[1];
        float cos = (float)(0.0025 * Math.Cos(3f * position));
        float accel = InRange(a)
            ? (float)(a * (float)Power) - cos
            : (float)(Math.Clamp(a, MinAction, MaxAction) * Power - 0.0025 * Math.Cos(3f * position));
        velocity += accel;
        double v = velocity > (float)MaxSpeed ? MaxSpeed : velocity;
        if (v < -(float)MaxSpeed) v = -MaxSpeed;
        double p = (float)(position + (float)v);
        ClipPosition(ref p, ref v);
        Store(p, v);
        // A float32 position meets the goal as float32(0.45); the clipped bounds 0.6 and -1.2 decide alike.
        return (float)p >= (float)GoalPosition && v >= GoalVelocity;
    }

    private static void ClipPosition(ref double position, ref double velocity)
    {
        if (position > MaxPosition) position = MaxPosition;
        if (position < MinPosition) position = MinPosition;
        if (position == MinPosition && velocity < 0) velocity = 0; // inelastic wall on the left
    }

    private void Store(double position, double velocity)
    {
        _state[0] = (float)position;
        _state[1] = (float)velocity;
    }

    private void Observe(Span<float> observation)
    {
        observation[0] = (float)_state[0];
        observation[1] = (float)_state[1];
    }
}
