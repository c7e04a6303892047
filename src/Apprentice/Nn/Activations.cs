using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Apprentice.Nn;

/// <summary>
/// Forward and backward kernels of each <see cref="Activation"/>. Backward takes the forward <em>output</em> y
/// (what the MLP keeps), which determines the derivative for each: tanh' = 1 − y², relu' = [y &gt; 0], and the
/// leaky ReLU's 1 or 0.01 by the sign of y (which is the sign of x).
/// The same backward kernel applies the derivative to a forward-mode tangent (R-op). Destination may alias a source.
/// </summary>
public static class Activations
{
    /// <summary>y = f(x), elementwise.</summary>
    /// <param name="x">Pre-activation, any shape (flattened).</param>
    public static void Forward(Activation activation, ReadOnlySpan<float> x, Span<float> y)
    {
        switch (activation)
        {
            case Activation.Identity:
                Guard.SameLength(x, (ReadOnlySpan<float>)y);
                x.CopyTo(y);
                break;
            case Activation.Tanh:
                Tanh(x, y);
                break;
            case Activation.Relu:
                Relu(x, y);
                break;
            case Activation.LeakyRelu:
                LeakyRelu(x, y);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, $"unknown activation {activation}");
        }
    }

    /// <summary>dx = f'(x) ⊙ dy, with f' read off the forward output y.</summary>
    /// <param name="y">Forward output, same shape as dy.</param>
    public static void Backward(Activation activation, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        switch (activation)
        {
            case Activation.Identity:
                Guard.SameLength(y, dy, dx);
                dy.CopyTo(dx);
                break;
            case Activation.Tanh:
                TanhBackward(y, dy, dx);
                break;
            case Activation.Relu:
                ReluBackward(y, dy, dx);
                break;
            case Activation.LeakyRelu:
                LeakyReluBackward(y, dy, dx);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, $"unknown activation {activation}");
        }
    }

    /// <summary>y = tanh(x), within a few ulp over the whole line (relative error, including tiny |x|).</summary>
    /// <remarks>
    /// Own kernel rather than TensorPrimitives.Tanh, which here loses all relative accuracy for tiny |x| (it returns
    /// 6e-8 for tanh(1e-7)) and is the slowest part of a 50,000-row forward pass. For |x| &lt; 0.55 the odd Taylor
    /// series through x¹⁷ (truncation &lt; 3e-9); above, 1 − 2/(e^{2|x|} + 1), which has no cancellation there.
    /// The tail of the span goes through the same vector code (padded), so every element is computed identically.
    /// </remarks>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y)
    {
        Guard.SameLength(x, (ReadOnlySpan<float>)y);
        if (!Vector256.IsHardwareAccelerated)
        {
            for (int k = 0; k < x.Length; k++) y[k] = MathF.Tanh(x[k]);
            return;
        }
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ry = ref MemoryMarshal.GetReference(y);
        int i = 0;
        for (; i + 8 <= x.Length; i += 8) TanhVector(Vector256.LoadUnsafe(ref rx, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
        if (i < x.Length)
        {
            Span<float> pad = stackalloc float[8];
            pad.Clear();
            x[i..].CopyTo(pad);
            TanhVector(Vector256.Create<float>(pad)).CopyTo(pad);
            pad[..(x.Length - i)].CopyTo(y[i..]);
        }
    }

    // Inlined: as calls, Vector256 arguments and results travel through the stack, and on Zen 1 those 256-bit
    // reloads of two 128-bit stores miss store forwarding. Polynomials use Estrin's scheme: a Horner chain of ~40
    // dependent operations per vector left the core waiting on latency (6 ns per element measured here).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> TanhVector(Vector256<float> x)
    {
        var sign = Vector256.Create(-0f);
        var a = Vector256.AndNot(x, sign);

        var s = a * a;
        var s2 = s * s;
        var q0 = Mad(Vector256.Create(2f / 15f), s, Vector256.Create(-1f / 3f));
        var q1 = Mad(Vector256.Create(62f / 2835f), s, Vector256.Create(-17f / 315f));
        var q2 = Mad(Vector256.Create(21844f / 6081075f), s, Vector256.Create(-1382f / 155925f));
        var q3 = Mad(Vector256.Create(6404582f / 10854718875f), s, Vector256.Create(-929569f / 638512875f));
        var p = Mad(Mad(q3, s2, q2), s2 * s2, Mad(q1, s2, q0));
        var small = Mad(a * s, p, a);

        // tanh(9) rounds to 1 in float; clamping keeps e^{2|x|} finite and the exponent trick in range.
        var e = ExpVector(Vector256.Min(a + a, Vector256.Create(18f)));
        var large = Vector256<float>.One - Vector256.Create(2f) / (e + Vector256<float>.One);

        var t = Vector256.ConditionalSelect(Vector256.LessThan(a, Vector256.Create(0.55f)), small, large);
        return t | (x & sign);
    }

    /// <summary>e^v for 0 ≤ v ≤ 18: v = n·ln2 + r with |r| ≤ ln2/2 (Cody–Waite split of ln2), e^r by Taylor to r⁸.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ExpVector(Vector256<float> v)
    {
        var n = Vector256.Round(v * Vector256.Create(1.44269504f));
        var r = Mad(n, Vector256.Create(-0.693145752f), v);
        r = Mad(n, Vector256.Create(-1.42860677e-6f), r);
        var r2 = r * r;
        var r4 = r2 * r2;
        var one = Vector256<float>.One;
        var low = Mad(Mad(Vector256.Create(1f / 6f), r, Vector256.Create(0.5f)), r2, r + one);
        var high = Mad(Mad(Vector256.Create(1f / 5040f), r, Vector256.Create(1f / 720f)), r2,
            Mad(Vector256.Create(1f / 120f), r, Vector256.Create(1f / 24f)));
        var q = Mad(Mad(Vector256.Create(1f / 40320f), r4, high), r4, low);
        var scale = Vector256.ShiftLeft(Vector256.ConvertToInt32(n) + Vector256.Create(127), 23).AsSingle();
        return q * scale;
    }

    /// <summary>a·b + c, fused where the hardware has FMA (the branch is a JIT-time constant).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Mad(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;

    /// <summary>dx = dy · (1 − y²), with y = tanh(x) from the forward pass.</summary>
    public static void TanhBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) =>
        MultiplyByDerivative<TanhDerivative>(y, dy, dx);

    /// <summary>y = max(x, 0).</summary>
    public static void Relu(ReadOnlySpan<float> x, Span<float> y)
    {
        Guard.SameLength(x, (ReadOnlySpan<float>)y);
        TensorPrimitives.Max(x, 0f, y);
    }

    /// <summary>dx = dy where y &gt; 0, else 0 (the subgradient at 0 is taken as 0).</summary>
    public static void ReluBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) =>
        MultiplyByDerivative<ReluDerivative>(y, dy, dx);

    /// <summary>Slope of <see cref="Activation.LeakyRelu"/> for negative inputs (the authors' 0.01).</summary>
    public const float LeakySlope = 0.01f;

    /// <summary>y = max(x, 0.01·x), which is x for x ≥ 0 and 0.01·x below (the slope is under 1).</summary>
    public static void LeakyRelu(ReadOnlySpan<float> x, Span<float> y)
    {
        Guard.SameLength(x, (ReadOnlySpan<float>)y);
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ry = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var slope = Vector256.Create(LeakySlope);
            for (; i + 8 <= x.Length; i += 8)
            {
                var xi = Vector256.LoadUnsafe(ref rx, (nuint)i);
                Vector256.Max(xi, xi * slope).StoreUnsafe(ref ry, (nuint)i);
            }
        }
        for (; i < x.Length; i++) y[i] = MathF.Max(x[i], x[i] * LeakySlope);
    }

    /// <summary>dx = dy where y &gt; 0, else 0.01·dy (the subgradient at 0 is taken as the slope).</summary>
    public static void LeakyReluBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) =>
        MultiplyByDerivative<LeakyReluDerivative>(y, dy, dx);

    /// <summary>dx = f'(y) ⊙ dy, f' given by <typeparamref name="T"/> (a struct, so each kernel is compiled inline).</summary>
    private static void MultiplyByDerivative<T>(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
        where T : struct, IDerivative
    {
        Guard.SameLength(y, dy, dx);
        ref float ry = ref MemoryMarshal.GetReference(y);
        ref float rdy = ref MemoryMarshal.GetReference(dy);
        ref float rdx = ref MemoryMarshal.GetReference(dx);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= y.Length; i += 8)
                T.Times(Vector256.LoadUnsafe(ref ry, (nuint)i), Vector256.LoadUnsafe(ref rdy, (nuint)i)).StoreUnsafe(ref rdx, (nuint)i);
        }
        for (; i < y.Length; i++) dx[i] = T.Times(y[i], dy[i]);
    }

    /// <summary>An activation's derivative, read off its forward output y, times an incoming gradient g.</summary>
    private interface IDerivative
    {
        static abstract Vector256<float> Times(Vector256<float> y, Vector256<float> g);

        static abstract float Times(float y, float g);
    }

    private readonly struct TanhDerivative : IDerivative
    {
        public static Vector256<float> Times(Vector256<float> y, Vector256<float> g) => g * (Vector256<float>.One - y * y);

        public static float Times(float y, float g) => g * (1f - y * y);
    }

    private readonly struct ReluDerivative : IDerivative
    {
        public static Vector256<float> Times(Vector256<float> y, Vector256<float> g) => g & Vector256.GreaterThan(y, Vector256<float>.Zero);

        public static float Times(float y, float g) => y > 0f ? g : 0f;
    }

    private readonly struct LeakyReluDerivative : IDerivative
    {
        public static Vector256<float> Times(Vector256<float> y, Vector256<float> g) =>
            Vector256.ConditionalSelect(Vector256.GreaterThan(y, Vector256<float>.Zero), g, g * Vector256.Create(LeakySlope));

        public static float Times(float y, float g) => y > 0f ? g : g * LeakySlope;
    }
}
