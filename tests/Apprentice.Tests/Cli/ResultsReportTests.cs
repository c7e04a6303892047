using Apprentice.Cli;

namespace Apprentice.Tests.Cli;

public sealed class ResultsReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("apprentice-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A GAIL cell on Hopper with 4 trajectories (the paper's figure there: 3614.2).</summary>
    private static RunResult Cell(int run, double mean, double std) =>
        new("Hopper-v4", "gail", 4, run, 50, mean, std, 3000, 0, mean / 3000, 1);

    private string Row()
    {
        string md = File.ReadAllText(Path.Combine(_dir, "results.md"));
        return md.Split('\n').Single(l => l.StartsWith("| 4 |", StringComparison.Ordinal));
    }

    [Fact]
    public void Markdown_OneRunPerCell_ShowsTheStdOverItsEvaluationEpisodes()
    {
        ResultsReport.Write(_dir, [Cell(0, 2700, 12.5)], TimeSpan.FromMinutes(1));
        Assert.Contains("| 2700.00 ± 12.50 (0.90) · 3614.2 |", Row());
    }

    [Fact]
    public void Markdown_SeveralRunsPerCell_ShowsTheStdOverRuns()
    {
        ResultsReport.Write(_dir, [Cell(0, 2600, 12.5), Cell(1, 2800, 40)], TimeSpan.FromMinutes(1));
        Assert.Contains("| 2700.00 ± 100.00 (0.90) · 3614.2 |", Row());
    }
}
