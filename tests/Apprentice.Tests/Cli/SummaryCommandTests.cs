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
    public void RunsStartedFromAPolicyOrSteppedWithPpoOrFromObservations_AreColumnsOfTheirOwn_NotPooledWithThePapersKind()
    {
        string Imitate(string name, RunResult result)
        {
            string folder = Directory.CreateDirectory(Path.Combine(_dir, name)).FullName;
            result.Write(folder);
            return folder;
        }
        string[] runs =
        [
            Imitate("g0", Hopper(0, 4, 2600)), Imitate("g1", Hopper(1, 4, 2800)),
            Imitate("b0", Hopper(0, 4, 2900) with { InitialPolicy = "runs/bc/policy.safetensors" }), // seed 0 again, from a policy
            Imitate("p0", Hopper(0, 4, 2400) with { PolicyStep = RunResult.PpoStep }), // and with PPO
            Imitate("o0", Hopper(0, 4, 2500) with { ObservationsOnly = true }), // and from observations alone
        ];
        Assert.Equal("runs/bc/policy.safetensors", RunResult.Read(runs[2]).InitialPolicy);
        Assert.Equal("ppo", RunResult.Read(runs[3]).PolicyStep);
        Assert.True(RunResult.Read(runs[4]).ObservationsOnly);
        Assert.DoesNotContain("observations_only", File.ReadAllText(Path.Combine(runs[0], "result.json"))); // written only when set
        string md = Path.Combine(_dir, "results.md");
        var (exit, output, err) = CliRunner.Run(["summary", .. runs, "--markdown", md]);
        Assert.True(exit == 0, err);
        Assert.Single(Rows(output, "Hopper-v4"), row => row.Contains("gail from a policy"));
        Assert.Single(Rows(output, "Hopper-v4"), row => row.Contains("gail ppo"));
        Assert.Single(Rows(output, "Hopper-v4"), row => row.Contains("gail from observations"));
        string text = File.ReadAllText(md);
        Assert.Contains("| trajectories | GAIL | GAIL from a policy | GAIL from observations | GAIL PPO |", text);
        Assert.Contains("Mean training time per cell: GAIL 1 s, GAIL from a policy 1 s, GAIL from observations 1 s, GAIL PPO 1 s.", text);
        // The paper's (TRPO) figure stands beside PPO's cell as beside TRPO's; it has none from a policy or from observations.
        Assert.Contains("| 4 | 2700.00 ± 100.00 (0.90) · 3614.2 | 2900.00 ± 10.00 (0.97) | 2500.00 ± 10.00 (0.83) | 2400.00 ± 10.00 (0.80) · 3614.2 |", text);
    }

    [Fact]
    public void APpoRunsResultFromBeforeThePolicyStepWasRecorded_TakesItFromTheRunsConfig()
    {
        string folder = Directory.CreateDirectory(Path.Combine(_dir, "old-ppo")).FullName;
        ImitateRun run = ImitateRun.Create("gail", "Hopper-v4", "demos.npz", 4, 0, 50);
        RunFiles.WriteConfig(folder, run with { Gail = run.Gail! with { Ppo = new Apprentice.Rl.PpoConfig() } });
        Hopper(0, 4, 2400).Write(folder); // no policy_step, as written before it was recorded
        Assert.Equal(RunResult.PpoStep, RunResult.Read(folder).PolicyStep);
        RunFiles.WriteConfig(folder, run); // a TRPO run's config leaves it TRPO
        Assert.Null(RunResult.Read(folder).PolicyStep);
    }

    [Fact]
    public void Markdown_IntoAReportOfOnesOwn_RewritesOnlyTheRegionNamingTheInputs()
    {
        string a = Reproduce("a", Hopper(0, 4, 2600)), b = Reproduce("b", Hopper(0, 11, 2900));
        string md = Path.Combine(_dir, "report.md");
        string before = string.Join('\n',
            "# Report", "", "Prose of our own.", "", "## First", "", "<!-- apprentice summary a/results.csv -->", "stale", "<!-- end apprentice summary -->",
            "", "### Second", "<!-- apprentice summary b -->", "kept", "<!-- end apprentice summary -->", "", "Closing words.", "");
        File.WriteAllText(md, before);

        var (exit, output, err) = CliRunner.Run("summary", Path.Combine(a, "results.csv"), "--markdown", md);

        Assert.True(exit == 0, err);
        Assert.Contains($"updated 1 table region of {md}", output);
        string after = File.ReadAllText(md);
        string[] region = after.Split("<!-- apprentice summary a/results.csv -->")[1].Split("<!-- end apprentice summary -->")[0].Split('\n');
        // The tasks' headings sit one level below the heading the region is under; the stale content is gone.
        Assert.Equal(["", "", "### Hopper-v4 (paper: Hopper-v1)", "", "Expert 3000.00 (paper 3571.40), random 0.00.", "",
            "| trajectories | GAIL |", "|---|---|", "| 4 | 2600.00 ± 10.00 (0.87) · 3614.2 |", "", ""], region);
        // Everything outside the region, and the region naming another input, is as it was.
        Assert.StartsWith("# Report\n\nProse of our own.\n\n## First\n\n<!-- apprentice summary a/results.csv -->\n", after);
        Assert.EndsWith("<!-- end apprentice summary -->\n\n### Second\n<!-- apprentice summary b -->\nkept\n<!-- end apprentice summary -->\n\nClosing words.\n", after);

        // Given as the folder, b's region is the one rewritten, with headings below "### Second".
        (exit, _, err) = CliRunner.Run("summary", b, "--markdown", md);
        Assert.True(exit == 0, err);
        Assert.Contains("#### Hopper-v4 (paper: Hopper-v1)", File.ReadAllText(md));
        Assert.DoesNotContain("kept", File.ReadAllText(md));
    }

    /// <summary>`summary a --markdown report.md` on a report holding <paramref name="text"/>, where a is a reproduce folder with one Hopper cell.</summary>
    private (int Exit, string Output, string Error, string Report) SummaryIntoReport(string text)
    {
        string a = Reproduce("a", Hopper(0, 4, 2600));
        string md = Path.Combine(_dir, "report.md");
        File.WriteAllText(md, text);
        var (exit, output, err) = CliRunner.Run("summary", a, "--markdown", md);
        return (exit, output, err, File.ReadAllText(md));
    }

    [Fact]
    public void Markdown_IntoAReportWithWindowsLineEnds_KeepsThemInTheNewTables()
    {
        var (exit, _, err, after) = SummaryIntoReport("# Report\r\n<!-- apprentice summary a -->\r\n<!-- end apprentice summary -->\r\nEnd.\r\n");
        Assert.True(exit == 0, err);
        Assert.Contains("\r\n## Hopper-v4 (paper: Hopper-v1)\r\n", after);
        Assert.DoesNotContain("\n", after.Replace("\r\n", ""));
        Assert.EndsWith("<!-- end apprentice summary -->\r\nEnd.\r\n", after);
    }

    [Fact]
    public void Markdown_IntoAFileWhoseMarkersAreOnlyInACodeBlock_WritesTheWholeFile()
    {
        var (exit, output, err, after) = SummaryIntoReport("```\n<!-- apprentice summary a -->\n<!-- end apprentice summary -->\n```\n");
        Assert.True(exit == 0, err);
        Assert.Contains("wrote ", output);
        Assert.StartsWith("# Results", after);
    }

    [Theory]
    [InlineData("<!-- apprentice summary other.csv -->\n<!-- end apprentice summary -->\n", "has tables for other.csv, none of them these inputs")]
    [InlineData("## T\n<!-- apprentice summary a/results.csv -->\nno end\n", "line 2: a region opened here has no '<!-- end apprentice summary -->'")]
    [InlineData("<!-- apprentice summary -->\n<!-- end apprentice summary -->\n", "line 1: a region's opening names no results to tabulate")]
    [InlineData("<!-- apprentice summary a/results.csv -->\n<!-- end apprentice summary -->\n<!-- end apprentice summary -->\n", "line 3: '<!-- end apprentice summary -->' without a region")]
    public void AReportWhoseRegionsDoNotFit_IsABadInput_AndLeftAsItWas(string text, string error)
    {
        var (exit, _, err, after) = SummaryIntoReport(text);
        Assert.Equal(2, exit);
        Assert.Contains(error, err);
        Assert.Equal(text, after);
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

    [Fact]
    public void AFigureThatIsNoPng_IsRefused_BeforeTheTablesAreWritten()
    {
        string md = Path.Combine(_dir, "tables.md");
        string svg = Path.Combine(_dir, "figure.svg");
        var (exit, _, err) = CliRunner.Run("summary", Reproduce("a", Hopper(0, 4, 2600)), "--markdown", md, "--figure", svg);
        Assert.Equal(2, exit);
        Assert.Equal($"apprentice: --figure '{svg}' is not a .png file (the kind written there); give a name such as figure.png", err.TrimEnd());
        Assert.False(File.Exists(md));
        Assert.False(File.Exists(svg));
    }

    [Theory]
    [InlineData("gail.json", """{"Iteration":12,"EnvSteps":60000,"Seconds":31.5}""",
        "holds an imitate run that has not finished (checkpointed at iteration 12); continue it with 'apprentice imitate --resume RUN' (a reproduce cell: with its reproduce command), or leave it out")]
    [InlineData("bc.json", """{"Iteration":301,"EnvSteps":0,"Seconds":4.0}""",
        "holds an imitate run that has not finished (checkpointed at step 301); continue it with 'apprentice imitate --resume RUN' (a reproduce cell: with its reproduce command), or leave it out")]
    [InlineData("trainer.json", """{"Iteration":3,"EnvSteps":15000,"Seconds":2.0}""",
        "holds a train run (a policy trained on the env's reward), not an imitation run; 'apprentice eval --policy RUN' scores its policy")]
    public void ARunWithoutAResult_IsRefused_SayingWhatItIsAndWhatToDoWithIt(string stateFile, string progress, string expected)
    {
        string run = Directory.CreateDirectory(Path.Combine(_dir, "run")).FullName;
        File.WriteAllText(Path.Combine(run, stateFile), progress);
        var (exit, _, err) = CliRunner.Run("summary", run);
        Assert.Equal(2, exit);
        Assert.Equal($"apprentice: '{run}' {expected.Replace("RUN", run)}", err.TrimEnd());
    }
}
