namespace Apprentice.Envs.MuJoCo;

/// <summary>
/// Gymnasium's <c>Humanoid-v4</c> (<c>humanoid_v4.py</c>; model after Tassa, Erez &amp; Todorov 2012): a 3-d
/// humanoid, frame skip 5 (dt = 0.015). Reward <c>1.25·Δcom_x/dt + 5 − 0.1·Σctrl²</c> with the mass-weighted
/// body CoM (xipos); v4 has no contact cost. Terminates unless 1 &lt; z &lt; 2.
/// Obs (376): qpos[2:], qvel, cinert, cvel, qfrc_actuator, cfrc_ext, none clipped, world rows included.
/// </summary>
public sealed class Humanoid : IStatefulEnv
{
    private const double ForwardRewardWeight = 1.25;
    private const double HealthyReward = 5.0;
    private const double CtrlCostWeight = 0.1;
    private const double ResetNoise = 1e-2;

    private readonly MjSimulation _sim;
    private readonly double[] _qpos;
    private readonly double[] _qvel;
    private readonly double[] _bodyMass;
    private readonly double _totalMass;
    private readonly Box _observationSpace;

    public Humanoid()
    {
        _sim = new MjSimulation("humanoid", 5, nameof(Humanoid));
        MjModel m = _sim.Model;
        _qpos = new double[m.Nq];
        _qvel = new double[m.Nv];
        _bodyMass = m.Doubles("body_mass").ToArray();
        foreach (double mass in _bodyMass) _totalMass += mass;
        int size = m.Nq - 2 + m.Nv + 10 * m.NBody + 6 * m.NBody + m.Nv + 6 * m.NBody;
        _observationSpace = new Box(float.NegativeInfinity, float.PositiveInfinity, size);
    }

    public Box ObservationSpace => _observationSpace;

    public Space ActionSpace => _sim.ActionSpace;

    public EnvSpec? Spec => null;

    /// <summary>The raw MuJoCo state, for reading derived quantities.</summary>
    public MjData Data => _sim.Data;

    /// <summary>opt.timestep · frame skip.</summary>
    public double Dt => _sim.Dt;

    /// <summary>concat(qpos, qvel); setting it runs <c>mj_forward</c>, as Gymnasium's <c>set_state</c>.</summary>
    public double[] State
    {
        get => _sim.State;
        set => _sim.State = value;
    }

    public bool IsHealthy => _sim.Data.Qpos[2] > 1.0 && _sim.Data.Qpos[2] < 2.0;

    /// <summary>x of Σ body_mass·xipos / Σ body_mass (Gymnasium's <c>mass_center</c>).</summary>
    public double MassCenterX
    {
        get
        {
            ReadOnlySpan<double> xipos = _sim.Data.Xipos;
            double sum = 0;
            for (int b = 0; b < _bodyMass.Length; b++) sum += _bodyMass[b] * xipos[3 * b];
            return sum / _totalMass;
        }
    }

    public void Reset(Span<float> observation, int? seed = null)
    {
        EnvChecks.Observation(observation, _observationSpace);
        _sim.BeginReset(seed);
        _sim.AddUniform(_sim.InitQpos, -ResetNoise, ResetNoise, _qpos);
        _sim.AddUniform(_sim.InitQvel, -ResetNoise, ResetNoise, _qvel);
        _sim.SetState(_qpos, _qvel);
        Observe(observation);
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        _sim.BeginStep(action, observation, _observationSpace);
        double xBefore = MassCenterX;
        _sim.DoSimulation(action);
        double xVelocity = (MassCenterX - xBefore) / _sim.Dt;
        double ctrlCost = 0;
        foreach (double c in _sim.Data.Ctrl) ctrlCost += c * c;
        double reward = ForwardRewardWeight * xVelocity + HealthyReward - CtrlCostWeight * ctrlCost;
        Observe(observation);
        return new StepResult(reward, !IsHealthy, false);
    }

    public void Observe(Span<float> observation)
    {
        EnvChecks.Observation(observation, _observationSpace);
        MjData d = _sim.Data;
        int k = 0;
        ReadOnlySpan<double> qpos = d.Qpos;
        for (int i = 2; i < qpos.Length; i++) observation[k++] = (float)qpos[i];
        k = Append(d.Qvel, observation, k);
        k = Append(d.Cinert, observation, k);
        k = Append(d.Cvel, observation, k);
        k = Append(d.QfrcActuator, observation, k);
        Append(d.CfrcExt, observation, k);
    }

    public void Dispose() => _sim.Dispose();

    private static int Append(ReadOnlySpan<double> values, Span<float> observation, int k)
    {
        foreach (double v in values) observation[k++] = (float)v;
        return k;
    }
}
