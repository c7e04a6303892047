using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Apprentice.Nn;

/// <summary>
/// Single-precision matrix products for the MLP, all row-major and contiguous: C = A·B, C = A·Bᵀ, C = Aᵀ·B,
/// overwriting C or adding to it. Single-threaded (callers parallelise over batches).
/// <para>
/// The AVX2/FMA path follows the GotoBLAS/BLIS layering (Goto &amp; van de Geijn 2008; Van Zee &amp; van de Geijn
/// 2015): B is packed into zero-padded panels of 16 columns for a K-block of 256, and a 6×16 register-blocked
/// micro-kernel (12 ymm accumulators, broadcast A, two B loads per k) sweeps them. A is read in place through
/// row and column strides, as in BLIS's "sup" kernels: with the MLP's shapes (tall batch, width ≤ a few hundred)
/// packing A would cost as much memory traffic as the product saves, while a 6-row sliver of A stays in L1 across
/// the column panels. A last panel of ≤ 8 (≤ 4) columns, such as a 3-wide output layer, gets a 6×8 (128-bit
/// 6×4) kernel instead of wasting most of a 16-wide tile; a single row (batch 1) gets a row-times-matrix sweep.
/// Machines without AVX2/FMA take a portable path (same results up to rounding).
/// </para>
/// <para>
/// <see cref="MultiplyAddBias"/> and the backward variant fuse the layer's bias and activation (or activation
/// derivative) into the product, applied per 6-row block while it is in L1.
/// </para>
/// <para>
/// Deterministic: blocking and summation order depend only on the shapes, never on timing or threads. Sums over k
/// run in float within a K-block of 256 and are then added to C, so long sums (a 50,000-row batch in Aᵀ·B) are
/// blocked rather than one running float.
/// </para>
/// </summary>
public static unsafe class Gemm
{
    private const int Mr = 6;
    private const int Nr = 16;
    private const int Kc = 256;
    private const int Nc = 4080;

    [ThreadStatic] private static float[]? _packedB;
    [ThreadStatic] private static float[]? _edgeA;

    /// <summary>True when the packed AVX2/FMA micro-kernel is used on this machine.</summary>
    public static bool IsAccelerated => Avx2.IsSupported && Fma.IsSupported;

    /// <summary>C (+)= A·B.</summary>
    /// <param name="a">[m × k], row-major.</param>
    /// <param name="b">[k × n], row-major.</param>
    /// <param name="c">[m × n], row-major; overwritten, or added to when <paramref name="accumulate"/>.</param>
    public static void Multiply(int m, int k, int n, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c,
        bool accumulate = false)
    {
        CheckShapes(m, k, n, a, b, c);
        Run(m, k, n, a, k, 1, b, n, 1, c, accumulate, IsAccelerated);
    }

    /// <summary>C (+)= A·Bᵀ.</summary>
    /// <param name="a">[m × k], row-major.</param>
    /// <param name="b">[n × k], row-major (so Bᵀ is [k × n]).</param>
    /// <param name="c">[m × n], row-major; overwritten, or added to when <paramref name="accumulate"/>.</param>
    public static void MultiplyTransposeB(int m, int k, int n, ReadOnlySpan<float> a, ReadOnlySpan<float> b,
        Span<float> c, bool accumulate = false)
    {
        CheckShapes(m, k, n, a, b, c);
        Run(m, k, n, a, k, 1, b, 1, k, c, accumulate, IsAccelerated);
    }

    /// <summary>C (+)= Aᵀ·B.</summary>
    /// <param name="a">[k × m], row-major (so Aᵀ is [m × k]).</param>
    /// <param name="b">[k × n], row-major.</param>
    /// <param name="c">[m × n], row-major; overwritten, or added to when <paramref name="accumulate"/>.</param>
    public static void MultiplyTransposeA(int m, int k, int n, ReadOnlySpan<float> a, ReadOnlySpan<float> b,
        Span<float> c, bool accumulate = false)
    {
        CheckShapes(m, k, n, a, b, c);
        Run(m, k, n, a, 1, m, b, n, 1, c, accumulate, IsAccelerated);
    }

