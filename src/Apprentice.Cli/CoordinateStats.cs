using Apprentice.Data;

namespace Apprentice.Cli;

/// <summary>
/// One coordinate of the demonstrations' pairs (the observation each action was taken in, or a continuous action)
/// over every step: what `demos info` reports per coordinate. A constant one matters to the learners: standardised
/// with the expert's statistics, any other value there becomes enormous (the linear costs' features).
/// </summary>
internal sealed record CoordinateStats(string Kind, int Index, string Name, double Mean, double Std, double Min, double Max)
{
    public bool Constant => Min == Max;

    /// <summary>Observations first, then a continuous action's coordinates; named by the task when it names them.</summary>
    public static CoordinateStats[] Of(Demonstrations demos, IReadOnlyList<string>? observationNames, IReadOnlyList<string>? actionNames)
    {
        if (observationNames?.Count != demos.ObservationSize) observationNames = null;
        if (actionNames?.Count != demos.ActionSize) actionNames = null;
        var observations = Columns(demos.Trajectories, demos.ObservationSize, t => t.Observations[..(t.Length * t.ObservationSize)]);
        var stats = observations.Select((c, i) => c.Stats("obs", i, observationNames?[i] ?? $"obs[{i}]"));
        if (demos.IsDiscrete) return [.. stats];
        var actions = Columns(demos.Trajectories, demos.ActionSize, t => t.Actions);
        return [.. stats, .. actions.Select((c, i) => c.Stats("act", i, actionNames?[i] ?? $"act[{i}]"))];
    }

    private delegate ReadOnlySpan<float> Rows(DemoTrajectory trajectory);

    private static Column[] Columns(IReadOnlyList<DemoTrajectory> trajectories, int width, Rows rows)
    {
        var columns = new Column[width];
        for (int j = 0; j < width; j++) columns[j] = new Column();
        foreach (DemoTrajectory trajectory in trajectories)
        {
            ReadOnlySpan<float> values = rows(trajectory);
            for (int k = 0; k < values.Length; k++) columns[k % width].Add(values[k]);
        }
        return columns;
    }

    /// <summary>Welford's running mean and variance, with the extremes.</summary>
    private sealed class Column
    {
        private long _count;
        private double _mean, _m2, _min = double.PositiveInfinity, _max = double.NegativeInfinity;

        public void Add(double x)
        {
            _count++;
            double delta = x - _mean;
            _mean += delta / _count;
            _m2 += delta * (x - _mean);
            _min = Math.Min(_min, x);
            _max = Math.Max(_max, x);
        }

        public CoordinateStats Stats(string kind, int index, string name) =>
            new(kind, index, name, _mean, Math.Sqrt(_m2 / Math.Max(_count, 1)), _min, _max);
    }
}
