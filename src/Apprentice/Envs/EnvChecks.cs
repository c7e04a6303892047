using System.Security.Cryptography;

namespace Apprentice.Envs;

/// <summary>Argument checks and seeding shared by the built-in envs.</summary>
internal static class EnvChecks
{
    public static void Observation(Span<float> observation, Box space) =>
        Guard.Length<float>(observation, space.FlatSize, "observation");

    public static void Action(ReadOnlySpan<float> action, Space space) =>
        Guard.Length(action, space.FlatSize, "action");

    /// <summary>
    /// A seed starts a new stream; without one the current stream continues. An env never seeded draws its
    /// seed from the OS, as Gymnasium does, so unseeded copies of an env do not move in lockstep.
    /// </summary>
    public static Rng Seed(Rng? current, int? seed)
    {
        if (seed is int s)
        {
            if (s < 0) throw new ArgumentOutOfRangeException(nameof(seed), s, "seed must be non-negative");
            return new Rng((ulong)s);
        }
        return current ?? new Rng(BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)));
    }

    /// <summary>Gymnasium's <c>maybe_parse_reset_bounds</c>: Low/High override the defaults.</summary>
    public static (double Low, double High) Bounds(ResetOptions? options, double defaultLow, double defaultHigh, string env)
    {
        if (options is null) return (defaultLow, defaultHigh);
        if (options.XInit is not null || options.YInit is not null)
            throw new ArgumentException($"{env} takes reset bounds Low/High, not XInit/YInit");
        double low = options.Low ?? defaultLow, high = options.High ?? defaultHigh;
        if (!(low <= high))
            throw new ArgumentException($"reset bound Low ({low}) must not exceed High ({high})");
        return (low, high);
    }

    public static void StateLength(double[] value, int expected, string env)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length != expected)
            throw new ArgumentException($"{env} state has {expected} entries; got {value.Length}");
    }

    public static InvalidOperationException NotReset(string env) => new($"{env}: call Reset before Step");
}
