using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Apprentice.Data;
using Apprentice.Tests.Data;

namespace Apprentice.Tests.Cli;

public sealed class RecordAndDemosCommandTests : IDisposable
{
    private static readonly string CartPoleExpert = Path.Combine(AppContext.BaseDirectory, "data", "experts", "CartPole-v1.safetensors");

    private readonly string _dir = Directory.CreateTempSubdirectory("apprentice-record-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name) => Path.Combine(_dir, name);

    [Theory]
    [InlineData("record --policy random --env CartPole-v1 --episodes 2 --out OUT", "d.npy",
        ".npz, .csv, .hdf5 or .h5 file (the kinds written there); give a name such as demos.npz, or a folder (no extension) for a Minari dataset")]
    [InlineData("render --policy random --env CartPole-v1 --episodes 1 --out OUT", "episode.png", ".gif file (the kind written there); give a name such as episode.gif")]
    [InlineData("export --policy EXPERT --out OUT", "policy.txt", ".onnx file (the kind written there); give a name such as policy.onnx")]
    public void Out_OfAKindTheCommandDoesNotWrite_IsRefusedBeforeAnyWork(string command, string name, string expected)
    {
        string[] args = [.. command.Split(' ').Select(a => a switch { "OUT" => File(name), "EXPERT" => CartPoleExpert, _ => a })];
        var (exit, output, err) = CliRunner.Run(args);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal($"apprentice: --out '{File(name)}' is not a {expected}", err.TrimEnd());
        Assert.False(System.IO.File.Exists(File(name)));
    }

    [Fact]
    public void DemosExport_ToNpz_WritesTheNpzLayout_NotCsvUnderThatName()
    {
        Assert.Equal(0, CliRunner.Run("record", "--policy", CartPoleExpert, "--env", "CartPole-v1", "--episodes", "2", "--out", File("a.hdf5")).Exit);
        var (exit, _, err) = CliRunner.Run("demos", "export", File("a.hdf5"), "--out", File("b.npz"));
        Assert.True(exit == 0, err);
        Assert.Equal("PK\u0003\u0004"u8.ToArray(), System.IO.File.ReadAllBytes(File("b.npz"))[..4]); // a zip of .npy arrays
        Assert.Equal(2, Demonstrations.Load(File("b.npz")).TrajectoryCount);
    }

    [Fact]
    public void Record_Sigterm_WritesTheEpisodesRecordedSoFarAndExits130()
    {
        string file = File("long.npz");
        using Process process = CliRunner.Start("record", "--policy", "random", "--env", "Pendulum-v1", "--episodes", "1000000", "--out", file);
        // Its first line says the recording has begun (a million episodes of 200 steps would take hours).
        Assert.StartsWith("recording 1,000,000 episodes of Pendulum-v1 with random (Ctrl-C stops after the episode under way", process.StandardOutput.ReadLine());
        Thread.Sleep(300);
        Assert.Equal(0, CliRunner.Terminate(process));
        string output = process.StandardOutput.ReadToEnd(), errors = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "still running a minute after SIGTERM");
        Assert.True(process.ExitCode == 130, errors);
        int recorded = Demonstrations.Load(file).TrajectoryCount;
        Assert.InRange(recorded, 1, 999_999);
        Assert.Contains($"to {file}; interrupted after {recorded.ToString("N0", CultureInfo.InvariantCulture)} of the 1,000,000 episodes asked for", output);
    }

    [Fact]
    public void Record_Expert_WritesDemosThatInfoDescribes()
    {
        var (exit, output, err) = CliRunner.Run("record", "--policy", CartPoleExpert, "--env", "CartPole-v0", "--episodes", "3", "--out", File("d.npz"), "--seed", "4");
        Assert.Equal("", err);
        Assert.Equal(0, exit);
        Assert.Contains("CartPole-v0 CartPole-v1.safetensors: recorded 3 trajectories, 600 transitions, return 200.00 ± 0.00 (seed 4)", output);
        Assert.EndsWith($"to {File("d.npz")}", output.TrimEnd());
        Assert.Equal(3, Demonstrations.Load(File("d.npz")).TrajectoryCount);

        var info = CliRunner.Run("demos", "info", File("d.npz"), "--env", "CartPole-v0");
        Assert.Equal(0, info.Exit);
        Assert.Contains("trajectories  3 (0 terminal)", info.Out);
        Assert.Contains("transitions   600", info.Out);
        Assert.Contains("return        200.00 ± 0.00 (min 200.00, max 200.00)", info.Out);
        Assert.Contains("observations  (4,) float32", info.Out);
        Assert.Contains("actions       () int64 (discrete)", info.Out);
        Assert.Contains("CartPole-v0: OK", info.Out);
    }

