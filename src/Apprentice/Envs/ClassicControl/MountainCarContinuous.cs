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
public sealed class MountainCarContinuous : ClassicControlEnv
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

    public MountainCarContinuous() : base(2, SharedObservationSpace, SharedActionSpace, ["position", "velocity"], ["force"])
    {
    }

    private protected override void Draw(Span<double> state, Rng rng, ResetOptions? options)
    {
        var (low, high) = EnvChecks.Bounds(options, -0.6, -0.4, nameof(MountainCarContinuous));
        state[0] = rng.Uniform(low, high);
        state[1] = 0;
    }

    private protected override StepResult Advance(Span<double> state, ReadOnlySpan<float> action)
    {
        double a = action[0];
        double position = state[0], velocity = state[1];
        double force = Math.Min(Math.Max(a, MinAction), MaxAction);
        velocity += force * Power - 0.0025 * Math.Cos(3 * position);
        if (velocity > MaxSpeed) velocity = MaxSpeed;
        if (velocity < -MaxSpeed) velocity = -MaxSpeed;
        position += velocity;
        if (position > MaxPosition) position = MaxPosition;
        if (position < MinPosition) position = MinPosition;
        if (position == MinPosition && velocity < 0) velocity = 0; // inelastic wall on the left

        bool terminated = position >= GoalPosition && velocity >= GoalVelocity;
        state[0] = (float)position;
        state[1] = (float)velocity;
        double reward = terminated ? 100.0 : 0.0;
        reward -= Math.Pow(a, 2) * 0.1;
        return new StepResult(reward, terminated, false);
    }

    private protected override void Project(ReadOnlySpan<double> state, Span<float> observation)
    {
        observation[0] = (float)state[0];
        observation[1] = (float)state[1];
    }
}
