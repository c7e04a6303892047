namespace Apprentice.Envs.ClassicControl;

/// <summary>
/// Acrobot swing-up (Sutton 1996; Sutton &amp; Barto 1998 "book" dynamics), as Gymnasium's <c>acrobot.py</c>:
/// one classical RK4 step of dt = 0.2 per action, then angles wrapped to [-π, π] and velocities clipped.
/// State <c>[theta1, theta2, dtheta1, dtheta2]</c>, theta1 = 0 hanging down, theta2 relative to link 1;
/// actions 0, 1, 2 apply torque -1, 0, +1 at the joint. Reward -1 per step, 0 on the terminating one.
/// </summary>
public sealed class Acrobot : ClassicControlEnv
{
    private const double Dt = 0.2;
    private const double LinkLength1 = 1.0;
    private const double LinkMass1 = 1.0;
    private const double LinkMass2 = 1.0;
    private const double LinkComPos1 = 0.5;
    private const double LinkComPos2 = 0.5;
    private const double LinkMoi = 1.0;
    private const double G = 9.8;
    private const double MaxVel1 = 4 * Math.PI;
    private const double MaxVel2 = 9 * Math.PI;

    private static readonly Box SharedObservationSpace = new(
        [-1f, -1f, -1f, -1f, -(float)MaxVel1, -(float)MaxVel2],
        [1f, 1f, 1f, 1f, (float)MaxVel1, (float)MaxVel2]);

    private static readonly Discrete SharedActionSpace = new(3);

    public Acrobot() : base(4, SharedObservationSpace, SharedActionSpace,
        ["cos_theta1", "sin_theta1", "cos_theta2", "sin_theta2", "theta1_velocity", "theta2_velocity"], ["torque_-1", "torque_0", "torque_+1"])
    {
    }

    private protected override void Draw(Span<double> state, Rng rng, ResetOptions? options)
    {
        var (low, high) = EnvChecks.Bounds(options, -0.1, 0.1, nameof(Acrobot));
        // Gymnasium casts the drawn state to float32; it becomes float64 again after the first step.
        for (int i = 0; i < 4; i++) state[i] = (float)rng.Uniform(low, high);
    }

    private protected override StepResult Advance(Span<double> state, ReadOnlySpan<float> action)
    {
        double torque = SharedActionSpace.IndexOf(action) - 1;
        Span<double> y = stackalloc double[4];
        Span<double> k1 = stackalloc double[4];
        Span<double> k2 = stackalloc double[4];
        Span<double> k3 = stackalloc double[4];
        Span<double> k4 = stackalloc double[4];
        Span<double> yi = stackalloc double[4];
        state.CopyTo(y);

        // rk4(derivs, y0, [0, dt]): the torque rides along as a fifth state entry with zero derivative.
        const double h = Dt - 0.0;
        const double h2 = h / 2.0;
        Derivatives(y, torque, k1);
        for (int i = 0; i < 4; i++) yi[i] = y[i] + h2 * k1[i];
        Derivatives(yi, torque, k2);
        for (int i = 0; i < 4; i++) yi[i] = y[i] + h2 * k2[i];
        Derivatives(yi, torque, k3);
        for (int i = 0; i < 4; i++) yi[i] = y[i] + h * k3[i];
        Derivatives(yi, torque, k4);
        for (int i = 0; i < 4; i++) y[i] = y[i] + h / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);

        state[0] = Wrap(y[0], -Math.PI, Math.PI);
        state[1] = Wrap(y[1], -Math.PI, Math.PI);
        state[2] = Math.Min(Math.Max(y[2], -MaxVel1), MaxVel1);
        state[3] = Math.Min(Math.Max(y[3], -MaxVel2), MaxVel2);

        bool terminated = -Math.Cos(state[0]) - Math.Cos(state[1] + state[0]) > 1.0;
        return new StepResult(terminated ? 0.0 : -1.0, terminated, false);
    }

    private protected override void Project(ReadOnlySpan<double> state, Span<float> observation)
    {
        observation[0] = (float)Math.Cos(state[0]);
        observation[1] = (float)Math.Sin(state[0]);
        observation[2] = (float)Math.Cos(state[1]);
        observation[3] = (float)Math.Sin(state[1]);
        observation[4] = (float)state[2];
        observation[5] = (float)state[3];
    }

    /// <summary>Sutton &amp; Barto's "book" equations; term order follows Gymnasium's <c>_dsdt</c>.</summary>
    private static void Derivatives(ReadOnlySpan<double> s, double a, Span<double> ds)
    {
        const double m1 = LinkMass1, m2 = LinkMass2, l1 = LinkLength1;
        const double lc1 = LinkComPos1, lc2 = LinkComPos2, i1 = LinkMoi, i2 = LinkMoi;
        double theta1 = s[0], theta2 = s[1], dtheta1 = s[2], dtheta2 = s[3];
        double cos2 = Math.Cos(theta2), sin2 = Math.Sin(theta2);
        double d1 = m1 * (lc1 * lc1) + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * cos2) + i1 + i2;
        double d2 = m2 * (lc2 * lc2 + l1 * lc2 * cos2) + i2;
        double phi2 = m2 * lc2 * G * Math.Cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -m2 * l1 * lc2 * (dtheta2 * dtheta2) * sin2
            - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sin2
            + (m1 * lc1 + m2 * l1) * G * Math.Cos(theta1 - Math.PI / 2)
            + phi2;
        double ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * sin2 - phi2)
            / (m2 * (lc2 * lc2) + i2 - d2 * d2 / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        ds[0] = dtheta1;
        ds[1] = dtheta2;
        ds[2] = ddtheta1;
        ds[3] = ddtheta2;
    }

    private static double Wrap(double x, double m, double M)
    {
        double diff = M - m;
        while (x > M) x -= diff;
        while (x < m) x += diff;
        return x;
    }
}
