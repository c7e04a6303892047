namespace Apprentice.Nn;

/// <summary>
/// All trainable parameters of a model in one contiguous float vector, with a gradient vector of the same
/// layout. Components (an <see cref="Mlp"/>, a Gaussian's log σ) take consecutive slices with
/// <see cref="Take"/>, so TRPO, CG and Adam see the model as one flat vector.
/// </summary>
public sealed class ParameterVector
{
    private readonly float[] _values;
    private readonly float[] _gradient;
    private int _taken;

    public ParameterVector(int count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be non-negative");
        _values = new float[count];
        _gradient = new float[count];
    }

    public int Count => _values.Length;

    /// <summary>How many entries <see cref="Take"/> has handed out so far.</summary>
    public int Taken => _taken;

    public Memory<float> Values => _values;

    public Memory<float> Gradient => _gradient;

    /// <summary>The next <paramref name="length"/> entries: (offset, values slice, gradient slice).</summary>
    public (int Offset, Memory<float> Values, Memory<float> Gradient) Take(int length)
    {
        if (length < 0 || length > _values.Length - _taken)
            throw new ArgumentOutOfRangeException(nameof(length), length,
                $"cannot take {length} of {_values.Length} parameters, {_values.Length - _taken} left; size the vector with the sum of the parts");
        int offset = _taken;
        _taken += length;
        return (offset, _values.AsMemory(offset, length), _gradient.AsMemory(offset, length));
    }

    /// <summary>Copies the values into <paramref name="destination"/> [Count].</summary>
    public void GetValues(Span<float> destination)
    {
        Guard.Length((ReadOnlySpan<float>)destination, Count, nameof(destination));
        _values.CopyTo(destination);
    }

    /// <summary>Overwrites the values from <paramref name="source"/> [Count].</summary>
    public void SetValues(ReadOnlySpan<float> source)
    {
        Guard.Length(source, Count, nameof(source));
        source.CopyTo(_values);
    }

    /// <summary>Copies the gradient into <paramref name="destination"/> [Count].</summary>
    public void GetGradient(Span<float> destination)
    {
        Guard.Length((ReadOnlySpan<float>)destination, Count, nameof(destination));
        _gradient.CopyTo(destination);
    }

    /// <summary>Copies values (not gradients) from another vector of the same size, e.g. into a target network.</summary>
    public void CopyValuesFrom(ParameterVector source)
    {
        ArgumentNullException.ThrowIfNull(source);
        SetValues(source._values);
    }

    /// <summary>Clears the gradient; backward passes accumulate into it.</summary>
    public void ZeroGradient() => Array.Clear(_gradient);
}
