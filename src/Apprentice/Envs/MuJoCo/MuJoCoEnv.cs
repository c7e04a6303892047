namespace Apprentice.Envs.MuJoCo;

/// <summary>
/// What every MuJoCo task shares: its simulation (one <see cref="MjData"/> on a shared model), the action space
/// from the actuators' control ranges, the raw state for tests (Gymnasium's <c>set_state</c> semantics), and
/// disposal. A task supplies its observation, reset noise and reward.
/// </summary>
public abstract class MuJoCoEnv : IStatefulEnv, IObservationNames, IActionNames
{
    private string[]? _observationNames, _actionNames;

    private protected MuJoCoEnv(string model, int frameSkip, string name)
    {
        Sim = new MjSimulation(model, frameSkip, name);
        Qpos = new double[Sim.Model.Nq];
        Qvel = new double[Sim.Model.Nv];
    }

    private protected MjSimulation Sim { get; }

    /// <summary>Scratch for the reset state (qpos, qvel) before <c>set_state</c>.</summary>
    private protected double[] Qpos { get; }

    private protected double[] Qvel { get; }

    public abstract Box ObservationSpace { get; }

    /// <summary>What each observation coordinate is, named after the model's joints and bodies.</summary>
    public IReadOnlyList<string> ObservationNames => _observationNames ??= NameObservations();

    private protected abstract string[] NameObservations();

    /// <summary>[qpos[skip:], qvel]'s names, the observation's start in the locomotion tasks.</summary>
    private protected string[] StateNames(int skip) => [.. MjNames.Qpos(Model)[skip..], .. MjNames.Dofs(Model, "qvel")];

    public Space ActionSpace => Sim.ActionSpace;

    /// <summary>What each action coordinate drives: <c>ctrl.</c> and its actuator's name (or its joint's).</summary>
    public IReadOnlyList<string> ActionNames => _actionNames ??= MjNames.Actuators(Model);

    public EnvSpec? Spec => null;

    /// <summary>The raw MuJoCo state, for reading derived quantities.</summary>
    public MjData Data => Sim.Data;

    /// <summary>The compiled model (shared by every copy of the task).</summary>
    public MjModel Model => Sim.Model;

    /// <summary>Physics steps per env step.</summary>
    public int FrameSkip => Sim.FrameSkip;

    /// <summary>opt.timestep · frame skip.</summary>
    public double Dt => Sim.Dt;

    /// <summary>concat(qpos, qvel); setting it runs <c>mj_forward</c>, as Gymnasium's <c>set_state</c>.</summary>
    public double[] State
    {
        get => Sim.State;
        set => Sim.State = value;
    }

    public abstract void Reset(Span<float> observation, int? seed = null);

    /// <summary>
    /// Gymnasium's reset for the locomotion tasks: qpos = init + U(−noise, noise), qvel = init + U(−noise, noise)
    /// or, with <paramref name="gaussianVelocity"/>, init + noise·N(0, 1); then the first observation.
    /// </summary>
    private protected void ResetNear(Span<float> observation, int? seed, double noise, bool gaussianVelocity)
    {
        EnvChecks.Observation(observation, ObservationSpace);
        Sim.BeginReset(seed);
        Sim.AddUniform(Sim.InitQpos, -noise, noise, Qpos);
        if (gaussianVelocity) Sim.AddGaussian(Sim.InitQvel, noise, Qvel);
        else Sim.AddUniform(Sim.InitQvel, -noise, noise, Qvel);
        Sim.SetState(Qpos, Qvel);
        Observe(observation);
    }

    public abstract StepResult Step(ReadOnlySpan<float> action, Span<float> observation);

    public abstract void Observe(Span<float> observation);

    public void Dispose() => Sim.Dispose();
}
