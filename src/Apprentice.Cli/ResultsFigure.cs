using System.Globalization;
using ScottPlot;

namespace Apprentice.Cli;

/// <summary>
/// `reproduce`'s figure.png, laid out as the paper's Figure 1: one panel per task, normalised score (0 = random,
/// 1 = expert) against the number of expert trajectories, one line per column of the tables. A column keeps its colour
/// in every panel, the x ticks are the dataset sizes (each line shifted a little sideways, so that lines which meet stay
/// visible), error bars give the std over runs where a cell has several, and the legend stands beside the panel so that
/// it hides no point. Where the paper has figures for a column, they follow it as a dashed line of open circles in its
/// colour, each the paper's return normalised by the paper's expert and this task's random level; one far below every
/// line of ours stands on the panel's floor as a labelled triangle (<see cref="Floor"/>).
/// </summary>
internal static class ResultsFigure
{
    private static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    /// <summary>Each line is shifted sideways by this share of the x range, so that lines which meet (all at 1.0, say) stay visible.</summary>
    private const double DodgeFraction = 0.01;

    public static void Write(string path, IReadOnlyList<RunResult> results, Func<string, int> taskOrder)
    {
        ResultColumn[] all = ResultsReport.Columns(results);
        var tasks = results.GroupBy(r => r.EnvId).OrderBy(g => taskOrder(g.Key)).ToArray();
        var multiplot = new Multiplot();
        multiplot.AddPlots(tasks.Length);
        for (int i = 0; i < tasks.Length; i++)
        {
            Plot plot = multiplot.GetPlot(i);
            ResultColumn[] columns = ResultsReport.Columns(tasks[i]);
            // The reference lines go first, so that points at the expert's level are drawn over its line.
            Reference(plot, 1.0, "expert", Colors.Black, LinePattern.Dashed);
            Reference(plot, 0.0, "random", Colors.Gray, LinePattern.Dotted);
            int[] sizes = [.. tasks[i].Select(r => r.Trajectories).Distinct().Order()];
            double dodge = DodgeFraction * Math.Max(1, sizes[^1] - sizes[0]);
            double random = tasks[i].Average(r => r.RandomReturn);
            ScorePoint[][] ours = [.. columns.Select(c => Points(tasks[i].Where(r => ResultColumn.Of(r) == c)))];
            double floor = Floor(ours);
            bool offScale = false;
            for (int j = 0; j < columns.Length; j++)
            {
                ResultColumn column = columns[j];
                ScorePoint[] points = ours[j];
                double offset = (j - (columns.Length - 1) / 2.0) * dodge;
                double[] xs = [.. points.Select(p => p.Trajectories + offset)], ys = [.. points.Select(p => p.Mean)];
                Color color = ColorOf(column, all);
                var line = plot.Add.Scatter(xs, ys, color);
                line.LegendText = ResultsReport.Header(column, columns);
                line.MarkerSize = 7;
                if (points.Any(p => p.Runs > 1)) plot.Add.ErrorBar(xs, ys, [.. points.Select(p => p.Std)]).Color = color;
                // The paper's figures are TRPO's: named so beside a PPO column.
                string paperLabel = column.Ppo ? ResultsReport.Header(column with { Ppo = false }, columns) : line.LegendText;
                offScale |= Paper(plot, tasks[i].Key, column, sizes, offset, random, floor, color, paperLabel);
            }
            if (offScale) plot.Axes.SetLimitsY(floor - 0.15, Math.Max(1, Finite(ours, p => p.Mean + p.Std).DefaultIfEmpty(1).Max()) + 0.15);
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                [.. sizes.Select(k => (double)k)], [.. sizes.Select(k => k.ToString(CultureInfo.InvariantCulture))]);
            plot.Title(tasks[i].Key);
            plot.XLabel("number of expert trajectories");
            plot.YLabel("normalised score");
            plot.ShowLegend(Edge.Right);
        }
        AtomicFile.Write(path, temporary => multiplot.SavePng(temporary, 820, 350 * tasks.Length));
    }

    /// <summary>A column's colour: its place among all the figure's columns (BC, FEM, GTAL, GAIL by λ), so the same in every panel.</summary>
    public static Color ColorOf(ResultColumn column, ResultColumn[] all) => Palette.GetColor(Array.IndexOf(all, column));

    /// <summary>One point per dataset size: the mean normalised score over runs and its population std.</summary>
    public static ScorePoint[] Points(IEnumerable<RunResult> column) =>
    [
        .. column.GroupBy(r => r.Trajectories).OrderBy(g => g.Key).Select(g =>
        {
            var (mean, std) = Statistics.MeanStd([.. g.Select(r => r.NormalizedScore ?? double.NaN)]);
            return new ScorePoint(g.Key, mean, std, g.Count());
        }),
    ];

    /// <summary>
    /// The lowest score a panel shows: a unit below the lowest of its own points (less their std) and of random. A
    /// paper's figure far below that (Reacher's λ = 0.1 at −27) would otherwise squash every line of ours into a band.
    /// </summary>
    public static double Floor(ScorePoint[][] ours) => Math.Min(0, Finite(ours, p => p.Mean - p.Std).DefaultIfEmpty(0).Min()) - 1;

    /// <summary>A value of each point of ours, where it is a number (a point without an expert level has no score).</summary>
    private static IEnumerable<double> Finite(ScorePoint[][] ours, Func<ScorePoint, double> value) =>
        ours.SelectMany(c => c).Select(value).Where(double.IsFinite);

    /// <summary>
    /// The paper's figures for a column at the sizes this panel has, normalised by the paper's expert; one below
    /// <paramref name="floor"/> is drawn on it as a filled triangle pointing down, labelled with its score. Whether
    /// any was.
    /// </summary>
    private static bool Paper(Plot plot, string task, ResultColumn column, int[] sizes, double offset, double random, double floor, Color color, string label)
    {
        (int Trajectories, double Score)[] points = PaperPoints(task, column, sizes, random);
        if (points.Length == 0) return false;
        double[] xs = [.. points.Select(p => p.Trajectories + offset)], ys = [.. points.Select(p => Math.Max(p.Score, floor))];
        var line = plot.Add.Scatter(xs, ys, color);
        line.LinePattern = LinePattern.Dashed;
        line.MarkerShape = MarkerShape.OpenCircle;
        line.MarkerSize = 7;
        line.LegendText = $"{label} (paper)";
        var below = points.Select((p, n) => (p.Score, X: xs[n])).Where(p => p.Score < floor).ToArray();
        foreach (var (score, x) in below)
        {
            var marker = plot.Add.Marker(x, floor, MarkerShape.FilledTriangleDown, 9, color);
            marker.LegendText = "";
            var text = plot.Add.Text(score.ToString("F1", CultureInfo.InvariantCulture), x, floor);
            text.LabelFontColor = color;
            text.LabelFontSize = 11;
            text.LabelAlignment = Alignment.LowerCenter;
            text.OffsetY = -6;
        }
        return below.Length > 0;
    }

    /// <summary>The paper's return for each of <paramref name="sizes"/> it has a figure for, as (return − random) / (the paper's expert − random).</summary>
    public static (int Trajectories, double Score)[] PaperPoints(string task, ResultColumn column, int[] sizes, double random) =>
        PaperResults.Tasks.TryGetValue(task, out PaperResults.Task? paper)
            ? [.. sizes.Select(k => (k, Return: PaperResults.Return(task, column.PaperKey, k))).Where(p => p.Return is not null)
                .Select(p => (p.k, (p.Return!.Value - random) / (paper.Expert - random)))]
            : [];

    private static void Reference(Plot plot, double level, string label, Color color, LinePattern pattern)
    {
        var line = plot.Add.HorizontalLine(level, color: color, pattern: pattern);
        line.LegendText = label;
    }

    /// <summary>A point of a line: <paramref name="Runs"/> runs with <paramref name="Trajectories"/> expert trajectories.</summary>
    public readonly record struct ScorePoint(int Trajectories, double Mean, double Std, int Runs);
}
