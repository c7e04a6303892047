using System.Globalization;
using System.Text;

namespace Apprentice.Cli;

/// <summary>The tables and figure of `reproduce`: results.csv (one row per cell), results.md (the paper's layout, its figures beside ours), figure.png.</summary>
internal static class ResultsReport
{
    /// <param name="ppo">PPO's settings when the cells' policy step was PPO rather than the paper's TRPO (results.md says so).</param>
    public static void Write(string directory, IReadOnlyList<RunResult> results, TimeSpan elapsed, Rl.PpoConfig? ppo = null)
    {
        ResultsCsv.Write(Path.Combine(directory, "results.csv"), Ordered(results));
        WriteMarkdown(Path.Combine(directory, "results.md"), results, elapsed, ppo);
        if (results.Count > 0) ResultsFigure.Write(Path.Combine(directory, "figure.png"), results, TaskOrder);
    }

    private static string F(double value, string format = "F2") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>What a cell of the tables says, after the line that says what made them.</summary>
    private const string CellLegend = "Each cell: the final policy's mean return over its evaluation episodes (deterministic policy, its continuous actions stepped as the pool's were: clipped to the action space, or unclipped with --expert-actions sampled); below, the mean ± std over runs (over a cell's evaluation episodes when it has one run, as the paper's MuJoCo table), the normalised score (0 = random, 1 = expert) in brackets, and the paper's figure after the dot.";

    private static void WriteMarkdown(string path, IReadOnlyList<RunResult> results, TimeSpan elapsed, Rl.PpoConfig? ppo) =>
        AtomicFile.WriteAllText(path, Markdown(results,
            string.Create(CultureInfo.InvariantCulture,
                $"Made by `apprentice reproduce` ({results.Count} cells, {elapsed.TotalMinutes:F0} min of this invocation, {Environment.ProcessorCount} cores).") +
            (ppo is null ? "" : string.Create(CultureInfo.InvariantCulture,
                $" The GAIL, FEM and GTAL cells' policy step is PPO (clip {ppo.ClipRange}, Adam {ppo.LearningRate}, {ppo.Epochs} passes of {ppo.Minibatches} minibatches), not the paper's TRPO.")),
            $"Machine: {CpuModel()}, {Environment.ProcessorCount} cores; .NET {Environment.Version}."));

    /// <summary>
    /// results.md: a task's table per heading, in the paper's layout (a row per number of trajectories, a column per
    /// algorithm and λ), after <paramref name="madeBy"/> and, when given, the <paramref name="machine"/> it ran on.
    /// </summary>
    internal static string Markdown(IReadOnlyList<RunResult> results, string madeBy, string? machine = null)
    {
        var md = new StringBuilder();
        md.AppendLine("# Results");
        md.AppendLine();
        md.AppendLine(madeBy + " " + CellLegend);
        md.AppendLine();
        if (machine is not null) md.AppendLine(machine);
        var timed = results.Where(r => r.TrainingSeconds is not null).ToArray();
        if (timed.Length > 0)
            // One figure per algorithm over its λ columns, but PPO's and policy-started runs' apart.
            md.AppendLine("Mean training time per cell: " + string.Join(", ", timed.GroupBy(r => ResultColumn.Of(r) with { EntropyWeight = 0 }).OrderBy(g => g.Key)
                .Select(g => $"{g.Key.Header(nameZero: false)} {F(g.Average(r => r.TrainingSeconds!.Value), "F0")} s")) + ".");
        md.Append(TaskSections(results, headingLevel: 2));
        return md.ToString();
    }