    /// <summary>
    /// A dense layer's forward pass in one sweep: C = f(A·B + 1·biasᵀ), with the bias added and f applied to each
    /// tile while it is still in L1 instead of in separate passes over a [batch × width] matrix.
    /// </summary>
    /// <param name="a">[m × k], row-major.</param>
    /// <param name="b">[k × n], row-major.</param>
    /// <param name="bias">[n], added to every row.</param>
    /// <param name="c">[m × n], row-major; overwritten.</param>
    public static void MultiplyAddBias(int m, int k, int n, ReadOnlySpan<float> a, ReadOnlySpan<float> b,
        ReadOnlySpan<float> bias, Activation activation, Span<float> c)
    {
        CheckShapes(m, k, n, a, b, c);
        Guard.Length(bias, n, nameof(bias));
        if (!Enum.IsDefined(activation))
            throw new ArgumentOutOfRangeException(nameof(activation), activation, $"unknown activation {activation}");
        Run(m, k, n, a, k, 1, b, n, 1, c, false, IsAccelerated, bias, activation);
    }

    /// <summary>
    /// Backpropagation through a dense layer and the activation before it in one sweep:
    /// C = f'(·) ⊙ (A·Bᵀ), with f' read off that activation's forward output y, applied per tile while it is in L1.
    /// </summary>
    /// <param name="a">[m × k], row-major (the gradient w.r.t. the layer's output).</param>
    /// <param name="b">[n × k], row-major (the layer's weights, input-major).</param>
    /// <param name="y">[m × n], the activation's forward output.</param>
    /// <param name="c">[m × n], row-major; overwritten.</param>
    internal static void MultiplyTransposeBActivationBackward(int m, int k, int n, ReadOnlySpan<float> a,
        ReadOnlySpan<float> b, ReadOnlySpan<float> y, Activation activation, Span<float> c)
    {
        CheckShapes(m, k, n, a, b, c);
        Guard.Length(y, m * n, nameof(y));
        Run(m, k, n, a, k, 1, b, 1, k, c, false, IsAccelerated, default, activation, y);
    }

    /// <summary>
    /// C = A·B (+ C, or + 1·biasᵀ) followed by C = f'(·) ⊙ C, f' read off the activation's forward output y, per
    /// 6-row block: the last product of a layer in a forward-mode (tangent) pass.
    /// </summary>
    /// <param name="a">[m × k], row-major.</param>
    /// <param name="b">[k × n], row-major.</param>
    /// <param name="y">[m × n], the activation's forward output.</param>
    /// <param name="c">[m × n], row-major; overwritten, or added to when <paramref name="accumulate"/>.</param>
    /// <param name="bias">[n] added to every row, or empty; only without <paramref name="accumulate"/>.</param>
    internal static void MultiplyActivationBackward(int m, int k, int n, ReadOnlySpan<float> a, ReadOnlySpan<float> b,
        ReadOnlySpan<float> y, Activation activation, Span<float> c, bool accumulate, ReadOnlySpan<float> bias = default)
    {
        CheckShapes(m, k, n, a, b, c);
        Guard.Length(y, m * n, nameof(y));
        if (!bias.IsEmpty) Guard.Length(bias, n, nameof(bias));
        Debug.Assert(bias.IsEmpty || !accumulate);
        Run(m, k, n, a, k, 1, b, n, 1, c, accumulate, IsAccelerated, bias, activation, y);
    }

