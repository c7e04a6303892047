namespace Apprentice.Envs.MuJoCo;

/// <summary>
/// Gymnasium's <c>Ant-v4</c> and <c>Ant-v5</c> (<c>ant_v4.py</c>, <c>ant_v5.py</c>; model after Schulman et al. 2015):
/// a four-legged robot on a free joint, frame skip 5 (dt = 0.05). Reward <c>Δx_torso/dt + 1 − 0.5·Σa²</c> with the
/// torso's body-frame xpos; terminates unless the state is finite and 0.2 ≤ z ≤ 1. Obs: qpos[2:], qvel (27).
/// v4: with <c>useContactForces</c> the obs appends clip(cfrc_ext, ±1) of every body, the world's included (84 more:
/// 111, the GAIL paper's Ant-v1 layout), and the reward subtracts <c>5e-4·Σclip(cfrc_ext, ±1)²</c>.
/// v5: the contact cost is always charged and the healthy reward paid only while healthy; <c>useContactForces</c>
/// (Gymnasium's <c>include_cfrc_ext_in_observation</c>, on for <c>Ant-v5</c>) appends the clipped forces of every
/// body but the world (78 more: 105).
/// </summary>
public sealed class Ant : MuJoCoEnv
{
    private const double HealthyReward = 1.0;
    private const double CtrlCostWeight = 0.5;
    private const double ContactCostWeight = 5e-4;
    private const double ResetNoise = 0.1;

    private readonly int _torso;
    private readonly int _firstForceRow;
    private readonly Box _observationSpace;

    /// <param name="useContactForces">v4: Gymnasium's <c>use_contact_forces</c>, the 111-d obs and the contact cost; v5: the forces in the obs only.</param>
    /// <param name="version">Gymnasium's v4 or v5 definitions.</param>
    public Ant(bool useContactForces = false, TaskVersion version = TaskVersion.V4) : base("ant", 5, nameof(Ant))
    {
        UseContactForces = useContactForces;
        Version = version;
        _torso = Sim.Model.Id(MjObject.Body, "torso");
        _firstForceRow = version == TaskVersion.V5 ? 1 : 0; // v5 leaves out the world body's row, always zero
        int size = Sim.Model.Nq - 2 + Sim.Model.Nv + (useContactForces ? 6 * (Sim.Model.NBody - _firstForceRow) : 0);
        _observationSpace = new Box(float.NegativeInfinity, float.PositiveInfinity, size);
    }

    public bool UseContactForces { get; }

    public TaskVersion Version { get; }

    public override Box ObservationSpace => _observationSpace;

    private protected override string[] NameObservations() =>
        [.. StateNames(2), .. UseContactForces ? MjNames.PerBody(Model, "cfrc_ext", MjNames.Wrench, _firstForceRow) : []];

    public bool IsHealthy
    {
        get
        {
            foreach (double q in Sim.Data.Qpos) if (!double.IsFinite(q)) return false;
            foreach (double v in Sim.Data.Qvel) if (!double.IsFinite(v)) return false;
            double z = Sim.Data.Qpos[2];
            return z >= 0.2 && z <= 1.0;
        }
    }

    /// <summary><c>5e-4·Σclip(cfrc_ext, ±1)²</c>, from the last step's <c>mj_rnePostConstraint</c>.</summary>
    public double ContactCost
    {
        get
        {
            double sum = 0;
            foreach (double f in Sim.Data.CfrcExt)
            {
                double c = Math.Clamp(f, -1.0, 1.0);
                sum += c * c;
            }
            return ContactCostWeight * sum;
        }
    }

    public override void Reset(Span<float> observation, int? seed = null) =>
        ResetNear(observation, seed, ResetNoise, gaussianVelocity: true);

    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        Sim.BeginStep(action, observation, _observationSpace);
        double xBefore = Sim.Data.Xpos[3 * _torso];
        Sim.DoSimulation(action);
        double xVelocity = (Sim.Data.Xpos[3 * _torso] - xBefore) / Sim.Dt;
        bool healthy = IsHealthy;
        double reward = xVelocity + Version.PaidHealthyReward(HealthyReward, healthy) - CtrlCostWeight * MjSimulation.SumOfSquares(action);
        if (UseContactForces || Version == TaskVersion.V5) reward -= ContactCost;
        Observe(observation);
        return new StepResult(reward, !healthy, false);
    }

    public override void Observe(Span<float> observation)
    {
        EnvChecks.Observation(observation, _observationSpace);
        ReadOnlySpan<double> qpos = Sim.Data.Qpos, qvel = Sim.Data.Qvel;
        int k = 0;
        for (int i = 2; i < qpos.Length; i++) observation[k++] = (float)qpos[i];
        foreach (double v in qvel) observation[k++] = (float)v;
        if (!UseContactForces) return;
        foreach (double f in Sim.Data.CfrcExt[(6 * _firstForceRow)..]) observation[k++] = (float)Math.Clamp(f, -1.0, 1.0);
    }
}
