namespace Apprentice.Envs.ClassicControl;

/// <summary>
/// Mountain car with three discrete actions (Moore 1990), as Gymnasium's <c>mountain_car.py</c>.
/// State <c>[position, velocity]</c>; actions 0, 1, 2 push left, not at all, right. Reward -1 per step,
/// including the one that reaches the goal (position ≥ 0.5 with non-negative velocity).
/// </summary>
public sealed class MountainCar : ClassicControlEnv
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

    public MountainCar() : base(2, SharedObservationSpace, SharedActionSpace,
        ["position", "velocity"], ["accelerate_left", "no_acceleration", "accelerate_right"])
    {
    }

    private protected override void Draw(Span<double> state, Rng rng, ResetOptions? options)
    {
        var (low, high) = EnvChecks.Bounds(options, -0.6, -0.4, nameof(MountainCar));
        state[0] = rng.Uniform(low, high);
        state[1] = 0;
    }

    private protected override StepResult Advance(Span<double> state, ReadOnlySpan<float> action)
    {
        int a = SharedActionSpace.IndexOf(action);
        double position = state[0], velocity = state[1];
        velocity += (a - 1) * Force + Math.Cos(3 * position) * -Gravity;
        velocity = Math.Clamp(velocity, -MaxSpeed, MaxSpeed);
        position += velocity;
        position = Math.Clamp(position, MinPosition, MaxPosition);
        if (position == MinPosition && velocity < 0) velocity = 0; // inelastic wall on the left

        bool terminated = position >= GoalPosition && velocity >= GoalVelocity;
        state[0] = position;
        state[1] = velocity;
        return new StepResult(-1.0, terminated, false);
    }

    private protected override void Project(ReadOnlySpan<double> state, Span<float> observation)
    {
        observation[0] = (float)state[0];
        observation[1] = (float)state[1];
    }
}
