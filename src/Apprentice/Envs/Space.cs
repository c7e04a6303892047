namespace Apprentice.Envs;

/// <summary>
/// A Gymnasium space, flattened to float32: every value travels as <see cref="FlatSize"/> floats, so
/// policies, buffers and vector envs handle discrete and continuous tasks alike.
/// </summary>
public abstract class Space
{
    /// <summary>Number of floats one value of this space occupies.</summary>
    public abstract int FlatSize { get; }

    /// <summary>True when <paramref name="x"/> has <see cref="FlatSize"/> entries and lies in the space.</summary>
    public abstract bool Contains(ReadOnlySpan<float> x);

    /// <summary>Draws one value into <paramref name="destination"/>, [<see cref="FlatSize"/>].</summary>
    public abstract void Sample(Rng rng, Span<float> destination);
}
