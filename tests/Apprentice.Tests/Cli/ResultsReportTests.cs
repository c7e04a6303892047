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

    [Fact]
    public void Markdown_GailAtSeveralEntropyWeights_OneColumnEachInThePapersOrderWithItsFigures()
    {
        RunResult Reacher(string algo, double weight, double mean) =>
            new("Reacher-v4", algo, 4, 0, 50, mean, 1, -4, -43, (mean + 43) / 39, 1) { EntropyWeight = weight };
        ResultsReport.Write(_dir, [Reacher("gail", 0.1, -20), Reacher("gail", 0, -10), Reacher("bc", 0, -12), Reacher("gail", 0.001, -8)], TimeSpan.FromMinutes(1));

        string md = File.ReadAllText(Path.Combine(_dir, "results.md"));
        Assert.Contains("| trajectories | BC | GAIL λ=0 | GAIL λ=0.001 | GAIL λ=0.1 |\n", md);
        Assert.Contains("| 4 | -12.00 ± 1.00 (0.79) · -10.97 | -10.00 ± 1.00 (0.85) · -67.23 | -8.00 ± 1.00 (0.90) · -32.37 | -20.00 ± 1.00 (0.59) · -302.62 |", Row());
        string[] csv = File.ReadAllLines(Path.Combine(_dir, "results.csv"));
        Assert.EndsWith(",entropy_weight,policy_step", csv[0]);
        Assert.Equal(["bc,0", "gail,0", "gail,0.001", "gail,0.1"], csv.Skip(1).Select(l => l.Split(',') is var f ? $"{f[1]},{f[^2]}" : ""));
    }

    [Fact]
    public void FigurePoints_SeveralRuns_MeanAndPopulationStdOfTheScoresPerSize()
    {
        RunResult Scored(int k, int run, double score) => new("Hopper-v4", "gail", k, run, 50, 0, 0, 1, 0, score);
        ResultsFigure.ScorePoint[] points = ResultsFigure.Points([Scored(11, 0, 0.4), Scored(4, 0, 0.5), Scored(4, 1, 0.7), Scored(4, 2, 0.9)]);

        Assert.Equal([4, 11], points.Select(p => p.Trajectories));
        Assert.Equal(0.7, points[0].Mean, 12);
        Assert.Equal(Math.Sqrt(0.08 / 3), points[0].Std, 12);
        Assert.Equal(3, points[0].Runs);
        Assert.Equal(new ResultsFigure.ScorePoint(11, 0.4, 0, 1), points[1]);
    }

    [Fact]
    public void FigureColors_TaskWithoutSomeColumns_GailKeepsItsColourAndEveryColumnHasItsOwn()
    {
        ResultColumn bc = new("bc", 0), fem = new("fem", 0), gtal = new("gtal", 0), gail = new("gail", 0);
        ResultColumn[] all = [bc, fem, gtal, gail, new("gail", 0.001), new("gail", 0.01), new("gail", 0.1)];

        Assert.Equal(7, all.Select(c => ResultsFigure.ColorOf(c, all)).Distinct().Count());
        // Reacher's panel has no FEM or GTAL; its GAIL line is drawn in the colour GAIL has on Hopper's.
        var reacherAndHopper = ResultsReport.Columns([
            new RunResult("Reacher-v4", "gail", 4, 0, 50, 0, 0, 1, 0, 0), new RunResult("Reacher-v4", "bc", 4, 0, 50, 0, 0, 1, 0, 0),
            new RunResult("Hopper-v4", "gtal", 4, 0, 50, 0, 0, 1, 0, 0), new RunResult("Hopper-v4", "fem", 4, 0, 50, 0, 0, 1, 0, 0)]);
        Assert.Equal([bc, fem, gtal, gail], reacherAndHopper);
        Assert.Equal(ResultsFigure.ColorOf(gail, all), ResultsFigure.ColorOf(gail, reacherAndHopper));
    }

    [Fact]
    public void Figure_OneSizeAndSeveralRuns_IsWritten()
    {
        ResultsReport.Write(_dir, [Cell(0, 2600, 12.5), Cell(1, 2800, 40)], TimeSpan.FromMinutes(1));
        Assert.True(new FileInfo(Path.Combine(_dir, "figure.png")).Length > 1000);
    }

    [Fact]
    public void RunResult_FileFromBeforeEntropyWeights_ReadsAsLambdaZero()
    {
        File.WriteAllText(Path.Combine(_dir, "result.json"),
            """{"env_id": "Hopper-v4", "algo": "gail", "trajectories": 4, "run": 0, "episodes": 50, "mean_return": 1, "std_return": 0, "random_return": 0}""");
        RunResult result = RunResult.Read(_dir);
        Assert.Equal(0, result.EntropyWeight);
        Assert.Equal(1, result.MeanReturn);
    }

    [Fact]
    public void PaperPoints_NormaliseThePapersReturnsByItsExpert_AtTheSizesItHas()
    {
        var points = ResultsFigure.PaperPoints("Hopper-v4", new ResultColumn("gail", 0), [4, 11, 30], random: 20.48);
        Assert.Equal([4, 11], points.Select(p => p.Trajectories)); // the paper has no figure for 30
        Assert.Equal((3614.2 - 20.48) / (3571.4 - 20.48), points[0].Score, 12);
        Assert.Equal((3615.0 - 20.48) / (3571.4 - 20.48), points[1].Score, 12);
        Assert.Empty(ResultsFigure.PaperPoints("Hopper-v4", new ResultColumn("gail", 0.01), [4], random: 20.48)); // no such column there
    }

    [Fact]
    public void FigureFloor_IsAUnitBelowTheLowestOfOurPointsLessTheirStd_OrOfRandom()
    {
        ResultsFigure.ScorePoint[][] ours = [[new(4, 0.9, 0.05, 7), new(11, -1.3, 0.2, 7)], [new(4, 1.0, double.NaN, 1)]];
        Assert.Equal(-2.5, ResultsFigure.Floor(ours), 12);
        Assert.Equal(-1, ResultsFigure.Floor([[new(4, 0.5, 0.1, 7)]]), 12); // random's 0 is the lowest
    }

    [Fact]
    public void Figure_APaperFigureFarBelowOurs_IsDrawn()
    {
        // Reacher's λ = 0.1 figures normalise to −6.7 … −27.5: drawn on the panel's floor, not as its scale.
        RunResult reacher = new("Reacher-v4", "gail", 4, 0, 50, -9.0, 1, -4.62, -42.85, 0.89, 1) { EntropyWeight = 0.1 };
        ResultsReport.Write(_dir, [reacher], TimeSpan.FromMinutes(1));
        Assert.True(new FileInfo(Path.Combine(_dir, "figure.png")).Length > 1000);
    }
}
