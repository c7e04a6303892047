using System.CommandLine;
using Apprentice.Rl;

namespace Apprentice.Cli;

/// <summary>
/// --optimizer and PPO's settings, shared by `train` and `imitate`: the policy steps with TRPO (the paper's, the
/// default) or PPO. A setting of the optimiser not chosen is refused rather than ignored.
/// </summary>
internal sealed class PolicyStepOptions
{
    public Option<string> Optimizer { get; } = new("--optimizer")
    {
        Description = "The policy step: trpo (default, as the paper) or ppo (clipped surrogate with Adam minibatches; --ppo-* set it).",
        DefaultValueFactory = _ => "trpo",
    };

    public Option<int?> Epochs { get; } = new("--ppo-epochs") { Description = "PPO: passes over each batch (default 10)." };

    public Option<int?> Minibatches { get; } = new("--ppo-minibatches") { Description = "PPO: minibatches each pass is split into (default 32)." };

    public Option<double?> Clip { get; } = new("--ppo-clip") { Description = "PPO: ε of the clipped probability ratio (default 0.2)." };

    public Option<double?> LearningRate { get; } = new("--ppo-lr") { Description = "PPO: Adam step size (default 0.0003)." };

    public PolicyStepOptions() => Optimizer.AcceptOnlyFromAmong("trpo", "ppo");

    public IEnumerable<Option> All => [Optimizer, .. PpoOnly];

    private Option[] PpoOnly => [Epochs, Minibatches, Clip, LearningRate];

    /// <summary>
    /// PPO's settings when --optimizer ppo was given (null for TRPO), each --ppo-* over its default;
    /// <paramref name="trpoOnly"/> are the command's options that set TRPO's own step, refused beside ppo.
    /// </summary>
    public PpoConfig? Parse(ParseResult parsed, params Option[] trpoOnly)
    {
        bool ppo = parsed.GetValue(Optimizer) == "ppo";
        if (Commands.TrainCommand.FirstGiven(parsed, ppo ? trpoOnly : PpoOnly) is Option unused)
            throw new InputException($"{unused.Name} does not apply to --optimizer {parsed.GetValue(Optimizer)}");
        if (!ppo) return null;
        var config = new PpoConfig();
        return Check(config with
        {
            Epochs = parsed.GetValue(Epochs) ?? config.Epochs,
            Minibatches = parsed.GetValue(Minibatches) ?? config.Minibatches,
            ClipRange = parsed.GetValue(Clip) ?? config.ClipRange,
            LearningRate = parsed.GetValue(LearningRate) ?? config.LearningRate,
        });
    }

    /// <summary>The --optimizer value that gives <paramref name="ppo"/>: "ppo" for settings, "trpo" for none.</summary>
    public static string Name(PpoConfig? ppo) => ppo is null ? "trpo" : "ppo";

    /// <summary>Refuses settings PPO cannot run with, naming the option that gave each.</summary>
    public static PpoConfig Check(PpoConfig c)
    {
        if (c.Epochs <= 0) throw new InputException($"--ppo-epochs must be positive, got {c.Epochs}");
        if (c.Minibatches <= 0) throw new InputException($"--ppo-minibatches must be positive, got {c.Minibatches}");
        if (!(c.ClipRange > 0 && double.IsFinite(c.ClipRange))) throw new InputException($"--ppo-clip must be positive, got {c.ClipRange}");
        if (!(c.LearningRate > 0 && double.IsFinite(c.LearningRate))) throw new InputException($"--ppo-lr must be positive, got {c.LearningRate}");
        if (!(c.EntropyWeight >= 0 && double.IsFinite(c.EntropyWeight))) throw new InputException($"--entropy-weight must be a non-negative number, got {c.EntropyWeight}");
        return c;
    }
}
