using System.Text;

namespace Apprentice.Envs.MuJoCo;

/// <summary>
/// A compiled MuJoCo model (<c>mjModel</c>). Read-only after loading, so one instance may back many
/// <see cref="MjData"/> on many threads. Any model array is reachable by its MuJoCo name
/// (<c>body_mass</c>, <c>actuator_ctrlrange</c>, …), sized by the shim from MuJoCo's own tables.
/// </summary>
/// <remarks>
/// Native memory is freed by <see cref="Dispose"/>, or by the last <see cref="MjData"/> built on the model
/// when that outlives it; disposing twice is harmless.
/// </remarks>
public sealed unsafe class MjModel : IDisposable
{
    private const int ErrorSize = 1000;

    private readonly Lock _sync = new();
    private IntPtr _handle;
    private int _users;
    private bool _disposed;

    private MjModel(IntPtr handle)
    {
        _handle = handle;
        Nq = Int("nq");
        Nv = Int("nv");
        Nu = Int("nu");
        NBody = Int("nbody");
        NJnt = Int("njnt");
        Timestep = Options().Doubles[0];
    }

    ~MjModel()
    {
        Release();
    }

    public int Nq { get; }

    public int Nv { get; }

    public int Nu { get; }

    public int NBody { get; }

    public int NJnt { get; }

    /// <summary><c>opt.timestep</c>, in seconds.</summary>
    public double Timestep { get; }

    internal IntPtr Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle == IntPtr.Zero, this);
            return _handle;
        }
    }

    /// <summary>Compiles a model from MJCF text; throws <see cref="MuJoCoException"/> with MuJoCo's message when it is rejected.</summary>
    public static MjModel FromXml(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        MjNative.EnsureAvailable();
        byte[] text = Encoding.UTF8.GetBytes(xml);
        var error = new byte[ErrorSize];
        IntPtr handle;
        int status;
        fixed (byte* t = text)
        fixed (byte* e = error)
        {
            status = MjNative.apm_load_xml(t, text.Length, out handle, e, ErrorSize);
        }
        if (status != 0 || handle == IntPtr.Zero)
        {
            string message = Encoding.UTF8.GetString(error, 0, Math.Max(0, Array.IndexOf(error, (byte)0))).Trim();
            throw new MuJoCoException($"MuJoCo rejected the model: {(message.Length > 0 ? message : "no message")}");
        }
        return new MjModel(handle);
    }

    /// <summary>A scalar size of <c>mjModel</c> by name (<c>nq</c>, <c>ngeom</c>, <c>nstack</c>, …).</summary>
    public int Int(string name)
    {
        if (MjNative.apm_model_int(Handle, name, out int value) != 0)
            throw new ArgumentException($"mjModel has no int field '{name}'", nameof(name));
        return value;
    }

    /// <summary>The (rows, columns) of a model array, e.g. <c>body_pos</c> is (nbody, 3).</summary>
    public (int Rows, int Cols) Shape(string name)
    {
        Lookup(name, out _, out int rows, out int cols, out _);
        return (rows, cols);
    }

    /// <summary>A float64 model array, [rows·cols] row-major; valid while the model lives.</summary>
    public ReadOnlySpan<double> Doubles(string name) => new(ArrayPointer(name, 0, out int length), length);

    /// <summary>An int model array, [rows·cols] row-major; valid while the model lives.</summary>
    public ReadOnlySpan<int> Ints(string name) => new(ArrayPointer(name, 1, out int length), length);

    /// <summary>A byte (<c>mjtByte</c>) model array, [rows·cols] row-major; valid while the model lives.</summary>
    public ReadOnlySpan<byte> Bytes(string name) => new(ArrayPointer(name, 2, out int length), length);

    /// <summary>
    /// <c>mjOption</c> flattened in <c>mjxmacro.h</c> order: the float scalars (timestep, apirate, impratio,
    /// tolerance, noslip_tolerance, mpr_tolerance, density, viscosity, o_margin) then gravity, wind, magnetic,
    /// o_solref, o_solimp; and the ints (integrator, collision, cone, jacobian, solver, iterations,
    /// noslip_iterations, mpr_iterations, disableflags, enableflags).
    /// </summary>
    public (double[] Doubles, int[] Ints) Options()
    {
        var doubles = new double[64];
        var ints = new int[32];
        int packed;
        fixed (double* d = doubles)
        fixed (int* i = ints)
        {
            packed = MjNative.apm_option(Handle, d, doubles.Length, i, ints.Length);
        }
        if (packed < 0) throw new InvalidOperationException("mjOption has more fields than the binding expects");
        return (doubles[..(packed / 256)], ints[..(packed % 256)]);
    }

    /// <summary>The id of a named object, or -1 when the model has none by that name (<c>mj_name2id</c>).</summary>
    public int Name2Id(MjObject type, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return MjNative.apm_name2id(Handle, (int)type, name);
    }

    /// <summary>The name of a body, joint or actuator (<c>mj_id2name</c>); "" when it has none.</summary>
    public string Name(MjObject type, int id)
    {
        ReadOnlySpan<int> addresses = Ints(type switch
        {
            MjObject.Body => "name_bodyadr",
            MjObject.Joint => "name_jntadr",
            MjObject.Actuator => "name_actuatoradr",
            _ => throw new ArgumentException($"names of {type} objects are not read here", nameof(type)),
        });
        if ((uint)id >= (uint)addresses.Length) throw new ArgumentOutOfRangeException(nameof(id), id, $"the model has {addresses.Length} of them");
        ReadOnlySpan<byte> names = Bytes("names")[addresses[id]..];
        return Encoding.UTF8.GetString(names[..names.IndexOf((byte)0)]);
    }

    /// <summary>Like <see cref="Name2Id"/>, but a missing name is an error.</summary>
    public int Id(MjObject type, string name)
    {
        int id = Name2Id(type, name);
        if (id < 0) throw new ArgumentException($"the model has no {type.ToString().ToLowerInvariant()} named '{name}'", nameof(name));
        return id;
    }

    public void Dispose()
    {
        lock (_sync)
        {
            _disposed = true;
            if (_users > 0) return;
        }
        Release();
        GC.SuppressFinalize(this);
    }

    internal void AddUser()
    {
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed || _handle == IntPtr.Zero, this);
            _users++;
        }
    }

    internal void RemoveUser()
    {
        lock (_sync)
        {
            _users--;
            if (_users > 0 || !_disposed) return;
        }
        Release();
        GC.SuppressFinalize(this);
    }

    private void Release()
    {
        IntPtr handle = Interlocked.Exchange(ref _handle, IntPtr.Zero);
        if (handle != IntPtr.Zero) MjNative.apm_delete_model(handle);
    }

    private void* ArrayPointer(string name, int kind, out int length)
    {
        Lookup(name, out IntPtr pointer, out int rows, out int cols, out int actual);
        if (actual != kind)
            throw new ArgumentException($"mjModel.{name} holds {KindName(actual)}, not {KindName(kind)}", nameof(name));
        length = rows * cols;
        return (void*)pointer;
    }

    private void Lookup(string name, out IntPtr pointer, out int rows, out int cols, out int kind)
    {
        ArgumentNullException.ThrowIfNull(name);
        int* shape = stackalloc int[2];
        if (MjNative.apm_model_array(Handle, name, out pointer, shape, out kind) != 0)
            throw new ArgumentException($"mjModel has no array '{name}'", nameof(name));
        rows = shape[0];
        cols = shape[1];
    }

    internal static string KindName(int kind) => kind switch
    {
        0 => "float64",
        1 => "int",
        2 => "bytes",
        _ => "structs",
    };
}
