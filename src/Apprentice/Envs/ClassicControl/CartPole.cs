namespace Apprentice.Envs.ClassicControl;

/// <summary>
/// Cart-pole balancing (Barto, Sutton &amp; Anderson 1983), as Gymnasium's <c>cartpole.py</c>: explicit Euler
/// on the Florian (2007) equations, +1 per step including the terminating one.
/// State <c>[x, x_dot, theta, theta_dot]</c>; action 0 pushes left, 1 right.
/// </summary>
public sealed class CartPole : IStatefulEnv
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

    private readonly double[] _state = new double[4];
    private Rng? _rng;
    private bool _hasState;
    private bool _terminatedBefore;

    public Box ObservationSpace => SharedObservationSpace;

    public Space ActionSpace => SharedActionSpace;

    public EnvSpec? Spec => null;

    /// <summary>The float64 state <c>[x, x_dot, theta, theta_dot]</c>, like Gymnasium's <c>env.unwrapped.state</c>.</summary>
    public double[] State
    {
        get => (double[])_state.Clone();
        set
        {
            EnvChecks.StateLength(value, 4, nameof(CartPole));
            value.CopyTo(_state, 0);
            _hasState = true;
        }
    }

    public void Reset(Span<float> observation, int? seed = null) => Reset(observation, seed, null);

    public void Reset(Span<float> observation, int? seed, ResetOptions? options)
    {
        EnvChecks.Observation(observation, SharedObservationSpace);
        var (low, high) = EnvChecks.Bounds(options, -0.05, 0.05, nameof(CartPole));
        _rng = EnvChecks.Seed(_rng, seed);
        for (int i = 0; i < 4; i++) _state[i] = _rng.Uniform(low, high);
        _hasState = true;
        _terminatedBefore = false;
        Observe(observation);
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        int a = SharedActionSpace.IndexOf(action);
        EnvChecks.Observation(observation, SharedObservationSpace);
        if (!_hasState) throw EnvChecks.NotReset(nameof(CartPole));

        double x = _state[0], xDot = _state[1], theta = _state[2], thetaDot = _state[3];
        double force = a == 1 ? ForceMag : -ForceMag;
        double cosTheta = Math.Cos(theta);
        double sinTheta = Math.Sin(theta);
        double temp = (force + PoleMassLength * (thetaDot * thetaDot) * sinTheta) / TotalMass;
        double thetaAcc = (Gravity * sinTheta - cosTheta * temp)
            / (Length * (4.0 / 3.0 - MassPole * (cosTheta * cosTheta) / TotalMass));
        double xAcc = temp - PoleMassLength * thetaAcc * cosTheta / TotalMass;

        // Explicit Euler: positions advance with the old velocities.
        _state[0] = x + Tau * xDot;
        _state[1] = xDot + Tau * xAcc;
        _state[2] = theta + Tau * thetaDot;
        _state[3] = thetaDot + Tau * thetaAcc;

        bool terminated = _state[0] < -XThreshold || _state[0] > XThreshold
            || _state[2] < -ThetaThresholdRadians || _state[2] > ThetaThresholdRadians;
        double reward = 1.0;
        if (terminated)
        {
            // Gymnasium pays the terminating step and 0 for any step taken after it.
            if (_terminatedBefore) reward = 0.0;
            _terminatedBefore = true;
        }
        Observe(observation);
        return new StepResult(reward, terminated, false);
    }

    public void Observe(Span<float> observation)
    {
        EnvChecks.Observation(observation, SharedObservationSpace);
        for (int i = 0; i < 4; i++) observation[i] = (float)_state[i];
    }

    public void Dispose()
    {
    }
}
