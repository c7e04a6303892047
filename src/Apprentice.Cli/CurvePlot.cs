using System.Globalization;
using ScottPlot;

namespace Apprentice.Cli;

/// <summary>A learning curve as PNG: true return against training progress, with reference levels (an expert's, a random policy's, a task's reward threshold).</summary>
internal static class CurvePlot
{
    /// <summary>How often a run redraws its curve while it trains (a short run draws only the final one).</summary>
    public static readonly TimeSpan RedrawEvery = TimeSpan.FromMinutes(1);

    /// <summary>Draws <c>curve.png</c> in a run's directory from the columns of its <c>metrics.csv</c>.</summary>
    public static void FromMetrics(string directory, string title, int xColumn, int yColumn,
        IReadOnlyList<(string Label, double Value)> levels, string xLabel = "environment steps")
    {
        string[][] rows = [.. File.ReadAllLines(Path.Combine(directory, "metrics.csv")).Skip(1).Select(r => r.Split(','))];
        double Value(string[] row, int c) => double.Parse(row[c], CultureInfo.InvariantCulture);
        Write(Path.Combine(directory, "curve.png"), title, [.. rows.Select(r => Value(r, xColumn))], [.. rows.Select(r => Value(r, yColumn))], levels, xLabel);
    }

    /// <param name="levels">Horizontal lines, drawn dashed green, dotted grey, then dash-dotted orange.</param>
    public static void Write(string path, string title, IReadOnlyList<double> steps, IReadOnlyList<double> returns,
        IReadOnlyList<(string Label, double Value)> levels, string xLabel = "environment steps")
    {
        var plot = new Plot();
        var line = plot.Add.Scatter(steps.ToArray(), returns.ToArray());
        line.LegendText = "policy (true return)";
        line.MarkerSize = 0;
        line.LineWidth = 2;
        (LinePattern Pattern, Color Color)[] styles = [(LinePattern.Dashed, Colors.Green), (LinePattern.Dotted, Colors.Gray), (LinePattern.DenselyDashed, Colors.Orange)];
        for (int i = 0; i < levels.Count; i++)
        {
            var (label, value) = levels[i];
            var h = plot.Add.HorizontalLine(value);
            h.LegendText = $"{label} ({value:F1})";
            (h.LinePattern, h.Color) = styles[i % styles.Length];
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel("return");
        plot.ShowLegend(Alignment.LowerRight);
        AtomicFile.Write(path, temporary => plot.SavePng(temporary, 800, 500));
    }
}
