using System.Globalization;
using System.Text;

namespace Apprentice.Cli;

/// <summary>
/// `reproduce`'s results.csv: one row per finished cell (task, algorithm, trajectories, run) with its evaluation,
/// the expert and random levels and the normalised score. Read back by `summary`, which redraws tables and the figure
/// from it, so the columns are found by name: files written before entropy_weight, training_seconds or policy_step
/// was a column still read, with λ = 0 and TRPO.
/// </summary>
internal static class ResultsCsv
{
    private const string Header = "task,algo,trajectories,run,mean_return,std_return,expert_return,random_return,normalized_score,training_seconds,entropy_weight,policy_step";

    private static readonly string[] Required = ["task", "algo", "trajectories", "run", "mean_return", "std_return", "expert_return", "random_return", "normalized_score"];

    public static void Write(string path, IEnumerable<RunResult> results)
    {
        var csv = new StringBuilder(Header + "\n");
        foreach (RunResult r in results)
            csv.AppendLine(string.Join(',', r.EnvId, r.Algo, r.Trajectories, r.Run, F(r.MeanReturn), F(r.StdReturn),
                r.ExpertReturn is double e ? F(e) : "", F(r.RandomReturn), r.NormalizedScore is double s ? F(s) : "",
                r.TrainingSeconds is double t ? F(t) : "", F(r.EntropyWeight), r.PolicyStep ?? ""));
        AtomicFile.WriteAllText(path, csv.ToString());
    }

    /// <summary>The rows of a results.csv; anything malformed is an <see cref="InputException"/> naming its line and column.</summary>
    public static RunResult[] Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read '{path}': {ex.Message}");
        }
        if (lines.Length == 0) throw new InputException($"'{path}' is empty (expected reproduce's results.csv)");
        string[] names = lines[0].Split(',');
        string[] missing = Required.Where(n => !names.Contains(n)).ToArray();
        if (missing.Length > 0)
            throw new InputException($"'{path}' is not reproduce's results.csv: its header has no {string.Join(", ", missing)}");
        int Column(string name) => Array.IndexOf(names, name); // -1: an optional column the file does not have
        int task = Column("task"), algo = Column("algo"), trajectories = Column("trajectories"), run = Column("run"),
            mean = Column("mean_return"), std = Column("std_return"), expert = Column("expert_return"), random = Column("random_return"),
            score = Column("normalized_score"), seconds = Column("training_seconds"), weight = Column("entropy_weight"),
            step = Column("policy_step");

        var results = new List<RunResult>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            string[] fields = lines[i].Split(',');
            var row = new Row(fields, names, $"'{path}' line {i + 1}");
            if (fields.Length != names.Length) throw new InputException($"{row.Where} has {fields.Length} fields, the header {names.Length}");
            if (row.Text(task).Length == 0 || row.Text(algo).Length == 0) throw new InputException($"{row.Where}: task and algo must not be empty");
            results.Add(new RunResult(row.Text(task), row.Text(algo), row.Count(trajectories), row.Count(run), 0, row.Number(mean),
                row.Number(std), row.Optional(expert), row.Number(random), row.Optional(score), row.Optional(seconds))
            {
                EntropyWeight = row.Optional(weight) ?? 0,
                PolicyStep = row.Text(step) switch
                {
                    "" or "trpo" => null,
                    RunResult.PpoStep => RunResult.PpoStep,
                    string other => throw new InputException($"{row.Where}: policy_step '{other}' is neither trpo nor ppo"),
                },
            });
        }
        return [.. results];
    }

    /// <summary>One line's fields, as many as the header's names; a column index of -1 reads as an empty field.</summary>
    private readonly record struct Row(string[] Fields, string[] Names, string Where)
    {
        public string Text(int column) => column >= 0 ? Fields[column] : "";

        public double? Optional(int column) =>
            Text(column) is { Length: > 0 } s
                ? double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
                : throw new InputException($"{Where}: {Names[column]} '{s}' is not a number")
                : null;

        public double Number(int column) => Optional(column) ?? throw new InputException($"{Where}: {Names[column]} is empty");

        public int Count(int column) => int.TryParse(Text(column), NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            ? n : throw new InputException($"{Where}: {Names[column]} '{Text(column)}' is not a whole number");
    }

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
