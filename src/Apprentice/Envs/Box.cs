using System.Globalization;
using System.Text;

namespace Apprentice.Envs;

/// <summary>
/// Gymnasium's <c>Box</c> with float32 bounds; infinite bounds are allowed. Values are stored row-major.
/// </summary>
public sealed class Box : Space
{
    private readonly float[] _low;
    private readonly float[] _high;
    private readonly int[] _shape;

    /// <summary>The same bounds for every entry of a box of the given shape, e.g. <c>new Box(-2, 2, 1)</c>.</summary>
    public Box(float low, float high, params int[] shape)
        : this(Filled(low, shape), Filled(high, shape), shape)
    {
    }

    /// <summary>A one-dimensional box with per-entry bounds.</summary>
    public Box(float[] low, float[] high)
        : this(low, high, [low.Length])
    {
    }

    public Box(float[] low, float[] high, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        ArgumentNullException.ThrowIfNull(shape);
        int size = Product(shape);
        if (low.Length != size || high.Length != size)
            throw new ArgumentException(
                $"Box bounds have lengths {low.Length} and {high.Length}, expected {size} for shape {FormatShape(shape)}");
        for (int i = 0; i < size; i++)
        {
            if (float.IsNaN(low[i]) || float.IsNaN(high[i]) || low[i] > high[i])
                throw new ArgumentException($"Box bound {i} is [{low[i]}, {high[i]}]; low must not exceed high");
        }
        _low = (float[])low.Clone();
        _high = (float[])high.Clone();
        _shape = (int[])shape.Clone();
    }

    /// <summary>Lower bounds, [FlatSize]. A copy: spaces are immutable.</summary>
    public float[] Low => (float[])_low.Clone();

    /// <summary>Upper bounds, [FlatSize]. A copy: spaces are immutable.</summary>
    public float[] High => (float[])_high.Clone();

    public int[] Shape => (int[])_shape.Clone();

    public override int FlatSize => _low.Length;

    /// <summary>Lower bound of entry <paramref name="i"/>, without copying the array.</summary>
    public float LowAt(int i) => _low[i];

    /// <summary>Upper bound of entry <paramref name="i"/>, without copying the array.</summary>
    public float HighAt(int i) => _high[i];

    public override bool Contains(ReadOnlySpan<float> x)
    {
        if (x.Length != _low.Length) return false;
        for (int i = 0; i < x.Length; i++)
        {
            if (!(x[i] >= _low[i] && x[i] <= _high[i])) return false; // written so NaN fails
        }
        return true;
    }

    /// <summary>
    /// Clips <paramref name="values"/>, one or more rows of <see cref="FlatSize"/> entries, to the bounds, as
    /// <c>np.clip(x, low, high)</c>: the action an env executes for a sample outside the box. NaN stays NaN;
    /// <paramref name="destination"/> may be <paramref name="values"/> itself.
    /// </summary>
    public void Clip(ReadOnlySpan<float> values, Span<float> destination)
    {
        Guard.SameLength(values, destination);
        int a = _low.Length;
        if (a == 0 ? values.Length != 0 : values.Length % a != 0)
            throw new ArgumentException($"{values.Length} values are not whole rows of {a}");
        for (int row = 0; row < values.Length; row += a)
        for (int j = 0; j < a; j++)
            destination[row + j] = Math.Clamp(values[row + j], _low[j], _high[j]);
    }

    /// <summary>
    /// Gymnasium's rule per entry: uniform when both bounds are finite, normal when neither is, and an
    /// exponential offset from the finite bound when only one is.
    /// </summary>
    public override void Sample(Rng rng, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(rng);
        Guard.Length<float>(destination, _low.Length, nameof(destination));
        for (int i = 0; i < _low.Length; i++)
        {
            bool lowFinite = float.IsFinite(_low[i]), highFinite = float.IsFinite(_high[i]);
            double value;
            if (lowFinite && highFinite) value = rng.Uniform(_low[i], _high[i]);
            else if (lowFinite) value = _low[i] + Exponential(rng);
            else if (highFinite) value = _high[i] - Exponential(rng);
            else value = rng.NextGaussian();
            // Rounding to float32 can land outside a finite bound only by exceeding it; clamp that back.
            destination[i] = Math.Clamp((float)value, _low[i], _high[i]);
        }
    }

    /// <summary>Gymnasium's repr, e.g. <c>Box(-1.0, 1.0, (3,), float32)</c>; per-entry bounds print as lists.</summary>
    public override string ToString() =>
        $"Box({FormatBound(_low)}, {FormatBound(_high)}, {FormatShape(_shape)}, float32)";

    private static double Exponential(Rng rng) => -Math.Log(1.0 - rng.NextDouble());

    private static float[] Filled(float value, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var a = new float[Product(shape)];
        Array.Fill(a, value);
        return a;
    }

    private static int Product(int[] shape)
    {
        int size = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"Box shape {FormatShape(shape)} has a negative dimension");
            size = checked(size * d);
        }
        return size;
    }

    private static string FormatShape(int[] shape) =>
        shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";

    private static string FormatBound(float[] bound)
    {
        if (bound.Length > 0 && Array.TrueForAll(bound, v => v.Equals(bound[0]))) return FormatFloat(bound[0]);
        var sb = new StringBuilder("[");
        for (int i = 0; i < bound.Length; i++)
        {
            if (i > 0) sb.Append(' ');
            sb.Append(FormatFloat(bound[i]));
        }
        return sb.Append(']').ToString();
    }

    // numpy prints float32 scalars as the shortest round-trip string, with ".0" on integral values.
    private static string FormatFloat(float v)
    {
        if (float.IsPositiveInfinity(v)) return "inf";
        if (float.IsNegativeInfinity(v)) return "-inf";
        string s = v.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');
        return s.Contains('.') || s.Contains('e') ? s : s + ".0";
    }
}
