using ScottPlot;

namespace Apprentice.Cli;

/// <summary>A learning curve as PNG: true return against environment steps, with the expert's and a random policy's levels.</summary>
internal static class CurvePlot
{
    public static void Write(string path, string title, IReadOnlyList<double> steps, IReadOnlyList<double> returns,
        double? expert, double? random, string xLabel = "environment steps")
    {
        var plot = new Plot();
        var line = plot.Add.Scatter(steps.ToArray(), returns.ToArray());
        line.LegendText = "policy (true return)";
        line.MarkerSize = 0;
        line.LineWidth = 2;
        if (expert is double e)
        {
            var h = plot.Add.HorizontalLine(e);
            h.LegendText = $"expert ({e:F1})";
            h.LinePattern = LinePattern.Dashed;
            h.Color = Colors.Green;
        }
        if (random is double r)
        {
            var h = plot.Add.HorizontalLine(r);
            h.LegendText = $"random ({r:F1})";
            h.LinePattern = LinePattern.Dotted;
            h.Color = Colors.Gray;
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel("return");
        plot.ShowLegend(Alignment.LowerRight);
        AtomicFile.Write(path, temporary => plot.SavePng(temporary, 800, 500));
    }
}
