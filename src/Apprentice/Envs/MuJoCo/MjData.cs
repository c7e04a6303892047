namespace Apprentice.Envs.MuJoCo;

/// <summary>
/// The simulation state of one <see cref="MjModel"/> (<c>mjData</c>): one per env instance, used by one thread at
/// a time. The spans view MuJoCo's own arrays (no copies) and stay valid until <see cref="Dispose"/>.
/// </summary>
/// <remarks>
/// A MuJoCo error inside a call becomes <see cref="MuJoCoException"/>; the data is then mid-call, so every
/// simulating call refuses to run until <see cref="Reset"/>. MuJoCo's warnings (notably the NaN/Inf or huge
/// state it silently replaces by <c>qpos0</c>) are counted in <see cref="Warnings"/> and kept in
/// <see cref="LastWarning"/>.
/// </remarks>
public sealed unsafe class MjData : IDisposable
{
    private readonly MjModel _model;
    private readonly IntPtr _modelHandle;
    private IntPtr _handle;
    private readonly double* _qpos, _qvel, _ctrl, _xpos, _xipos, _cinert, _cvel, _qfrcActuator, _cfrcExt;
    private bool _faulted;

    public MjData(MjModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.AddUser();
        _model = model;
        _modelHandle = model.Handle;
        try
        {
            MjNative.Check(MjNative.apm_make_data(_modelHandle, out _handle), "mj_makeData");
        }
        catch
        {
            model.RemoveUser();
            throw;
        }
        _qpos = Pointer("qpos");
        _qvel = Pointer("qvel");
        _ctrl = Pointer("ctrl");
        _xpos = Pointer("xpos");
        _xipos = Pointer("xipos");
        _cinert = Pointer("cinert");
        _cvel = Pointer("cvel");
        _qfrcActuator = Pointer("qfrc_actuator");
        _cfrcExt = Pointer("cfrc_ext");
    }

    ~MjData()
    {
        Release();
    }

    public MjModel Model => _model;

    /// <summary>Generalized positions, [nq].</summary>
    public Span<double> Qpos => new(Live(_qpos), _model.Nq);

    /// <summary>Generalized velocities, [nv].</summary>
    public Span<double> Qvel => new(Live(_qvel), _model.Nv);

    /// <summary>Controls, [nu]; MuJoCo clamps a copy to ctrlrange when it applies them and leaves these as written.</summary>
    public Span<double> Ctrl => new(Live(_ctrl), _model.Nu);

    /// <summary>Body-frame origins in world coordinates, [nbody·3] (Gymnasium's <c>get_body_com</c>).</summary>
    public ReadOnlySpan<double> Xpos => new(Live(_xpos), _model.NBody * 3);

    /// <summary>Body centres of mass in world coordinates, [nbody·3].</summary>
    public ReadOnlySpan<double> Xipos => new(Live(_xipos), _model.NBody * 3);

    /// <summary>Body inertias in the CoM frame, [nbody·10].</summary>
    public ReadOnlySpan<double> Cinert => new(Live(_cinert), _model.NBody * 10);

    /// <summary>Body velocities in the CoM frame, [nbody·6], rotation first.</summary>
    public ReadOnlySpan<double> Cvel => new(Live(_cvel), _model.NBody * 6);

    /// <summary>Actuator forces in joint space, [nv].</summary>
    public ReadOnlySpan<double> QfrcActuator => new(Live(_qfrcActuator), _model.Nv);

    /// <summary>External (contact) wrenches per body, [nbody·6], torque first; filled by <see cref="RnePostConstraint"/>.</summary>
    public ReadOnlySpan<double> CfrcExt => new(Live(_cfrcExt), _model.NBody * 6);

    /// <summary>Simulation time, in seconds.</summary>
    public double Time => MjNative.apm_time(Handle);

    /// <summary>Warnings MuJoCo raised on this data since the last <see cref="Reset"/> (its <c>d->warning</c> counters).</summary>
    public int Warnings => MjNative.apm_data_warnings(Handle);

    /// <summary>The text of the last MuJoCo warning on the calling thread; empty when there was none.</summary>
    public static string LastWarning => MjNative.IsAvailable ? MjNative.LastWarning() : "";

    /// <summary>Whether a MuJoCo error interrupted the last call; cleared by <see cref="Reset"/>.</summary>
    public bool Faulted => _faulted;

