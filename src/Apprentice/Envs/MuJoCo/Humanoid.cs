namespace Apprentice.Envs.MuJoCo;

/// <summary>
/// Gymnasium's <c>Humanoid-v4</c> (<c>humanoid_v4.py</c>; model after Tassa, Erez &amp; Todorov 2012): a 3-d
/// humanoid, frame skip 5 (dt = 0.015). Reward <c>1.25·Δcom_x/dt + 5 − 0.1·Σctrl²</c> with the mass-weighted
/// body CoM (xipos); v4 has no contact cost. Terminates unless 1 &lt; z &lt; 2.
/// Obs (376): qpos[2:], qvel, cinert, cvel, qfrc_actuator, cfrc_ext, none clipped, world rows included.
/// </summary>
public sealed class Humanoid : MuJoCoEnv
{
    private const double ForwardRewardWeight = 1.25;
    private const double HealthyReward = 5.0;
    private const double CtrlCostWeight = 0.1;
    private const double ResetNoise = 1e-2;

    private readonly double[] _bodyMass;
    private readonly double _totalMass;
    private readonly Box _observationSpace;

    public Humanoid() : base("humanoid", 5, nameof(Humanoid))
    {
        MjModel m = Sim.Model;
        _bodyMass = m.Doubles("body_mass").ToArray();
        foreach (double mass in _bodyMass) _totalMass += mass;
        int size = m.Nq - 2 + m.Nv + 10 * m.NBody + 6 * m.NBody + m.Nv + 6 * m.NBody;
        _observationSpace = new Box(float.NegativeInfinity, float.PositiveInfinity, size);
    }

    public override Box ObservationSpace => _observationSpace;

    public bool IsHealthy => Sim.Data.Qpos[2] > 1.0 && Sim.Data.Qpos[2] < 2.0;

    /// <summary>x of Σ body_mass·xipos / Σ body_mass (Gymnasium's <c>mass_center</c>).</summary>
    public double MassCenterX
    {
        get
        {
            ReadOnlySpan<double> xipos = Sim.Data.Xipos;
            double sum = 0;
            for (int b = 0; b < _bodyMass.Length; b++) sum += _bodyMass[b] * xipos[3 * b];
            return sum / _totalMass;
        }
    }

    public override void Reset(Span<float> observation, int? seed = null) =>
        ResetNear(observation, seed, ResetNoise, gaussianVelocity: false);

    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        Sim.BeginStep(action, observation, _observationSpace);
        double xBefore = MassCenterX;
        Sim.DoSimulation(action);
        double xVelocity = (MassCenterX - xBefore) / Sim.Dt;
        double ctrlCost = 0;
        foreach (double c in Sim.Data.Ctrl) ctrlCost += c * c;
        double reward = ForwardRewardWeight * xVelocity + HealthyReward - CtrlCostWeight * ctrlCost;
        Observe(observation);
        return new StepResult(reward, !IsHealthy, false);
    }

    public override void Observe(Span<float> observation)
    {
        EnvChecks.Observation(observation, _observationSpace);
        MjData d = Sim.Data;
        int k = 0;
        ReadOnlySpan<double> qpos = d.Qpos;
        for (int i = 2; i < qpos.Length; i++) observation[k++] = (float)qpos[i];
        k = Append(d.Qvel, observation, k);
        k = Append(d.Cinert, observation, k);
        k = Append(d.Cvel, observation, k);
        k = Append(d.QfrcActuator, observation, k);
        Append(d.CfrcExt, observation, k);
    }

    private static int Append(ReadOnlySpan<double> values, Span<float> observation, int k)
    {
        foreach (double v in values) observation[k++] = (float)v;
        return k;
    }
}
