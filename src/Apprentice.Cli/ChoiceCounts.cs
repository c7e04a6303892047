using System.Globalization;
using Apprentice.Data;

namespace Apprentice.Cli;

/// <summary>
/// How often the demonstrations take each choice of a discrete action: what `demos info` reports for discrete
/// actions. A choice the expert never takes is one behaviour cloning can never predict; a rare one, one it
/// learns from few examples.
/// </summary>
internal static class ChoiceCounts
{
    /// <summary>
    /// Steps per choice, [max(<paramref name="choices"/>, largest index + 1)]; null for continuous actions, or when an
    /// action is not a whole index in [0, 2²⁰) (`demos info` names that problem when given the env; the bound keeps a
    /// damaged file from asking for a huge table).
    /// </summary>
    public static long[]? Of(Demonstrations demos, int? choices)
    {
        if (!demos.IsDiscrete) return null;
        var counts = new long[choices ?? 0];
        foreach (DemoTrajectory trajectory in demos.Trajectories)
        foreach (float action in trajectory.Actions)
        {
            if (!(action >= 0 && action < 1 << 20) || action != MathF.Floor(action)) return null;
            int a = (int)action;
            if (a >= counts.Length) Array.Resize(ref counts, a + 1);
            counts[a]++;
        }
        return counts;
    }

    /// <summary><c>0 push_left: 2,491 (49.8 %), 1 push_right: …</c>; by index alone when the task names none.</summary>
    public static string Describe(long[] counts, IReadOnlyList<string>? names)
    {
        long total = Math.Max(1, counts.Sum());
        return string.Join(", ", counts.Select((n, a) => string.Create(CultureInfo.InvariantCulture,
            $"{a}{(names is not null && a < names.Count ? " " + names[a] : "")}: {n:N0} ({100.0 * n / total:F1} %)")));
    }
}
