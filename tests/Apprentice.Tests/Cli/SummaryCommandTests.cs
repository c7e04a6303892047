using Apprentice.Cli;

namespace Apprentice.Tests.Cli;

/// <summary>`apprentice summary` over imitate run folders and reproduce's results (the folder or its results.csv).</summary>
public sealed class SummaryCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("apprentice-summary-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static RunResult Hopper(int run, int trajectories, double mean) =>
        new("Hopper-v4", "gail", trajectories, run, 50, mean, 10, 3000, 0, mean / 3000, 1);

    /// <summary>A reproduce folder holding <paramref name="results"/>, written as reproduce writes it.</summary>
    private string Reproduce(string name, params RunResult[] results)
    {
        string folder = Directory.CreateDirectory(Path.Combine(_dir, name)).FullName;
        ResultsReport.Write(folder, results, TimeSpan.FromMinutes(1));
        return folder;
    }

    private static string[] Rows(string output, string task) =>
        output.Split('\n').Where(l => l.TrimStart().StartsWith(task, StringComparison.Ordinal)).ToArray();

    [Fact]
    public void ReproduceResults_OneRowPerCell_RunsPooledAsInItsTables()
    {
        string folder = Reproduce("a", Hopper(0, 4, 2600), Hopper(1, 4, 2800), Hopper(0, 11, 2900));
        foreach (string input in new[] { folder, Path.Combine(folder, "results.csv") })
        {
            var (exit, output, err) = CliRunner.Run("summary", input);
            Assert.True(exit == 0, err);
            string[] rows = Rows(output, "Hopper-v4");
            Assert.Equal(2, rows.Length);
            // 4 trajectories: two runs, the std over runs, the mean score, and the paper's figure for the cell.
            Assert.Matches(@"gail\s.*4\s.*2\s.*2700\.00 ± 100\.00\s.*0\.900\s.*3614\.2", rows[0]);
            Assert.Matches(@"11\s.*1\s.*2900\.00 ± 10\.00", rows[1]);
        }
    }

    [Fact]
    public void Figure_DrawsEveryInputsCells()
    {
        string a = Reproduce("a", Hopper(0, 4, 2600)), b = Reproduce("b", Hopper(1, 4, 2800));
        string png = Path.Combine(_dir, "figure.png");
        var (exit, output, err) = CliRunner.Run("summary", a, b, "--figure", png);
        Assert.True(exit == 0, err);
        Assert.Contains($"wrote {png}", output);
        Assert.True(new FileInfo(png).Length > 1000);
    }

    [Fact]
    public void Markdown_PoolsTheInputsRunsIntoReproducesTables()
    {
        string a = Reproduce("a", Hopper(0, 4, 2600)), b = Reproduce("b", Hopper(1, 4, 2800));
        string md = Path.Combine(_dir, "results.md");
        var (exit, _, err) = CliRunner.Run("summary", a, Path.Combine(b, "results.csv"), "--markdown", md);
        Assert.True(exit == 0, err);
        string text = File.ReadAllText(md);
        Assert.Contains("Made by `apprentice summary` from", text);
        Assert.Contains("| 4 | 2700.00 ± 100.00 (0.90) · 3614.2 |", text);
    }

    [Fact]
    public void TheSameRunInTwoInputs_IsRefusedBeforeDrawingOrTabulating()
    {
        string a = Reproduce("a", Hopper(0, 4, 2600)), b = Reproduce("b", Hopper(0, 4, 2800));
        string png = Path.Combine(_dir, "figure.png");
        string md = Path.Combine(_dir, "results.md");
        var (exit, _, err) = CliRunner.Run("summary", a, b, "--figure", png, "--markdown", md);
        Assert.Equal(2, exit);
        Assert.Contains("run 0 of Hopper-v4 gail with 4 trajectories is in the inputs twice", err);
        Assert.False(File.Exists(png));
        Assert.False(File.Exists(md));
    }

    [Fact]
    public void AFolderWithNeitherResult_IsABadInput()
    {
        var (exit, _, err) = CliRunner.Run("summary", _dir);
        Assert.Equal(2, exit);
        Assert.Contains("has neither a result.json (a finished imitate run) nor a results.csv", err);
    }
}