    /// <summary>
    /// The product through explicit strides: A(i, p) = a[i·rsA + p·csA], B(p, j) = b[p·rsB + j·csB]; optionally
    /// a bias row added (only with accumulate = false) and an activation applied to the result, or, when
    /// <paramref name="gate"/> (that activation's forward output, [m × n]) is given, its derivative multiplied in.
    /// <paramref name="simd"/> = false forces the portable path (tests compare both).
    /// </summary>
    internal static void Run(int m, int k, int n, ReadOnlySpan<float> a, int rsA, int csA, ReadOnlySpan<float> b,
        int rsB, int csB, Span<float> c, bool accumulate, bool simd, ReadOnlySpan<float> bias = default,
        Activation activation = Activation.Identity, ReadOnlySpan<float> gate = default)
    {
        Debug.Assert(bias.IsEmpty || !accumulate);
        if (m == 0 || n == 0) return;
        Span<float> cm = c[..(m * n)];
        if (k == 0 || !simd || m == 1)
        {
            // Simple paths: C (or the bias rows) first, then the product added, then f over the whole of C.
            if (!bias.IsEmpty)
                for (int i = 0; i < m; i++) bias.CopyTo(cm.Slice(i * n, n));
            bool add = accumulate || !bias.IsEmpty;
            if (k == 0)
            {
                if (!add) cm.Clear();
            }
            else if (!simd)
            {
                Portable(m, k, n, a, rsA, csA, b, rsB, csB, c, add);
            }
            else
            {
                fixed (float* pa = a, pb = b, pc = c)
                {
                    if (csB == 1) RowTimesMatrix(k, n, pa, csA, pb, rsB, pc, add);
                    else Blocked(m, k, n, pa, rsA, csA, pb, rsB, csB, pc, add, null, Activation.Identity, null);
                }
            }
            if (!gate.IsEmpty) Activations.Backward(activation, gate[..(m * n)], cm, cm);
            else if (activation != Activation.Identity) Activations.Forward(activation, cm, cm);
            return;
        }
        fixed (float* pa = a, pb = b, pc = c, pbias = bias, pgate = gate)
            Blocked(m, k, n, pa, rsA, csA, pb, rsB, csB, pc, accumulate, pbias, activation, pgate);
    }

    private static void CheckShapes(int m, int k, int n, ReadOnlySpan<float> a, ReadOnlySpan<float> b,
        ReadOnlySpan<float> c)
    {
        if (m < 0 || k < 0 || n < 0)
            throw new ArgumentOutOfRangeException(nameof(m), $"matrix sizes must be non-negative, got m={m}, k={k}, n={n}");
        if ((long)m * k > int.MaxValue || (long)k * n > int.MaxValue || (long)m * n > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(m), $"matrix m={m}, k={k}, n={n} exceeds 2^31 elements");
        Guard.Length(a, m * k, nameof(a));
        Guard.Length(b, k * n, nameof(b));
        Guard.Length(c, m * n, nameof(c));
    }

