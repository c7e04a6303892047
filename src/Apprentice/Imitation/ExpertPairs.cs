using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Apprentice.Imitation;

/// <summary>
/// The expert's state-action pairs an imitation learner draws from: observations [Count × ObservationSize] and
/// actions [Count × ActionSize] (a discrete action is one float holding its index), already limited to the
/// chosen trajectories and subsampled.
/// </summary>
public sealed record ExpertPairs(float[] Observations, float[] Actions, int ObservationSize, int ActionSize)
{
    public int Count => ObservationSize == 0 ? 0 : Observations.Length / ObservationSize;

    /// <summary>
    /// Draws <paramref name="count"/> pairs uniformly with replacement (as the authors' discriminator batches) and
    /// returns them as how many times each pair was drawn: <paramref name="draws"/>[j] for pair j.
    /// </summary>
    public void Draw(int count, Rng rng, Span<int> draws)
    {
        Guard.Length<int>(draws, Count, nameof(draws));
        draws.Clear();
        for (int i = 0; i < count; i++) draws[rng.NextInt(Count)]++;
    }

    /// <summary>
    /// SHA-256 of the pairs (their sizes, then every observation and action value, little-endian float32), as lowercase
    /// hex: the same pairs give the same digest whatever file or format they were read from.
    /// </summary>
    public string Sha256()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<int> sizes = [ObservationSize, ActionSize];
        hash.AppendData(MemoryMarshal.AsBytes(sizes));
        hash.AppendData(MemoryMarshal.AsBytes(Observations.AsSpan()));
        hash.AppendData(MemoryMarshal.AsBytes(Actions.AsSpan()));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Checks shapes and that every value is finite; a problem throws <see cref="InputException"/>.</summary>
    public void Validate()
    {
        if (ObservationSize <= 0 || ActionSize <= 0 || Observations.Length % ObservationSize != 0 || Count == 0)
            throw new InputException($"expert data needs at least one pair; got {Observations.Length} observation values for size {ObservationSize}");
        if (Actions.Length != Count * ActionSize)
            throw new InputException($"expert data has {Count} observations but {Actions.Length / ActionSize} actions");
        for (int i = 0; i < Observations.Length; i++)
            if (!float.IsFinite(Observations[i])) throw new InputException($"expert pair {i / ObservationSize}: observation holds NaN or infinity");
        for (int i = 0; i < Actions.Length; i++)
            if (!float.IsFinite(Actions[i])) throw new InputException($"expert pair {i / ActionSize}: action holds NaN or infinity");
    }
}
