using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Apprentice.Nn;

/// <summary>
/// Forward and backward kernels of each <see cref="Activation"/>. Backward takes the forward <em>output</em> y
/// (what the MLP keeps), which determines the derivative for all three: tanh' = 1 − y², relu' = [y &gt; 0].
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
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, $"unknown activation {activation}");
        }
    }

    /// <summary>y = tanh(x).</summary>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y)
    {
        Guard.SameLength(x, (ReadOnlySpan<float>)y);
        TensorPrimitives.Tanh(x, y);
    }

    /// <summary>dx = dy · (1 − y²), with y = tanh(x) from the forward pass.</summary>
    public static void TanhBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        Guard.SameLength(y, dy, dx);
        ref float ry = ref MemoryMarshal.GetReference(y);
        ref float rdy = ref MemoryMarshal.GetReference(dy);
        ref float rdx = ref MemoryMarshal.GetReference(dx);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256<float>.One;
            for (; i + 8 <= y.Length; i += 8)
            {
                var yi = Vector256.LoadUnsafe(ref ry, (nuint)i);
                var gi = Vector256.LoadUnsafe(ref rdy, (nuint)i);
                (gi * (one - yi * yi)).StoreUnsafe(ref rdx, (nuint)i);
            }
        }
        for (; i < y.Length; i++) dx[i] = dy[i] * (1f - y[i] * y[i]);
    }

    /// <summary>y = max(x, 0).</summary>
    public static void Relu(ReadOnlySpan<float> x, Span<float> y)
    {
        Guard.SameLength(x, (ReadOnlySpan<float>)y);
        TensorPrimitives.Max(x, 0f, y);
    }

    /// <summary>dx = dy where y &gt; 0, else 0 (the subgradient at 0 is taken as 0).</summary>
    public static void ReluBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        Guard.SameLength(y, dy, dx);
        ref float ry = ref MemoryMarshal.GetReference(y);
        ref float rdy = ref MemoryMarshal.GetReference(dy);
        ref float rdx = ref MemoryMarshal.GetReference(dx);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= y.Length; i += 8)
            {
                var positive = Vector256.GreaterThan(Vector256.LoadUnsafe(ref ry, (nuint)i), Vector256<float>.Zero);
                (Vector256.LoadUnsafe(ref rdy, (nuint)i) & positive).StoreUnsafe(ref rdx, (nuint)i);
            }
        }
        for (; i < y.Length; i++) dx[i] = y[i] > 0f ? dy[i] : 0f;
    }
}