    [Fact]
    public void Record_ToCsv_WritesTheSameEpisodesAsToNpz()
    {
        foreach (string name in new[] { "r.npz", "r.csv" })
            Assert.Equal(0, CliRunner.Run("record", "--policy", "expert", "--env", "Pendulum-v1", "--episodes", "2", "--out", File(name), "--seed", "3").Exit);
        Assert.StartsWith("episode,obs_0,obs_1,obs_2,act_0,reward,terminated", System.IO.File.ReadAllText(File("r.csv")));
        Demonstrations npz = Demonstrations.Load(File("r.npz")), csv = Demonstrations.Load(File("r.csv"));
        Assert.Equal(npz.Trajectories.SelectMany(t => t.Observations.ToArray()), csv.Trajectories.SelectMany(t => t.Observations.ToArray()));
        Assert.Equal(npz.Trajectories.SelectMany(t => t.Actions.ToArray()), csv.Trajectories.SelectMany(t => t.Actions.ToArray()));
        Assert.Equal(npz.Returns, csv.Returns);
    }

    [Fact]
    public void Record_PolicyExpert_RecordsTheShippedExpertOfTheEnv()
    {
        var (exit, output, err) = CliRunner.Run("record", "--policy", "expert", "--env", "CartPole-v0", "--episodes", "2", "--out", File("e.npz"), "--seed", "4");
        Assert.Equal("", err);
        Assert.Equal(0, exit);
        Assert.Contains("CartPole-v0 CartPole-v0.safetensors: recorded 2 trajectories, 400 transitions, return 200.00 ± 0.00 (seed 4)", output);
    }

    [Fact]
    public void DemosExportThenImport_GivesTheSameDemonstrations_AndImportChecksTheEnv()
    {
        string shipped = Path.Combine(AppContext.BaseDirectory, "data", "demos", "Acrobot-v1.npz");
        var export = CliRunner.Run("demos", "export", shipped, "--out", File("a.csv"));
        Assert.Equal(0, export.Exit);
        Assert.EndsWith($"written to {File("a.csv")}", export.Out.TrimEnd());
        var info = CliRunner.Run("demos", "info", File("a.csv"), "--env", "Acrobot-v1");
        Assert.Equal(0, info.Exit);
        Assert.Contains("Acrobot-v1: OK", info.Out);
        var import = CliRunner.Run("demos", "import", File("a.csv"), "--out", File("a.npz"), "--env", "Acrobot-v1");
        Assert.Equal("", import.Err);
        Assert.Equal(0, import.Exit);
        Demonstrations before = Demonstrations.Load(shipped), after = Demonstrations.Load(File("a.npz"));
        Assert.Equal(before.Lengths, after.Lengths);
        Assert.Equal(before.Returns, after.Returns);
        Assert.Equal(before.Trajectories.SelectMany(t => t.Observations.ToArray()), after.Trajectories.SelectMany(t => t.Observations.ToArray()));
        Assert.Equal(before.Trajectories.SelectMany(t => t.Actions.ToArray()), after.Trajectories.SelectMany(t => t.Actions.ToArray()));

        var wrong = CliRunner.Run("demos", "import", File("a.csv"), "--out", File("b.npz"), "--env", "CartPole-v1");
        Assert.Equal(2, wrong.Exit);
        Assert.Equal("apprentice: demonstrations 'a.csv': observations have 6 values, CartPole-v1 expects 4", wrong.Err.TrimEnd());
        Assert.False(System.IO.File.Exists(File("b.npz")));
    }

