using System.Runtime.InteropServices;

namespace Apprentice.Envs.MuJoCo;

/// <summary>
/// P/Invoke into <c>libapprentice_mujoco.so</c>, the C shim in <c>Native/</c> that the build compiles against the
/// installed MuJoCo 2.2.2 headers. Entry points returning int give 0 on success and -1 when MuJoCo raised an
/// error, whose message <see cref="LastError"/> then holds (see the shim for how errors come back safely).
/// </summary>
internal static unsafe partial class MjNative
{
    public const int RequiredVersion = 222;

    private const string Library = "apprentice_mujoco";

    private static readonly Lazy<string?> Problem = new(Probe, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether the shim and libmujoco 2.2.2 load; the first call installs MuJoCo's error handlers.</summary>
    public static bool IsAvailable => Problem.Value is null;

    /// <summary>Why MuJoCo is unavailable (one line naming what to install), or null when it is available.</summary>
    public static string? UnavailableReason => Problem.Value;

    /// <summary>Throws <see cref="InputException"/> naming the packages to install when MuJoCo cannot be used.</summary>
    public static void EnsureAvailable()
    {
        if (Problem.Value is string reason) throw new InputException(reason);
    }

    /// <summary>The one-line message for a machine without a usable MuJoCo.</summary>
    /// <param name="libraryInstalled">Whether libmujoco.so.2.2.2 itself loads (then only the shim is missing).</param>
    public static string MissingMessage(bool libraryInstalled) => libraryInstalled
        ? "the MuJoCo tasks need Apprentice's MuJoCo shim, which was not built: install gcc and libmujoco-dev (sudo apt-get install gcc libmujoco-dev) and rebuild"
        : "the MuJoCo tasks need MuJoCo 2.2.2: install it (sudo apt-get install libmujoco2.2.2 libmujoco-dev gcc) and rebuild";

    public static string VersionMessage(int version) =>
        $"the MuJoCo tasks need MuJoCo 2.2.2, but the library reports version {version / 100}.{version / 10 % 10}.{version % 10}: install libmujoco2.2.2 and libmujoco-dev (sudo apt-get install libmujoco2.2.2 libmujoco-dev) and rebuild";

    /// <summary>MuJoCo's message for the calling thread's last failed entry point.</summary>
    public static string LastError() => Marshal.PtrToStringUTF8(apm_last_error()) ?? "unknown MuJoCo error";

    public static string LastWarning() => Marshal.PtrToStringUTF8(apm_last_warning()) ?? "";

    /// <summary>Turns a failed call's status into <see cref="MuJoCoException"/> carrying MuJoCo's message.</summary>
    public static void Check(int status, string call)
    {
        if (status != 0) throw new MuJoCoException($"MuJoCo error in {call}: {LastError()}");
    }

    private static string? Probe()
    {
        try
        {
            int version = apm_init();
            int header = apm_header_version();
            if (version != RequiredVersion || header != RequiredVersion) return VersionMessage(version != RequiredVersion ? version : header);
            return null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            bool library = NativeLibrary.TryLoad("libmujoco.so.2.2.2", out IntPtr handle);
            if (library) NativeLibrary.Free(handle);
            return MissingMessage(library);
        }
    }

    [LibraryImport(Library)]
    internal static partial int apm_init();

    [LibraryImport(Library)]
    internal static partial int apm_header_version();

    [LibraryImport(Library)]
    internal static partial IntPtr apm_last_error();

    [LibraryImport(Library)]
    internal static partial IntPtr apm_last_warning();

    [LibraryImport(Library)]
    internal static partial int apm_load_xml(byte* xml, int length, out IntPtr model, byte* error, int errorSize);

    [LibraryImport(Library)]
    internal static partial void apm_delete_model(IntPtr model);

    [LibraryImport(Library)]
    internal static partial void apm_delete_data(IntPtr data);

    [LibraryImport(Library)]
    internal static partial int apm_make_data(IntPtr model, out IntPtr data);

    [LibraryImport(Library)]
    internal static partial int apm_reset_data(IntPtr model, IntPtr data);

    [LibraryImport(Library)]
    internal static partial int apm_forward(IntPtr model, IntPtr data);

    [LibraryImport(Library)]
    internal static partial int apm_step(IntPtr model, IntPtr data);

    [LibraryImport(Library)]
    internal static partial int apm_rne_post_constraint(IntPtr model, IntPtr data);

    [LibraryImport(Library)]
    internal static partial int apm_simulate(IntPtr model, IntPtr data, double* ctrl, int frameSkip);

    [LibraryImport(Library)]
    internal static partial int apm_set_state(IntPtr model, IntPtr data, double* qpos, double* qvel);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int apm_name2id(IntPtr model, int type, string name);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    internal static partial double apm_time(IntPtr data);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    internal static partial int apm_data_warnings(IntPtr data);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int apm_model_int(IntPtr model, string name, out int value);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int apm_model_array(IntPtr model, string name, out IntPtr pointer, int* shape, out int kind);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int apm_data_array(IntPtr model, IntPtr data, string name, out IntPtr pointer, int* shape, out int kind);

    [LibraryImport(Library)]
    internal static partial int apm_option(IntPtr model, double* doubles, int doubleCount, int* ints, int intCount);
}
