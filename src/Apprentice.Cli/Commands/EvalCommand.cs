using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Apprentice.Envs;
using Apprentice.Rl;

namespace Apprentice.Cli.Commands;

/// <summary>`apprentice eval`: runs a policy for whole episodes and reports return and length.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var env = new Option<string>("--env") { Description = "Environment id (see 'apprentice envs').", Required = true };
        var policy = new Option<string>("--policy") { Description = "'random' (uniform over the action space).", Required = true };
        var episodes = new Option<int>("--episodes") { Description = "Number of episodes.", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Seed of the first reset and of the policy's randomness.", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "End with one JSON line: mean_return, std_return, episodes, ..." };
        var command = new Command("eval", "Run a policy on an environment and print mean ± std of return and episode length.")
        {
            env, policy, episodes, seed, json,
        };
        command.SetAction(parsed =>
        {
            string id = parsed.GetRequiredValue(env);
            int n = parsed.GetValue(episodes);
            int s = parsed.GetValue(seed);
            if (n <= 0) throw new InputException($"--episodes must be positive, got {n}");
            string policyName = parsed.GetRequiredValue(policy);
            if (policyName != "random")
                throw new InputException($"unknown policy '{policyName}'; only 'random' is available so far");

            using IEnv instance = Gym.Make(id);
            var rng = new Rng((ulong)s).Split("policy");
            Evaluation result = Evaluation.Run(instance, (_, action) => instance.ActionSpace.Sample(rng, action), n, s);

            TextWriter output = parsed.InvocationConfiguration.Output;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{id} {policyName}: return {result.MeanReturn:F2} ± {result.StdReturn:F2}, length {result.MeanLength:F1} ± {result.StdLength:F1} over {n} episodes (seed {s})"));
            if (parsed.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["env"] = id,
                    ["policy"] = policyName,
                    ["episodes"] = n,
                    ["seed"] = s,
                    ["mean_return"] = result.MeanReturn,
                    ["std_return"] = result.StdReturn,
                    ["mean_length"] = result.MeanLength,
                    ["std_length"] = result.StdLength,
                }));
            }
            return CliApp.Success;
        });
        return command;
    }
}
