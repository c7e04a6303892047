using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Apprentice.Envs;
using Apprentice.Imitation;
using Apprentice.Rl;

namespace Apprentice.Cli.Commands;

/// <summary>`apprentice eval`: runs a saved (or a uniformly random) policy for whole episodes and reports return and length.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var policy = PolicyChoice.PolicyOption();
        var env = PolicyChoice.EnvOption();
        var episodes = EpisodesOption.Create("--episodes", "Number of episodes.", 10);
        var seed = SeedOption.Create("Seed of the first reset and of the policy's sampling.");
        var deterministic = new Option<bool>("--deterministic") { Description = "Act with the mode (Gaussian mean, argmax) instead of sampling." };
        var actions = ExpertActionsOption.ForRunning();
        var json = new Option<bool>("--json") { Description = "End with one JSON line: the summary and every episode's return and length." };
        var command = new Command("eval", "Run a policy on an environment and print mean ± std of return and episode length.")
        {
            policy, env, episodes, seed, deterministic, actions, json,
        };
        command.SetAction(parsed =>
        {
            string policyArg = parsed.GetRequiredValue(policy);
            int n = parsed.GetValue(episodes), s = parsed.GetValue(seed);
            bool mode = parsed.GetValue(deterministic);

            PolicyChoice choice = PolicyChoice.Resolve(policyArg, parsed.GetValue(env));
            string id = choice.EnvId;
            using IEnv instance = Gym.Make(id);
            string stepping = parsed.GetRequiredValue(actions);
            Evaluation.Actor actor = ExpertActionsOption.Parse(stepping).Stepped(choice.Actor(instance, new Rng((ulong)s).Split("policy"), mode), instance.ActionSpace);
            // Ctrl-C or SIGTERM ends a long evaluation after the episode under way, and reports the episodes run so far.
            using var stopRequest = new StopRequest();
            Evaluation result = Evaluation.Run(instance, actor, n, s, stop: stopRequest.Token);
            bool interrupted = result.Episodes < n;

            string label = choice.Label(mode);
            string over = interrupted
                ? string.Create(CultureInfo.InvariantCulture, $"{result.Episodes:N0} of the {n:N0} episodes asked for (seed {s}; interrupted)")
                : $"{Wording.Count(n, "episode", "episodes")} (seed {s})";
            TextWriter output = parsed.InvocationConfiguration.Output;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{id} {label}: return {result.MeanReturn:F2} ± {result.StdReturn:F2} (median {result.MedianReturn:F2}, min {result.MinReturn:F2}, max {result.MaxReturn:F2}), length {result.MeanLength:F1} ± {result.StdLength:F1} over {over}"));
            if (parsed.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["env"] = id,
                    ["policy"] = choice.Path,
                    ["deterministic"] = mode,
                    ["actions"] = stepping,
                    ["episodes"] = result.Episodes,
                    ["interrupted"] = interrupted,
                    ["seed"] = s,
                    ["mean_return"] = result.MeanReturn,
                    ["std_return"] = result.StdReturn,
                    ["median_return"] = result.MedianReturn,
                    ["min_return"] = result.MinReturn,
                    ["max_return"] = result.MaxReturn,
                    ["mean_length"] = result.MeanLength,
                    ["std_length"] = result.StdLength,
                    ["returns"] = result.Returns, // in episode order, so a user can find the failed ones
                    ["lengths"] = result.Lengths,
                }));
            }
            return interrupted ? CliApp.Interrupted : CliApp.Success;
        });
        return command;
    }
}