    private static void Blocked(int m, int k, int n, float* a, nint rsA, nint csA, float* b, nint rsB, nint csB,
        float* c, bool accumulate, float* bias, Activation activation, float* gate)
    {
        int kcMax = Math.Min(Kc, k);
        int ncMax = Math.Min(Nc, n);
        int packedLength = kcMax * RoundUp(ncMax, Nr);
        float[] packed = _packedB is { } p && p.Length >= packedLength
            ? p
            : _packedB = GC.AllocateUninitializedArray<float>(Math.Max(packedLength, 16 * 1024), pinned: true);
        float[] edge = _edgeA ??= GC.AllocateUninitializedArray<float>(Mr * Kc, pinned: true);
        float* pb = (float*)Unsafe.AsPointer(ref packed[0]);
        float* pe = (float*)Unsafe.AsPointer(ref edge[0]);

        for (int jc = 0; jc < n; jc += Nc)
        {
            int nc = Math.Min(Nc, n - jc);
            for (int pc = 0; pc < k; pc += Kc)
            {
                int kc = Math.Min(Kc, k - pc);
                PackB(kc, nc, b + pc * rsB + jc * csB, rsB, csB, pb);
                bool overwrite = !accumulate && pc == 0;
                float* blockBias = overwrite && bias != null ? bias + jc : null;
                bool last = pc + kc == k && activation != Activation.Identity;
                for (int ic = 0; ic < m; ic += Mr)
                {
                    int mr = Math.Min(Mr, m - ic);
                    float* ap = a + ic * rsA + pc * csA;
                    nint rs = rsA, cs = csA;
                    if (mr < Mr)
                    {
                        PackEdgeA(kc, mr, ap, rsA, csA, pe);
                        ap = pe;
                        rs = 1;
                        cs = Mr;
                    }
                    float* cRow = c + (nint)ic * n + jc;
                    for (int jr = 0; jr < nc; jr += Nr)
                    {
                        int nr = Math.Min(Nr, nc - jr);
                        float* panel = pb + (nint)jr * kc;
                        float* tileBias = blockBias == null ? null : blockBias + jr;
                        if (mr == Mr && nr == Nr)
                            Kernel6x16(kc, ap, rs, cs, panel, cRow + jr, n, overwrite, tileBias);
                        else if (nr > 8)
                            KernelEdge(kc, ap, rs, cs, panel, cRow + jr, n, mr, nr, overwrite, tileBias);
                        else if (nr > 4)
                            Kernel6x8(kc, ap, rs, cs, panel, cRow + jr, n, mr, nr, overwrite, tileBias);
                        else
                            Kernel6x4(kc, ap, rs, cs, panel, cRow + jr, n, mr, nr, overwrite, tileBias);
                    }
                    if (last)
                    {
                        // The 6 × nc block was just written and is still in L1: apply f (or f') now, one call per
                        // row, rather than in a later pass over the whole [m × n] matrix.
                        for (int i = 0; i < mr; i++)
                        {
                            nint offset = (nint)(ic + i) * n + jc;
                            var row = new Span<float>(c + offset, nc);
                            if (gate == null) Activations.Forward(activation, row, row);
                            else Activations.Backward(activation, new ReadOnlySpan<float>(gate + offset, nc), row, row);
                        }
                    }
                }
            }
        }
    }

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;

    /// <summary>Width of the packed panel for nr columns: narrow last panels get narrow kernels (see the 6×4/6×8 ones).</summary>
    private static int PanelWidth(int nr) => nr > 8 ? Nr : nr > 4 ? 8 : 4;

    /// <summary>
    /// B block [kc × nc] into panels of 16 columns, each [kc × 16] contiguous and zero-padded on the right; a last
    /// panel of ≤ 8 (≤ 4) columns is packed 8 (4) wide. Panel jr starts at dst + jr·kc either way.
    /// </summary>
    private static void PackB(int kc, int nc, float* b, nint rsB, nint csB, float* dst)
    {
        for (int jr = 0; jr < nc; jr += Nr)
        {
            int nr = Math.Min(Nr, nc - jr);
            int w = PanelWidth(nr);
            float* panel = dst + (nint)jr * kc;
            float* src = b + jr * csB;
            if (csB == 1 && nr == Nr)
            {
                for (int p = 0; p < kc; p++)
                {
                    float* row = src + p * rsB;
                    Avx.Store(panel + p * Nr, Avx.LoadVector256(row));
                    Avx.Store(panel + p * Nr + 8, Avx.LoadVector256(row + 8));
                }
            }
            else if (csB == 1)
            {
                for (int p = 0; p < kc; p++)
                {
                    float* row = src + p * rsB;
                    float* d = panel + p * w;
                    int j = 0;
                    for (; j < nr; j++) d[j] = row[j];
                    for (; j < w; j++) d[j] = 0f;
                }
            }
            else
            {
                // Transposed B: walk each source row (contiguous in p) and scatter into the panel's column.
                for (int j = 0; j < w; j++)
                {
                    float* d = panel + j;
                    if (j < nr)
                    {
                        float* col = src + j * csB;
                        for (int p = 0; p < kc; p++) d[p * w] = col[p * rsB];
                    }
                    else
                    {
                        for (int p = 0; p < kc; p++) d[p * w] = 0f;
                    }
                }
            }
        }
    }

