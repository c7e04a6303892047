namespace Apprentice.Envs.MuJoCo;

/// <summary>
/// What the MuJoCo tasks share, as Gymnasium's <c>MujocoEnv</c> (<c>mujoco_env.py</c>): one <see cref="MjData"/>
/// on a shared model, the initial state taken right after the data is made, the action box from
/// <c>actuator_ctrlrange</c>, <c>dt = timestep · frameSkip</c>, <c>do_simulation</c> and <c>set_state</c>.
/// </summary>
internal sealed class MjSimulation : IDisposable
{
    private readonly double[] _ctrl;
    private readonly double[] _initQpos;
    private readonly double[] _initQvel;
    private readonly string _env;
    private bool _hasReset;

    public MjSimulation(string modelName, int frameSkip, string env)
    {
        Model = MuJoCoModels.Shared(modelName);
        Data = new MjData(Model);
        FrameSkip = frameSkip;
        Dt = Model.Timestep * frameSkip;
        _env = env;
        _ctrl = new double[Model.Nu];
        _initQpos = Data.Qpos.ToArray();
        _initQvel = Data.Qvel.ToArray();
        ReadOnlySpan<double> range = Model.Doubles("actuator_ctrlrange");
        var low = new float[Model.Nu];
        var high = new float[Model.Nu];
        for (int i = 0; i < Model.Nu; i++)
        {
            low[i] = (float)range[2 * i];
            high[i] = (float)range[2 * i + 1];
        }
        ActionSpace = new Box(low, high);
    }

    public MjModel Model { get; }

    public MjData Data { get; }

    public int FrameSkip { get; }

    public double Dt { get; }

    public Box ActionSpace { get; }

    public Rng Rng { get; private set; } = null!;

    public ReadOnlySpan<double> InitQpos => _initQpos;

    public ReadOnlySpan<double> InitQvel => _initQvel;

    /// <summary>concat(qpos, qvel), Gymnasium's <c>state_vector()</c>.</summary>
    public double[] State
    {
        get => [.. Data.Qpos, .. Data.Qvel];
        set
        {
            EnvChecks.StateLength(value, Model.Nq + Model.Nv, _env);
            if (Data.Faulted) Data.Reset();
            Data.SetState(value.AsSpan(0, Model.Nq), value.AsSpan(Model.Nq));
            _hasReset = true;
        }
    }

    /// <summary>Seeds (or continues) the noise stream and runs <c>mj_resetData</c>; the task then draws its noise and calls <see cref="SetState"/>.</summary>
    public void BeginReset(int? seed)
    {
        Rng = EnvChecks.Seed(Rng, seed);
        Data.Reset();
        _hasReset = true;
    }

    public void SetState(ReadOnlySpan<double> qpos, ReadOnlySpan<double> qvel) => Data.SetState(qpos, qvel);

    /// <summary>Fills <paramref name="destination"/> with init + U(low, high), one draw per entry in order.</summary>
    public void AddUniform(ReadOnlySpan<double> init, double low, double high, Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = init[i] + Rng.Uniform(low, high);
    }

    /// <summary>Fills <paramref name="destination"/> with init + scale·N(0, 1), one draw per entry in order.</summary>
    public void AddGaussian(ReadOnlySpan<double> init, double scale, Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = init[i] + scale * Rng.NextGaussian();
    }

    /// <summary>Checks the buffers and that the env was reset, as every task's Step does first.</summary>
    public void BeginStep(ReadOnlySpan<float> action, Span<float> observation, Box observationSpace)
    {
        EnvChecks.Action(action, ActionSpace);
        EnvChecks.Observation(observation, observationSpace);
        if (!_hasReset) throw EnvChecks.NotReset(_env);
    }

    /// <summary>Gymnasium's <c>do_simulation(action, frame_skip)</c>; the action is widened to float64 and not clipped.</summary>
    public void DoSimulation(ReadOnlySpan<float> action)
    {
        for (int i = 0; i < _ctrl.Length; i++) _ctrl[i] = action[i];
        Data.Simulate(_ctrl, FrameSkip);
    }

    /// <summary>Σa², in float64 (squares of float32 values are exact there); Gymnasium sums in float32.</summary>
    public static double SumOfSquares(ReadOnlySpan<float> action)
    {
        double sum = 0;
        foreach (float a in action) sum += (double)a * a;
        return sum;
    }

    /// <summary>Σx² of raw MuJoCo values (ctrl, contact forces).</summary>
    public static double SumOfSquares(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (double v in values) sum += v * v;
        return sum;
    }

    public void Dispose() => Data.Dispose();
}
