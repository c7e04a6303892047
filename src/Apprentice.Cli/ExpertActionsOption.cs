using System.CommandLine;
using Apprentice.Imitation;

namespace Apprentice.Cli;

/// <summary>
/// --expert-actions executed|sampled, shared by the commands that write, check or learn from demonstrations, and
/// --actions executed|sampled of those that run a policy (<see cref="ForRunning"/>).
/// </summary>
internal static class ExpertActionsOption
{
    public static Option<string> Create(string description, string name = "--expert-actions")
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => "executed" };
        option.AcceptOnlyFromAmong("executed", "sampled");
        return option;
    }

    /// <summary>--actions of eval and render: which action the env is stepped with.</summary>
    public static Option<string> ForRunning() => Create(
        "The action the env is stepped with: executed (the policy's, clipped to the action space, as Gymnasium's ClipAction and Stable-Baselines3 do, and as imitate evaluates; default) or sampled (unclipped, as the GAIL authors ran policies; the MuJoCo tasks clamp it but charge their control cost on it).",
        "--actions");

    public static ExpertActions Parse(string value) => Enum.Parse<ExpertActions>(value, ignoreCase: true);
}