    /// <summary>
    /// The tables of results.md: per task, a heading of <paramref name="headingLevel"/>, its expert and random levels,
    /// and its table (a row per number of trajectories, a column per algorithm and λ), each section after a blank line.
    /// </summary>
    internal static string TaskSections(IReadOnlyList<RunResult> results, int headingLevel)
    {
        var md = new StringBuilder();
        string heading = new('#', headingLevel);
        foreach (var task in results.GroupBy(r => r.EnvId).OrderBy(g => TaskOrder(g.Key)))
        {
            PaperResults.Tasks.TryGetValue(task.Key, out PaperResults.Task? paper);
            double expert = task.Select(r => r.ExpertReturn ?? double.NaN).First();
            double random = task.Average(r => r.RandomReturn);
            md.AppendLine();
            md.AppendLine($"{heading} {task.Key}{(paper is not null && paper.PaperId != task.Key ? $" (paper: {paper.PaperId})" : "")}");
            md.AppendLine();
            md.AppendLine($"Expert {F(expert)} (paper {(paper is null ? "n/a" : F(paper.Expert))}), random {F(random)}.");
            md.AppendLine();
            ResultColumn[] columns = Columns(task);
            md.AppendLine("| trajectories | " + string.Join(" | ", columns.Select(c => Header(c, columns))) + " |");
            md.AppendLine("|---|" + string.Concat(columns.Select(_ => "---|")));
            foreach (int k in task.Select(r => r.Trajectories).Distinct().Order())
            {
                var cells = columns.Select(c => Cell(task.Where(r => ResultColumn.Of(r) == c && r.Trajectories == k).ToArray()));
                md.AppendLine($"| {k} | " + string.Join(" | ", cells) + " |");
            }
        }
        return md.ToString();
    }

    /// <summary>
    /// One cell of a table: "mean ± std (score) · paper's figure" over the runs of one task, column and number of
    /// trajectories; the std is over runs, or over the evaluation episodes when the cell has one run (as the paper's
    /// MuJoCo table). Empty for no runs. <paramref name="format"/> sets the returns' precision; the paper's figure keeps
    /// its own (one decimal, two on Reacher: -10.97, not -11.0).
    /// </summary>
    internal static string Cell(IReadOnlyList<RunResult> runs, string format = "F2")
    {
        if (runs.Count == 0) return "";
        var (mean, std, score) = Stats(runs);
        string theirs = PaperReturn(runs[0]) is double p ? $" · {F(p, "0.0#")}" : "";
        return $"{F(mean, format)} ± {F(std, format)} ({F(score)}){theirs}";
    }

    /// <summary>
    /// A cell's mean return and its std (over runs, or over the evaluation episodes when it has one run), and its mean
    /// normalised score (NaN when a run has none).
    /// </summary>
    internal static (double Mean, double Std, double Score) Stats(IReadOnlyList<RunResult> runs)
    {
        var (mean, std) = Statistics.MeanStd([.. runs.Select(r => r.MeanReturn)]);
        return (mean, runs.Count == 1 ? runs[0].StdReturn : std, runs.Average(r => r.NormalizedScore ?? double.NaN));
    }

    /// <summary>The paper's mean return for the cell of <paramref name="run"/>, where the paper has one.</summary>
    internal static double? PaperReturn(RunResult run) => PaperResults.Return(run.EnvId, ResultColumn.Of(run).PaperKey, run.Trajectories);

    /// <summary>The CPU's model name from /proc/cpuinfo, or the architecture where that is not available.</summary>
    private static string CpuModel()
    {
        try
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null) return line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
    }

    /// <summary>A task's columns in the paper's order: BC, FEM, GTAL, then GAIL by increasing λ.</summary>
    internal static ResultColumn[] Columns(IEnumerable<RunResult> task) => task.Select(ResultColumn.Of).Distinct().Order().ToArray();

    /// <summary>A column's header; GAIL's λ = 0 is named when the task also has GAIL of the same kind (policy step, start) with another λ.</summary>
    internal static string Header(ResultColumn column, ResultColumn[] columns) =>
        column.Header(nameZero: columns.Count(c => c with { EntropyWeight = column.EntropyWeight } == column) > 1);

    internal static IEnumerable<RunResult> Ordered(IEnumerable<RunResult> results) =>
        results.OrderBy(r => TaskOrder(r.EnvId)).ThenBy(ResultColumn.Of).ThenBy(r => r.Trajectories).ThenBy(r => r.Run);

    /// <summary>A task's place in the tables and figure: the paper's order, then tasks it did not run.</summary>
    internal static int TaskOrder(string task) => PaperResults.Tasks.Keys.ToList() is var keys && keys.IndexOf(task) is int i and >= 0 ? i : keys.Count;
}
