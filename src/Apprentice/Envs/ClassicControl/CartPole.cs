namespace Apprentice.Envs.ClassicControl;

/// <summary>
/// Cart-pole balancing (Barto, Sutton &amp; Anderson 1983), as Gymnasium's <c>cartpole.py</c>: explicit Euler
/// on the Florian (2007) equations, +1 per step including the terminating one.
/// State <c>[x, x_dot, theta, theta_dot]</c>; action 0 pushes left, 1 right.
/// </summary>
public sealed class CartPole : ClassicControlEnv
{
    private const double Gravity = 9.8;
    private const double MassCart = 1.0;
    private const double MassPole = 0.1;
    private const double TotalMass = MassPole + MassCart;
    private const double Length = 0.5; // half the pole's length
    private const double PoleMassLength = MassPole * Length;
    private const double ForceMag = 10.0;
    private const double Tau = 0.02;
    private const double XThreshold = 2.4;
    private static readonly double ThetaThresholdRadians = 12 * 2 * Math.PI / 360;

    private static readonly Box SharedObservationSpace = new(
        [-(float)(XThreshold * 2), float.NegativeInfinity, -(float)(ThetaThresholdRadians * 2), float.NegativeInfinity],
        [(float)(XThreshold * 2), float.PositiveInfinity, (float)(ThetaThresholdRadians * 2), float.PositiveInfinity]);

    private static readonly Discrete SharedActionSpace = new(2);

    private bool _terminatedBefore;

    public CartPole() : base(4, SharedObservationSpace, SharedActionSpace,
        ["cart_position", "cart_velocity", "pole_angle", "pole_angular_velocity"], ["push_left", "push_right"])
    {
    }

    private protected override void Draw(Span<double> state, Rng rng, ResetOptions? options)
    {
        var (low, high) = EnvChecks.Bounds(options, -0.05, 0.05, nameof(CartPole));
        for (int i = 0; i < 4; i++) state[i] = rng.Uniform(low, high);
        _terminatedBefore = false;
    }

    private protected override StepResult Advance(Span<double> state, ReadOnlySpan<float> action)
    {
        int a = SharedActionSpace.IndexOf(action);
        double x = state[0], xDot = state[1], theta = state[2], thetaDot = state[3];
        double force = a == 1 ? ForceMag : -ForceMag;
        double cosTheta = Math.Cos(theta);
        double sinTheta = Math.Sin(theta);
        double temp = (force + PoleMassLength * (thetaDot * thetaDot) * sinTheta) / TotalMass;
        double thetaAcc = (Gravity * sinTheta - cosTheta * temp)
            / (Length * (4.0 / 3.0 - MassPole * (cosTheta * cosTheta) / TotalMass));
        double xAcc = temp - PoleMassLength * thetaAcc * cosTheta / TotalMass;

        // Explicit Euler: positions advance with the old velocities.
        state[0] = x + Tau * xDot;
        state[1] = xDot + Tau * xAcc;
        state[2] = theta + Tau * thetaDot;
        state[3] = thetaDot + Tau * thetaAcc;

        bool terminated = state[0] < -XThreshold || state[0] > XThreshold
            || state[2] < -ThetaThresholdRadians || state[2] > ThetaThresholdRadians;
        double reward = 1.0;
        if (terminated)
        {
            // Gymnasium pays the terminating step and 0 for any step taken after it.
            if (_terminatedBefore) reward = 0.0;
            _terminatedBefore = true;
        }
        return new StepResult(reward, terminated, false);
    }

    private protected override void Project(ReadOnlySpan<double> state, Span<float> observation)
    {
        for (int i = 0; i < 4; i++) observation[i] = (float)state[i];
    }
}
