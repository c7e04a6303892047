using System.CommandLine;
using System.Globalization;
using Apprentice.Data;
using Apprentice.Envs;
using Apprentice.Imitation;

namespace Apprentice.Cli.Commands;

/// <summary>`apprentice record`: runs a saved expert policy for whole episodes and writes the demonstrations as .npz.</summary>
public static class RecordCommand
{
    /// <summary>The first reset seed of the random policy's reference episodes: Minari's <c>get_average_reference_score</c> resets with 123.</summary>
    private const int MinariReferenceSeed = 123;

    public static Command Create()
    {
        var policy = PolicyChoice.PolicyOption();
        var env = PolicyChoice.EnvOption();
        var episodes = EpisodesOption.Create("--episodes", "Number of episodes (trajectories) to record.");
        var output = new Option<string>("--out") { Description = "The file to write: .npz (imitation's rollout layout), .csv (one row per step) or .hdf5 (Minari's episode layout); or a folder (no extension, e.g. expert-v0), written as a Minari dataset that minari.load_dataset opens, with reference scores (the recorded episodes' mean return, and a uniform policy's over as many; not for --policy random) for minari.get_normalized_score.", Required = true };
        var seed = SeedOption.Create("Seed of the first reset and of the policy's sampling.");
        var deterministic = new Option<bool>("--deterministic") { Description = "Act with the mode (Gaussian mean, argmax) instead of sampling." };
        var expertActions = ExpertActionsOption.Create("Which continuous action to store: executed (clipped to the action space before the step; default) or sampled (the raw sample, which the env clips, as the GAIL authors recorded).");
        var command = new Command("record", "Record a policy's episodes as demonstrations (.npz, .csv, .hdf5, or a Minari dataset).")
        {
            policy, env, episodes, output, seed, deterministic, expertActions,
        };
        command.SetAction(parsed =>
        {
            string policyPath = parsed.GetRequiredValue(policy), outPath = parsed.GetRequiredValue(output);
            int n = parsed.GetValue(episodes), s = parsed.GetValue(seed);
            bool mode = parsed.GetValue(deterministic);
            PolicyChoice choice = PolicyChoice.Resolve(policyPath, parsed.GetValue(env));
            string id = choice.EnvId;
            DemosOutput destination = DemosOutput.Check(outPath, "demos.npz", id); // before recording, not after
            using IEnv instance = Gym.Make(id);
            ExpertActions stored = ExpertActionsOption.Parse(parsed.GetRequiredValue(expertActions));
            // Ctrl-C or SIGTERM ends the recording after the episode under way, and the episodes so far are written.
            using var stopRequest = new StopRequest();
            TextWriter console = parsed.InvocationConfiguration.Output;
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"recording {n:N0} {(n == 1 ? "episode" : "episodes")} of {id} with {choice.Label(mode)} (Ctrl-C stops after the episode under way and keeps those recorded)"));
            Demonstrations demos = DemoRecorder.Record(instance, choice.Actor(instance, new Rng((ulong)s).Split("policy"), mode), n, s, stored, stopRequest.Token);
            bool interrupted = demos.TrajectoryCount < n;
            var (mean, std) = Statistics.MeanStd(demos.Returns!); // recorded episodes always carry their rewards
            // Minari's reference scores, for its get_normalized_score: the recorded policy's mean return, and a uniform
            // policy's over as many episodes from reset seed 123, as Minari seeds its own. A random recording has no expert's.
            MinariMetadata.ReferenceScores? references = destination.Minari && choice.Policy is not null
                ? new(ImitationJob.EvaluateRandom(id, demos.TrajectoryCount, MinariReferenceSeed).MeanReturn, mean, demos.TrajectoryCount)
                : null;
            string written = destination.Write(demos, instance, $"apprentice record: {choice.Label(mode)}{(stored == ExpertActions.Sampled ? ", sampled actions" : "")}",
                references);

            string stopped = interrupted ? string.Create(CultureInfo.InvariantCulture, $"; interrupted after {demos.TrajectoryCount:N0} of the {n:N0} episodes asked for") : "";
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{id} {choice.Label(mode)}{(stored == ExpertActions.Sampled ? " (sampled actions)" : "")}: recorded {Wording.Count(demos.TrajectoryCount, "trajectory", "trajectories")}, {Wording.Count(demos.TransitionCount, "transition", "transitions")}, return {mean:F2} ± {std:F2} (seed {s}) to {written}{stopped}"));
            return interrupted ? CliApp.Interrupted : CliApp.Success;
        });
        return command;
    }
}
