using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Apprentice.Data;
using Apprentice.Envs;

namespace Apprentice.Cli.Commands;

/// <summary>
/// `apprentice demos`: <c>info</c> summarises a demonstrations .npz and optionally checks it against an env;
/// <c>import</c> and <c>export</c> convert between CSV (one row per step, <see cref="DemoCsv"/>) and the .npz layout.
/// </summary>
public static class DemosCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A demonstrations .npz (imitation's rollout layout), .csv (one row per step), .hdf5 (Minari's or D4RL's layout), a Minari dataset's folder, or its id when Minari has it (mujoco/hopper/expert-v0)." };
        var env = new Option<string?>("--env") { Description = "Also check the demonstrations fit this environment's spaces." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of the text summary." };
        var expertActions = ExpertActionsUnderEnv();
        var coordinates = new Option<bool>("--coordinates") { Description = "Also print each observation and continuous action coordinate's mean, std, min and max over the steps, named as --env's task names them." };
        var info = new Command("info", "Print trajectories, transitions, returns, lengths, shapes and dtypes of a demonstrations file, and its constant coordinates.")
        {
            file, env, json, expertActions, coordinates,
        };
        info.SetAction(parsed =>
        {
            string path = MinariDataset.Locate(parsed.GetRequiredValue(file));
            string? id = parsed.GetValue(env);
            Demonstrations demos = Demonstrations.Load(path);
            MinariMetadata? minari = Directory.Exists(path) || DemoHdf5.Handles(path) ? MinariDataset.ReadMetadata(path) : null;
            string? problem = null;
            IReadOnlyList<string>? names = null, actionNames = null;
            int? choices = null;
            if (id is not null)
            {
                using IEnv instance = Gym.Make(id);
                names = IObservationNames.Of(instance);
                actionNames = IActionNames.Of(instance);
                if (instance.ActionSpace is Discrete discrete) choices = discrete.N;
                try
                {
                    Fit(demos, instance, parsed.GetRequiredValue(expertActions));
                }
                catch (InputException ex)
                {
                    problem = ex.Message;
                }
            }
            TextWriter output = parsed.InvocationConfiguration.Output;
            CoordinateStats[] stats = CoordinateStats.Of(demos, names, actionNames);
            long[]? counts = ChoiceCounts.Of(demos, choices);
            bool all = parsed.GetValue(coordinates);
            if (parsed.GetValue(json)) output.WriteLine(Json(path, demos, minari, id, problem, stats, counts, all));
            else WriteText(output, path, demos, minari, id, problem, stats, counts is null ? null : ChoiceCounts.Describe(counts, actionNames), all);
            if (problem is not null) throw new InputException(problem);
            return CliApp.Success;
        });
        return new Command("demos", "Inspect demonstration files, convert them between .npz, CSV and HDF5, and join them.") { info, Import(), Export(), Merge() };
    }

    private static Command Import()
    {
        var file = new Argument<string>("file")
        {
            Description = "A CSV file, one row per step: episode, obs_<i>, act_<i> (or action, a discrete index), reward, terminated; each episode ends with a row of its final observation and empty action cells. " +
                "Or an HDF5 dataset (.hdf5, .h5): Minari's main_data.hdf5 (or the dataset's folder, or its id when Minari has it), or a D4RL file.",
        };
        var output = new Option<string>("--out") { Description = "The file to write: .npz (imitation's rollout layout), or .hdf5 (Minari's episode layout); or a folder (no extension, e.g. expert-v0), written as a Minari dataset (needs --env).", Required = true };
        var (env, expertActions) = WritingEnvOptions();
        var command = new Command("import", "Convert demonstrations from CSV, or from a Minari or D4RL HDF5 dataset, to imitation's .npz layout (or Minari's, to an .hdf5).") { file, output, env, expertActions };
        command.SetAction(parsed =>
        {
            string path = MinariDataset.Locate(parsed.GetRequiredValue(file));
            DemosOutput destination = DemosOutput.Check(parsed.GetRequiredValue(output), "demos.npz", parsed.GetValue(env));
            // CSV unless it is HDF5 (a file, or a Minari dataset's folder): DemoCsv names an .npz given by mistake.
            Demonstrations demos = DemoHdf5.Handles(path) || Directory.Exists(path) ? Demonstrations.Load(path) : DemoCsv.Load(path);
            using IEnv? instance = Checked(demos, parsed.GetValue(env), parsed.GetRequiredValue(expertActions));
            parsed.InvocationConfiguration.Output.WriteLine(Converted(path, demos, destination.Write(demos, instance)));
            return CliApp.Success;
        });
        return command;
    }

    private static Command Export()
    {
        var file = new Argument<string>("file") { Description = "A demonstrations .npz (imitation's rollout layout) or .hdf5 (Minari's or D4RL's layout)." };
        var output = new Option<string>("--out") { Description = "The file to write: .csv, one row per step (the layout 'demos import' reads), .hdf5 or .h5, Minari's episode layout (or .npz, imitation's); or a folder (no extension, e.g. expert-v0), written as a Minari dataset (needs --env).", Required = true };
        var (env, expertActions) = WritingEnvOptions();
        var command = new Command("export", "Write demonstrations as CSV, one row per step, in Minari's HDF5 layout, or as a Minari dataset.") { file, output, env, expertActions };
        command.SetAction(parsed =>
        {
            string path = MinariDataset.Locate(parsed.GetRequiredValue(file)), outPath = parsed.GetRequiredValue(output);
            DemosOutput destination = DemosOutput.Check(outPath, "demos.csv", parsed.GetValue(env));
            Demonstrations demos = Demonstrations.Load(path);
            using IEnv? instance = Checked(demos, parsed.GetValue(env), parsed.GetRequiredValue(expertActions));
            parsed.InvocationConfiguration.Output.WriteLine(Converted(path, demos, destination.Write(demos, instance)));
            return CliApp.Success;
        });
        return command;
    }

    private static Command Merge()
    {
        var files = new Argument<string[]>("files") { Description = "Two or more demonstrations (.npz, .csv, .hdf5, a Minari dataset's folder or id), joined in this order.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "The file to write: .npz, .csv or .hdf5; or a folder (no extension, e.g. expert-v0), written as a Minari dataset (needs --env).", Required = true };
        var (env, expertActions) = WritingEnvOptions();
        var command = new Command("merge", "Join demonstrations recorded in several files into one, their trajectories in the order given.") { files, output, env, expertActions };
        command.SetAction(parsed =>
        {
            string[] paths = [.. parsed.GetRequiredValue(files).Select(MinariDataset.Locate)];
            if (paths.Length < 2) throw new InputException($"merge joins two or more demonstrations; got only '{paths[0]}' (to convert one, use demos import or export)");
            DemosOutput destination = DemosOutput.Check(parsed.GetRequiredValue(output), "demos.npz", parsed.GetValue(env));
            Demonstrations demos = Demonstrations.Concat([.. paths.Select(Demonstrations.Load)]);
            using IEnv? instance = Checked(demos, parsed.GetValue(env), parsed.GetRequiredValue(expertActions));
            parsed.InvocationConfiguration.Output.WriteLine(Converted($"{Wording.Count(paths.Length, "file", "files")} joined", demos, destination.Write(demos, instance)));
            return CliApp.Success;
        });
        return command;
    }

    /// <summary>--env and --expert-actions of the commands that write demonstrations: the env checks them, and a Minari dataset records it.</summary>
    private static (Option<string?> Env, Option<string> ExpertActions) WritingEnvOptions() =>
        (new Option<string?>("--env") { Description = "Refuse demonstrations that do not fit this environment's spaces; a Minari dataset written records it." }, ExpertActionsUnderEnv());

    private static Option<string> ExpertActionsUnderEnv() =>
        ExpertActionsOption.Create("With --env: executed actions must lie in the action space (default); sampled (raw Gaussian samples) only need be finite.");

    /// <summary>Checks the demonstrations fit the env's spaces: observations and actions, or observations alone when that is all they hold.</summary>
    private static void Fit(Demonstrations demos, IEnv env, string expertActions) =>
        demos.Validate(env.ObservationSpace, demos.HasActions ? env.ActionSpace : null, env.Spec?.Id, ExpertActionsOption.Parse(expertActions));

    /// <summary>The env named by --env, with the demonstrations checked to fit it; null when none is named.</summary>
    private static IEnv? Checked(Demonstrations demos, string? id, string expertActions)
    {
        if (id is null) return null;
        IEnv instance = Gym.Make(id);
        try
        {
            Fit(demos, instance, expertActions);
            return instance;
        }
        catch
        {
            instance.Dispose();
            throw;
        }
    }

    private static string Converted(string from, Demonstrations demos, string to)
    {
        string returns = "";
        if (demos.Returns is double[] r)
        {
            var (mean, std) = Statistics.MeanStd(r);
            returns = string.Create(CultureInfo.InvariantCulture, $", return {mean:F2} ± {std:F2}");
        }
        return $"{from}: {Wording.Count(demos.TrajectoryCount, "trajectory", "trajectories")}, {Wording.Count(demos.TransitionCount, "transition", "transitions")}{returns}, written to {to}";
    }

    private static void WriteText(TextWriter output, string path, Demonstrations demos, MinariMetadata? minari, string? envId, string? problem,
        CoordinateStats[] stats, string? choices, bool allCoordinates)
    {
        var c = CultureInfo.InvariantCulture;
        int[] lengths = demos.Lengths;
        output.WriteLine(path);
        if (minari is not null)
        {
            output.WriteLine($"  dataset       {minari.DatasetId} (Minari {minari.MinariVersion})");
            output.WriteLine($"  recorded on   {RecordedOn(minari)}");
            if (minari.AlgorithmName is not null) output.WriteLine($"  made by       {minari.AlgorithmName}");
            if (minari.References is { } r)
                output.WriteLine(string.Create(c, $"  references    random {r.Min:F2}, expert {r.Max:F2}{(r.Episodes is long n ? $" (over {Wording.Count(n, "episode", "episodes")})" : "")}"));
            else if (minari.ReferenceProblem is string unreadable)
                output.WriteLine($"  references    unreadable: {unreadable}");
        }
        output.WriteLine(string.Create(c, $"  trajectories  {demos.TrajectoryCount} ({demos.TerminalCount} terminal)"));
        output.WriteLine(string.Create(c, $"  transitions   {demos.TransitionCount}"));
        if (demos.Returns is double[] returns)
        {
            var (mean, std) = Statistics.MeanStd(returns);
            output.WriteLine(string.Create(c, $"  return        {mean:F2} ± {std:F2} (min {returns.Min():F2}, max {returns.Max():F2})"));
        }
        else
        {
            output.WriteLine("  return        (no rewards in the file)");
        }
        output.WriteLine(string.Create(c, $"  length        {lengths.Average():F1} (min {lengths.Min()}, max {lengths.Max()})"));
        output.WriteLine($"  observations  {Shape(demos.ObservationShape)} {demos.ObservationDType}");
        output.WriteLine(demos.HasActions ? $"  actions       {Shape(demos.ActionShape)} {ActionType(demos)}" : "  actions       none: observations alone (for imitate --observations-only)");
        if (choices is not null) output.WriteLine($"  choices       {choices}");
        foreach (string kind in new[] { "obs", "act" })
        {
            CoordinateStats[] constant = [.. stats.Where(s => s.Kind == kind && s.Constant)];
            if (constant.Length == 0) continue;
            string listed = string.Join(", ", constant.Take(6).Select(s => s.Name)) + (constant.Length > 6 ? ", …" : "");
            output.WriteLine(string.Create(c,
                $"  constant      {constant.Length} of {stats.Count(s => s.Kind == kind)} {(kind == "obs" ? "observation" : "action")} coordinates: {listed}"));
        }
        if (allCoordinates)
        {
            int width = Math.Max(12, stats.Max(s => s.Name.Length));
            output.WriteLine(string.Create(c, $"  {"coordinate".PadRight(width)}  {"mean",12} {"std",12} {"min",12} {"max",12}"));
            foreach (CoordinateStats s in stats)
                output.WriteLine(string.Create(c,
                    $"  {s.Name.PadRight(width)}  {s.Mean,12:G6} {s.Std,12:G6} {s.Min,12:G6} {s.Max,12:G6}{(s.Constant ? "  constant" : "")}"));
        }
        if (envId is not null) output.WriteLine(problem is null ? $"  {envId}: OK" : $"  {envId}: does not fit");
    }

    /// <summary>The dataset's Gymnasium env, and which task here that is.</summary>
    private static string RecordedOn(MinariMetadata minari) => minari switch
    {
        { EnvId: null } => "(no env_spec in its metadata)",
        { RegisteredEnvId: null } => $"{minari.EnvId} (not a task here)",
        _ when minari.RegisteredEnvId == minari.EnvId => minari.EnvId,
        _ => $"{minari.EnvId} with its kwargs ({minari.RegisteredEnvId} here)",
    };

    private static string Json(string path, Demonstrations demos, MinariMetadata? minari, string? envId, string? problem,
        CoordinateStats[] stats, long[]? choiceCounts, bool allCoordinates)
    {
        int[] lengths = demos.Lengths;
        var o = new Dictionary<string, object?>
        {
            ["file"] = path,
            ["trajectories"] = demos.TrajectoryCount,
            ["transitions"] = demos.TransitionCount,
            ["terminal"] = demos.TerminalCount,
            ["mean_length"] = lengths.Average(),
            ["min_length"] = lengths.Min(),
            ["max_length"] = lengths.Max(),
            ["observation_shape"] = demos.ObservationShape,
            ["observation_dtype"] = demos.ObservationDType,
            ["action_shape"] = demos.ActionShape,
            ["action_dtype"] = demos.ActionDType,
            ["discrete"] = demos.IsDiscrete,
            ["constant_observations"] = stats.Where(s => s.Kind == "obs" && s.Constant).Select(s => s.Index).ToArray(),
            ["constant_actions"] = stats.Where(s => s.Kind == "act" && s.Constant).Select(s => s.Index).ToArray(),
        };
        if (choiceCounts is not null) o["action_counts"] = choiceCounts;
        if (allCoordinates)
            o["coordinates"] = stats.Select(s => new Dictionary<string, object>
            {
                ["kind"] = s.Kind, ["index"] = s.Index, ["name"] = s.Name, ["mean"] = s.Mean, ["std"] = s.Std, ["min"] = s.Min, ["max"] = s.Max,
            }).ToArray();
        if (minari is not null)
        {
            o["dataset_id"] = minari.DatasetId;
            o["minari_version"] = minari.MinariVersion;
            o["dataset_env"] = minari.EnvId;
            o["dataset_env_here"] = minari.RegisteredEnvId;
            o["algorithm_name"] = minari.AlgorithmName;
            o["ref_min_score"] = minari.References?.Min;
            o["ref_max_score"] = minari.References?.Max;
            o["num_episodes_average_score"] = minari.References?.Episodes;
            if (minari.ReferenceProblem is string unreadable) o["ref_scores_unreadable"] = unreadable;
        }
        if (demos.Returns is double[] returns)
        {
            var (mean, std) = Statistics.MeanStd(returns);
            o["mean_return"] = mean;
            o["std_return"] = std;
            o["min_return"] = returns.Min();
            o["max_return"] = returns.Max();
        }
        if (envId is not null)
        {
            o["env"] = envId;
            o["valid"] = problem is null;
            o["problem"] = problem;
        }
        return JsonSerializer.Serialize(o);
    }

    private static string Shape(int[] shape) => shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";

    private static string ActionType(Demonstrations demos) => $"{demos.ActionDType} ({(demos.IsDiscrete ? "discrete" : "continuous")})";
}
