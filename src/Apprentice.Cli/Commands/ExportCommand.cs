using System.CommandLine;
using System.Globalization;
using Apprentice.Envs;
using Apprentice.Policies;

namespace Apprentice.Cli.Commands;

/// <summary>`apprentice export`: a saved policy as an ONNX model, to run in any ONNX runtime.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var policy = new Option<string>("--policy") { Description = "A policy.safetensors file or the run folder that holds one, or 'expert' (the one shipped for --env).", Required = true };
        var env = new Option<string?>("--env") { Description = "With --policy expert: the task whose shipped expert to export (a policy file names its own)." };
        var output = new Option<string?>("--out") { Description = "The ONNX file to write (default: the policy's path with .onnx; for the shipped expert, <env>-expert.onnx here)." };
        var command = new Command("export", "Write a policy as an ONNX model: observation in, action (and the distribution's parameters) out.")
        {
            policy, env, output,
        };
        command.SetAction(parsed =>
        {
            string given = parsed.GetRequiredValue(policy);
            string? expertEnv = parsed.GetValue(env);
            bool expert = given == "expert";
            if (!expert && expertEnv is not null) throw new InputException($"--env {expertEnv} applies to --policy expert only; a policy file names the env it was trained on");
            string policyPath = PolicyChoice.ExpertOrFile(given, expertEnv, " (or use --policy expert with --env)");
            // The shipped expert's model goes here, not beside the shipped file.
            string outPath = parsed.GetValue(output) ?? (expert ? $"{expertEnv}-expert.onnx" : Path.ChangeExtension(policyPath, ".onnx"));
            if (Path.GetFullPath(outPath) == Path.GetFullPath(policyPath)) throw new InputException($"--out '{outPath}' would overwrite the policy itself");
            OutputFile.Check(outPath, "policy.onnx", [".onnx"]);

            var (loaded, envId) = PolicyFile.Load(policyPath);
            var (observationNames, actionNames) = Names(envId, loaded);
            PolicyOnnx.Save(loaded, outPath, envId, observationNames, actionNames);

            string outputs = loaded.ActionSpace is Box
                ? $"action [batch × {loaded.ActionSize}] (the mean, clipped to the action bounds), mean, log_std [{loaded.ActionSize}]"
                : $"action [batch] (int64 argmax), logits [batch × {loaded.Network.OutputSize}]";
            string named = observationNames is null && actionNames is null ? "" : "; the task's names in its metadata";
            parsed.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{envId} policy → {outPath} (ONNX opset {PolicyOnnx.Opset}, {new FileInfo(outPath).Length / 1024.0:F1} KB): observation [batch × {loaded.ObservationSize}] → {outputs}{named}"));
            return CliApp.Success;
        });
        return command;
    }

    /// <summary>
    /// The names the policy's task gives its observation coordinates and actions, when they fit the policy; none when
    /// the task cannot be made here (a MuJoCo task without MuJoCo, a task of the user's not loaded with --env-assembly).
    /// </summary>
    private static (IReadOnlyList<string>? Observations, IReadOnlyList<string>? Actions) Names(string envId, MlpPolicy policy)
    {
        try
        {
            using IEnv env = Gym.Make(envId);
            IReadOnlyList<string>? observations = IObservationNames.Of(env), actions = IActionNames.Of(env);
            return (observations?.Count == policy.ObservationSize ? observations : null,
                actions?.Count == IActionNames.Count(policy.ActionSpace) ? actions : null);
        }
        catch (InputException)
        {
            return (null, null);
        }
    }
}
