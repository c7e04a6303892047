using Apprentice.Cli;

namespace Apprentice.Tests.Cli;

public sealed class ReproduceCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("apprentice-reproduce-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Experts => Path.Combine(AppContext.BaseDirectory, "data", "experts");

    /// <summary>A tiny CartPole reproduction into the test's folder; <paramref name="overrides"/> are option/value pairs replacing its own.</summary>
    private string[] Tiny(params string[] overrides)
    {
        var options = new Dictionary<string, string>
        {
            ["--tasks"] = "CartPole-v0", ["--algos"] = "bc,gail", ["--trajectories"] = "1,2", ["--runs"] = "1", ["--budget"] = "0.01",
            ["--jobs"] = "2", ["--eval-episodes"] = "2", ["--experts"] = Experts, ["--out"] = _dir,
        };
        for (int i = 0; i < overrides.Length; i += 2) options[overrides[i]] = overrides[i + 1];
        return ["reproduce", .. options.SelectMany(o => new[] { o.Key, o.Value })];
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reproduce_OutAFile_IsRefusedBeforeAnyWork(bool dryRun)
    {
        string file = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(file, "mine");
        var (exit, output, err) = CliRunner.Run([.. Tiny("--out", file), .. dryRun ? new[] { "--dry-run" } : []]);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal($"apprentice: --out '{file}' is a file; reproduce writes a folder of cells, pools and tables (give a new folder, or the one a run of it made)", err.TrimEnd());
        Assert.Equal("mine", File.ReadAllText(file));
    }

    [Fact]
    public void Reproduce_TinyBudget_WritesTablesAndFigureThenKeepsFinishedCells()
    {
        var (exit, output, err) = CliRunner.Run(Tiny());
        Assert.Equal(0, exit);
        Assert.Equal("", err);
        Assert.Contains("[4/4]", output);
        // By the third cell one like the last has been timed, so the line says what is left; the last says nothing.
        Assert.Matches(@"min, ≈ (< 1|\d+) min left$", output.Split('\n').Single(l => l.StartsWith("[3/4]", StringComparison.Ordinal)).TrimEnd());
        Assert.DoesNotContain("left", output.Split('\n').Single(l => l.StartsWith("[4/4]", StringComparison.Ordinal)));
        Assert.Contains($"CartPole-v0 gail k=2 run 0: starting; progress in {Path.Combine(_dir, "cells", "CartPole-v0", "gail-k2-r0", "log.txt")}", output);
        Assert.Equal(4, output.Split('\n').Count(l => l.EndsWith("log.txt", StringComparison.Ordinal)));
        Assert.Contains("iter ", File.ReadAllText(Path.Combine(_dir, "cells", "CartPole-v0", "gail-k2-r0", "log.txt")));
        Assert.True(File.Exists(Path.Combine(_dir, "pools", "CartPole-v0.npz")));
        string[] csv = File.ReadAllLines(Path.Combine(_dir, "results.csv"));
        Assert.Equal(5, csv.Length);
        Assert.StartsWith("task,algo,trajectories,run,mean_return", csv[0]);
        Assert.EndsWith(",training_seconds,entropy_weight,policy_step", csv[0]);
        Assert.All(csv.Skip(1), row => Assert.True(double.Parse(row.Split(',')[^3], System.Globalization.CultureInfo.InvariantCulture) > 0, row));
        string md = File.ReadAllText(Path.Combine(_dir, "results.md"));
        Assert.Contains("## CartPole-v0", md);
        Assert.Contains("· 71.9", md); // the paper's BC figure at one trajectory
        Assert.Contains("Machine: ", md);
        Assert.Contains("Mean training time per cell: ", md);
        Assert.True(File.Exists(Path.Combine(_dir, "figure.png")));

        var again = CliRunner.Run(Tiny());
        Assert.Equal(0, again.Exit);
        Assert.Equal(4, again.Out.Split('\n').Count(l => l.Contains(", kept")));
        Assert.DoesNotContain("starting", again.Out);

        // A GAIL cell without its result (as after a stop) continues from its checkpoint; the others are kept.
        string cell = Path.Combine(_dir, "cells", "CartPole-v0", "gail-k2-r0");
        File.Delete(Path.Combine(cell, "result.json"));
        var resumed = CliRunner.Run(Tiny());
        Assert.Equal(0, resumed.Exit);
        Assert.Contains("CartPole-v0 gail k=2 run 0: resuming from its checkpoint", resumed.Out);
        Assert.Equal(3, resumed.Out.Split('\n').Count(l => l.Contains(", kept")));
        Assert.True(File.Exists(Path.Combine(cell, "result.json")));
    }

    [Fact]
    public void Reproduce_Ppo_TrainsTheCostLearningCellsWithIt_AndBcAsEver()
    {
        var (exit, _, err) = CliRunner.Run(Tiny("--algos", "bc,gtal", "--trajectories", "1", "--optimizer", "ppo", "--ppo-epochs", "2"));
        Assert.True(exit == 0, err);
        string gtal = Path.Combine(_dir, "cells", "CartPole-v0", "gtal-k1-r0");
        Assert.Equal(2, RunFiles.ReadConfig<ImitateRun>(gtal).Gail!.Ppo!.Epochs);
        Assert.True(File.Exists(Path.Combine(gtal, "ppo.safetensors")));
        Assert.True(File.Exists(Path.Combine(_dir, "cells", "CartPole-v0", "bc-k1-r0", "result.json")));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(_dir, "results.csv")).Length - 1);
        Assert.Contains("policy step is PPO (clip 0.2, Adam 0.0003, 2 passes of 32 minibatches), not the paper's TRPO.", File.ReadAllText(Path.Combine(_dir, "results.md")));

        // Other cells of the folder, of another policy step, would share its tables: refused.
        var trpo = CliRunner.Run(Tiny("--algos", "gail", "--trajectories", "2"));
        Assert.Equal(2, trpo.Exit);
        Assert.Contains($"'{_dir}' holds cells made with PPO ('{gtal}'), and its tables hold one policy step; give --optimizer ppo", trpo.Err);
        var otherEpochs = CliRunner.Run(Tiny("--algos", "gail", "--trajectories", "2", "--optimizer", "ppo"));
        Assert.Equal(2, otherEpochs.Exit);
        Assert.False(Directory.Exists(Path.Combine(_dir, "cells", "CartPole-v0", "gail-k2-r0")));

        var trpoOnly = CliRunner.Run(Tiny("--ppo-clip", "0.1"));
        Assert.Equal(2, trpoOnly.Exit);
        Assert.Contains("--ppo-clip does not apply to --optimizer trpo", trpoOnly.Err);
    }

    [Fact]
    public void Reproduce_EachNewCell_UpdatesTheTablesBeforeTheNextStarts()
    {
        // What results.csv holds when each cell's line is printed: a run killed between cells has lost no table.
        var rowsAtEachCell = new List<int>();
        string csv = Path.Combine(_dir, "results.csv");
        using var output = new CallbackWriter(line =>
        {
            if (line.StartsWith('[')) rowsAtEachCell.Add(File.Exists(csv) ? File.ReadAllLines(csv).Length - 1 : 0);
        });
        int exit = CliApp.Run(["reproduce", "--tasks", "CartPole-v0", "--algos", "bc", "--trajectories", "1,2", "--runs", "1", "--budget", "0.01",
            "--jobs", "1", "--eval-episodes", "2", "--experts", Experts, "--out", _dir], output, TextWriter.Null);
        Assert.Equal(0, exit);
        Assert.Equal([1, 2], rowsAtEachCell);
    }

    [Fact]
    public void Reproduce_CellsMadeWithOtherSettings_AreRefusedAndKept()
    {
        Assert.Equal(0, CliRunner.Run(Tiny()).Exit);
        string cell = Path.Combine(_dir, "cells", "CartPole-v0", "gail-k1-r0");
        byte[] policy = File.ReadAllBytes(Path.Combine(cell, "policy.safetensors"));

        // 301 iterations × 0.01 → 3, × 0.02 → 6: the quick look must not stand in for a longer run's cell.
        var (exit, _, err) = CliRunner.Run(Tiny("--algos", "gail", "--budget", "0.02"));
        Assert.Equal(2, exit);
        Assert.Contains($"the cell '{cell}' was made with other settings (gail.iterations 3, not 6;", err);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var episodes = CliRunner.Run(Tiny("--eval-episodes", "3"));
        Assert.Equal(2, episodes.Exit);
        Assert.Contains("(eval_episodes 2, not 3;", episodes.Err);
        var ppo = CliRunner.Run(Tiny("--algos", "gail", "--optimizer", "ppo"));
        Assert.Equal(2, ppo.Exit);
        Assert.Contains($"'{_dir}' holds cells made with TRPO (", ppo.Err);
        Assert.Equal(policy, File.ReadAllBytes(Path.Combine(cell, "policy.safetensors"))); // nothing retrained or deleted

        // The sampler's worker count does not change the numbers, so another --jobs keeps every cell.
        var otherJobs = CliRunner.Run(Tiny("--jobs", "1"));
        Assert.Equal(0, otherJobs.Exit);
        Assert.Equal(4, otherJobs.Out.Split('\n').Count(l => l.Contains(", kept")));
    }

    [Fact]
    public void Reproduce_ASubsetIntoAFullFolder_KeepsTheOtherCellsInTheTables()
    {
        Assert.Equal(0, CliRunner.Run(Tiny()).Exit);
        var (exit, output, _) = CliRunner.Run(Tiny("--algos", "bc", "--trajectories", "1"));
        Assert.Equal(0, exit);
        Assert.Contains("[1/1]", output);
        string[] csv = File.ReadAllLines(Path.Combine(_dir, "results.csv"));
        Assert.Equal(5, csv.Length);
        Assert.Equal(2, csv.Count(row => row.StartsWith("CartPole-v0,gail,", StringComparison.Ordinal)));
        Assert.Contains("| 2 |", File.ReadAllText(Path.Combine(_dir, "results.md")));
    }

    [Fact]
    public void Reproduce_DryRun_ListsEachCellsStateAndWritesNothing()
    {
        var (exit, output, err) = CliRunner.Run(Tiny("--dry-run", "true"));
        Assert.Equal(0, exit);
        Assert.Equal("", err);
        Assert.Contains($"CartPole-v0: an expert pool of 10 trajectories is to be sampled into {Path.Combine(_dir, "pools", "CartPole-v0.npz")}", output);
        Assert.Contains("CartPole-v0 gail k=2 run 0: to train (3 iterations)", output);
        Assert.Contains("4 cells: 0 finished, 0 checkpointed, 4 to train", output);
        Assert.Contains("training left: no estimate (4 cells, none like a cell timed in this folder)", output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));

        Assert.Equal(0, CliRunner.Run(Tiny()).Exit);
        File.Delete(Path.Combine(_dir, "cells", "CartPole-v0", "gail-k2-r0", "result.json"));
        File.Delete(Path.Combine(_dir, "cells", "CartPole-v0", "bc-k2-r0", "result.json"));
        byte[] csv = File.ReadAllBytes(Path.Combine(_dir, "results.csv"));
        var listed = CliRunner.Run(Tiny("--dry-run", "true"));
        Assert.Equal(0, listed.Exit);
        Assert.Contains("CartPole-v0 gail k=2 run 0: checkpointed at iteration 3 of 3", listed.Out);
        Assert.Contains("CartPole-v0 bc k=1 run 0: finished, ", listed.Out);
        Assert.Matches(@"CartPole-v0 bc k=2 run 0: checkpointed at step \d+ of \d+", listed.Out);
        Assert.Contains("4 cells: 2 finished, 2 checkpointed, 0 to train", listed.Out);
        Assert.Contains("training left ≈ < 1 min of cell time for 2 cells", listed.Out); // at its last iteration: only the evaluation is left
        Assert.DoesNotContain("pool", listed.Out);
        Assert.Equal(csv, File.ReadAllBytes(Path.Combine(_dir, "results.csv")));

        // The dry run checks the folder as a real run would.
        var other = CliRunner.Run(Tiny("--dry-run", "true", "--eval-episodes", "3"));
        Assert.Equal(2, other.Exit);
        Assert.Contains("(eval_episodes 2, not 3;", other.Err);
    }

    [Fact]
    public void Reproduce_DryRun_AnotherVersionOfAPaperTask_ListsThatTasksExperiment()
    {
        var (exit, output, err) = CliRunner.Run("reproduce", "--tasks", "Reacher-v5", "--experts", Experts, "--out", _dir, "--dry-run");
        Assert.Equal(0, exit);
        Assert.Equal("", err);
        // Reacher-v4's: a pool of 18, BC and GAIL at four λs, 7 runs of 201 iterations each.
        Assert.Contains($"Reacher-v5: an expert pool of 18 trajectories is to be sampled into {Path.Combine(_dir, "pools", "Reacher-v5.npz")}", output);
        Assert.Contains("Reacher-v5 bc k=4 run 0: to train", output);
        Assert.Contains("Reacher-v5 gail λ=0.1 k=18 run 6: to train (201 iterations)", output);
        Assert.DoesNotContain(" fem ", output);
        Assert.Contains("105 cells: 0 finished, 0 checkpointed, 105 to train", output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }

    [Fact]
    public void Reproduce_CellHeldByAnotherProcess_SkippedThenTrainedOnTheNextRun()
    {
        string held = Path.Combine(_dir, "cells", "CartPole-v0", "gail-k2-r0");
        using (RunLock? other = RunLock.TryAcquire(held))
        {
            Assert.NotNull(other);
            var listed = CliRunner.Run(Tiny("--dry-run", "true"));
            Assert.Contains("CartPole-v0 gail k=2 run 0: to train (3 iterations), being trained by another process", listed.Out);

            var (exit, output, err) = CliRunner.Run(Tiny());
            Assert.Equal(0, exit);
            Assert.Equal("", err);
            Assert.Contains("CartPole-v0 gail k=2 run 0: skipped: another process is training it", output);
            Assert.Contains("1 of 4 cells were being trained by another process", output);
            Assert.False(Directory.Exists(held));
            Assert.Equal(4, File.ReadAllLines(Path.Combine(_dir, "results.csv")).Length); // header and the 3 others
        }
        var again = CliRunner.Run(Tiny());
        Assert.Equal(0, again.Exit);
        Assert.Contains("CartPole-v0 gail k=2 run 0: starting", again.Out);
        Assert.DoesNotContain("another process", again.Out);
        Assert.Equal(5, File.ReadAllLines(Path.Combine(_dir, "results.csv")).Length);
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "cells", "CartPole-v0"), ".*.lock"));
    }

    /// <summary>A console that hands each printed line to a callback as it is written.</summary>
    private sealed class CallbackWriter(Action<string> onLine) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            onLine(value ?? "");
            base.WriteLine(value);
        }
    }

    [Fact]
    public void Reproduce_ReplacedExpert_RefusesTheOldCellsThenStartsAfreshWithANewPool()
    {
        string experts = Path.Combine(_dir, "experts"), outDir = Path.Combine(_dir, "out");
        Directory.CreateDirectory(experts);
        string expert = Path.Combine(experts, "CartPole-v0.safetensors");
        File.Copy(Path.Combine(Experts, "CartPole-v0.safetensors"), expert);
        string[] args = ["reproduce", "--tasks", "CartPole-v0", "--algos", "bc", "--trajectories", "1", "--runs", "1", "--budget", "0.01",
            "--eval-episodes", "2", "--experts", experts, "--out", outDir];
        Assert.Equal(0, CliRunner.Run(args).Exit);
        string pool = Path.Combine(outDir, "pools", "CartPole-v0.npz");
        byte[] firstPool = File.ReadAllBytes(pool);

        File.Copy(Path.Combine(Experts, "CartPole-v1.safetensors"), expert, overwrite: true); // same spaces, another policy
        var (exit, _, err) = CliRunner.Run(args);
        Assert.Equal(2, exit);
        Assert.Contains("were made from the expert with SHA-256", err);
        Assert.True(File.Exists(Path.Combine(outDir, "cells", "CartPole-v0", "bc-k1-r0", "result.json")), "nothing is deleted");

        Directory.Delete(Path.Combine(outDir, "cells", "CartPole-v0"), recursive: true);
        var again = CliRunner.Run(args);
        Assert.Equal(0, again.Exit);
        Assert.Contains("expert pool of 10 trajectories", again.Out);
        Assert.NotEqual(firstPool, File.ReadAllBytes(pool));
        Assert.Contains(ExpertManifest.Hash(expert), File.ReadAllText(Path.Combine(outDir, "experts.json")));
    }

    [Fact]
    public void Reproduce_SampledActions_KeepTheirOwnPoolAndRefuseAFolderOfExecutedCells()
    {
        string[] args = ["reproduce", "--tasks", "Pendulum-v1", "--algos", "bc", "--trajectories", "1", "--runs", "1", "--budget", "0.01",
            "--eval-episodes", "1", "--experts", Experts];
        Assert.Equal(0, CliRunner.Run([.. args, "--out", Path.Combine(_dir, "executed")]).Exit);
        var (exit, _, err) = CliRunner.Run([.. args, "--out", Path.Combine(_dir, "executed"), "--expert-actions", "sampled"]);
        Assert.Equal(2, exit);
        Assert.Contains("executed actions", err);

        string sampledDir = Path.Combine(_dir, "sampled");
        Assert.Equal(0, CliRunner.Run([.. args, "--out", sampledDir, "--expert-actions", "sampled"]).Exit);
        string pool = Path.Combine(sampledDir, "pools", "Pendulum-v1-sampled.npz");
        Assert.Contains(Apprentice.Data.Demonstrations.Load(pool).Trajectories.SelectMany(t => t.Actions.ToArray()), a => Math.Abs(a) > 2f);
        var manifest = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(sampledDir, "experts.json")))!;
        Assert.Equal(ExpertManifest.Hash(Path.Combine(Experts, "Pendulum-v1.safetensors")) + ":sampled", manifest["Pendulum-v1"]);
    }

    /// <summary>
    /// A cell finished before evaluations clipped the actions as the pool's recording did (its result.json has no
    /// evaluated_actions) is evaluated again, on the same episodes, and not retrained. Pendulum charges its cost on the
    /// clipped torque, so here the return comes back unchanged, which shows the episodes are the same.
    /// </summary>
    [Fact]
    public void Reproduce_ACellEvaluatedUnclipped_IsReevaluatedOnceNotRetrained()
    {
        string[] args = Tiny("--tasks", "Pendulum-v1", "--algos", "bc", "--trajectories", "1", "--jobs", "1");
        Assert.Equal(0, CliRunner.Run(args).Exit);
        string cellDir = Path.Combine(_dir, "cells", "Pendulum-v1", "bc-k1-r0"), resultPath = Path.Combine(cellDir, "result.json");
        RunResult evaluated = RunResult.Read(cellDir);
        Assert.Equal(Apprentice.Imitation.ExpertActions.Executed, evaluated.EvaluatedActions);
        DateTime trainedAt = File.GetLastWriteTimeUtc(Path.Combine(cellDir, "policy.safetensors"));

        var old = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(resultPath))!.AsObject();
        old.Remove("evaluated_actions");
        old["mean_return"] = -9999.0;
        File.WriteAllText(resultPath, old.ToJsonString());
        Assert.Contains("to re-evaluate with its actions clipped", CliRunner.Run([.. args, "--dry-run"]).Out);

        var (exit, output, err) = CliRunner.Run(args);
        Assert.True(exit == 0, err);
        Assert.Contains("Pendulum-v1 bc k=1 run 0: ", output);
        Assert.Contains("re-evaluated with its actions clipped to the action space", output);
        RunResult again = RunResult.Read(cellDir);
        Assert.Equal(evaluated, RunResult.Read(cellDir));
        Assert.Equal(trainedAt, File.GetLastWriteTimeUtc(Path.Combine(cellDir, "policy.safetensors")));
        Assert.DoesNotContain("-9999", File.ReadAllText(Path.Combine(_dir, "results.csv")));

        string third = CliRunner.Run(args).Out;
        Assert.Contains("Pendulum-v1 bc k=1 run 0: ", third);
        Assert.DoesNotContain("re-evaluated", third);
    }

    [Fact]
    public void Reproduce_EntropyWeights_TrainGailOncePerWeightInItsOwnFolder()
    {
        var (exit, output, err) = CliRunner.Run(["reproduce", "--tasks", "CartPole-v0", "--algos", "bc,gail", "--entropy-weights", "0,0.01",
            "--trajectories", "1", "--runs", "1", "--budget", "0.01", "--eval-episodes", "2", "--experts", Experts, "--out", _dir]);
        Assert.Equal(0, exit);
        Assert.Equal("", err);
        Assert.Contains("[3/3]", output);
        Assert.Contains("CartPole-v0 gail λ=0.01 k=1 run 0:", output);
        string cells = Path.Combine(_dir, "cells", "CartPole-v0");
        Assert.Equal(["bc-k1-r0", "gail-ent0.01-k1-r0", "gail-k1-r0"], Directory.GetDirectories(cells).Select(Path.GetFileName).Order());
        Assert.Equal(0.01, RunResult.Read(Path.Combine(cells, "gail-ent0.01-k1-r0")).EntropyWeight);
        Assert.Equal(0.01, RunFiles.ReadConfig<ImitateRun>(Path.Combine(cells, "gail-ent0.01-k1-r0")).Gail!.EntropyWeight);
        Assert.Equal(0, RunResult.Read(Path.Combine(cells, "gail-k1-r0")).EntropyWeight);
        Assert.Contains("| trajectories | BC | GAIL λ=0 | GAIL λ=0.01 |", File.ReadAllText(Path.Combine(_dir, "results.md")));
    }

    [Theory]
    [InlineData("-0.1")]
    [InlineData("x")]
    [InlineData("NaN")]
    public void Reproduce_BadEntropyWeight_ExitsTwo(string weight)
    {
        var (exit, _, err) = CliRunner.Run("reproduce", "--entropy-weights", $"0,{weight}", "--out", _dir);
        Assert.Equal(2, exit);
        Assert.Contains($"--entropy-weights takes non-negative numbers separated by commas; got '{weight}'", err);
    }

    [Fact]
    public void Reproduce_UnknownAlgorithm_ExitsTwo()
    {
        var (exit, _, err) = CliRunner.Run("reproduce", "--algos", "bc,dagger", "--out", _dir);
        Assert.Equal(2, exit);
        Assert.Contains("unknown algorithm 'dagger'", err);
    }

    [Fact]
    public void Reproduce_MoreTrajectoriesThanThePool_ExitsTwo()
    {
        var (exit, _, err) = CliRunner.Run("reproduce", "--tasks", "CartPole-v0", "--trajectories", "11", "--experts", Experts, "--out", _dir);
        Assert.Equal(2, exit);
        Assert.Contains("exceeds the CartPole-v0 expert pool of 10", err);
    }

    [Fact]
    public void Reproduce_TensorBoard_GivesEachTrainedCellItsEventFile()
    {
        var (exit, _, err) = CliRunner.Run([.. Tiny("--algos", "bc,gail", "--trajectories", "1"), "--tensorboard"]);
        Assert.True(exit == 0, err);
        foreach (string cell in new[] { "bc-k1-r0", "gail-k1-r0" })
        {
            string folder = Path.Combine(_dir, "cells", "CartPole-v0", cell);
            string events = Directory.GetFiles(folder, TensorBoardWriter.Prefix + "*").Single();
            var (records, histograms) = Common.TensorBoardWriterTests.SplitHistograms(events);
            int rows = File.ReadAllLines(Path.Combine(folder, "metrics.csv")).Length - 1;
            Assert.Equal(rows + 5, records.Length); // and the version, hyperparameters, config, final figures and end
            // Each row: GAIL's three networks and its batch; behaviour cloning's policy.
            Assert.Equal((cell.StartsWith("gail", StringComparison.Ordinal) ? 23 : 6) * rows, histograms.Length);
            string hparams = System.Text.Encoding.UTF8.GetString(records[1]);
            Assert.Contains("trajectories", hparams); // the cell's settings, to set the cells side by side by
            Assert.Contains(cell[..cell.IndexOf('-')], hparams);
        }
    }

    [Theory]
    [InlineData("--runs", "apprentice: --runs must be positive, got 0")]
    [InlineData("--workers", "apprentice: --workers must be positive, got 0")]
    public void Reproduce_NoRunsOrWorkers_ExitsTwoBeforeSamplingAPool(string option, string expected)
    {
        var (exit, output, err) = CliRunner.Run(Tiny(option, "0"));
        Assert.Equal(2, exit);
        Assert.Equal(expected, err.TrimEnd());
        Assert.Equal("", output);
        Assert.False(Directory.Exists(Path.Combine(_dir, "pools")));
    }

    [Fact]
    public void Reproduce_MissingExpert_ExitsTwoSayingHowToMakeOne()
    {
        var (exit, _, err) = CliRunner.Run("reproduce", "--tasks", "CartPole-v0", "--experts", Path.Combine(_dir, "none"), "--out", _dir);
        Assert.Equal(2, exit);
        Assert.Contains("no expert for CartPole-v0", err);
    }

    [Theory]
    [InlineData("mujoco", "Hopper-v4")]
    [InlineData("paper", "CartPole-v0")]
    [InlineData("Reacher-v4,classic", "Reacher-v4")]
    public void Reproduce_TaskGroup_ChecksItsFirstTaskFirst(string tasks, string first)
    {
        var (exit, _, err) = CliRunner.Run("reproduce", "--tasks", tasks, "--experts", Path.Combine(_dir, "none"), "--out", _dir);
        Assert.Equal(2, exit);
        Assert.Contains($"no expert for {first}:", err);
    }

    [Fact]
    public void ExpandTasks_ExpandsGroupsInPlaceAndKeepsEachTaskOnce()
    {
        Assert.Equal(["CartPole-v0", "Acrobot-v1", "MountainCar-v0"], PaperResults.ExpandTasks(["classic"]));
        Assert.Equal(9, PaperResults.ExpandTasks(["paper"]).Length);
        Assert.Equal(["Hopper-v4", "CartPole-v0", "Acrobot-v1", "MountainCar-v0"], PaperResults.ExpandTasks(["Hopper-v4", "classic", "CartPole-v0"]));
        Assert.All(PaperResults.ExpandTasks(["paper"]), t => Assert.True(PaperResults.Tasks.ContainsKey(t), t));
    }

    [Theory]
    [InlineData("Hopper-v5", "Hopper-v4")]
    [InlineData("Reacher-v5", "Reacher-v4")]
    [InlineData("Humanoid-v5", "Humanoid-v4")]
    [InlineData("Ant-v4", "Ant-v4-contact")]
    [InlineData("Ant-v5", "Ant-v4-contact")]
    [InlineData("CartPole-v1", "CartPole-v0")]
    [InlineData("Walker2d-v4", "Walker2d-v4")]
    [InlineData("Pendulum-v1", null)]
    [InlineData("MountainCarContinuous-v0", null)]
    public void Layout_AnotherVersionOfAPaperTask_TakesThatTasksLayoutButNotItsFigures(string task, string? paperTask)
    {
        Assert.Same(paperTask is null ? null : PaperResults.Tasks[paperTask], PaperResults.Layout(task));
        if (paperTask is not null && paperTask != task) Assert.Null(PaperResults.Return(task, "gail", PaperResults.Tasks[paperTask].Sizes[0]));
    }
}
