using System.CommandLine;
using System.Globalization;
using Apprentice.Envs;
using Spectre.Console;

namespace Apprentice.Cli.Commands;

/// <summary>`apprentice envs`: every registered environment with its spaces, limits and the expert and demonstrations shipped for it.</summary>
public static class EnvsCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("envs", "List the registered environments with their observation and action spaces, limits, and what ships for them (expert, demos).");
        command.SetAction(_ =>
        {
            var table = new Table().Border(TableBorder.Minimal);
            table.AddColumns("id", "observation space", "action space", "max steps", "reward threshold", "shipped");
            foreach (EnvSpec spec in Gym.Specs)
            {
                string observation, action;
                try
                {
                    using IEnv env = Gym.Make(spec.Id);
                    observation = env.ObservationSpace.ToString();
                    action = env.ActionSpace.ToString() ?? "";
                }
                catch (InputException ex)
                {
                    observation = $"unavailable: {ex.Message}";
                    action = "";
                }
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
}
