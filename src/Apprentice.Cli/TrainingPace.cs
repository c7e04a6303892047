using System.Globalization;

namespace Apprentice.Cli;

/// <summary>
/// How fast a reproduce folder's cells have trained, from their own clocks (finished cells' training time,
/// checkpointed cells' seconds so far), to estimate the training left. Cells of one task and algorithm cost the
/// same (λ and the dataset size change little); FEM, GTAL and GAIL sample the same steps, so a task without a
/// timed cell of one of them borrows the others' pace.
/// </summary>
internal sealed class TrainingPace
{
    private readonly Dictionary<string, (double Cells, double Seconds)> _seen = new(StringComparer.Ordinal);

    /// <summary>Counts <paramref name="fraction"/> of a cell trained in <paramref name="seconds"/>.</summary>
    public void Add(ImitateRun cell, double fraction, double seconds)
    {
        if (!(fraction > 0) || !(seconds > 0)) return;
        foreach (string key in Keys(cell))
        {
            (double cells, double total) = _seen.GetValueOrDefault(key);
            _seen[key] = (cells + fraction, total + seconds);
        }
    }

    /// <summary>Seconds one whole cell like <paramref name="cell"/> takes, or null when no cell like it was timed.</summary>
    public double? SecondsPerCell(ImitateRun cell)
    {
        foreach (string key in Keys(cell))
            if (_seen.TryGetValue(key, out var s)) return s.Seconds / s.Cells;
        return null;
    }

    /// <summary>Seconds of cell time the given fractions of cells need, and how many of them are like no timed cell (left out).</summary>
    public (double Seconds, int Untimed) Left(IReadOnlyList<(ImitateRun Cell, double Fraction)> left)
    {
        double seconds = 0;
        int untimed = 0;
        foreach (var (cell, fraction) in left)
        {
            if (SecondsPerCell(cell) is double perCell) seconds += fraction * perCell;
            else untimed++;
        }
        return (seconds, untimed);
    }

    /// <summary>
    /// Wall seconds the given fractions of cells need with <paramref name="jobs"/> cells at a time, taken in the order
    /// given as `reproduce` takes them, each by the job that frees first: never less than the longest cell's, however
    /// many jobs (one cell left takes its own time with --jobs 2). Cells like no timed cell are left out.
    /// </summary>
    public double WallSeconds(IReadOnlyList<(ImitateRun Cell, double Fraction)> left, int jobs)
    {
        var busyUntil = new double[Math.Clamp(jobs, 1, Math.Max(1, left.Count))];
        foreach (var (cell, fraction) in left)
        {
            if (SecondsPerCell(cell) is not double perCell) continue;
            int free = 0;
            for (int j = 1; j < busyUntil.Length; j++)
                if (busyUntil[j] < busyUntil[free]) free = j;
            busyUntil[free] += fraction * perCell;
        }
        return busyUntil.Max();
    }

    /// <summary>One line: the estimated training left for the given fractions of cells, alone and over <paramref name="jobs"/>.</summary>
    public string Describe(IReadOnlyList<(ImitateRun Cell, double Fraction)> left, int jobs)
    {
        var (seconds, untimed) = Left(left);
        if (untimed == left.Count) return $"training left: no estimate ({Wording.Count(left.Count, "cell", "cells")}, none like a cell timed in this folder)";
        string leftOut = untimed == 0 ? "" : $"; {untimed} of them like no cell timed here, left out";
        return $"training left ≈ {Hours(seconds)} of cell time for {Wording.Count(left.Count, "cell", "cells")}, ≈ {Hours(WallSeconds(left, jobs))} with --jobs {jobs} (at the pace of this folder's cells{leftOut})";
    }

    private static IEnumerable<string> Keys(ImitateRun cell)
    {
        yield return $"{cell.EnvId} {cell.Algo}";
        if (cell.Gail is not null) yield return $"{cell.EnvId} policy-optimising";
    }

    /// <summary>A progress line's estimate, "  ≈ 2.3 h left", at the pace so far (<paramref name="seconds"/> for <paramref name="done"/> of <paramref name="total"/>); empty once done.</summary>
    internal static string Left(double seconds, double done, double total) =>
        done <= 0 || done >= total ? "" : $"  ≈ {Hours(seconds / done * (total - done))} left";

    internal static string Hours(double seconds) => seconds switch
    {
        >= 3600 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:F1} h"),
        >= 30 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:F0} min"),
        _ => "< 1 min",
    };
}