    [Fact]
    public void Record_SampledActions_NeedSayingSoToCheckOrLearnFrom()
    {
        string pendulum = Path.Combine(AppContext.BaseDirectory, "data", "experts", "Pendulum-v1.safetensors");
        var (exit, output, _) = CliRunner.Run("record", "--policy", pendulum, "--episodes", "2", "--out", File("raw.npz"), "--expert-actions", "sampled");
        Assert.Equal(0, exit);
        Assert.Contains("(sampled actions)", output);
        float[] actions = Demonstrations.Load(File("raw.npz")).Trajectories.SelectMany(t => t.Actions.ToArray()).ToArray();
        Assert.Contains(actions, a => Math.Abs(a) > 2f); // the swing-up saturates the ±2 torque

        var strict = CliRunner.Run("demos", "info", File("raw.npz"), "--env", "Pendulum-v1");
        Assert.Equal(2, strict.Exit);
        Assert.Contains("--expert-actions sampled", strict.Err);
        Assert.Equal(0, CliRunner.Run("demos", "info", File("raw.npz"), "--env", "Pendulum-v1", "--expert-actions", "sampled").Exit);

        string run = File("bc");
        var bc = CliRunner.Run("imitate", "--algo", "bc", "--env", "Pendulum-v1", "--demos", File("raw.npz"), "--iterations", "20",
            "--eval-episodes", "1", "--expert-actions", "sampled", "--out", run);
        Assert.Equal(0, bc.Exit);
        Assert.Contains("\"expert_actions\": \"sampled\"", System.IO.File.ReadAllText(Path.Combine(run, "config.json")));
    }

    [Fact]
    public void Record_SameSeedTwice_WritesTheSameDemos()
    {
        string[] Args(string name) => ["record", "--policy", CartPoleExpert, "--episodes", "1", "--out", File(name), "--seed", "9", "--deterministic"];
        Assert.Equal(0, CliRunner.Run(Args("a.npz")).Exit);
        Assert.Equal(0, CliRunner.Run(Args("b.npz")).Exit);
        Demonstrations a = Demonstrations.Load(File("a.npz")), b = Demonstrations.Load(File("b.npz"));
        Assert.Equal(a[0].Observations.ToArray(), b[0].Observations.ToArray());
        Assert.Equal(a[0].Actions.ToArray(), b[0].Actions.ToArray());
    }

    [Fact]
    public void Info_ImitationFile_Json_HasTheSummary()
    {
        var (exit, output, _) = CliRunner.Run("demos", "info", DemonstrationsTests.CartPoleFile, "--json");
        Assert.Equal(0, exit);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        Assert.Equal(57, root.GetProperty("trajectories").GetInt32());
        Assert.Equal(26964, root.GetProperty("transitions").GetInt32());
        Assert.Equal(473.05, root.GetProperty("mean_return").GetDouble(), 0.01);
        Assert.Equal(393, root.GetProperty("min_length").GetInt32());
        Assert.True(root.GetProperty("discrete").GetBoolean());
        Assert.Equal("int64", root.GetProperty("action_dtype").GetString());
    }

    [Fact]
    public void Info_DiscreteActions_CountsEachChoiceByName()
    {
        // MountainCar-shaped steps taking choices 2, 0, 2 and never 1: with the env, the unused choice is listed too.
        var demos = new Demonstrations(
        [
            new DemoTrajectory([-0.5f, 0f, -0.49f, 0.01f, -0.5f, 0f], [2f, 0f], null, false, 2),
            new DemoTrajectory([-0.4f, 0f, -0.39f, 0.01f], [2f], null, false, 2),
        ], [2], [], true);
        demos.Save(File("d.npz"));
        var named = CliRunner.Run("demos", "info", File("d.npz"), "--env", "MountainCar-v0");
        Assert.True(named.Exit == 0, named.Err);
        Assert.Contains("  choices       0 accelerate_left: 1 (33.3 %), 1 no_acceleration: 0 (0.0 %), 2 accelerate_right: 2 (66.7 %)\n",
            named.Out.ReplaceLineEndings("\n"));
        Assert.Contains("  choices       0: 1 (33.3 %), 1: 0 (0.0 %), 2: 2 (66.7 %)\n", CliRunner.Run("demos", "info", File("d.npz")).Out.ReplaceLineEndings("\n"));
        // Beside an env it does not fit (two choices there), every index the file holds is still counted.
        using JsonDocument json = JsonDocument.Parse(CliRunner.Run("demos", "info", File("d.npz"), "--env", "CartPole-v1", "--json").Out);
        Assert.Equal([1L, 0L, 2L], json.RootElement.GetProperty("action_counts").EnumerateArray().Select(e => e.GetInt64()));
        Assert.DoesNotContain("choices", CliRunner.Run("demos", "info", DemonstrationsTests.PendulumFile).Out);
    }

