using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Apprentice.Envs;
using Spectre.Console;

namespace Apprentice.Cli.Commands;

/// <summary>
/// `apprentice envs`: every registered environment with its spaces, limits and the expert and demonstrations shipped for
/// it; `apprentice envs ID`: one of them in full, with what the task is and how Gymnasium registers it. With
/// <c>--json</c>, the same facts (and every task's names) for scripts.
/// </summary>
public static class EnvsCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var id = new Argument<string?>("id") { Description = "One environment to describe in full (default: list them all).", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print JSON instead: one object for an id, else an array with one per environment (spaces, their names, limits, Gymnasium's registration, the shipped files)." };
        var command = new Command("envs", "List the registered environments with their observation and action spaces, limits, and what ships for them (expert, demos); or describe one.")
        {
            id, json,
        };
        command.SetAction(parsed =>
        {
            TextWriter output = parsed.InvocationConfiguration.Output;
            EnvSpec? one = parsed.GetValue(id) is string given ? Gym.Spec(given) : null;
            if (parsed.GetValue(json))
            {
                output.WriteLine(one is not null ? Json(one).ToJsonString() : new JsonArray([.. Gym.Specs.Select(Json)]).ToJsonString());
                return CliApp.Success;
            }
            if (one is not null)
            {
                Describe(output, one);
                return CliApp.Success;
            }
            var table = new Table().Border(TableBorder.Minimal);
            table.AddColumns("id", "observation space", "action space", "max steps", "reward threshold", "shipped");
            foreach (EnvSpec spec in Gym.Specs)
            {
                Facts facts = Facts.Of(spec.Id, names: false);
                table.AddRow(
                    Markup.Escape(spec.Id),
                    Markup.Escape(facts.ObservationText),
                    Markup.Escape(facts.Action?.ToString() ?? ""),
                    spec.MaxEpisodeSteps?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    spec.RewardThreshold?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    ShippedData.Describe(spec.Id));
            }
            console.Write(table);
            return CliApp.Success;
        });
        return command;
    }

    /// <summary>
    /// What making the task tells: its spaces (and, when asked, their names; the list's rows need none), or why it cannot
    /// be made here (a MuJoCo task without MuJoCo, say).
    /// </summary>
    private sealed record Facts(Box? Observation, Space? Action, IReadOnlyList<string>? ObservationNames, IReadOnlyList<string>? ActionNames, string? Unavailable)
    {
        /// <summary>The observation space as printed, or why there is none.</summary>
        public string ObservationText => Observation?.ToString() ?? $"unavailable: {Unavailable}";

        public static Facts Of(string id, bool names)
        {
            try
            {
                using IEnv env = Gym.Make(id);
                return new(env.ObservationSpace, env.ActionSpace, names ? IObservationNames.Of(env) : null, names ? IActionNames.Of(env) : null, null);
            }
            catch (InputException ex)
            {
                return new(null, null, null, null, ex.Message);
            }
        }
    }

    /// <summary>One task as JSON: <c>null</c> where it has no such thing (a limit, names, a registration in Gymnasium, a shipped file).</summary>
    private static JsonObject Json(EnvSpec spec)
    {
        Facts facts = Facts.Of(spec.Id, names: true);
        static JsonNode? Names(IReadOnlyList<string>? names) => names is null ? null : new JsonArray([.. names.Select(n => (JsonNode?)n)]);
        var o = new JsonObject
        {
            ["id"] = spec.Id,
            ["description"] = spec.Description,
            ["observation_space"] = facts.Observation is null ? null : JsonNode.Parse(SpaceJson.Write(facts.Observation)),
            ["observation_names"] = Names(facts.ObservationNames),
            ["action_space"] = facts.Action is null ? null : JsonNode.Parse(SpaceJson.Write(facts.Action)),
            ["action_names"] = Names(facts.ActionNames),
            ["max_episode_steps"] = spec.MaxEpisodeSteps,
            ["reward_threshold"] = spec.RewardThreshold,
            ["gymnasium"] = GymnasiumIds.Of(spec.Id) is { } r
                ? new JsonObject { ["id"] = r.Id, ["entry_point"] = r.EntryPoint, ["kwargs"] = JsonNode.Parse(r.Kwargs) }
                : null,
            ["shipped_expert"] = ShippedData.FileOf("experts", spec.Id),
            ["shipped_demos"] = ShippedData.FileOf("demos", spec.Id),
        };
        if (facts.Unavailable is not null) o["unavailable"] = facts.Unavailable;
        return o;
    }

    /// <summary>One task: what it is, its spaces and limits, Gymnasium's registration of it, and what ships for it.</summary>
    private static void Describe(TextWriter output, EnvSpec spec)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(spec.Id);
        if (spec.Description.Length > 0) output.WriteLine($"  about         {spec.Description}");
        Facts facts = Facts.Of(spec.Id, names: true);
        output.WriteLine($"  observations  {facts.ObservationText}");
        if (facts.ObservationNames is not null) WriteNames(output, "coordinates", facts.ObservationNames);
        if (facts.Action is not null) output.WriteLine($"  actions       {facts.Action}");
        if (facts.ActionNames is not null) WriteNames(output, "action names", facts.ActionNames);
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
