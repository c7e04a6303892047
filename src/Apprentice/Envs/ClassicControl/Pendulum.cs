namespace Apprentice.Envs.ClassicControl;

/// <summary>
/// Inverted pendulum swing-up, as Gymnasium's <c>pendulum.py</c>: semi-implicit Euler with dt = 0.05,
/// torque clipped to ±2, angular velocity to ±8; theta = 0 is upright and is not wrapped in the state.
/// Reward <c>-(normalize(theta)² + 0.1·theta_dot² + 0.001·u²)</c> on the pre-step state; never terminates.
/// </summary>
public sealed class Pendulum : ClassicControlEnv
{
    private const double MaxSpeed = 8;
    private const float MaxTorque = 2.0f;
    private const double Dt = 0.05;
    private const double G = 10.0;
    private const double M = 1.0;
    private const double L = 1.0;

    private static readonly Box SharedObservationSpace = new([-1f, -1f, -(float)MaxSpeed], [1f, 1f, (float)MaxSpeed]);

    private static readonly Box SharedActionSpace = new(-MaxTorque, MaxTorque, 1);

    public Pendulum() : base(2, SharedObservationSpace, SharedActionSpace, ["cos_theta", "sin_theta", "angular_velocity"], ["torque"])
    {
    }

    /// <summary>Options <see cref="ResetOptions.XInit"/> and <see cref="ResetOptions.YInit"/> bound |theta| and |theta_dot|.</summary>
    private protected override void Draw(Span<double> state, Rng rng, ResetOptions? options)
    {
        if (options is not null && (options.Low is not null || options.High is not null))
            throw new ArgumentException("Pendulum takes reset bounds XInit/YInit, not Low/High");
        double x = options?.XInit ?? Math.PI, y = options?.YInit ?? 1.0;
        state[0] = rng.Uniform(-x, x);
        state[1] = rng.Uniform(-y, y);
    }

    private protected override StepResult Advance(Span<double> state, ReadOnlySpan<float> action)
    {
        double th = state[0], thDot = state[1];
        // Widened exactly to float64: the reference episodes show Gymnasium computing in float64 throughout.
        double u = Math.Clamp(action[0], -MaxTorque, MaxTorque);
        double normalized = AngleNormalize(th);
        double cost = normalized * normalized + 0.1 * (thDot * thDot) + 0.001 * (u * u);

        double newThDot = thDot + (3 * G / (2 * L) * Math.Sin(th) + 3.0 / (M * (L * L)) * u) * Dt;
        newThDot = Math.Clamp(newThDot, -MaxSpeed, MaxSpeed);
        state[0] = th + newThDot * Dt;
        state[1] = newThDot;
        return new StepResult(-cost, false, false);
    }

    private protected override void Project(ReadOnlySpan<double> state, Span<float> observation)
    {
        observation[0] = (float)Math.Cos(state[0]);
        observation[1] = (float)Math.Sin(state[0]);
        observation[2] = (float)state[1];
    }

    /// <summary>((x + π) mod 2π) − π with numpy's floored modulo (result takes the divisor's sign).</summary>
    private static double AngleNormalize(double x)
    {
        const double twoPi = 2 * Math.PI;
        double r = (x + Math.PI) % twoPi;
        if (r != 0 && r < 0) r += twoPi;
        else if (r == 0) r = 0.0;
        return r - Math.PI;
    }
}
