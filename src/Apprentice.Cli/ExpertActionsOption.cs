using System.CommandLine;
using Apprentice.Imitation;

namespace Apprentice.Cli;

/// <summary>--expert-actions executed|sampled, shared by the commands that write, check or learn from demonstrations.</summary>
internal static class ExpertActionsOption
{
    public static Option<string> Create(string description)
    {
        var option = new Option<string>("--expert-actions") { Description = description, DefaultValueFactory = _ => "executed" };
        option.AcceptOnlyFromAmong("executed", "sampled");
        return option;
    }

    public static ExpertActions Parse(string value) => Enum.Parse<ExpertActions>(value, ignoreCase: true);
}