    /// <summary>Pendulum-shaped steps: obs[1] is constant, the last observation of each episode (0.9, 0.7) is no step's.</summary>
    private string ConstantColumnFile()
    {
        var demos = new Demonstrations(
        [
            new DemoTrajectory([0.1f, 0.5f, 0f, 0.2f, 0.5f, 0f, 0.9f, 0.5f, 0f], [0.1f, 0.3f], null, false, 3),
            new DemoTrajectory([0.3f, 0.5f, 1f, 0.7f, 0.5f, 1f], [0.5f], null, true, 3),
        ], [3], [1], false);
        demos.Save(File("c.npz"));
        return File("c.npz");
    }

    [Fact]
    public void Info_ConstantCoordinate_IsNamedInTheSummary()
    {
        string path = ConstantColumnFile();
        var bare = CliRunner.Run("demos", "info", path);
        Assert.Equal(0, bare.Exit);
        Assert.Contains("  constant      1 of 3 observation coordinates: obs[1]\n", bare.Out.ReplaceLineEndings("\n"));
        var named = CliRunner.Run("demos", "info", path, "--env", "Pendulum-v1");
        Assert.Contains("  constant      1 of 3 observation coordinates: sin_theta\n", named.Out.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("constant", CliRunner.Run("demos", "info", DemonstrationsTests.CartPoleFile).Out);
    }

    [Fact]
    public void Info_Coordinates_GivesEachOnesStatisticsOverTheSteps()
    {
        string path = ConstantColumnFile();
        var (exit, output, err) = CliRunner.Run("demos", "info", path, "--env", "Pendulum-v1", "--coordinates", "--json");
        Assert.True(exit == 0, err);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        Assert.Equal([1], root.GetProperty("constant_observations").EnumerateArray().Select(e => e.GetInt32()));
        JsonElement[] coordinates = [.. root.GetProperty("coordinates").EnumerateArray()];
        Assert.Equal(["cos_theta", "sin_theta", "angular_velocity", "torque"], coordinates.Select(c => c.GetProperty("name").GetString()));
        double Stat(int i, string name) => coordinates[i].GetProperty(name).GetDouble();
        Assert.Equal(0.2, Stat(0, "mean"), 1e-6);
        Assert.Equal(Math.Sqrt(0.02 / 3), Stat(0, "std"), 1e-6);
        Assert.Equal(0.1, Stat(0, "min"), 1e-6);
        Assert.Equal(0.3, Stat(0, "max"), 1e-6); // not 0.9: an episode's last observation is no step's
        Assert.Equal(0.0, Stat(1, "std"));
        Assert.Equal(1.0 / 3, Stat(2, "mean"), 1e-6);
        Assert.Equal(0.3, Stat(3, "mean"), 1e-6);

        var text = CliRunner.Run("demos", "info", path, "--env", "Pendulum-v1", "--coordinates");
        string[] lines = text.Out.ReplaceLineEndings("\n").Split('\n');
        Assert.Matches(@"^  sin_theta +0\.5 +0 +0\.5 +0\.5  constant$", lines.Single(l => l.StartsWith("  sin_theta", StringComparison.Ordinal)));
        Assert.Matches(@"^  cos_theta +0\.2 ", lines.Single(l => l.StartsWith("  cos_theta", StringComparison.Ordinal)));
    }

    [Fact]
    public void Info_WrongEnv_PrintsFirstProblemAndExitsTwo()
    {
        var (exit, output, err) = CliRunner.Run("demos", "info", DemonstrationsTests.PendulumFile, "--env", "CartPole-v1");
        Assert.Equal(2, exit);
        Assert.Contains("CartPole-v1: does not fit", output);
        Assert.Equal($"apprentice: demonstrations '{DemonstrationsTests.PendulumFile}': observations have 3 values, CartPole-v1 expects 4", err.TrimEnd());
    }

    [Fact]
    public void Info_NotANpz_ExitsTwoWithOneLine()
    {
        System.IO.File.WriteAllText(File("x.npz"), "nope");
        var (exit, _, err) = CliRunner.Run("demos", "info", File("x.npz"));
        Assert.Equal(2, exit);
        Assert.StartsWith($"apprentice: '{File("x.npz")}' is not a readable .npz file", err);
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Record_MissingPolicy_ExitsTwoAndWritesNothing()
    {
        var (exit, _, err) = CliRunner.Run("record", "--policy", File("none.safetensors"), "--episodes", "2", "--out", File("o.npz"));
        Assert.Equal(2, exit);
        Assert.Contains("does not exist", err);
        Assert.False(System.IO.File.Exists(File("o.npz")));
    }

    [Fact]
    public void Record_ToHdf5_WritesWhatTheNpzHolds_AndExportConvertsBack()
    {
        string[] record = ["record", "--policy", CartPoleExpert, "--episodes", "3", "--seed", "5"];
        var (exit, output, err) = CliRunner.Run([.. record, "--out", File("d.hdf5")]);
        Assert.True(exit == 0, err);
        Assert.Contains("d.hdf5", output);
        Assert.Equal(0, CliRunner.Run([.. record, "--out", File("d.npz")]).Exit);
        Demonstrations hdf5 = Demonstrations.Load(File("d.hdf5")), npz = Demonstrations.Load(File("d.npz"));
        Assert.Equal(npz.Lengths, hdf5.Lengths);
        Assert.Equal(npz.Returns, hdf5.Returns);
        Assert.True(hdf5.IsDiscrete);
        for (int i = 0; i < 3; i++) Assert.Equal(npz[i].Observations.ToArray(), hdf5[i].Observations.ToArray());

        var (exportExit, _, exportErr) = CliRunner.Run("demos", "export", File("d.npz"), "--out", File("e.h5"));
        Assert.True(exportExit == 0, exportErr);
        Assert.Equal(npz[2].Actions.ToArray(), Demonstrations.Load(File("e.h5"))[2].Actions.ToArray());
    }

    [Fact]
    public void Record_ToAFolder_WritesAMinariDataset_ThatInfoDescribes_AndExportWritesOneWithEnv()
    {
        string dataset = File(Path.Combine("cartpole", "expert-v0"));
        var (exit, output, err) = CliRunner.Run("record", "--policy", CartPoleExpert, "--episodes", "2", "--seed", "5", "--out", dataset);
        Assert.True(exit == 0, err);
        Assert.True(System.IO.File.Exists(Path.Combine(dataset, "data", "main_data.hdf5")));
        // Minari's reference scores: the recorded episodes' mean return, and a uniform policy's over as many episodes.
        MinariMetadata.ReferenceScores references = MinariDataset.ReadMetadata(dataset)!.References!;
        Assert.Equal(Demonstrations.Load(dataset).Returns!.Average(), references.Max);
        Assert.Equal(2, references.Episodes);
        Assert.InRange(references.Min, 8, 100); // CartPole's random policy: about 22
        Assert.EndsWith(string.Create(CultureInfo.InvariantCulture,
            $"to {dataset} (Minari dataset expert-v0, env CartPole-v1, reference scores {references.Min:F2} to {references.Max:F2})"), output.TrimEnd());

        var info = CliRunner.Run("demos", "info", dataset, "--env", "CartPole-v1");
        Assert.True(info.Exit == 0, info.Err);
        Assert.Contains("  dataset       expert-v0 (Minari 0.5.0)\n  recorded on   CartPole-v1\n  made by       apprentice record: CartPole-v1.safetensors\n" +
            string.Create(CultureInfo.InvariantCulture, $"  references    random {references.Min:F2}, expert {references.Max:F2} (over 2 episodes)\n"), info.Out.ReplaceLineEndings("\n"));
        Assert.Contains("  CartPole-v1: OK", info.Out);

        Assert.Equal(0, CliRunner.Run("record", "--policy", CartPoleExpert, "--episodes", "2", "--seed", "5", "--out", File("d.npz")).Exit);
        var (noEnv, _, noEnvErr) = CliRunner.Run("demos", "export", File("d.npz"), "--out", File("again-v1"));
        Assert.Equal(2, noEnv);
        Assert.Equal($"apprentice: --out '{File("again-v1")}' is a folder, written as a Minari dataset, which names its env and spaces; give --env (or a file name such as demos.csv)", noEnvErr.TrimEnd());
        Assert.False(Directory.Exists(File("again-v1")));
        var export = CliRunner.Run("demos", "export", File("d.npz"), "--out", File("again-v1"), "--env", "CartPole-v1");
        Assert.True(export.Exit == 0, export.Err);
        Demonstrations recorded = Demonstrations.Load(dataset), exported = Demonstrations.Load(File("again-v1"));
        Assert.Equal(recorded[1].Observations.ToArray(), exported[1].Observations.ToArray());
        Assert.Equal("again-v1", MinariDataset.ReadMetadata(File("again-v1"))!.DatasetId);
        Assert.Null(MinariDataset.ReadMetadata(File("again-v1"))!.References); // an export knows no policy to score

        var random = CliRunner.Run("record", "--policy", "random", "--env", "CartPole-v1", "--episodes", "2", "--out", File("random-v0"));
        Assert.True(random.Exit == 0, random.Err);
        Assert.Null(MinariDataset.ReadMetadata(File("random-v0"))!.References); // no expert to score against
        Assert.DoesNotContain("references", CliRunner.Run("demos", "info", File("random-v0")).Out);

        string metadata = Path.Combine(dataset, "data", "metadata.json");
        System.IO.File.WriteAllText(metadata, System.Text.RegularExpressions.Regex.Replace(System.IO.File.ReadAllText(metadata), "\"ref_max_score\": [^,]+", "\"ref_max_score\": \"high\""));
        var damaged = CliRunner.Run("demos", "info", dataset);
        Assert.True(damaged.Exit == 0, damaged.Err); // the episodes are still there to read
        Assert.Contains("  references    unreadable: 'ref_max_score' is not a number\n", damaged.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Import_ToAFolder_ChecksAgainstEnv_AndRefusesAFolderHoldingOtherFiles()
    {
        Assert.Equal(0, CliRunner.Run("record", "--policy", CartPoleExpert, "--episodes", "2", "--out", File("d.csv")).Exit);
        var wrong = CliRunner.Run("demos", "import", File("d.csv"), "--out", File("p-v0"), "--env", "Pendulum-v1");
        Assert.Equal(2, wrong.Exit);
        Assert.False(System.IO.File.Exists(Path.Combine(File("p-v0"), "data", "main_data.hdf5")));
        var right = CliRunner.Run("demos", "import", File("d.csv"), "--out", File("p-v0"), "--env", "CartPole-v0");
        Assert.True(right.Exit == 0, right.Err);
        Assert.Equal("CartPole-v0", MinariDataset.ReadMetadata(File("p-v0"))!.EnvId);
        var again = CliRunner.Run("demos", "import", File("d.csv"), "--out", File("p-v0"), "--env", "CartPole-v1"); // a dataset is replaced, like a file
        Assert.True(again.Exit == 0, again.Err);
        Assert.Equal("CartPole-v1", MinariDataset.ReadMetadata(File("p-v0"))!.EnvId);

        Directory.CreateDirectory(File("busy-v0"));
        System.IO.File.WriteAllText(Path.Combine(File("busy-v0"), "notes.txt"), "");
        var busy = CliRunner.Run("demos", "import", File("d.csv"), "--out", File("busy-v0"), "--env", "CartPole-v1");
        Assert.Equal(2, busy.Exit);
        Assert.Equal($"apprentice: --out '{File("busy-v0")}' is a folder holding other files; give a file name such as demos.npz, or a new or empty folder for a Minari dataset", busy.Err.TrimEnd());
        Assert.Equal([Path.Combine(File("busy-v0"), "notes.txt")], Directory.GetFileSystemEntries(File("busy-v0")));
    }

    [Fact]
    public void Merge_JoinsFilesOfAnyFormatInOrder_AndRefusesOnesThatDoNotFit()
    {
        Assert.Equal(0, CliRunner.Run("record", "--policy", CartPoleExpert, "--episodes", "2", "--seed", "1", "--out", File("a.npz")).Exit);
        Assert.Equal(0, CliRunner.Run("record", "--policy", CartPoleExpert, "--episodes", "3", "--seed", "2", "--out", File("b.csv")).Exit);
        var (exit, output, err) = CliRunner.Run("demos", "merge", File("a.npz"), File("b.csv"), File("a.npz"), "--out", File("all.npz"));
        Assert.True(exit == 0, err);
        Assert.StartsWith("3 files joined: 7 trajectories, ", output);
        Demonstrations a = Demonstrations.Load(File("a.npz")), b = Demonstrations.Load(File("b.csv")), all = Demonstrations.Load(File("all.npz"));
        DemoTrajectory[] expected = [.. a.Trajectories, .. b.Trajectories, .. a.Trajectories];
        Assert.Equal(expected.Length, all.TrajectoryCount);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Observations.ToArray(), all[i].Observations.ToArray());
            Assert.Equal(expected[i].Actions.ToArray(), all[i].Actions.ToArray());
            Assert.Equal(expected[i].Rewards.ToArray(), all[i].Rewards.ToArray());
        }

        var one = CliRunner.Run("demos", "merge", File("a.npz"), "--out", File("one.npz"));
        Assert.Equal(2, one.Exit);
        Assert.Equal($"apprentice: merge joins two or more demonstrations; got only '{File("a.npz")}' (to convert one, use demos import or export)", one.Err.TrimEnd());
        Assert.Equal(0, CliRunner.Run("record", "--policy", "expert", "--env", "Pendulum-v1", "--episodes", "1", "--out", File("p.npz")).Exit);
        var unlike = CliRunner.Run("demos", "merge", File("a.npz"), File("p.npz"), "--out", File("x.npz"));
        Assert.Equal(2, unlike.Exit);
        Assert.Equal($"apprentice: demonstrations '{File("p.npz")}' hold observations of shape (3,), and demonstrations '{File("a.npz")}' of shape (4,); they cannot be joined", unlike.Err.TrimEnd());
        Assert.False(System.IO.File.Exists(File("x.npz")));
    }

    [Fact]
    public void Record_OutThatCannotBeWritten_IsRefusedBeforeRecording()
    {
        System.IO.File.WriteAllText(File("plain"), "");
        string under = Path.Combine(File("plain"), "d.npz");
        var (exit, output, err) = CliRunner.Run("record", "--policy", CartPoleExpert, "--episodes", "2", "--out", under);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith($"apprentice: --out '{under}' cannot be written (", err);
        Assert.Single(err.TrimEnd().Split('\n'));

        var (dirExit, _, dirErr) = CliRunner.Run("record", "--policy", CartPoleExpert, "--episodes", "2", "--out", _dir);
        Assert.Equal(2, dirExit);
        Assert.Contains($"--out '{_dir}' is a folder holding other files; give a file name such as demos.npz, or a new or empty folder for a Minari dataset", dirErr);
        Assert.Equal([File("plain")], Directory.GetFileSystemEntries(_dir));
    }

    [Theory]
    [InlineData("--episodes", "0", "--episodes must be positive, got 0")]
    [InlineData("--env", "Pendulum-v1", "CartPole-v1.safetensors' takes 4 observation values but Pendulum-v1 gives 3")]
    [InlineData("--env", "CartPole-v9", "unknown env id 'CartPole-v9'")]
    public void Record_BadInput_ExitsTwoAndWritesNothing(string flag, string value, string expected)
    {
        string[] args = ["record", "--policy", CartPoleExpert, "--out", File("o.npz"), .. flag == "--episodes" ? Array.Empty<string>() : ["--episodes", "2"], flag, value];
        var (exit, _, err) = CliRunner.Run(args);
        Assert.Equal(2, exit);
        Assert.StartsWith("apprentice: ", err);
        Assert.Contains(expected, err);
        Assert.False(System.IO.File.Exists(File("o.npz")));
        Assert.Empty(Directory.GetFiles(_dir));
    }
}
