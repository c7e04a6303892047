using System.Numerics;

namespace Apprentice;

/// <summary>
/// The project's one random number generator: xoshiro256** (Blackman &amp; Vigna) seeded through SplitMix64.
/// Owned here rather than <see cref="Random"/> so a seed gives the same stream on every .NET version.
/// A run has one root seed; each consumer takes a named stream with <see cref="Split(string)"/>, so adding a
/// consumer never shifts the numbers another one sees. Not thread-safe: one instance per thread.
/// </summary>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;
    private readonly ulong _seed;
    private double _spareGaussian;
    private bool _hasSpare;

    public Rng(ulong seed)
    {
        _seed = seed;
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>The seed this generator was built from.</summary>
    public ulong Seed => _seed;

    /// <summary>An independent generator for a named purpose, derived from this one's seed (not its state).</summary>
    public Rng Split(string name)
    {
        ulong h = 14695981039346656037UL; // FNV-1a over the name's UTF-16 code units
        foreach (char c in name)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        ulong x = _seed ^ h;
        return new Rng(SplitMix64(ref x));
    }

    /// <summary>An independent generator for the i-th member of a family (e.g. env copy i).</summary>
    public Rng Split(string name, int index) => Split($"{name}#{index}");

    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform on [low, high).</summary>
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Uniform integer on [0, n), without modulo bias (Lemire's method).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "n must be positive");
        ulong range = (ulong)n;
        ulong m = Math.BigMul(NextUInt64(), range, out ulong low);
        if (low < range)
        {
            ulong threshold = (0 - range) % range;
            while (low < threshold) m = Math.BigMul(NextUInt64(), range, out low);
        }
        return (int)m;
    }

    /// <summary>Standard normal draw (Marsaglia's polar method; the second value is kept for the next call).</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareGaussian;
        }
        double u, v, s;
        do
        {
            u = 2.0 * NextDouble() - 1.0;
            v = 2.0 * NextDouble() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        double f = Math.Sqrt(-2.0 * Math.Log(s) / s);
        _spareGaussian = v * f;
        _hasSpare = true;
        return u * f;
    }

    /// <summary>
    /// Where this generator stands in its stream (with the Gaussian it holds back), so that a run drawing from one
    /// stream throughout can checkpoint it and continue exactly; <see cref="Restore"/> puts it back.
    /// </summary>
    public RngState State => new(_s0, _s1, _s2, _s3, _hasSpare ? _spareGaussian : null);

    /// <summary>Continues from a <see cref="State"/> taken from a generator (of any seed); <see cref="Seed"/> and so <see cref="Split(string)"/> are unchanged.</summary>
    public void Restore(RngState state)
    {
        if ((state.S0 | state.S1 | state.S2 | state.S3) == 0) throw new ArgumentException("xoshiro256** has no all-zero state", nameof(state));
        (_s0, _s1, _s2, _s3) = (state.S0, state.S1, state.S2, state.S3);
        _hasSpare = state.SpareGaussian.HasValue;
        _spareGaussian = state.SpareGaussian ?? 0;
    }

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
