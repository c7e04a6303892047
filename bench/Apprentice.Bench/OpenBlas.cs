using System.Runtime.InteropServices;

namespace Apprentice.Bench;

/// <summary>
/// Debian's OpenBLAS (<c>libopenblas0-pthread</c>, 32-bit integer interface) loaded at run time, pinned to one
/// thread, as the yardstick for <see cref="Apprentice.Nn.Gemm"/>.
/// </summary>
public sealed unsafe class OpenBlas
{
    public const string LibraryName = "libopenblas.so.0";
    public const string Package = "libopenblas0-pthread";

    private const int RowMajor = 101;
    private const int NoTrans = 111;
    private const int Trans = 112;

    private readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> _sgemm;

    private OpenBlas(nint library)
    {
        _sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)
            NativeLibrary.GetExport(library, "cblas_sgemm");
        var setThreads = (delegate* unmanaged<int, void>)NativeLibrary.GetExport(library, "openblas_set_num_threads");
        setThreads(1);
        if (NativeLibrary.TryGetExport(library, "openblas_get_config", out nint getConfig))
            Config = Marshal.PtrToStringAnsi(((delegate* unmanaged<nint>)getConfig)()) ?? "";
    }

    /// <summary>OpenBLAS's build description (version, target core).</summary>
    public string Config { get; } = "";

    /// <summary>The library, or null when it is not installed.</summary>
    public static OpenBlas? TryLoad() =>
        NativeLibrary.TryLoad(LibraryName, out nint library) ? new OpenBlas(library) : null;

    /// <summary>Row-major C = op(A)·op(B) + beta·C with op(A) [m × k], op(B) [k × n], all contiguous.</summary>
    public void Sgemm(bool transA, bool transB, int m, int n, int k, float[] a, float[] b, float beta, float[] c)
    {
        fixed (float* pa = a, pb = b, pc = c)
            _sgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, 1f,
                pa, transA ? m : k, pb, transB ? k : n, beta, pc, n);
    }
}
