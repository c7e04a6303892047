namespace Apprentice.Envs.MuJoCo;

/// <summary>
/// Gymnasium's <c>Humanoid-v4</c> and <c>Humanoid-v5</c> (<c>humanoid_v4.py</c>, <c>humanoid_v5.py</c>; model after
/// Tassa, Erez &amp; Todorov 2012): a 3-d humanoid, frame skip 5 (dt = 0.015). Reward
/// <c>1.25·Δcom_x/dt + 5 − 0.1·Σctrl²</c> with the mass-weighted body CoM (xipos). Terminates unless 1 &lt; z &lt; 2.
/// v4 has no contact cost; obs (376): qpos[2:], qvel, cinert, cvel, qfrc_actuator, cfrc_ext, none clipped, world
/// rows included. v5 pays the healthy reward only while healthy, subtracts <c>min(5e-7·Σcfrc_ext², 10)</c>, and
/// leaves the world body's rows and the free joint's six actuator forces (always zero) out of the obs (348).
/// </summary>
public sealed class Humanoid : MuJoCoEnv
{
    private const double ForwardRewardWeight = 1.25;
    private const double HealthyReward = 5.0;
    private const double CtrlCostWeight = 0.1;
    private const double ResetNoise = 1e-2;
    private const double ContactCostWeight = 5e-7;
    private const double MaxContactCost = 10.0;

    private readonly double[] _bodyMass;
    private readonly double _totalMass;
    private readonly Box _observationSpace;
    private readonly int _firstBody; // v5 leaves the world body out of cinert, cvel and cfrc_ext
    private readonly int _firstActuatedDof; // and the free joint's six dofs out of qfrc_actuator

    public Humanoid(TaskVersion version = TaskVersion.V4) : base("humanoid", 5, nameof(Humanoid))
    {
        Version = version;
        MjModel m = Sim.Model;
        _bodyMass = m.Doubles("body_mass").ToArray();
        foreach (double mass in _bodyMass) _totalMass += mass;
        (_firstBody, _firstActuatedDof) = version == TaskVersion.V5 ? (1, 6) : (0, 0);
        int bodies = m.NBody - _firstBody;
        int size = m.Nq - 2 + m.Nv + 10 * bodies + 6 * bodies + (m.Nv - _firstActuatedDof) + 6 * bodies;
        _observationSpace = new Box(float.NegativeInfinity, float.PositiveInfinity, size);
    }

    public TaskVersion Version { get; }

    public override Box ObservationSpace => _observationSpace;

    private protected override string[] NameObservations() =>
    [
        .. StateNames(2),
        .. MjNames.PerBody(Model, "cinert", MjNames.Inertia, _firstBody),
        .. MjNames.PerBody(Model, "cvel", MjNames.Velocity, _firstBody),
        .. MjNames.Dofs(Model, "qfrc_actuator")[_firstActuatedDof..],
        .. MjNames.PerBody(Model, "cfrc_ext", MjNames.Wrench, _firstBody),
    ];

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

    /// <summary>v5's <c>min(5e-7·Σcfrc_ext², 10)</c>, from the last step's <c>mj_rnePostConstraint</c>.</summary>
    public double ContactCost => Math.Min(ContactCostWeight * MjSimulation.SumOfSquares(Sim.Data.CfrcExt), MaxContactCost);

    public override void Reset(Span<float> observation, int? seed = null) =>
        ResetNear(observation, seed, ResetNoise, gaussianVelocity: false);

    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        Sim.BeginStep(action, observation, _observationSpace);
        double xBefore = MassCenterX;
        Sim.DoSimulation(action);
        double xVelocity = (MassCenterX - xBefore) / Sim.Dt;
        bool healthy = IsHealthy;
        double reward = ForwardRewardWeight * xVelocity + Version.PaidHealthyReward(HealthyReward, healthy) - CtrlCostWeight * MjSimulation.SumOfSquares(Sim.Data.Ctrl);
        if (Version == TaskVersion.V5) reward -= ContactCost;
        Observe(observation);
        return new StepResult(reward, !healthy, false);
    }

    public override void Observe(Span<float> observation)
    {
        EnvChecks.Observation(observation, _observationSpace);
        MjData d = Sim.Data;
        int k = 0;
        ReadOnlySpan<double> qpos = d.Qpos;
        for (int i = 2; i < qpos.Length; i++) observation[k++] = (float)qpos[i];
        k = Append(d.Qvel, observation, k);
        k = Append(d.Cinert[(10 * _firstBody)..], observation, k);
        k = Append(d.Cvel[(6 * _firstBody)..], observation, k);
        k = Append(d.QfrcActuator[_firstActuatedDof..], observation, k);
        Append(d.CfrcExt[(6 * _firstBody)..], observation, k);
    }

    private static int Append(ReadOnlySpan<double> values, Span<float> observation, int k)
    {
        foreach (double v in values) observation[k++] = (float)v;
        return k;
    }
}
