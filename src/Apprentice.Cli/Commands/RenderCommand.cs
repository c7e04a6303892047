using System.CommandLine;
using System.Globalization;
using Apprentice.Cli.Rendering;
using Apprentice.Envs;
using Apprentice.Imitation;
using Apprentice.Rl;

namespace Apprentice.Cli.Commands;

/// <summary>`apprentice render`: a policy's episodes on a classic-control or MuJoCo task as an animated GIF.</summary>
public static class RenderCommand
{
    public static Command Create()
    {
        var policy = PolicyChoice.PolicyOption();
        var env = PolicyChoice.EnvOption();
        var episodes = EpisodesOption.Create("--episodes", "Number of episodes, one after the other.", 1);
        var seed = SeedOption.Create("Seed of the first reset and of the policy's sampling (the same episodes as eval with this seed).");
        var deterministic = new Option<bool>("--deterministic") { Description = "Act with the mode (Gaussian mean, argmax) instead of sampling." };
        var skip = EpisodesOption.Create("--skip",
            "Run this many episodes first without drawing them, to reach a later one of eval's with the same seed (eval --json lists each episode's return).",
            0, allowZero: true);
        var actions = ExpertActionsOption.ForRunning();
        var output = new Option<string?>("--out") { Description = "The GIF to write (default: <env>.gif)." };
        var command = new Command("render", "Draw a policy's episodes on a classic-control or MuJoCo task as an animated GIF.")
        {
            policy, env, episodes, seed, deterministic, skip, actions, output,
        };
        command.SetAction(parsed =>
        {
            int n = parsed.GetValue(episodes), s = parsed.GetValue(seed), skipped = parsed.GetValue(skip);
            bool mode = parsed.GetValue(deterministic);
            PolicyChoice choice = PolicyChoice.Resolve(parsed.GetRequiredValue(policy), parsed.GetValue(env));
            string path = parsed.GetValue(output) ?? $"{choice.EnvId}.gif";
            OutputFile.Check(path, "episode.gif", [".gif"]);
            using IEnv instance = Gym.Make(choice.EnvId);
            using Drawing drawing = Drawing.For(choice.EnvId, instance);
            Evaluation.Actor actor = ExpertActionsOption.Parse(parsed.GetRequiredValue(actions))
                .Stepped(choice.Actor(instance, new Rng((ulong)s).Split("policy"), mode), instance.ActionSpace);

            Evaluation result = null!;
            int frames = 0;
            // Ctrl-C or SIGTERM ends the episodes after the one under way, and the GIF holds those drawn so far.
            using var stopRequest = new StopRequest();
            TextWriter console = parsed.InvocationConfiguration.Output;
            try
            {
                AtomicFile.Write(path, temporary =>
                {
                    using FileStream stream = File.Create(temporary);
                    using var film = new EpisodeFilm(drawing, stream);
                    result = Evaluation.Run(instance, actor, skipped + n, s, (e, observation, action) =>
                    {
                        if (e >= skipped) film.Observe(e, observation, action);
                    }, stopRequest.Token);
                    if (result.Episodes <= skipped) throw new OperationCanceledException(); // nothing drawn: no file, rather than an empty GIF
                    frames = film.Frames;
                });
            }
            catch (OperationCanceledException)
            {
                console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"interrupted after {result.Episodes:N0} of the {skipped:N0} episodes to skip; nothing written"));
                return CliApp.Interrupted;
            }
            int drawn = result.Episodes - skipped;
            string returns = string.Join(", ", result.Returns.Skip(skipped).Select(r => r.ToString("F2", CultureInfo.InvariantCulture)));
            string after = skipped > 0 ? $" after {Wording.Count(skipped, "skipped episode", "skipped episodes")}" : "";
            string stopped = drawn < n ? string.Create(CultureInfo.InvariantCulture, $"; interrupted after {drawn:N0} of the {n:N0} episodes asked for") : "";
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{choice.EnvId} {choice.Label(mode)}: {Wording.Count(drawn, "episode", "episodes")}{after} (return {returns}), {frames} frames of {drawing.Width}×{drawing.Height} at {drawing.FramesPerSecond:0.#} fps to {path}{stopped}"));
            return drawn < n ? CliApp.Interrupted : CliApp.Success;
        });
        return command;
    }
}
