using System.Globalization;
using System.Text;

namespace Apprentice.Cli;

/// <summary>
/// `reproduce`'s results.csv: one row per finished cell (task, algorithm, trajectories, run) with its evaluation,
/// the expert and random levels and the normalised score. Read back by `summary`, which redraws tables and the figure
/// from it, so the columns are found by name: files written before entropy_weight (or training_seconds) was a
/// column still read, with λ = 0.
/// </summary>
internal static class ResultsCsv
{
    private const string Header = "task,algo,trajectories,run,mean_return,std_return,expert_return,random_return,normalized_score,training_seconds,entropy_weight";

    private static readonly string[] Required = ["task", "algo", "trajectories", "run", "mean_return", "std_return", "expert_return", "random_return", "normalized_score"];

    public static void Write(string path, IEnumerable<RunResult> results)
    {
        var csv = new StringBuilder(Header + "\n");
        foreach (RunResult r in results)
            csv.AppendLine(string.Join(',', r.EnvId, r.Algo, r.Trajectories, r.Run, F(r.MeanReturn), F(r.StdReturn),
                r.ExpertReturn is double e ? F(e) : "", F(r.RandomReturn), r.NormalizedScore is double s ? F(s) : "",
                r.TrainingSeconds is double t ? F(t) : "", F(r.EntropyWeight)));
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

        var results = new List<RunResult>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            string[] fields = lines[i].Split(',');
            string where = $"'{path}' line {i + 1}";
            if (fields.Length != names.Length) throw new InputException($"{where} has {fields.Length} fields, the header {names.Length}");
            string Text(string name) => Array.IndexOf(names, name) is int c and >= 0 ? fields[c] : "";
            double? Optional(string name) =>
                Text(name) is { Length: > 0 } s
                    ? double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
                    : throw new InputException($"{where}: {name} '{s}' is not a number")
                    : null;
            double Number(string name) => Optional(name) ?? throw new InputException($"{where}: {name} is empty");
            int Count(string name) => int.TryParse(Text(name), NumberStyles.None, CultureInfo.InvariantCulture, out int n)
                ? n : throw new InputException($"{where}: {name} '{Text(name)}' is not a whole number");
            if (Text("task").Length == 0 || Text("algo").Length == 0) throw new InputException($"{where}: task and algo must not be empty");

            results.Add(new RunResult(Text("task"), Text("algo"), Count("trajectories"), Count("run"), 0, Number("mean_return"),
                Number("std_return"), Optional("expert_return"), Number("random_return"), Optional("normalized_score"), Optional("training_seconds"))
            {
                EntropyWeight = Optional("entropy_weight") ?? 0,
            });
        }
        return [.. results];
    }

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
