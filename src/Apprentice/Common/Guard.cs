namespace Apprentice;

/// <summary>Argument checks for numeric kernels: run before any work, throw with the offending sizes.</summary>
internal static class Guard
{
    public static void SameLength<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"length mismatch: {a.Length} vs {b.Length}");
    }

    public static void SameLength<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> c)
    {
        if (a.Length != b.Length || a.Length != c.Length)
            throw new ArgumentException($"length mismatch: {a.Length}, {b.Length}, {c.Length}");
    }

    public static void Length<T>(ReadOnlySpan<T> span, int expected, string name)
    {
        if (span.Length != expected)
            throw new ArgumentException($"{name} has length {span.Length}, expected {expected}");
    }

    public static void AtLeast<T>(ReadOnlySpan<T> span, int expected, string name)
    {
        if (span.Length < expected)
            throw new ArgumentException($"{name} has length {span.Length}, needs at least {expected}");
    }

    public static void Positive(int value, string name)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive");
    }
}
