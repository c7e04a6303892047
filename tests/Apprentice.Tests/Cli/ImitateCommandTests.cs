using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Apprentice.Cli;
using Apprentice.Imitation;

namespace Apprentice.Tests.Cli;

public sealed class ImitateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("apprentice-imitate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Run(string name) => Path.Combine(_dir, name);

    private static string Demos(string env) => Path.Combine(AppContext.BaseDirectory, "data", "demos", $"{env}.npz");

    private static string[] TinyGail(string output, params string[] extra) =>
        ["imitate", "--algo", "gail", "--env", "CartPole-v0", "--demos", Demos("CartPole-v0"), "--trajectories", "2",
         "--iterations", "3", "--batch", "600", "--envs", "2", "--eval-episodes", "3", "--out", output, .. extra];

    [Fact]
    public void Imitate_TinyGail_WritesEveryRunFile()
    {
        var (exit, output, err) = CliRunner.Run(TinyGail(Run("g")));
        Assert.Equal(0, exit);
        Assert.Equal("", err);
        Assert.Contains("gail on CartPole-v0: 2 expert trajectories", output);
        Assert.Contains("normalised score", output);
        string[] iterations = [.. output.Split('\n').Where(l => l.StartsWith("iter ", StringComparison.Ordinal))];
        Assert.Equal(3, iterations.Length);
        Assert.All(iterations[..2], l => Assert.Matches(@"s  ≈ (< 1|\d+) min left  \[ms:", l)); // the estimate, until the last
        Assert.DoesNotContain("left", iterations[2]);
        foreach (string file in new[] { "policy.safetensors", "discriminator.safetensors", "value.safetensors", "config.json", "metrics.csv", "curve.png", "result.json" })
            Assert.True(File.Exists(Path.Combine(Run("g"), file)), file);
        string[] csv = File.ReadAllLines(Path.Combine(Run("g"), "metrics.csv"));
        Assert.Equal(4, csv.Length);
        Assert.Contains("discriminator_loss,expert_accuracy,policy_accuracy", csv[0]);
        using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(Run("g"), "result.json")));
        Assert.Equal(200.0, result.RootElement.GetProperty("expert_return").GetDouble());
        Assert.Equal(0x89, File.ReadAllBytes(Path.Combine(Run("g"), "curve.png"))[0]); // PNG signature
    }

    [Theory]
    [InlineData("gail")]
    [InlineData("bc")]
    public void Imitate_TensorBoard_LogsAnEventPerMetricsRow_FromTheStartOrFromAResume(string algo)
    {
        string[] args = algo == "gail"
            ? TinyGail(Run(algo))
            : ["imitate", "--algo", "bc", "--env", "CartPole-v0", "--demos", Demos("CartPole-v0"), "--trajectories", "2", "--iterations", "201", "--eval-episodes", "2", "--out", Run(algo)];
        var (exit, _, err) = CliRunner.Run([.. args, "--tensorboard"]);
        Assert.True(exit == 0, err);
        string events = Directory.GetFiles(Run(algo), TensorBoardWriter.Prefix + "*").Single();
        var (records, histograms) = Common.TensorBoardWriterTests.SplitHistograms(events);
        // The version, the hyperparameters, the config, a row each, the final figures and the session's end.
        int rows = File.ReadAllLines(Path.Combine(Run(algo), "metrics.csv")).Length - 1;
        Assert.Equal(rows + 5, records.Length);
        // After each GAIL iteration, a histogram of each layer of its three networks and of its batch.
        string[] layers = [.. Enumerable.Range(0, 3).SelectMany(l => new[] { $"net.{l}.weight", $"net.{l}.bias" })];
        string[] perIteration = [.. layers.Select(l => "policy/" + l), .. layers.Select(l => "value/" + l), .. layers.Select(l => "discriminator/" + l),
            "discriminator/p_expert_on_expert", "discriminator/p_expert_on_policy", "batch/episode_return", "batch/episode_length", "batch/imitation_reward"];
        // Behaviour cloning: the policy's layers at each row.
        if (algo == "bc") perIteration = [.. layers.Select(l => "policy/" + l)];
        Assert.Equal([.. Enumerable.Repeat(perIteration, rows).SelectMany(tags => tags)], histograms);
        string hparams = Encoding.UTF8.GetString(records[1]);
        Assert.Contains("_hparams_/session_start_info", hparams);
        Assert.Contains(algo == "gail" ? "gail.trpo.max_kl" : "bc.learning_rate", hparams);
        string final = Encoding.UTF8.GetString(records[^2]);
        foreach (string tag in new[] { "final/mean_return", "final/std_return", "final/normalized_score" }) Assert.Contains(tag, final);
        Assert.Contains("_hparams_/session_end_info", Encoding.UTF8.GetString(records[^1]));
        if (algo == "bc") return;

        // A run started without it logs from the resume on, when the resume asks.
        Assert.Equal(0, CliRunner.Run(TinyGail(Run("later"))).Exit);
        Assert.Empty(Directory.GetFiles(Run("later"), TensorBoardWriter.Prefix + "*"));
        var resumed = CliRunner.Run("imitate", "--resume", Run("later"), "--iterations", "4", "--tensorboard");
        Assert.True(resumed.Exit == 0, resumed.Err);
        // The version, the resumed run's hyperparameters, its config, one row, the final figures and the end; and one iteration's histograms.
        var (later, laterHistograms) = Common.TensorBoardWriterTests.SplitHistograms(Directory.GetFiles(Run("later"), TensorBoardWriter.Prefix + "*").Single());
        Assert.Equal(6, later.Length);
        Assert.Equal(perIteration, laterHistograms);
    }

    [Theory]
    [InlineData("fem")]
    [InlineData("gtal")]
    public void Imitate_TensorBoard_LinearCost_LogsItsWeightsForTheDiscriminatorsLayers(string algo)
    {
        string[] args = [.. TinyGail(Run(algo), "--tensorboard")];
        args[Array.IndexOf(args, "gail")] = algo;
        var (exit, _, err) = CliRunner.Run(args);
        Assert.True(exit == 0, err);
        var (_, histograms) = Common.TensorBoardWriterTests.SplitHistograms(Directory.GetFiles(Run(algo), TensorBoardWriter.Prefix + "*").Single());
        Assert.Equal(3, histograms.Count(tag => tag == "cost/weights")); // each of the 3 iterations
        Assert.DoesNotContain(histograms, tag => tag.StartsWith("discriminator/", StringComparison.Ordinal));
        Assert.Equal(3, histograms.Count(tag => tag == "batch/imitation_reward"));
    }

    [Fact]
    public void Imitate_WithoutDemos_LearnsFromTheShippedOnesOfTheTask()
    {
        var (exit, output, err) = CliRunner.Run(["imitate", "--algo", "bc", "--env", "CartPole-v1", "--trajectories", "2",
            "--iterations", "20", "--eval-episodes", "2", "--out", Run("shipped")]);
        Assert.Equal("", err);
        Assert.Equal(0, exit);
        Assert.Contains("bc on CartPole-v1: 2 expert trajectories", output);
        Assert.DoesNotContain("the dataset's normalised score", output); // it has no reference scores
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(Run("shipped"), "config.json")));
        Assert.EndsWith(Path.Combine("data", "demos", "CartPole-v1.npz"), config.RootElement.GetProperty("demos").GetString());
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("minari")] // a Minari dataset's folder, holding data/main_data.hdf5
    public void Imitate_OtherFormats_LearnLikeTheNpzTheyCameFrom(string format)
    {
        var shipped = Apprentice.Data.Demonstrations.Load(Demos("CartPole-v1"));
        string demos = Run("demos-" + format);
        if (format == "csv")
        {
            demos += ".csv";
            Apprentice.Data.DemoCsv.Save(shipped, demos);
        }
        else
        {
            Directory.CreateDirectory(Path.Combine(demos, "data"));
            Data.DemoHdf5Tests.AsMinari(shipped).Write(Path.Combine(demos, "data", "main_data.hdf5"));
        }
        string[] Args(string from, string output) => ["imitate", "--algo", "bc", "--env", "CartPole-v1", "--demos", from, "--trajectories", "2",
            "--iterations", "20", "--eval-episodes", "2", "--out", output];
        var converted = CliRunner.Run(Args(demos, Run(format)));
        var fromNpz = CliRunner.Run(Args(Demos("CartPole-v1"), Run("npz")));
        Assert.Equal("", converted.Err);
        Assert.Equal(0, converted.Exit);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Run("npz"), "policy.safetensors")), File.ReadAllBytes(Path.Combine(Run(format), "policy.safetensors")));
    }

    [Fact]
    public void Imitate_AMinariDatasetWithoutEnv_LearnsOnTheTaskItWasRecordedOn()
    {
        var shipped = Apprentice.Data.Demonstrations.Load(Demos("CartPole-v1"));
        string dataset = Run("cartpole-v0");
        using (var env = Apprentice.Envs.Gym.Make("CartPole-v1")) Apprentice.Data.MinariDataset.Save(shipped, dataset, env);
        string[] Args(string output) => ["imitate", "--algo", "bc", "--trajectories", "2", "--iterations", "20", "--eval-episodes", "2", "--out", output];
        var (exit, output, err) = CliRunner.Run([.. Args(Run("minari")), "--demos", dataset]);
        Assert.True(exit == 0, err);
        Assert.Contains("bc on CartPole-v1: 2 expert trajectories", output);
        Assert.DoesNotContain("the dataset's normalised score", output); // it has no reference scores
        Assert.Equal(0, CliRunner.Run([.. Args(Run("npz")), "--demos", Demos("CartPole-v1"), "--env", "CartPole-v1"]).Exit);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Run("npz"), "policy.safetensors")), File.ReadAllBytes(Path.Combine(Run("minari"), "policy.safetensors")));

        // A dataset recorded on a task that is not here needs --env to say which task takes its place.
        string metadata = Path.Combine(dataset, "data", "metadata.json");
        File.WriteAllText(metadata, File.ReadAllText(metadata).Replace("\\\"id\\\": \\\"CartPole-v1\\\"", "\\\"id\\\": \\\"CartPole-v9\\\"", StringComparison.Ordinal));
        var (otherExit, _, otherErr) = CliRunner.Run([.. Args(Run("other")), "--demos", dataset]);
        Assert.Equal(2, otherExit);
        Assert.Equal($"apprentice: --env is required: '{dataset}' was recorded on CartPole-v9, which is not a task here; give one whose spaces fit (see 'apprentice envs')", otherErr.TrimEnd());
        var (v0Exit, v0Output, _) = CliRunner.Run([.. Args(Run("other")), "--demos", dataset, "--env", "CartPole-v0"]);
        Assert.Equal(0, v0Exit);
        Assert.StartsWith($"note: '{dataset}' was recorded on CartPole-v9, and is imitated on CartPole-v0: their spaces must fit, and their dynamics may differ", v0Output);
        Assert.DoesNotContain("note:", output); // none when the dataset's own task is the one imitated on

        // With Minari's reference scores it also reports the return normalised by them, as get_normalized_score does.
        using (var env = Apprentice.Envs.Gym.Make("CartPole-v1"))
            Apprentice.Data.MinariDataset.Save(shipped, dataset, env, references: new(Min: 20, Max: 520, Episodes: 100));
        var (scoredExit, scoredOutput, scoredErr) = CliRunner.Run([.. Args(Run("scored")), "--demos", dataset]);
        Assert.True(scoredExit == 0, scoredErr);
        RunResult result = RunResult.Read(Run("scored"));
        Assert.Equal((result.MeanReturn - 20) / 500, result.DatasetNormalizedScore!.Value, 12);
        Assert.EndsWith(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; the dataset's normalised score {result.DatasetNormalizedScore:F3}"),
            scoredOutput.Split('\n').Single(line => line.StartsWith("bc on CartPole-v1: return", StringComparison.Ordinal)).TrimEnd());
        Assert.Contains("\"dataset_normalized_score\"", File.ReadAllText(Path.Combine(Run("scored"), "result.json")));
        Assert.DoesNotContain("dataset_", File.ReadAllText(Path.Combine(Run("npz"), "result.json"))); // absent, not null, without them
        // They were measured on the dataset's task: imitated on another, it has no such score.
        var (otherTaskExit, otherTaskOutput, otherTaskErr) = CliRunner.Run([.. Args(Run("v0")), "--demos", dataset, "--env", "CartPole-v0"]);
        Assert.True(otherTaskExit == 0, otherTaskErr);
        Assert.DoesNotContain("the dataset's normalised score", otherTaskOutput);
        Assert.Contains($"note: the reference scores of '{dataset}' were measured on CartPole-v1, so none is reported for CartPole-v0", otherTaskOutput);
        Assert.DoesNotContain("note: the reference scores", scoredOutput);
        Assert.Null(RunResult.Read(Run("v0")).DatasetReferences);
    }

    [Theory]
    [InlineData("Hopper-v4", "give --demos FILE, or record some from the shipped expert first: " +
        "apprentice record --policy expert --env Hopper-v4 --episodes 25 --out Hopper-v4.npz")]
    [InlineData("Ant-v4", "give --demos FILE")] // no expert ships for it either
    public void Imitate_WithoutDemos_OnATaskWithoutShippedOnes_NamesTheTasksThatHaveThem(string env, string instead)
    {
        var (exit, _, err) = CliRunner.Run(["imitate", "--algo", "bc", "--env", env, "--out", Run("none")]);
        Assert.Equal(2, exit);
        Assert.Equal($"apprentice: no shipped demonstrations for {env} (they ship for Acrobot-v1, CartPole-v0, CartPole-v1, " +
            $"MountainCar-v0, Pendulum-v1); {instead}", err.TrimEnd());
        Assert.False(Directory.Exists(Run("none")));
    }

    [Theory]
    [InlineData("gail", @"D loss \d")]
    [InlineData("fem", @"‖μE − μπ‖ \d\S* most on −?(\(0\.01 )?(cart|pole)_[a-z_]+\)?²? with action (0 \(push_left\)|1 \(push_right\)) ")]
    [InlineData("gtal", @"min\(μπ − μE\) -?\d\S* on −?(\(0\.01 )?(cart|pole)_[a-z_]+\)?²? with action (0 \(push_left\)|1 \(push_right\)) ")] // and the adversary's feature, by name
    public void Imitate_EachCost_ProgressLineNamesItsOwnObjective(string algo, string objective)
    {
        var (exit, output, _) = CliRunner.Run(["imitate", "--algo", algo, "--env", "CartPole-v0", "--demos", Demos("CartPole-v0"),
            "--trajectories", "2", "--iterations", "2", "--batch", "600", "--envs", "2", "--eval-episodes", "2", "--out", Run(algo)]);
        Assert.Equal(0, exit);
        string iteration = output.Split('\n').First(l => l.StartsWith("iter ", StringComparison.Ordinal));
        Assert.Matches(objective, iteration);
        Assert.DoesNotContain("NaN", iteration);
    }

    [Fact]
    public void Prepare_RunsOfACell_SeeTheSamePairs()
    {
        // The authors drew the subsampling offsets with RandomState(0) in every run: the seed varies the learner only.
        ExpertPairs Pairs(int seed) => ImitationJob.Prepare(ImitateRun.Create("gail", "CartPole-v0", Demos("CartPole-v0"), 4, seed, 1)).Expert;
        ExpertPairs first = Pairs(0), other = Pairs(5);
        Assert.Equal(first.Observations, other.Observations);
        Assert.Equal(first.Actions, other.Actions);
    }

    [Fact]
    public void Imitate_ResumeGail_ContinuesToMoreIterations()
    {
        Assert.Equal(0, CliRunner.Run(TinyGail(Run("r"))).Exit);
        var (exit, output, _) = CliRunner.Run("imitate", "--resume", Run("r"), "--iterations", "5");
        Assert.Equal(0, exit);
        Assert.Contains("resuming from iteration 3", output);
        Assert.DoesNotContain("evaluated again", output);
        Assert.Equal(6, File.ReadAllLines(Path.Combine(Run("r"), "metrics.csv")).Length);

        // A finished run resumed without more iterations trains nothing, and says so.
        var again = CliRunner.Run("imitate", "--resume", Run("r"));
        Assert.Equal(0, again.Exit);
        Assert.Contains("resuming from iteration 5 (", again.Out);
        Assert.Contains("; it has run its 5 iterations, so its policy is only evaluated again (--iterations N extends it)", again.Out);
        Assert.Equal(6, File.ReadAllLines(Path.Combine(Run("r"), "metrics.csv")).Length);

        // Settings are the run's own: one given beside --resume would be ignored, so it is refused.
        var refused = CliRunner.Run("imitate", "--resume", Run("r"), "--iterations", "7", "--max-kl", "0.05");
        Assert.Equal(2, refused.Exit);
        Assert.Contains("--max-kl cannot be given with --resume", refused.Err);
        Assert.Equal(6, File.ReadAllLines(Path.Combine(Run("r"), "metrics.csv")).Length);

        // A resume whose checkpoint cannot be read fails before it touches the run's config.
        string config = File.ReadAllText(Path.Combine(Run("r"), "config.json"));
        File.WriteAllText(Path.Combine(Run("r"), "gail.json"), "{ damaged");
        var damaged = CliRunner.Run("imitate", "--resume", Run("r"), "--iterations", "9");
        Assert.NotEqual(0, damaged.Exit);
        Assert.Single(damaged.Err.TrimEnd().Split('\n'));
        Assert.Equal(config, File.ReadAllText(Path.Combine(Run("r"), "config.json")));
    }

    [Fact]
    public void Imitate_DemonstrationsOfObservationsAlone_LearnFromObservations_AtTheExpertsLevel_AndNothingElse()
    {
        string alone = Run("alone.csv");
        Apprentice.Data.Demonstrations.Load(Demos("CartPole-v0")).WithoutActions().Save(alone);
        string[] Args(string output, params string[] extra)
        {
            string[] args = TinyGail(output, extra);
            args[Array.IndexOf(args, "--demos") + 1] = alone;
            return args;
        }
        var (exit, output, err) = CliRunner.Run(Args(Run("o"), "--observations-only"));
        Assert.True(exit == 0, err);
        Assert.DoesNotContain("note:", output); // the task's own observations and rewards: its expert's level holds
        using (var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(Run("o"), "result.json"))))
            Assert.Equal(200.0, result.RootElement.GetProperty("expert_return").GetDouble());

        var pairs = CliRunner.Run(Args(Run("p")));
        Assert.Equal(2, pairs.Exit);
        Assert.Contains($"demonstrations '{Path.GetFileName(alone)}': they hold observations alone, no actions; imitation from observations learns from them (imitate --observations-only)", pairs.Err);
        var info = CliRunner.Run("demos", "info", alone, "--env", "CartPole-v0");
        Assert.True(info.Exit == 0, info.Err);
        Assert.Contains("  actions       none: observations alone (for imitate --observations-only)", info.Out);
        Assert.Contains("  CartPole-v0: OK", info.Out);
        var minari = CliRunner.Run("demos", "import", alone, "--out", Run("alone.hdf5"));
        Assert.Equal(2, minari.Exit);
        Assert.Contains("these demonstrations are observations alone, and Minari's layout holds actions; write .npz or .csv", minari.Err);
    }

    private static string[] TinyBc(string output, int steps) =>
        ["imitate", "--algo", "bc", "--env", "CartPole-v0", "--demos", Demos("CartPole-v0"), "--trajectories", "2", "--iterations", $"{steps}", "--eval-episodes", "2", "--out", output];

    [Fact]
    public void Imitate_ResumeBc_ContinuesExactlyAsOneLongerRun()
    {
        Assert.Equal(0, CliRunner.Run(TinyBc(Run("short"), 201)).Exit);
        foreach (string file in new[] { BehaviorCloning.StateFile, BehaviorCloning.OptimizerFile })
            Assert.True(File.Exists(Path.Combine(Run("short"), file)), file);
        var (exit, output, err) = CliRunner.Run("imitate", "--resume", Run("short"), "--iterations", "401");
        Assert.True(exit == 0, err);
        Assert.Contains("resuming from step 201\n", output.ReplaceLineEndings("\n"));
        Assert.Equal(0, CliRunner.Run(TinyBc(Run("long"), 401)).Exit);
        float[] Weights(string run) => Apprentice.Policies.PolicyFile.Load(Path.Combine(Run(run), "policy.safetensors")).Policy.Parameters.Values.ToArray();
        Assert.Equal(Weights("long"), Weights("short"));
        Assert.Equal(File.ReadAllLines(Path.Combine(Run("long"), "metrics.csv")).Select(l => l.Split(',')[..4]),
            File.ReadAllLines(Path.Combine(Run("short"), "metrics.csv")).Select(l => l.Split(',')[..4])); // all but the clock

        var again = CliRunner.Run("imitate", "--resume", Run("short"));
        Assert.Equal(0, again.Exit);
        Assert.Contains("resuming from step 401; it has run its 401 steps, so its policy is only evaluated again (--iterations N extends it)", again.Out);
        var workers = CliRunner.Run("imitate", "--resume", Run("short"), "--iterations", "501", "--workers", "2");
        Assert.Equal(2, workers.Exit);
        Assert.Contains($"--workers does not apply to '{Run("short")}', a behaviour-cloning run", workers.Err);
    }

    [Fact]
    public void Imitate_BcSigterm_StopsAtAValidationWithItsCheckpoint_AndResumes()
    {
        string dir = Run("term");
        var (stopped, rest, errors) = CliRunner.RunUntilTerminated("step ", TinyBc(dir, 100_000_000));
        Assert.Equal(130, stopped);
        Assert.Equal("", errors);
        Assert.Contains($"interrupted; checkpoint saved: resume with --resume {dir}", rest);
        // The best policy so far is there to use before the run is resumed.
        Assert.Equal(0, CliRunner.Run("eval", "--policy", dir, "--episodes", "1").Exit);
        int step = Apprentice.Rl.Checkpoint.ReadProgress(dir, BehaviorCloning.StateFile).Iteration;
        var (exit, output, err) = CliRunner.Run("imitate", "--resume", dir, "--iterations", $"{step + 100}");
        Assert.True(exit == 0, err);
        Assert.Contains($"resuming from step {step:N0}", output);
        Assert.True(File.Exists(Path.Combine(dir, "result.json")));
    }

    [Fact]
    public void Imitate_ResumeWithDemos_ReadsAMovedRunsDemonstrations_OnlyWhenTheyGiveTheSamePairs()
    {
        string moved = Run("moved.npz");
        File.Copy(Demos("CartPole-v0"), moved);
        string[] args = TinyGail(Run("r"));
        args[Array.IndexOf(args, "--demos") + 1] = moved;
        Assert.Equal(0, CliRunner.Run(args).Exit);
        string digest = RunFiles.ReadConfig<ImitateRun>(Run("r")).ExpertPairsSha256!;
        Assert.Matches("^[0-9a-f]{64}$", digest);

        // The file it was made with is gone (the run was moved to another machine): a resume says where it is now.
        File.Delete(moved);
        var (missing, _, missingErr) = CliRunner.Run("imitate", "--resume", Run("r"), "--iterations", "4");
        Assert.Equal(2, missing);
        Assert.Contains($"demonstrations file '{moved}' does not exist", missingErr);
        var (exit, output, err) = CliRunner.Run("imitate", "--resume", Run("r"), "--iterations", "4", "--demos", Demos("CartPole-v0"));
        Assert.True(exit == 0, err);
        Assert.Contains($"note: the run's demonstrations are read from '{Demos("CartPole-v0")}' (it was made with '{moved}')", output);
        ImitateRun resumed = RunFiles.ReadConfig<ImitateRun>(Run("r"));
        Assert.Equal((Demos("CartPole-v0"), digest), (resumed.Demos, resumed.ExpertPairsSha256));

        // Demonstrations giving other pairs are refused, and the run is left as it was.
        string metrics = File.ReadAllText(Path.Combine(Run("r"), "metrics.csv"));
        var (other, _, otherErr) = CliRunner.Run("imitate", "--resume", Run("r"), "--iterations", "5", "--demos", Demos("CartPole-v1"));
        Assert.Equal(2, other);
        Assert.Matches($"^apprentice: '{Regex.Escape(Demos("CartPole-v1"))}' gives other expert pairs than the run was made with \\(SHA-256 [0-9a-f]{{12}}…, not {digest[..12]}…\\); give the demonstrations it learned from$", otherErr.TrimEnd());
        Assert.Equal(metrics, File.ReadAllText(Path.Combine(Run("r"), "metrics.csv")));

        // A run made before the digest was recorded cannot be checked, and says so.
        string config = Path.Combine(Run("r"), "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace($"\"expert_pairs_sha256\": \"{digest}\"", "\"expert_pairs_sha256\": null"));
        Assert.Null(RunFiles.ReadConfig<ImitateRun>(Run("r")).ExpertPairsSha256);
        var older = CliRunner.Run("imitate", "--resume", Run("r"), "--iterations", "5", "--demos", Demos("CartPole-v1"));
        Assert.True(older.Exit == 0, older.Err);
        Assert.Contains("; the run is older than the digest of its expert pairs, so they cannot be checked to be the same", older.Out);
    }

    [Fact]
    public void Imitate_ObservationsOnly_RecordedAndKeptOnResume_AndGailsAlone()
    {
        var (exit, _, err) = CliRunner.Run(TinyGail(Run("o"), "--observations-only"));
        Assert.True(exit == 0, err);
        Assert.True(RunFiles.ReadConfig<ImitateRun>(Run("o")).Gail!.ObservationsOnly);
        Assert.Equal(0, CliRunner.Run("imitate", "--resume", Run("o"), "--iterations", "4").Exit);
        Assert.True(RunFiles.ReadConfig<ImitateRun>(Run("o")).Gail!.ObservationsOnly);
        foreach (string algo in new[] { "bc", "fem", "gtal" })
        {
            var refused = CliRunner.Run("imitate", "--algo", algo, "--env", "CartPole-v0", "--demos", Demos("CartPole-v0"), "--observations-only", "--out", Run(algo));
            Assert.Equal(2, refused.Exit);
            Assert.Equal($"apprentice: --observations-only does not apply to --algo {algo}", refused.Err.TrimEnd());
        }
    }

    [Fact]
    public void Imitate_ObservationsOnly_FromADemonstratorWithOtherActuators_WithoutANormalisedScore()
    {
        // MountainCar-v0 pushes with three discrete actions, MountainCarContinuous-v0 with a force in [−1, 1]; both
        // observe (position, velocity).
        string[] args = ["imitate", "--env", "MountainCarContinuous-v0", "--demos", Demos("MountainCar-v0"), "--trajectories", "2",
            "--iterations", "2", "--batch", "600", "--eval-episodes", "2", "--out", Run("mcc")];
        var (refused, _, refusedErr) = CliRunner.Run(args);
        Assert.Equal(2, refused);
        Assert.Contains("actions are discrete (an integer array), MountainCarContinuous-v0 expects continuous actions", refusedErr);

        var (exit, output, err) = CliRunner.Run([.. args, "--observations-only"]);
        Assert.True(exit == 0, err);
        Assert.Contains("note: the demonstrations' actions are not MountainCarContinuous-v0's (", output);
        Assert.Contains("learning from their observations alone, with no expert level here, so no normalised score", output);
        RunResult result = RunResult.Read(Run("mcc"));
        Assert.Null(result.ExpertReturn);
        Assert.Null(result.NormalizedScore);
    }

    [Fact]
    public void Imitate_ResumeOfARunAnotherProcessHolds_IsRefused_AndTheRunLeftAsItWas()
    {
        Assert.Equal(0, CliRunner.Run(TinyGail(Run("held"))).Exit);
        string metrics = File.ReadAllText(Path.Combine(Run("held"), "metrics.csv"));
        using (RunLock? reproduce = RunLock.TryAcquire(Run("held"))) // as reproduce holds the cell it trains
        {
            var (exit, _, err) = CliRunner.Run("imitate", "--resume", Run("held"), "--iterations", "5");
            Assert.Equal(2, exit);
            Assert.StartsWith($"apprentice: '{Run("held")}' is being trained by another process", err);
        }
        Assert.Equal(metrics, File.ReadAllText(Path.Combine(Run("held"), "metrics.csv")));
        Assert.Equal(0, CliRunner.Run("imitate", "--resume", Run("held"), "--iterations", "5").Exit);
    }

    [Fact]
    public void Imitate_InitPolicy_StartsFromIt_RecordsIt_AndNotBesideResume()
    {
        string expert = Path.Combine(AppContext.BaseDirectory, "data", "experts", "CartPole-v0.safetensors");
        var (exit, output, err) = CliRunner.Run(TinyGail(Run("i"), "--init-policy", expert));
        Assert.True(exit == 0, err);
        Assert.Contains($"starting from the policy in '{expert}'", output);
        ImitateRun run = RunFiles.ReadConfig<ImitateRun>(Run("i"));
        Assert.Equal(expert, run.InitialPolicy);
        Assert.Equal([100, 100], run.Gail!.Hidden); // the expert's widths, not a default
        // The first batch is sampled before any policy step: by the expert, whose episodes reach CartPole-v0's limit of 200.
        string[] first = File.ReadAllLines(Path.Combine(Run("i"), "metrics.csv"))[1].Split(',');
        Assert.True(double.Parse(first[4], System.Globalization.CultureInfo.InvariantCulture) >= 190, string.Join(',', first));

        var refused = CliRunner.Run("imitate", "--resume", Run("i"), "--iterations", "4", "--init-policy", expert);
        Assert.Equal(2, refused.Exit);
        Assert.Contains("--init-policy cannot be given with --resume", refused.Err);
    }

    [Fact]
    public void Imitate_InitPolicy_GivesItsWidths_AndOneThatDoesNotFitExitsTwoWithoutRunDirectory()
    {
        Assert.Equal(0, CliRunner.Run("imitate", "--algo", "bc", "--env", "CartPole-v0", "--demos", Demos("CartPole-v0"), "--trajectories", "3",
            "--iterations", "11", "--hidden", "24,12", "--eval-episodes", "1", "--out", Run("b")).Exit);
        string bc = Path.Combine(Run("b"), "policy.safetensors");
        Assert.Equal(0, CliRunner.Run(TinyGail(Run("g"), "--init-policy", Run("b"))).Exit);
        Assert.Equal([24, 12], RunFiles.ReadConfig<ImitateRun>(Run("g")).Gail!.Hidden); // the value function's and discriminator's too

        string relu = Path.Combine(_dir, "relu.safetensors");
        Apprentice.Policies.PolicyFile.Save(new Apprentice.Policies.MlpPolicy(4, new Apprentice.Envs.Discrete(2), [8], new Rng(0), Apprentice.Nn.Activation.Relu), relu, "CartPole-v0");
        (string[] Options, string Message)[] cases =
        [
            (["--init-policy", Run("none")], $"policy file '{Run("none")}' does not exist"),
            (["--init-policy", Run("b"), "--hidden", "100,100"], $"the initial policy '{bc}' has hidden layers 24,12, not 100,100"),
            (["--init-policy", relu], $"the initial policy '{relu}' has Relu hidden units, not Tanh"),
        ];
        foreach (var (options, message) in cases)
        {
            var (exit, _, err) = CliRunner.Run(TinyGail(Run("x"), options));
            Assert.Equal(2, exit);
            Assert.Contains(message, err);
            Assert.False(Directory.Exists(Run("x")));
        }
        var acrobot = CliRunner.Run("imitate", "--env", "Acrobot-v1", "--init-policy", bc, "--out", Run("x"));
        Assert.Equal(2, acrobot.Exit);
        Assert.Contains($"the initial policy '{bc}' takes 4 observation values but Acrobot-v1 gives 6", acrobot.Err);
        Assert.False(Directory.Exists(Run("x")));
    }

    [Fact]
    public void Imitate_TinyBc_WritesPolicyAndResult()
    {
        var (exit, output, _) = CliRunner.Run("imitate", "--algo", "bc", "--env", "CartPole-v0", "--demos", Demos("CartPole-v0"),
            "--trajectories", "3", "--subsample", "1", "--iterations", "201", "--eval-episodes", "3", "--out", Run("b"));
        Assert.Equal(0, exit);
        Assert.Contains("bc on CartPole-v0", output);
        Assert.True(File.Exists(Path.Combine(Run("b"), "policy.safetensors")));
        Assert.StartsWith("step,train_loss,validation_loss,true_return", File.ReadAllLines(Path.Combine(Run("b"), "metrics.csv"))[0]);
        var summary = CliRunner.Run("summary", Run("b"));
        Assert.Equal(0, summary.Exit);
        Assert.Contains("CartPole-v0", summary.Out);
    }

    [Fact]
    public void Imitate_GailKnobs_ReachTheConfigAndTheNetworks()
    {
        var (exit, _, err) = CliRunner.Run(TinyGail(Run("k"), "--hidden", "32,16", "--max-kl", "0.02", "--gamma", "0.99", "--lam", "0.95",
            "--discriminator-lr", "0.003"));
        Assert.True(exit == 0, err);
        ImitateRun run = RunFiles.ReadConfig<ImitateRun>(Run("k"));
        Assert.Equal([32, 16], run.Gail!.Hidden);
        Assert.Equal(0.02, run.Gail.Trpo.MaxKl);
        Assert.Equal(0.99, run.Gail.Gamma);
        Assert.Equal(0.95, run.Gail.Lam);
        Assert.Equal(0.003, run.Gail.DiscriminatorLearningRate);
        var (policy, _) = Apprentice.Policies.PolicyFile.Load(Path.Combine(Run("k"), "policy.safetensors"));
        Assert.Equal([32, 16], policy.HiddenSizes);
    }

    [Theory]
    [InlineData("gail")]
    [InlineData("gtal")]
    public void Imitate_PpoStep_RecordedInTheConfig_AndAResumeEndsWhereAnUninterruptedRunDoes(string algo)
    {
        string[] Args(string dir, string iterations) =>
            ["imitate", "--algo", algo, "--env", "CartPole-v0", "--demos", Demos("CartPole-v0"), "--trajectories", "2", "--iterations", iterations,
             "--batch", "600", "--envs", "2", "--eval-episodes", "3", "--out", dir, "--optimizer", "ppo", "--ppo-clip", "0.1", "--ppo-minibatches", "5"];
        var (exit, output, err) = CliRunner.Run(Args(Run("p"), "2"));
        Assert.True(exit == 0, err);
        Assert.Contains("ppo ", output.Split('\n').First(l => l.StartsWith("iter ", StringComparison.Ordinal)));
        ImitateRun run = RunFiles.ReadConfig<ImitateRun>(Run("p"));
        Assert.Equal(0.1, run.Gail!.Ppo!.ClipRange);
        Assert.Equal(5, run.Gail.Ppo.Minibatches);
        Assert.True(File.Exists(Path.Combine(Run("p"), "ppo.safetensors")));

        Assert.Equal(0, CliRunner.Run("imitate", "--resume", Run("p"), "--iterations", "3").Exit);
        Assert.Equal(0, CliRunner.Run(Args(Run("q"), "3")).Exit);
        float[] Parameters(string dir) => Apprentice.Policies.PolicyFile.Load(Path.Combine(dir, "policy.safetensors")).Policy.Parameters.Values.ToArray();
        Assert.Equal(Parameters(Run("q")), Parameters(Run("p")));
    }

    [Theory]
    [InlineData("--ppo-clip 0.1", "--ppo-clip does not apply to --optimizer trpo")]
    [InlineData("--optimizer ppo --max-kl 0.02", "--max-kl does not apply to --optimizer ppo")]
    [InlineData("--optimizer ppo --ppo-epochs -1", "--ppo-epochs must be positive, got -1")]
    public void Imitate_PpoSettings_Misgiven_ExitTwoNamingTheFlag(string options, string message)
    {
        var (exit, _, err) = CliRunner.Run(TinyGail(Run("x"), options.Split(' ')));
        Assert.Equal(2, exit);
        Assert.Contains(message, err);
        Assert.False(Directory.Exists(Run("x")));
    }

    [Fact]
    public void Imitate_BcKnobs_ReachTheConfig()
    {
        var (exit, _, err) = CliRunner.Run("imitate", "--algo", "bc", "--env", "CartPole-v0", "--demos", Demos("CartPole-v0"),
            "--iterations", "21", "--eval-episodes", "2", "--hidden", "8", "--learning-rate", "0.01", "--out", Run("bk"));
        Assert.True(exit == 0, err);
        ImitateRun run = RunFiles.ReadConfig<ImitateRun>(Run("bk"));
        Assert.Equal([8], run.Bc!.Hidden);
        Assert.Equal(0.01, run.Bc.LearningRate);
    }

    [Theory]
    [InlineData("bc", "--max-kl", "0.02")]
    [InlineData("bc", "--discriminator-lr", "0.1")]
    [InlineData("bc", "--workers", "2")]
    [InlineData("gail", "--learning-rate", "0.1")]
    [InlineData("fem", "--discriminator-lr", "0.1")]
    [InlineData("bc", "--envs", "4")]
    [InlineData("bc", "--optimizer", "ppo")]
    [InlineData("bc", "--ppo-epochs", "3")]
    [InlineData("bc", "--init-policy", "runs/bc")]
    public void Imitate_OptionOfAnotherAlgorithm_RefusedNotIgnored(string algo, string option, string value)
    {
        var (exit, _, err) = CliRunner.Run("imitate", "--algo", algo, "--env", "CartPole-v0", "--demos", Demos("CartPole-v0"),
            option, value, "--out", Run("x"));
        Assert.Equal(2, exit);
        Assert.Contains($"{option} does not apply to --algo {algo}", err);
        Assert.False(Directory.Exists(Run("x")));
    }

    [Theory]
    [InlineData("gail", "--gamma", "1.5", "--gamma must be in (0, 1]")]
    [InlineData("gail", "--lam", "-0.1", "--lam must be in [0, 1]")]
    [InlineData("gail", "--max-kl", "0", "--max-kl must be positive")]
    [InlineData("gail", "--discriminator-lr", "-1", "--discriminator-lr must be positive")]
    [InlineData("gail", "--hidden", "100,x", "--hidden takes positive widths")]
    [InlineData("gail", "--workers", "0", "--workers must be between 1 and --envs (1)")]
    [InlineData("gail", "--workers", "2", "--workers must be between 1 and --envs (1)")]
    [InlineData("gail", "--envs", "0", "--envs must be positive")]
    [InlineData("gail", "--iterations", "0", "--iterations must be positive")]
    [InlineData("gail", "--batch", "-5", "--batch must be positive")]
    [InlineData("bc", "--iterations", "0", "--iterations must be positive")]
    [InlineData("gail", "--entropy-weight", "-1", "--entropy-weight must be a non-negative number, got -1")]
    [InlineData("gail", "--entropy-weight", "NaN", "--entropy-weight must be a non-negative number, got NaN")]
    [InlineData("bc", "--seed", "-2", "--seed must be non-negative, got -2")]
    public void Imitate_KnobOutOfRange_ExitsTwoWithoutRunDirectory(string algo, string option, string value, string message)
    {
        var (exit, _, err) = CliRunner.Run("imitate", "--algo", algo, "--env", "CartPole-v0", "--demos", Demos("CartPole-v0"), option, value, "--out", Run("x"));
        Assert.Equal(2, exit);
        Assert.Contains(message, err);
        Assert.False(Directory.Exists(Run("x")));
    }

    [Fact]
    public void Imitate_MissingDemos_ExitsTwoWithoutRunDirectory()
    {
        var (exit, _, err) = CliRunner.Run("imitate", "--env", "CartPole-v0", "--demos", Run("none.npz"), "--out", Run("x"));
        Assert.Equal(2, exit);
        Assert.Contains("does not exist", err);
        Assert.False(Directory.Exists(Run("x")));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1.5")]
    public void Imitate_FisherSubsampleOutOfRange_ExitsTwoWithoutRunDirectory(string fraction)
    {
        var (exit, _, err) = CliRunner.Run("imitate", "--env", "CartPole-v0", "--demos", Demos("CartPole-v0"),
            "--fisher-subsample", fraction, "--out", Run("x"));
        Assert.Equal(2, exit);
        Assert.Contains("--fisher-subsample must be in (0, 1]", err);
        Assert.False(Directory.Exists(Run("x")));
    }

    [Fact]
    public void Imitate_NotAZip_ExitsTwoWithoutRunDirectory()
    {
        string bad = Run("bad.npz");
        File.WriteAllText(bad, "not a zip");
        var (exit, _, err) = CliRunner.Run("imitate", "--env", "CartPole-v0", "--demos", bad, "--out", Run("x"));
        Assert.Equal(2, exit);
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(Run("x")));
    }

    [Fact]
    public void Imitate_DemosForAnotherEnv_ExitsTwoNamingSizes()
    {
        var (exit, _, err) = CliRunner.Run("imitate", "--env", "Acrobot-v1", "--demos", Demos("CartPole-v0"), "--out", Run("x"));
        Assert.Equal(2, exit);
        Assert.Contains("observations have 4 values", err);
        Assert.False(Directory.Exists(Run("x")));
    }

    [Fact]
    public void Imitate_TooManyTrajectories_ExitsTwoSayingHowMany()
    {
        var (exit, _, err) = CliRunner.Run("imitate", "--env", "CartPole-v0", "--demos", Demos("CartPole-v0"), "--trajectories", "11", "--out", Run("x"));
        Assert.Equal(2, exit);
        Assert.Contains("hold 10 trajectories; cannot take 11", err);
        Assert.False(Directory.Exists(Run("x")));
    }

    [Fact]
    public void Imitate_UnknownAlgo_ExitsTwo()
    {
        var (exit, _, err) = CliRunner.Run("imitate", "--algo", "dagger", "--env", "CartPole-v0", "--demos", Demos("CartPole-v0"));
        Assert.Equal(2, exit);
        Assert.Contains("dagger", err);
    }
}
