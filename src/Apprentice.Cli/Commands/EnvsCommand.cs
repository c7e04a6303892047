using System.CommandLine;
using System.Globalization;
using Apprentice.Envs;
using Spectre.Console;

namespace Apprentice.Cli.Commands;

/// <summary>
/// `apprentice envs`: every registered environment with its spaces, limits and the expert and demonstrations shipped for
/// it; `apprentice envs ID`: one of them in full, with what the task is and how Gymnasium registers it.
/// </summary>
public static class EnvsCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var id = new Argument<string?>("id") { Description = "One environment to describe in full (default: list them all).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("envs", "List the registered environments with their observation and action spaces, limits, and what ships for them (expert, demos); or describe one.")
        {
            id,
        };
        command.SetAction(parsed =>
        {
            if (parsed.GetValue(id) is string one)
            {
                Describe(parsed.InvocationConfiguration.Output, Gym.Spec(one));
                return CliApp.Success;
            }
            var table = new Table().Border(TableBorder.Minimal);
            table.AddColumns("id", "observation space", "action space", "max steps", "reward threshold", "shipped");
            foreach (EnvSpec spec in Gym.Specs)
            {
                var (observation, action, _, _) = Spaces(spec.Id, names: false);
                table.AddRow(
                    Markup.Escape(spec.Id),
                    Markup.Escape(observation),
                    Markup.Escape(action),
                    spec.MaxEpisodeSteps?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    spec.RewardThreshold?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    ShippedData.Describe(spec.Id));
            }
            console.Write(table);
            return CliApp.Success;
        });
        return command;
    }

    /// <summary>The task's spaces (and, when asked, their names), or why it cannot be made here (a MuJoCo task without MuJoCo, say).</summary>
    private static (string Observation, string Action, IReadOnlyList<string>? ObservationNames, IReadOnlyList<string>? ActionNames) Spaces(string id, bool names)
    {
        try
        {
            using IEnv env = Gym.Make(id);
            return (env.ObservationSpace.ToString(), env.ActionSpace.ToString() ?? "",
                names ? IObservationNames.Of(env) : null, names ? IActionNames.Of(env) : null);
        }
        catch (InputException ex)
        {
            return ($"unavailable: {ex.Message}", "", null, null);
        }
    }

    /// <summary>One task: what it is, its spaces and limits, Gymnasium's registration of it, and what ships for it.</summary>
    private static void Describe(TextWriter output, EnvSpec spec)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(spec.Id);
        if (spec.Description.Length > 0) output.WriteLine($"  about         {spec.Description}");
        var (observation, action, observationNames, actionNames) = Spaces(spec.Id, names: true);
        output.WriteLine($"  observations  {observation}");
        if (observationNames is not null) WriteNames(output, "coordinates", observationNames);
        if (action.Length > 0) output.WriteLine($"  actions       {action}"); // none when the task cannot be made here
        if (actionNames is not null) WriteNames(output, "action names", actionNames);
        output.WriteLine($"  max steps     {spec.MaxEpisodeSteps?.ToString(c) ?? "none"}");
        output.WriteLine($"  threshold     {spec.RewardThreshold?.ToString(c) ?? "none"}");
        output.WriteLine($"  gymnasium     {Gymnasium(spec.Id)}");
        output.WriteLine($"  shipped       {ShippedData.Describe(spec.Id)}");
    }

    /// <summary>Each coordinate's (or discrete action's) index and name, as many to a line as fit in 120 columns.</summary>
    private static void WriteNames(TextWriter output, string label, IReadOnlyList<string> names)
    {
        const string Indent = "                ";
        var line = new System.Text.StringBuilder($"  {label,-12}  ");
        for (int i = 0; i < names.Count; i++)
        {
            string item = string.Create(CultureInfo.InvariantCulture, $"{i} {names[i]}") + (i < names.Count - 1 ? "," : "");
            if (line.Length > Indent.Length && line.Length + 1 + item.Length > 120)
            {
                output.WriteLine(line.ToString());
                line.Clear().Append(Indent);
            }
            if (line.Length > Indent.Length) line.Append(' ');
            line.Append(item);
        }
        output.WriteLine(line.ToString());
    }

    /// <summary>How Python makes the same task: Gymnasium's id, entry point and arguments; or that it has none.</summary>
    private static string Gymnasium(string id) => GymnasiumIds.Of(id) switch
    {
        null => "none (a task of your own)",
        { Kwargs: "{}" } r => $"{r.Id} ({r.EntryPoint})",
        var r => $"{r.Id} with {r.Kwargs} ({r.EntryPoint})",
    };
}
