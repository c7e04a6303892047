namespace Apprentice.Envs;

/// <summary>
/// Gymnasium's <c>Discrete(n)</c>: the actions 0..n-1. An action travels as one float holding the index,
/// so a flat float buffer carries discrete and continuous actions alike.
/// </summary>
public sealed class Discrete : Space
{
    public Discrete(int n)
    {
        Guard.Positive(n, nameof(n));
        N = n;
    }

    public int N { get; }

    public override int FlatSize => 1;

    public override bool Contains(ReadOnlySpan<float> x) => x.Length == 1 && IsIndex(x[0]);

    public override void Sample(Rng rng, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(rng);
        Guard.Length<float>(destination, 1, nameof(destination));
        destination[0] = rng.NextInt(N);
    }

    /// <summary>The index an action holds; throws when it is not one float holding an integer in [0, N).</summary>
    public int IndexOf(ReadOnlySpan<float> action)
    {
        Guard.Length(action, 1, "action");
        float a = action[0];
        if (!IsIndex(a))
            throw new ArgumentException($"action {a} is not in {this}; expected an integer in [0, {N})");
        return (int)a;
    }

    public override string ToString() => $"Discrete({N})";

    private bool IsIndex(float a) => a >= 0 && a < N && a == MathF.Floor(a);
}