    internal IntPtr Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle == IntPtr.Zero, this);
            return _handle;
        }
    }

    /// <summary>Any float64 data array by its MuJoCo name (<c>subtree_com</c>, <c>qacc</c>, …), [rows·cols].</summary>
    public Span<double> Doubles(string name)
    {
        int* shape = stackalloc int[2];
        if (MjNative.apm_data_array(_modelHandle, Handle, name, out IntPtr pointer, shape, out int kind) != 0)
            throw new ArgumentException($"mjData has no array '{name}'", nameof(name));
        if (kind != 0) throw new ArgumentException($"mjData.{name} holds {MjModel.KindName(kind)}, not float64", nameof(name));
        return new Span<double>((void*)pointer, shape[0] * shape[1]);
    }

    /// <summary><c>mj_resetData</c>: qpos = qpos0, qvel = ctrl = 0, time = 0; also clears a fault.</summary>
    public void Reset()
    {
        MjNative.Check(MjNative.apm_reset_data(_modelHandle, Handle), "mj_resetData");
        _faulted = false;
    }

    /// <summary><c>mj_forward</c>: recomputes every derived quantity from the current state.</summary>
    public void Forward() => Run(MjNative.apm_forward(_modelHandle, Ready()), "mj_forward");

    /// <summary><c>mj_step</c>: one physics step of <c>opt.timestep</c>.</summary>
    public void Step() => Run(MjNative.apm_step(_modelHandle, Ready()), "mj_step");

    /// <summary><c>mj_rnePostConstraint</c>: fills cacc, cfrc_int and cfrc_ext, which <c>mj_step</c> leaves stale.</summary>
    public void RnePostConstraint() => Run(MjNative.apm_rne_post_constraint(_modelHandle, Ready()), "mj_rnePostConstraint");

    /// <summary>
    /// Gymnasium's <c>do_simulation</c>: ctrl = <paramref name="ctrl"/>, <paramref name="frameSkip"/> ×
    /// <c>mj_step</c>, then one <c>mj_rnePostConstraint</c>, in a single native call.
    /// </summary>
    /// <param name="ctrl">Controls, [nu]; not clipped.</param>
    public void Simulate(ReadOnlySpan<double> ctrl, int frameSkip)
    {
        Guard.Length(ctrl, _model.Nu, nameof(ctrl));
        Guard.Positive(frameSkip, nameof(frameSkip));
        IntPtr handle = Ready();
        fixed (double* c = ctrl)
        {
            Run(MjNative.apm_simulate(_modelHandle, handle, c, frameSkip), "mj_step");
        }
    }

    /// <summary>Gymnasium's <c>set_state</c>: writes qpos [nq] and qvel [nv], then <c>mj_forward</c>.</summary>
    public void SetState(ReadOnlySpan<double> qpos, ReadOnlySpan<double> qvel)
    {
        Guard.Length(qpos, _model.Nq, nameof(qpos));
        Guard.Length(qvel, _model.Nv, nameof(qvel));
        IntPtr handle = Ready();
        fixed (double* p = qpos)
        fixed (double* v = qvel)
        {
            Run(MjNative.apm_set_state(_modelHandle, handle, p, v), "mj_forward");
        }
    }

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    private void Release()
    {
        IntPtr handle = Interlocked.Exchange(ref _handle, IntPtr.Zero);
        if (handle == IntPtr.Zero) return;
        MjNative.apm_delete_data(handle);
        _model.RemoveUser();
    }

    private IntPtr Ready()
    {
        IntPtr handle = Handle;
        if (_faulted) throw new InvalidOperationException("a MuJoCo error interrupted this simulation; reset it before stepping again");
        return handle;
    }

    private void Run(int status, string call)
    {
        if (status == 0) return;
        _faulted = true;
        MjNative.Check(status, call);
    }

    private double* Live(double* pointer)
    {
        ObjectDisposedException.ThrowIf(_handle == IntPtr.Zero, this);
        return pointer;
    }

    private double* Pointer(string name)
    {
        int* shape = stackalloc int[2];
        if (MjNative.apm_data_array(_modelHandle, _handle, name, out IntPtr pointer, shape, out _) != 0)
            throw new InvalidOperationException($"the MuJoCo shim does not know mjData.{name}");
        return (double*)pointer;
    }
}
