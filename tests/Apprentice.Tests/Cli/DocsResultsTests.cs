using System.Globalization;
using System.Text.RegularExpressions;
using Apprentice.Cli;

namespace Apprentice.Tests.Cli;

/// <summary>
/// docs/results.md quotes `reproduce`'s results.csv files in its tables, which `summary --markdown` writes into the
/// file's marked regions (the MuJoCo cells land one by one, over many sittings). These tests hold the regions to what
/// their csv gives, every quoted cell to the csv it comes from, and every cell of the csv files to a place in the
/// docs, so that a result cannot land without its table or a table drift from its data.
/// </summary>
public sealed partial class DocsResultsTests
{
    private static string DataFile(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Data", .. parts]);

    /// <summary>Every cell of the two csv files the docs quote: the classic-control table and the MuJoCo rows.</summary>
    private static readonly RunResult[] Results =
        [.. ResultsCsv.Read(DataFile("docs", "results-classic.csv")), .. ResultsCsv.Read(DataFile("reproduce-mujoco", "results.csv"))];

    private static readonly DocsCell[] Quoted = ReadTables(DataFile("docs", "results.md"));

    [Fact]
    public void EveryQuotedCell_IsWhatTheCsvGives_AtTheDocsPrecision()
    {
        Assert.NotEmpty(Quoted);
        string[] wrong = Quoted.Select(Mismatch).OfType<string>().ToArray();
        Assert.True(wrong.Length == 0, string.Join("\n", wrong));
    }

    /// <summary>Why a quoted cell is not its csv cell, or null when it is.</summary>
    private static string? Mismatch(DocsCell cell)
    {
        RunResult[] runs = RunsOf(cell.Task, cell.Column, cell.Trajectories);
        string where = $"docs/results.md line {cell.Line}, {cell.Task} {cell.Column.Key} with {cell.Trajectories}";
        if (cell.Text is "—" or "") return runs.Length == 0 ? null : $"{where}: '{cell.Text}' but the csv has {ResultsReport.Cell(runs)}";
        Match m = ReturnFormat().Match(cell.Text);
        if (!m.Success) return $"{where}: '{cell.Text}' is not 'mean ± std (score) · paper'";
        if (runs.Length == 0) return $"{where}: '{cell.Text}' but the csv has no such cell";
        string expected = ResultsReport.Cell(runs, "F" + m.Groups["decimals"].Length.ToString(CultureInfo.InvariantCulture));
        return expected == cell.Text ? null : $"{where}: '{cell.Text}' but the csv gives '{expected}'";
    }

    [Fact]
    public void EveryCsvCell_IsQuotedInTheDocs()
    {
        var quoted = Quoted.Where(c => c.Text is not ("—" or "")).Select(c => (c.Task, c.Column, c.Trajectories)).ToHashSet();
        var missing = Results.Select(r => (Task: r.EnvId, Column: ResultColumn.Of(r), r.Trajectories)).Distinct()
            .Where(cell => !quoted.Contains(cell)).Select(c => $"{c.Task} {c.Column.Key} with {c.Trajectories}").ToArray();
        Assert.True(missing.Length == 0, "docs/results.md does not quote: " + string.Join(", ", missing));
    }

    /// <summary>
    /// The tables between the docs' summary markers are what `apprentice summary CSV --markdown docs/results.md`
    /// writes there from the csv each region names, so regenerating them changes nothing.
    /// </summary>
    [Fact]
    public void TheDocsTableRegions_AreWhatSummaryWritesFromTheirCsv()
    {
        string path = DataFile("docs", "results.md"), text = File.ReadAllText(path);
        var named = new List<string>();
        string regenerated = SummaryRegions.Replace(text, path, region =>
        {
            string csv = Assert.Single(region.Inputs);
            named.Add(csv);
            string file = csv == "results-classic.csv" ? DataFile("docs", csv) : DataFile("reproduce-mujoco", Path.GetFileName(csv));
            return ResultsReport.TaskSections(ResultsCsv.Read(file), region.HeadingLevel);
        });
        Assert.Equal(["results-classic.csv", "../data/reproduce-mujoco/results.csv"], named);
        Assert.True(regenerated == text, "docs/results.md's tables are not what its csv files give; run `apprentice summary docs/results-classic.csv --markdown docs/results.md` and the same with data/reproduce-mujoco/results.csv");
    }

    private static RunResult[] RunsOf(string task, ResultColumn column, int trajectories) =>
        Results.Where(r => r.EnvId == task && ResultColumn.Of(r) == column && r.Trajectories == trajectories).ToArray();

    /// <summary>A cell of a docs table: its task, column and number of trajectories, its text, and its line.</summary>
    private sealed record DocsCell(string Task, ResultColumn Column, int Trajectories, string Text, int Line);

    /// <summary>
    /// The cells of the results tables: those whose header starts "| trajectories |" (one task each, named by the
    /// heading above) and "| task | trajectories |" (a task per row).
    /// </summary>
    private static DocsCell[] ReadTables(string path)
    {
        var cells = new List<DocsCell>();
        string[] lines = File.ReadAllLines(path);
        string? headingTask = null;
        string[]? header = null;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.StartsWith('#')) headingTask = line.TrimStart('#').Trim().Split(' ')[0];
            if (!line.StartsWith('|'))
            {
                header = null;
                continue;
            }
            string[] fields = line.Trim('|').Split('|').Select(f => f.Trim()).ToArray();
            if (fields[0] is "trajectories" or "task")
            {
                header = fields;
                continue;
            }
            if (header is null || fields[0].StartsWith("---", StringComparison.Ordinal)) continue;
            bool taskPerRow = header[0] == "task";
            string task = taskPerRow ? fields[0] : headingTask ?? throw new InvalidDataException($"line {i + 1}: a table without a task");
            int first = taskPerRow ? 2 : 1;
            int k = int.Parse(fields[first - 1], CultureInfo.InvariantCulture);
            for (int c = first; c < header.Length; c++)
                cells.Add(new DocsCell(task, ParseColumn(header[c]), k, fields[c], i + 1));
        }
        return [.. cells];
    }

    /// <summary>"GAIL" → (gail, 0); "GAIL λ=0.01" → (gail, 0.01): the inverse of <see cref="ResultColumn.Header"/>.</summary>
    private static ResultColumn ParseColumn(string header)
    {
        string[] parts = header.Split(" λ=");
        return new ResultColumn(parts[0].ToLowerInvariant(), parts.Length > 1 ? double.Parse(parts[1], CultureInfo.InvariantCulture) : 0);
    }

    /// <summary>"-2690.2 ± 102.1 (-0.75) · -3067.1": the mean's decimals set the precision the docs chose.</summary>
    [GeneratedRegex(@"^-?\d+\.(?<decimals>\d+) ± \d+\.\d+ \(-?\d+\.\d+\)( · -?\d+\.\d{1,2})?$")]
    private static partial Regex ReturnFormat();
}