    /// <summary>The last mr &lt; 6 rows of A into a zero-padded [kc × 6] sliver, so the kernel never reads past A.</summary>
    private static void PackEdgeA(int kc, int mr, float* a, nint rsA, nint csA, float* dst)
    {
        for (int p = 0; p < kc; p++)
        {
            float* d = dst + p * Mr;
            int i = 0;
            for (; i < mr; i++) d[i] = a[i * rsA + p * csA];
            for (; i < Mr; i++) d[i] = 0f;
        }
    }

    /// <summary>C[6×16] (+)= A-sliver[6×kc] · B-panel[kc×16]; A through strides, B packed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel6x16(int kc, float* a, nint rsA, nint csA, float* b, float* c, nint ldc, bool overwrite,
        float* bias)
    {
        Accumulate6x16(kc, a, rsA, csA, b,
            out var c00, out var c01, out var c10, out var c11, out var c20, out var c21,
            out var c30, out var c31, out var c40, out var c41, out var c50, out var c51);
        if (bias != null)
        {
            var bias0 = Avx.LoadVector256(bias);
            var bias1 = Avx.LoadVector256(bias + 8);
            c00 = Avx.Add(c00, bias0);
            c01 = Avx.Add(c01, bias1);
            c10 = Avx.Add(c10, bias0);
            c11 = Avx.Add(c11, bias1);
            c20 = Avx.Add(c20, bias0);
            c21 = Avx.Add(c21, bias1);
            c30 = Avx.Add(c30, bias0);
            c31 = Avx.Add(c31, bias1);
            c40 = Avx.Add(c40, bias0);
            c41 = Avx.Add(c41, bias1);
            c50 = Avx.Add(c50, bias0);
            c51 = Avx.Add(c51, bias1);
        }
        if (!overwrite)
        {
            c00 = Avx.Add(c00, Avx.LoadVector256(c));
            c01 = Avx.Add(c01, Avx.LoadVector256(c + 8));
            c10 = Avx.Add(c10, Avx.LoadVector256(c + ldc));
            c11 = Avx.Add(c11, Avx.LoadVector256(c + ldc + 8));
            c20 = Avx.Add(c20, Avx.LoadVector256(c + 2 * ldc));
            c21 = Avx.Add(c21, Avx.LoadVector256(c + 2 * ldc + 8));
            c30 = Avx.Add(c30, Avx.LoadVector256(c + 3 * ldc));
            c31 = Avx.Add(c31, Avx.LoadVector256(c + 3 * ldc + 8));
            c40 = Avx.Add(c40, Avx.LoadVector256(c + 4 * ldc));
            c41 = Avx.Add(c41, Avx.LoadVector256(c + 4 * ldc + 8));
            c50 = Avx.Add(c50, Avx.LoadVector256(c + 5 * ldc));
            c51 = Avx.Add(c51, Avx.LoadVector256(c + 5 * ldc + 8));
        }
        Avx.Store(c, c00);
        Avx.Store(c + 8, c01);
        Avx.Store(c + ldc, c10);
        Avx.Store(c + ldc + 8, c11);
        Avx.Store(c + 2 * ldc, c20);
        Avx.Store(c + 2 * ldc + 8, c21);
        Avx.Store(c + 3 * ldc, c30);
        Avx.Store(c + 3 * ldc + 8, c31);
        Avx.Store(c + 4 * ldc, c40);
        Avx.Store(c + 4 * ldc + 8, c41);
        Avx.Store(c + 5 * ldc, c50);
        Avx.Store(c + 5 * ldc + 8, c51);
    }

    /// <summary>Partial tile: the full 6×16 product into registers, then only the mr × nr corner written.</summary>
    [SkipLocalsInit]
    private static void KernelEdge(int kc, float* a, nint rsA, nint csA, float* b, float* c, nint ldc, int mr, int nr,
        bool overwrite, float* bias)
    {
        Accumulate6x16(kc, a, rsA, csA, b,
            out var c00, out var c01, out var c10, out var c11, out var c20, out var c21,
            out var c30, out var c31, out var c40, out var c41, out var c50, out var c51);
        float* t = stackalloc float[Mr * Nr];
        Avx.Store(t, c00);
        Avx.Store(t + 8, c01);
        Avx.Store(t + 16, c10);
        Avx.Store(t + 24, c11);
        Avx.Store(t + 32, c20);
        Avx.Store(t + 40, c21);
        Avx.Store(t + 48, c30);
        Avx.Store(t + 56, c31);
        Avx.Store(t + 64, c40);
        Avx.Store(t + 72, c41);
        Avx.Store(t + 80, c50);
        Avx.Store(t + 88, c51);
        StoreCorner(t, Nr, c, ldc, mr, nr, overwrite, bias);
    }

    /// <summary>Narrow last panel, 5–8 columns: one ymm per row halves the wasted lanes of the 6×16 tile.</summary>
    [SkipLocalsInit]
    private static void Kernel6x8(int kc, float* a, nint rsA, nint csA, float* b, float* c, nint ldc, int mr, int nr,
        bool overwrite, float* bias)
    {
        var c0 = Vector256<float>.Zero; var c1 = c0; var c2 = c0; var c3 = c0; var c4 = c0; var c5 = c0;
        float* a0 = a, a1 = a + rsA, a2 = a + 2 * rsA, a3 = a + 3 * rsA, a4 = a + 4 * rsA, a5 = a + 5 * rsA;
        nint o = 0;
        for (int p = 0; p < kc; p++)
        {
            var bv = Avx.LoadVector256(b);
            c0 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector256(a0 + o), bv, c0);
            c1 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector256(a1 + o), bv, c1);
            c2 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector256(a2 + o), bv, c2);
            c3 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector256(a3 + o), bv, c3);
            c4 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector256(a4 + o), bv, c4);
            c5 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector256(a5 + o), bv, c5);
            b += 8;
            o += csA;
        }
        float* t = stackalloc float[Mr * 8];
        Avx.Store(t, c0);
        Avx.Store(t + 8, c1);
        Avx.Store(t + 16, c2);
        Avx.Store(t + 24, c3);
        Avx.Store(t + 32, c4);
        Avx.Store(t + 40, c5);
        StoreCorner(t, 8, c, ldc, mr, nr, overwrite, bias);
    }

    /// <summary>
    /// Narrow last panel, 1–4 columns (e.g. a 3-wide output layer): 128-bit lanes, which on Zen 1 cost half a
    /// 256-bit FMA, so the tile does a quarter of the 6×16 kernel's work for the same columns.
    /// </summary>
    [SkipLocalsInit]
    private static void Kernel6x4(int kc, float* a, nint rsA, nint csA, float* b, float* c, nint ldc, int mr, int nr,
        bool overwrite, float* bias)
    {
        var c0 = Vector128<float>.Zero; var c1 = c0; var c2 = c0; var c3 = c0; var c4 = c0; var c5 = c0;
        float* a0 = a, a1 = a + rsA, a2 = a + 2 * rsA, a3 = a + 3 * rsA, a4 = a + 4 * rsA, a5 = a + 5 * rsA;
        nint o = 0;
        for (int p = 0; p < kc; p++)
        {
            var bv = Sse.LoadVector128(b);
            c0 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector128(a0 + o), bv, c0);
            c1 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector128(a1 + o), bv, c1);
            c2 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector128(a2 + o), bv, c2);
            c3 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector128(a3 + o), bv, c3);
            c4 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector128(a4 + o), bv, c4);
            c5 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector128(a5 + o), bv, c5);
            b += 4;
            o += csA;
        }
        float* t = stackalloc float[Mr * 4];
        Sse.Store(t, c0);
        Sse.Store(t + 4, c1);
        Sse.Store(t + 8, c2);
        Sse.Store(t + 12, c3);
        Sse.Store(t + 16, c4);
        Sse.Store(t + 20, c5);
        StoreCorner(t, 4, c, ldc, mr, nr, overwrite, bias);
    }

    private static void StoreCorner(float* t, int width, float* c, nint ldc, int mr, int nr, bool overwrite, float* bias)
    {
        for (int i = 0; i < mr; i++)
        {
            float* ci = c + i * ldc;
            float* ti = t + i * width;
            if (bias != null)
                for (int j = 0; j < nr; j++) ci[j] = ti[j] + bias[j];
            else if (overwrite)
                for (int j = 0; j < nr; j++) ci[j] = ti[j];
            else
                for (int j = 0; j < nr; j++) ci[j] += ti[j];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate6x16(int kc, float* a, nint rsA, nint csA, float* b,
        out Vector256<float> c00, out Vector256<float> c01, out Vector256<float> c10, out Vector256<float> c11,
        out Vector256<float> c20, out Vector256<float> c21, out Vector256<float> c30, out Vector256<float> c31,
        out Vector256<float> c40, out Vector256<float> c41, out Vector256<float> c50, out Vector256<float> c51)
    {
        c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = Vector256<float>.Zero;
        float* a0 = a, a1 = a + rsA, a2 = a + 2 * rsA, a3 = a + 3 * rsA, a4 = a + 4 * rsA, a5 = a + 5 * rsA;
        nint o = 0;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Avx.LoadVector256(b);
            var b1 = Avx.LoadVector256(b + 8);
            var x = Avx.BroadcastScalarToVector256(a0 + o);
            c00 = Fma.MultiplyAdd(x, b0, c00);
            c01 = Fma.MultiplyAdd(x, b1, c01);
            x = Avx.BroadcastScalarToVector256(a1 + o);
            c10 = Fma.MultiplyAdd(x, b0, c10);
            c11 = Fma.MultiplyAdd(x, b1, c11);
            x = Avx.BroadcastScalarToVector256(a2 + o);
            c20 = Fma.MultiplyAdd(x, b0, c20);
            c21 = Fma.MultiplyAdd(x, b1, c21);
            x = Avx.BroadcastScalarToVector256(a3 + o);
            c30 = Fma.MultiplyAdd(x, b0, c30);
            c31 = Fma.MultiplyAdd(x, b1, c31);
            x = Avx.BroadcastScalarToVector256(a4 + o);
            c40 = Fma.MultiplyAdd(x, b0, c40);
            c41 = Fma.MultiplyAdd(x, b1, c41);
            x = Avx.BroadcastScalarToVector256(a5 + o);
            c50 = Fma.MultiplyAdd(x, b0, c50);
            c51 = Fma.MultiplyAdd(x, b1, c51);
            b += Nr;
            o += csA;
        }
    }

    /// <summary>
    /// Batch-1 path: c[1×n] (+)= a[1×k]·B, vectorised over the columns of B (rows of B contiguous) so a single
    /// observation through the policy touches each weight once with no packing.
    /// </summary>
    private static void RowTimesMatrix(int k, int n, float* a, nint csA, float* b, nint rsB, float* c, bool accumulate)
    {
        // Two accumulator sets (even and odd p) per column block, so FMA latency does not serialise the k loop.
        int j = 0;
        for (; j + 32 <= n; j += 32)
        {
            var s0 = accumulate ? Avx.LoadVector256(c + j) : Vector256<float>.Zero;
            var s1 = accumulate ? Avx.LoadVector256(c + j + 8) : Vector256<float>.Zero;
            var s2 = accumulate ? Avx.LoadVector256(c + j + 16) : Vector256<float>.Zero;
            var s3 = accumulate ? Avx.LoadVector256(c + j + 24) : Vector256<float>.Zero;
            Vector256<float> t0 = default, t1 = default, t2 = default, t3 = default;
            float* bj = b + j;
            int p = 0;
            for (; p + 2 <= k; p += 2)
            {
                var x = Avx.BroadcastScalarToVector256(a + p * csA);
                float* row = bj + p * rsB;
                s0 = Fma.MultiplyAdd(x, Avx.LoadVector256(row), s0);
                s1 = Fma.MultiplyAdd(x, Avx.LoadVector256(row + 8), s1);
                s2 = Fma.MultiplyAdd(x, Avx.LoadVector256(row + 16), s2);
                s3 = Fma.MultiplyAdd(x, Avx.LoadVector256(row + 24), s3);
                x = Avx.BroadcastScalarToVector256(a + (p + 1) * csA);
                row += rsB;
                t0 = Fma.MultiplyAdd(x, Avx.LoadVector256(row), t0);
                t1 = Fma.MultiplyAdd(x, Avx.LoadVector256(row + 8), t1);
                t2 = Fma.MultiplyAdd(x, Avx.LoadVector256(row + 16), t2);
                t3 = Fma.MultiplyAdd(x, Avx.LoadVector256(row + 24), t3);
            }
            if (p < k)
            {
                var x = Avx.BroadcastScalarToVector256(a + p * csA);
                float* row = bj + p * rsB;
                s0 = Fma.MultiplyAdd(x, Avx.LoadVector256(row), s0);
                s1 = Fma.MultiplyAdd(x, Avx.LoadVector256(row + 8), s1);
                s2 = Fma.MultiplyAdd(x, Avx.LoadVector256(row + 16), s2);
                s3 = Fma.MultiplyAdd(x, Avx.LoadVector256(row + 24), s3);
            }
            Avx.Store(c + j, Avx.Add(s0, t0));
            Avx.Store(c + j + 8, Avx.Add(s1, t1));
            Avx.Store(c + j + 16, Avx.Add(s2, t2));
            Avx.Store(c + j + 24, Avx.Add(s3, t3));
        }
        for (; j < n; j += 8)
        {
            // Masked loads/stores for the last < 8 columns: masked-off lanes are never touched in memory.
            // Four accumulators over p mod 4: a lone 8-wide chain would wait on FMA latency every step.
            var mask = Vector256.LessThan(Vector256.Create(j) + Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7),
                Vector256.Create(n)).AsSingle();
            var s0 = accumulate ? Avx.MaskLoad(c + j, mask) : Vector256<float>.Zero;
            Vector256<float> s1 = default, s2 = default, s3 = default;
            float* bj = b + j;
            int p = 0;
            for (; p + 4 <= k; p += 4)
            {
                float* row = bj + p * rsB;
                float* ap = a + p * csA;
                s0 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector256(ap), Avx.MaskLoad(row, mask), s0);
                s1 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector256(ap + csA), Avx.MaskLoad(row + rsB, mask), s1);
                s2 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector256(ap + 2 * csA), Avx.MaskLoad(row + 2 * rsB, mask), s2);
                s3 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector256(ap + 3 * csA), Avx.MaskLoad(row + 3 * rsB, mask), s3);
            }
            for (; p < k; p++)
                s0 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector256(a + p * csA), Avx.MaskLoad(bj + p * rsB, mask), s0);
            Avx.MaskStore(c + j, mask, Avx.Add(Avx.Add(s0, s1), Avx.Add(s2, s3)));
        }
    }

    private static void Portable(int m, int k, int n, ReadOnlySpan<float> a, int rsA, int csA, ReadOnlySpan<float> b,
        int rsB, int csB, Span<float> c, bool accumulate)
    {
        if (!accumulate) c[..(m * n)].Clear();
        for (int i = 0; i < m; i++)
        {
            Span<float> ci = c.Slice(i * n, n);
            for (int p = 0; p < k; p++)
            {
                float aip = a[i * rsA + p * csA];
                if (csB == 1)
                {
                    TensorPrimitives.MultiplyAdd(b.Slice(p * rsB, n), aip, ci, ci);
                }
                else
                {
                    for (int j = 0; j < n; j++) ci[j] += aip * b[p * rsB + j * csB];
                }
            }
        }
    }
}
