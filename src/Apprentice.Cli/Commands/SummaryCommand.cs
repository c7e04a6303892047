using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace Apprentice.Cli.Commands;

/// <summary>`apprentice summary DIR...`: one table row per finished imitation run, from each run's result.json.</summary>
public static class SummaryCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var runs = new Argument<string[]>("runs") { Description = "Run directories written by 'apprentice imitate'.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("summary", "Compare finished imitation runs: return, expert and random levels, normalised score.") { runs };
        command.SetAction(parsed =>
        {
            RunResult[] results = parsed.GetRequiredValue(runs).Select(RunResult.Read).ToArray();
            var table = new Table().Border(TableBorder.Minimal);
            table.AddColumns("env", "algorithm", "trajectories", "return", "expert", "random", "normalised score");
            foreach (RunResult r in results)
            {
                table.AddRow(
                    Markup.Escape(r.EnvId),
                    r.Algo,
                    r.Trajectories.ToString(CultureInfo.InvariantCulture),
                    string.Create(CultureInfo.InvariantCulture, $"{r.MeanReturn:F2} ± {r.StdReturn:F2}"),
                    r.ExpertReturn?.ToString("F2", CultureInfo.InvariantCulture) ?? "n/a",
                    r.RandomReturn.ToString("F2", CultureInfo.InvariantCulture),
                    r.NormalizedScore?.ToString("F3", CultureInfo.InvariantCulture) ?? "n/a");
            }
            console.Write(table);
            return CliApp.Success;
        });
        return command;
    }
}
