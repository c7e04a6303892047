using System.Text;
using System.Text.Json;
using Apprentice.Cli;
using Apprentice.Nn;
using Apprentice.Policies;

namespace Apprentice.Tests.Cli;

public sealed class TrainCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("apprentice-train-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Run(string name) => Path.Combine(_dir, name);

    private static string[] Tiny(string output, params string[] extra) =>
        ["train", "--env", "CartPole-v0", "--steps", "3000", "--batch", "1000", "--envs", "2", "--hidden", "16,16", "--out", output, .. extra];

    [Fact]
    public void Train_TinyRun_WritesRunFilesAndEvaluates()
    {
        var (exit, output, err) = CliRunner.Run(Tiny(Run("a")));
        Assert.Equal(0, exit);
        Assert.Equal("", err);
        Assert.Contains("iter    1", output);
        Assert.Contains($"in {Run("a")}", output.TrimEnd().Split('\n')[^1]);
        foreach (string file in new[] { "policy.safetensors", "value.safetensors", "config.json", "metrics.csv", "trainer.json", "curve.png" })
            Assert.True(File.Exists(Path.Combine(Run("a"), file)), file);

        string[] csv = File.ReadAllLines(Path.Combine(Run("a"), "metrics.csv"));
        Assert.StartsWith("iteration,env_steps,pairs,trajectories,mean_return", csv[0]);
        Assert.True(csv.Length >= 3);
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(Run("a"), "config.json")));
        Assert.Equal("CartPole-v0", config.RootElement.GetProperty("env_id").GetString());
        Assert.Equal(0.01, config.RootElement.GetProperty("trpo").GetProperty("max_kl").GetDouble());

        var eval = CliRunner.Run("eval", "--policy", Path.Combine(Run("a"), "policy.safetensors"), "--episodes", "3", "--json");
        Assert.Equal(0, eval.Exit);
        Assert.Contains("\"env\":\"CartPole-v0\"", eval.Out);
    }

    [Fact]
    public void Train_Sigterm_StopsAfterAnIterationWithCheckpointAndExits130()
    {
        // A separate process, as a background job that `kill` stops: SIGTERM must not end it before it checkpoints.
        string dir = Run("term");
        var (exit, rest, errors) = CliRunner.RunUntilTerminated("iter ", "train", "--env", "CartPole-v0", "--steps", "100000000", "--batch", "500", "--hidden", "8", "--out", dir);
        Assert.Equal(130, exit);
        Assert.Equal("", errors);
        Assert.Contains($"interrupted; checkpoint saved: resume with --resume {dir}", rest);
        Assert.True(File.Exists(Path.Combine(dir, "trainer.json")));
        Assert.Equal(0, CliRunner.Run("train", "--resume", dir, "--steps", "2000").Exit);
    }

    [Fact]
    public void Train_ExistingRunWithoutResume_RefusesAndExitsTwo()
    {
        Assert.Equal(0, CliRunner.Run(Tiny(Run("b"))).Exit);
        var (exit, _, err) = CliRunner.Run(Tiny(Run("b")));
        Assert.Equal(2, exit);
        Assert.Contains("already holds a run; use --resume", err);
    }

    [Fact]
    public void Train_OutUnderAFile_RefusesInOneLineAndExitsTwo()
    {
        File.WriteAllText(Run("file"), "");
        var (exit, _, err) = CliRunner.Run(Tiny(Path.Combine(Run("file"), "run")));
        Assert.Equal(2, exit);
        Assert.StartsWith($"apprentice: cannot make the run folder '{Path.Combine(Run("file"), "run")}' (", err);
        Assert.EndsWith("); give --out a folder that can be written", err.TrimEnd());
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Train_Resume_ContinuesToTheNewBudget()
    {
        Assert.Equal(0, CliRunner.Run(Tiny(Run("c"))).Exit);
        int rows = File.ReadAllLines(Path.Combine(Run("c"), "metrics.csv")).Length;
        var (exit, output, _) = CliRunner.Run("train", "--resume", Run("c"), "--steps", "6000");
        Assert.Equal(0, exit);
        Assert.Contains("resuming CartPole-v0 from iteration", output);
        Assert.DoesNotContain("nothing to train", output);
        Assert.True(File.ReadAllLines(Path.Combine(Run("c"), "metrics.csv")).Length > rows);
        rows = File.ReadAllLines(Path.Combine(Run("c"), "metrics.csv")).Length;

        var again = CliRunner.Run("train", "--resume", Run("c"));
        Assert.Equal(0, again.Exit);
        Assert.Contains("; it has taken its 6,000 steps, so there is nothing to train (--steps N extends it)", again.Out);
        Assert.Equal(rows, File.ReadAllLines(Path.Combine(Run("c"), "metrics.csv")).Length);
    }

    [Fact]
    public void Train_TensorBoard_LogsEveryMetricsRowAsScalars_AndResumeContinuesTheFile()
    {
        var (exit, _, err) = CliRunner.Run(Tiny(Run("tb"), "--tensorboard"));
        Assert.True(exit == 0, err);
        string events = Directory.GetFiles(Run("tb"), TensorBoardWriter.Prefix + "*").Single();
        string[] header = File.ReadLines(Path.Combine(Run("tb"), "metrics.csv")).First().Split(',');
        var (records, histograms) = Common.TensorBoardWriterTests.SplitHistograms(events);
        // The file's version, the config as hyperparameters and as text, an event per row, and the session's end.
        int rows = File.ReadAllLines(Path.Combine(Run("tb"), "metrics.csv")).Length - 1;
        Assert.Equal(rows + 4, records.Length);
        // After each iteration, a histogram of each layer of the policy and the value function, and of the batch's episodes.
        string[] layers = [.. Enumerable.Range(0, 3).SelectMany(l => new[] { $"net.{l}.weight", $"net.{l}.bias" })];
        string[] perIteration = [.. layers.Select(l => "policy/" + l), .. layers.Select(l => "value/" + l), "batch/episode_return", "batch/episode_length"];
        Assert.Equal([.. Enumerable.Repeat(perIteration, rows).SelectMany(tags => tags)], histograms);
        string hparams = Encoding.UTF8.GetString(records[1]);
        Assert.Contains("_hparams_/session_start_info", hparams);
        Assert.Contains("trpo.max_kl", hparams);
        string config = Encoding.UTF8.GetString(records[2]);
        Assert.Contains("config", config);
        Assert.Contains("    {\n      \"env_id\": \"CartPole-v0\",", config);
        string last = Encoding.UTF8.GetString(records[^2]);
        foreach (string column in header[1..]) Assert.Contains(column, last);
        Assert.Contains("_hparams_/session_end_info", Encoding.UTF8.GetString(records[^1]));

        Assert.Equal(0, CliRunner.Run("train", "--resume", Run("tb"), "--steps", "5000").Exit);
        Assert.Equal(events, Directory.GetFiles(Run("tb"), TensorBoardWriter.Prefix + "*").Single());
        int before = records.Length;
        (records, _) = Common.TensorBoardWriterTests.SplitHistograms(events);
        Assert.Equal(File.ReadAllLines(Path.Combine(Run("tb"), "metrics.csv")).Length + 5, records.Length); // the resume's config and end too, not its hyperparameters
        Assert.Single(records, r => Encoding.UTF8.GetString(r).Contains("_hparams_/session_start_info", StringComparison.Ordinal));
        string resumed = Encoding.UTF8.GetString(records[before]); // appended first, before the resumed run's rows
        Assert.Contains("config", resumed);
        Assert.Contains("\"steps\": 5000", resumed);
        Assert.DoesNotContain("\"steps\": 5000", config);

        Assert.Equal(0, CliRunner.Run(Tiny(Run("plain"))).Exit);
        Assert.Empty(Directory.GetFiles(Run("plain"), TensorBoardWriter.Prefix + "*")); // only when asked
    }

    [Fact]
    public void Train_ResumeMissingDirectory_ExitsTwo()
    {
        var (exit, _, err) = CliRunner.Run("train", "--resume", Run("nothing"));
        Assert.Equal(2, exit);
        Assert.Contains("cannot resume", err);
    }

    [Fact]
    public void ARunAnotherProcessHolds_IsRefused_ToAResumeAndToAFreshRun_AndLeftAsItWas()
    {
        Assert.Equal(0, CliRunner.Run(Tiny(Run("held"))).Exit);
        string metrics = File.ReadAllText(Path.Combine(Run("held"), "metrics.csv"));
        using (RunLock? other = RunLock.TryAcquire(Run("held")))
        {
            Assert.NotNull(other);
            var (exit, _, err) = CliRunner.Run("train", "--resume", Run("held"), "--steps", "6000");
            Assert.Equal(2, exit);
            Assert.StartsWith($"apprentice: '{Run("held")}' is being trained by another process; let it finish, or stop it", err);
            Assert.Equal(2, CliRunner.Run(Tiny(Run("held"))).Exit);
            using RunLock? fresh = RunLock.TryAcquire(Run("new"));
            var refused = CliRunner.Run(Tiny(Run("new")));
            Assert.Equal(2, refused.Exit);
            Assert.Contains("is being trained by another process", refused.Err);
            Assert.False(Directory.Exists(Run("new")));
        }
        Assert.Equal(metrics, File.ReadAllText(Path.Combine(Run("held"), "metrics.csv")));
        Assert.Equal(0, CliRunner.Run("train", "--resume", Run("held"), "--steps", "6000").Exit); // released with its holder
    }

    [Fact]
    public void Resume_OfTheOtherCommandsRun_NamesTheCommandThatContinuesIt()
    {
        Assert.Equal(0, CliRunner.Run(Tiny(Run("t"))).Exit);
        var (exit, _, err) = CliRunner.Run("imitate", "--resume", Run("t"));
        Assert.Equal(2, exit);
        Assert.Equal($"apprentice: '{Run("t")}' holds a run of 'apprentice train', not 'imitate'; continue it with 'apprentice train --resume {Run("t")}'", err.TrimEnd());

        Directory.CreateDirectory(Run("i"));
        File.WriteAllText(Path.Combine(Run("i"), "config.json"), """{ "algo": "gail", "env_id": "CartPole-v0" }""");
        (exit, _, err) = CliRunner.Run("train", "--resume", Run("i"));
        Assert.Equal(2, exit);
        Assert.Equal($"apprentice: '{Run("i")}' holds a run of 'apprentice imitate', not 'train'; continue it with 'apprentice imitate --resume {Run("i")}'", err.TrimEnd());
    }

    [Fact]
    public void Train_BadHidden_ExitsTwoNamingTheFlag()
    {
        var (exit, _, err) = CliRunner.Run("train", "--env", "CartPole-v0", "--hidden", "100,x", "--out", Run("d"));
        Assert.Equal(2, exit);
        Assert.Contains("--hidden takes positive widths", err);
        Assert.False(Directory.Exists(Run("d")));
    }

    [Fact]
    public void Train_InitLogStd_RecordedInConfigAndRefusedForDiscreteActions()
    {
        var (exit, _, err) = CliRunner.Run("train", "--env", "CartPole-v0", "--init-log-std", "-1", "--out", Run("e"));
        Assert.Equal(2, exit);
        Assert.Contains("applies to continuous actions", err);
        Assert.False(Directory.Exists(Run("e")));

        Assert.Equal(0, CliRunner.Run("train", "--env", "Pendulum-v1", "--steps", "400", "--batch", "200", "--hidden", "8", "--init-log-std", "-1.5", "--out", Run("f")).Exit);
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(Run("f"), "config.json")));
        Assert.Equal(-1.5, config.RootElement.GetProperty("init_log_std").GetDouble());
    }

    [Fact]
    public void Train_InitPolicy_StartsFromItsWeightsWidthsAndUnits_AndRecordsIt()
    {
        // A leaky-ReLU policy of 16,16 units, trained a little; the run started from it takes its shape without --hidden.
        Assert.Equal(0, CliRunner.Run(Tiny(Run("h"), "--activation", "leaky-relu")).Exit);
        string initial = Path.Combine(Run("h"), "policy.safetensors");
        var (exit, output, err) = CliRunner.Run("train", "--env", "CartPole-v0", "--steps", "1000", "--batch", "1000", "--envs", "2",
            "--init-policy", Run("h"), "--out", Run("i"));
        Assert.True(exit == 0, err);
        Assert.Contains($"starting from the policy in '{initial}'", output);
        using (var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(Run("i"), "config.json"))))
        {
            Assert.Equal(initial, config.RootElement.GetProperty("initial_policy").GetString());
            Assert.Equal("leaky_relu", config.RootElement.GetProperty("activation").GetString());
            Assert.Equal([16, 16], config.RootElement.GetProperty("hidden").EnumerateArray().Select(e => e.GetInt32()));
        }
        // One iteration of TRPO within its trust region: the policy moved from the initial one, not from random weights.
        float[] start = PolicyFile.Load(initial).Policy.Parameters.Values.ToArray();
        float[] end = PolicyFile.Load(Path.Combine(Run("i"), "policy.safetensors")).Policy.Parameters.Values.ToArray();
        float[] fresh = new MlpPolicy(4, new Apprentice.Envs.Discrete(2), [16, 16], new Rng(0), Activation.LeakyRelu).Parameters.Values.ToArray();
        Assert.True(Distance(start, end) < Distance(fresh, end) / 4, $"{Distance(start, end)} from the initial policy, {Distance(fresh, end)} from a fresh one");
    }

    private static double Distance(float[] a, float[] b) => Math.Sqrt(a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Sum());

    [Theory]
    [InlineData("--init-log-std -1", "--init-log-std does not apply beside --init-policy")]
    [InlineData("--hidden 8", "the initial policy '{0}' has hidden layers 16,16, not 8")]
    [InlineData("--activation relu", "the initial policy '{0}' has Tanh hidden units, not Relu")]
    [InlineData("--env Acrobot-v1", "the initial policy '{0}' takes 4 observation values but Acrobot-v1 gives 6")]
    public void Train_InitPolicy_ThatDoesNotFit_ExitsTwoWithoutRunDirectory(string options, string message)
    {
        Assert.Equal(0, CliRunner.Run(Tiny(Run("h"))).Exit);
        string[] env = options.StartsWith("--env", StringComparison.Ordinal) ? [] : ["--env", "CartPole-v0"];
        var (exit, _, err) = CliRunner.Run(["train", .. env, .. options.Split(' '), "--init-policy", Run("h"), "--out", Run("x")]);
        Assert.Equal(2, exit);
        Assert.Contains(string.Format(message, Path.Combine(Run("h"), "policy.safetensors")), err);
        Assert.False(Directory.Exists(Run("x")));
    }

    [Fact]
    public void Train_LeakyReluAndLam_RecordedAndKeptOnResume()
    {
        string dir = Run("g");
        Assert.Equal(0, CliRunner.Run(Tiny(dir, "--activation", "leaky-relu", "--lam", "0.98", "--gamma", "0.99")).Exit);
        using (var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "config.json"))))
        {
            Assert.Equal("leaky_relu", config.RootElement.GetProperty("activation").GetString());
            Assert.Equal(0.98, config.RootElement.GetProperty("lam").GetDouble());
            Assert.Equal(0.99, config.RootElement.GetProperty("gamma").GetDouble());
        }
        string policy = Path.Combine(dir, "policy.safetensors");
        Assert.Equal(Activation.LeakyRelu, PolicyFile.Load(policy).Policy.Network.Hidden);

        var refused = CliRunner.Run("train", "--resume", dir, "--steps", "5000", "--lam", "0.9");
        Assert.Equal(2, refused.Exit);
        Assert.Contains("--lam cannot be given with --resume", refused.Err);
        var resumed = CliRunner.Run("train", "--resume", dir, "--steps", "5000");
        Assert.Equal(0, resumed.Exit);
        Assert.Contains("resuming CartPole-v0", resumed.Out);
        Assert.Equal(Activation.LeakyRelu, PolicyFile.Load(policy).Policy.Network.Hidden);
    }

    [Theory]
    [InlineData("--activation", "sigmoid", "--activation takes tanh, relu or leaky-relu")]
    [InlineData("--lam", "1.5", "--lam must be in [0, 1]")]
    [InlineData("--gamma", "0", "--gamma must be in (0, 1]")]
    [InlineData("--entropy-weight", "NaN", "--entropy-weight must be a non-negative number, got NaN")]
    [InlineData("--entropy-weight", "-0.1", "--entropy-weight must be a non-negative number, got -0.1")]
    [InlineData("--seed", "-1", "--seed must be non-negative, got -1")]
    public void Train_BadActivationOrLam_ExitsTwoNamingTheFlag(string flag, string value, string message)
    {
        var (exit, _, err) = CliRunner.Run("train", "--env", "CartPole-v0", flag, value, "--out", Run("h"));
        Assert.Equal(2, exit);
        Assert.Contains(message, err);
        Assert.False(Directory.Exists(Run("h")));
    }

    [Fact]
    public void Train_Ppo_RecordsItsSettings_AndAResumeEndsWhereAnUninterruptedRunDoes()
    {
        string[] ppo = ["--optimizer", "ppo", "--ppo-epochs", "3", "--ppo-minibatches", "4", "--ppo-lr", "0.001", "--entropy-weight", "0.01"];
        var (exit, output, err) = CliRunner.Run(Tiny(Run("p"), ppo));
        Assert.Equal(0, exit);
        Assert.Equal("", err);
        Assert.True(File.Exists(Path.Combine(Run("p"), "ppo.safetensors")));
        using (var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(Run("p"), "config.json"))))
        {
            JsonElement settings = config.RootElement.GetProperty("ppo");
            Assert.Equal(3, settings.GetProperty("epochs").GetInt32());
            Assert.Equal(4, settings.GetProperty("minibatches").GetInt32());
            Assert.Equal(0.001, settings.GetProperty("learning_rate").GetDouble());
            Assert.Equal(0.2, settings.GetProperty("clip_range").GetDouble());
            Assert.Equal(0.01, settings.GetProperty("entropy_weight").GetDouble()); // PPO's bonus, not TRPO's
            Assert.Equal(0, config.RootElement.GetProperty("trpo").GetProperty("entropy_weight").GetDouble());
        }
        Assert.Equal(0, CliRunner.Run("train", "--resume", Run("p"), "--steps", "6000").Exit);
        Assert.Equal(0, CliRunner.Run(["train", "--env", "CartPole-v0", "--steps", "6000", "--batch", "1000", "--envs", "2", "--hidden", "16,16", "--out", Run("q"), .. ppo]).Exit);
        float[] Parameters(string dir) => PolicyFile.Load(Path.Combine(dir, "policy.safetensors")).Policy.Parameters.Values.ToArray();
        Assert.Equal(Parameters(Run("q")), Parameters(Run("p")));
        Assert.Equal(File.ReadAllLines(Path.Combine(Run("q"), "metrics.csv")).Length, File.ReadAllLines(Path.Combine(Run("p"), "metrics.csv")).Length);
    }

    [Theory]
    [InlineData("--optimizer sgd", "sgd")]
    [InlineData("--ppo-epochs 3", "--ppo-epochs does not apply to --optimizer trpo")]
    [InlineData("--optimizer ppo --max-kl 0.02", "--max-kl does not apply to --optimizer ppo")]
    [InlineData("--optimizer ppo --fisher-subsample 1", "--fisher-subsample does not apply to --optimizer ppo")]
    [InlineData("--optimizer ppo --ppo-clip 0", "--ppo-clip must be positive, got 0")]
    [InlineData("--optimizer ppo --ppo-minibatches 0", "--ppo-minibatches must be positive, got 0")]
    [InlineData("--optimizer ppo --ppo-lr NaN", "--ppo-lr must be positive, got NaN")]
    public void Train_PpoSettings_Misgiven_ExitTwoNamingTheFlag(string options, string message)
    {
        var (exit, _, err) = CliRunner.Run(["train", "--env", "CartPole-v0", .. options.Split(' '), "--out", Run("r")]);
        Assert.Equal(2, exit);
        Assert.Contains(message, err);
        Assert.Single(err.Trim().Split('\n'));
        Assert.False(Directory.Exists(Run("r")));
    }

    [Fact]
    public void Train_NoEnv_ExitsTwo()
    {
        var (exit, _, err) = CliRunner.Run("train", "--steps", "10");
        Assert.Equal(2, exit);
        Assert.Contains("--env is required", err);
    }
}
