using System.CommandLine;
using System.Globalization;
using Apprentice.Imitation;
using Apprentice.Rl;
using Spectre.Console;

namespace Apprentice.Cli.Commands;

/// <summary>
/// `apprentice summary INPUT... [--figure FILE.png] [--markdown FILE.md]`: finished imitation runs side by side. An
/// input is a run folder of `imitate` (its result.json: one row), or `reproduce`'s results.csv or the folder holding it
/// (one row per cell, its runs pooled as in reproduce's tables). `--figure` and `--markdown` draw and tabulate all of
/// them as reproduce's figure.png and results.md, which is how the folders of several machines make one table, and a
/// results.csv kept without its cells gets its figure back. `--markdown` into a report of one's own updates only its
/// marked regions (<see cref="SummaryRegions"/>), so the report's tables are regenerated, never copied by hand.
/// </summary>
public static class SummaryCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "Run folders written by 'apprentice imitate', and results.csv files of 'apprentice reproduce' (or the folders holding them).",
            Arity = ArgumentArity.OneOrMore,
        };
        var figure = new Option<string?>("--figure")
        {
            Description = "Also draw every input's cells as reproduce's figure (normalised score against trajectories, the paper's figures dashed) to this PNG.",
        };
        var markdown = new Option<string?>("--markdown")
        {
            Description = "Also write every input's cells as reproduce's results.md (a table per task in the paper's layout, its figures beside ours) to this file; in a file of your own, only between lines '<!-- apprentice summary INPUT... -->' and '<!-- end apprentice summary -->' that name these inputs (relative to the file).",
        };
        var command = new Command("summary", "Compare finished imitation runs and reproduce tables: return, expert and random levels, normalised score; optionally as a figure and tables.")
        {
            inputs, figure, markdown,
        };
        command.SetAction(parsed =>
        {
            string[] located = parsed.GetRequiredValue(inputs).Select(Locate).ToArray();
            RunResult[][] sources = located.Select(Read).ToArray();
            var table = new Table().Border(TableBorder.Minimal);
            table.AddColumns("env", "algorithm", "trajectories", "runs", "return", "expert", "random", "normalised score", "paper");
            foreach (RunResult[] cell in sources.SelectMany(Cells))
            {
                RunResult first = cell[0];
                var (mean, std, score) = ResultsReport.Stats(cell);
                table.AddRow(
                    Markup.Escape(first.EnvId),
                    Markup.Escape(ResultColumn.Of(first).Key),
                    first.Trajectories.ToString(CultureInfo.InvariantCulture),
                    cell.Length.ToString(CultureInfo.InvariantCulture),
                    string.Create(CultureInfo.InvariantCulture, $"{mean:F2} ± {std:F2}"),
                    first.ExpertReturn?.ToString("F2", CultureInfo.InvariantCulture) ?? "n/a",
                    cell.Average(r => r.RandomReturn).ToString("F2", CultureInfo.InvariantCulture),
                    double.IsNaN(score) ? "n/a" : score.ToString("F3", CultureInfo.InvariantCulture),
                    ResultsReport.PaperReturn(first)?.ToString("0.0#", CultureInfo.InvariantCulture) ?? "");
            }
            console.Write(table);
            string? figurePath = parsed.GetValue(figure), markdownPath = parsed.GetValue(markdown);
            if (figurePath is null && markdownPath is null) return CliApp.Success;
            if (figurePath is not null) OutputFile.Check(figurePath, "figure.png", [".png"], "--figure"); // before the tables are rewritten
            RunResult[] all = [.. sources.SelectMany(s => s)];
            RefuseRepeatedRuns(all);
            if (markdownPath is not null) WriteMarkdown(console, markdownPath, parsed.GetRequiredValue(inputs), located.ToHashSet(), all);
            if (figurePath is not null)
            {
                ResultsFigure.Write(figurePath, all, ResultsReport.TaskOrder);
                console.WriteLine($"wrote {figurePath}");
            }
            return CliApp.Success;
        });
        return command;
    }

    /// <summary>
    /// results.md for the inputs; or, when the file exists and has summary regions (<see cref="SummaryRegions"/>), only
    /// the regions that name these inputs (<paramref name="located"/>: the files they are read from), the rest of the
    /// file as its author wrote it.
    /// </summary>
    private static void WriteMarkdown(IAnsiConsole console, string path, string[] inputs, IReadOnlySet<string> located, RunResult[] all)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var named = new List<string>();
        int updated = 0;
        string? result = !File.Exists(path) ? null : SummaryRegions.Replace(File.ReadAllText(path), path, region =>
        {
            string[] sources = region.Inputs.Select(i => Path.Combine(folder, i)).ToArray();
            named.Add(string.Join(" ", region.Inputs));
            if (!sources.All(s => File.Exists(s) || Directory.Exists(s)) || !located.SetEquals(sources.Select(Locate))) return null;
            updated++;
            return ResultsReport.TaskSections(all, region.HeadingLevel);
        });
        if (result is null || named.Count == 0)
        {
            string madeBy = string.Create(CultureInfo.InvariantCulture,
                $"Made by `apprentice summary` from {string.Join(", ", inputs.Select(i => $"`{i}`"))} ({all.Length} runs).");
            AtomicFile.WriteAllText(path, ResultsReport.Markdown(all, madeBy));
            console.WriteLine($"wrote {path}");
            return;
        }
        if (updated == 0)
            throw new InputException($"{path} has tables for {string.Join("; ", named)}, none of them these inputs (a region's '<!-- apprentice summary ... -->' names its inputs relative to the file)");
        AtomicFile.WriteAllText(path, result);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"updated {updated} table region{(updated == 1 ? "" : "s")} of {path}"));
    }

    /// <summary>The results in a file <see cref="Locate"/> found: a run folder's result.json, or a results.csv.</summary>
    private static RunResult[] Read(string source) =>
        Path.GetFileName(source) == "result.json" ? [RunResult.Read(Path.GetDirectoryName(source)!)] : ResultsCsv.Read(source);

    /// <summary>The full path of the file an input is read from: a results.csv (given, or in the folder) or a run folder's result.json.</summary>
    private static string Locate(string input)
    {
        if (File.Exists(input)) return Path.GetFullPath(input);
        if (!Directory.Exists(input)) throw new InputException($"'{input}' does not exist");
        foreach (string file in new[] { "result.json", "results.csv" })
            if (File.Exists(Path.Combine(input, file))) return Path.GetFullPath(Path.Combine(input, file));
        foreach (var (stateFile, unit) in new[] { (Gail.StateFile, "iteration"), (BehaviorCloning.StateFile, "step") })
        {
            if (!File.Exists(Path.Combine(input, stateFile))) continue;
            Checkpoint.Progress progress = Checkpoint.ReadProgress(input, stateFile);
            throw new InputException($"'{input}' holds an imitate run that has not finished (checkpointed at {unit} {progress.Iteration}); " +
                $"continue it with 'apprentice imitate --resume {input}' (a reproduce cell: with its reproduce command), or leave it out");
        }
        if (File.Exists(Path.Combine(input, TrpoTrainer.StateFile)))
            throw new InputException($"'{input}' holds a train run (a policy trained on the env's reward), not an imitation run; 'apprentice eval --policy {input}' scores its policy");
        throw new InputException($"'{input}' has neither a result.json (a finished imitate run) nor a results.csv (a reproduce folder)");
    }

    /// <summary>An input's rows grouped as reproduce's table cells (task, algorithm and λ, trajectories), in its order.</summary>
    private static IEnumerable<RunResult[]> Cells(RunResult[] source) =>
        ResultsReport.Ordered(source).GroupBy(r => (r.EnvId, ResultColumn.Of(r), r.Trajectories)).Select(g => g.ToArray());

    /// <summary>The figure and tables pool the inputs' runs per cell, so one run given twice would count twice in its mean and std.</summary>
    private static void RefuseRepeatedRuns(RunResult[] all)
    {
        var repeated = all.GroupBy(r => (r.EnvId, Column: ResultColumn.Of(r).Key, r.Trajectories, r.Run)).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
            throw new InputException(string.Create(CultureInfo.InvariantCulture,
                $"run {repeated.Key.Run} of {repeated.Key.EnvId} {repeated.Key.Column} with {repeated.Key.Trajectories} trajectories is in the inputs twice, and would count twice in its cell"));
    }
}
