using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Apprentice.Data;
using Apprentice.Envs;

namespace Apprentice.Tests.Data;

/// <summary>
/// Minari dataset folders: <c>data/main_data.hdf5</c> beside <c>data/metadata.json</c>. What is written reads back
/// whole, metadata as Minari writes it (Python's bare <c>Infinity</c>, nested bounds, a v5 env) is understood, and a
/// folder whose data contradicts its metadata is refused in one line. Python's own reading is in
/// <see cref="H5pyInteropTests"/>.
/// </summary>
public sealed class MinariDatasetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("apprentice-minari-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Random-policy episodes of <paramref name="env"/>, so that the values are the env's own.</summary>
    private static Demonstrations Recorded(IEnv env, int episodes)
    {
        var rng = new Rng(3);
        return DemoRecorder.Record(env, (_, action) => env.ActionSpace.Sample(rng, action), episodes, seed: 11);
    }

    [Fact]
    public void Save_ThenLoad_GivesBackEveryEpisode_AndMetadataNamingTheEnvAndItsSpaces()
    {
        using IEnv env = Gym.Make("CartPole-v1");
        Demonstrations demos = Recorded(env, 3);
        string folder = Path.Combine(_dir, "cartpole", "random-v0");
        MinariMetadata written = MinariDataset.Save(demos, folder, env, "uniform random");

        Assert.True(File.Exists(Path.Combine(folder, "data", "main_data.hdf5")));
        Demonstrations back = Demonstrations.Load(folder);
        Assert.Equal(demos.Lengths, back.Lengths);
        Assert.Equal(demos.Returns, back.Returns);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(demos[i].Observations.ToArray(), back[i].Observations.ToArray());
            Assert.Equal(demos[i].Actions.ToArray(), back[i].Actions.ToArray());
            Assert.Equal(demos[i].Terminal, back[i].Terminal);
        }

        MinariMetadata read = MinariDataset.ReadMetadata(folder)!;
        Assert.Equal("random-v0", read.DatasetId); // outside Minari's root: the folder's name
        Assert.Equal(MinariMetadata.WrittenVersion, read.MinariVersion);
        Assert.Equal((3L, (long)demos.TransitionCount), (read.TotalEpisodes, read.TotalSteps));
        Assert.Equal(("CartPole-v1", "CartPole-v1"), (read.EnvId, read.RegisteredEnvId));
        Assert.Equal("uniform random", read.AlgorithmName);
        Assert.Equal(env.ObservationSpace.ToString(), read.ObservationSpace!.ToString());
        Assert.Equal(env.ObservationSpace.Low, ((Box)read.ObservationSpace).Low); // the infinite bounds too
        Assert.Equal("Discrete(2)", read.ActionSpace!.ToString());
        Assert.Equal(written.ToJson(), read.ToJson());
    }

    [Fact]
    public void Metadata_OfAnAntWithContactForces_NamesGymnasiumsAntV4WithItsKwargs()
    {
        Apprentice.Tests.Envs.MuJoCo.MuJoCoRequirement.Ensure();
        using IEnv ant = Gym.Make("Ant-v4-contact");
        JsonObject spec = EnvSpecOf(MinariMetadata.For("ant/expert-v0", Demonstration(111, 8), ant, null).ToJson());
        Assert.Equal("Ant-v4", (string?)spec["id"]);
        Assert.Equal("gymnasium.envs.mujoco.ant_v4:AntEnv", (string?)spec["entry_point"]);
        Assert.True((bool)spec["kwargs"]!["use_contact_forces"]!);
        Assert.Equal(1000, (int)spec["max_episode_steps"]!);
        Assert.Equal(6000.0, (double)spec["reward_threshold"]!);
        // Gymnasium's EnvSpec fields, in its order, so that EnvSpec.from_json takes them.
        Assert.Equal(["id", "entry_point", "reward_threshold", "nondeterministic", "max_episode_steps", "order_enforce", "disable_env_checker", "kwargs", "additional_wrappers", "vector_entry_point"],
            spec.Select(p => p.Key));
        Assert.Equal("Ant-v4-contact", GymnasiumIds.Find("Ant-v4", (JsonObject)spec["kwargs"]!));
        Assert.Equal("Ant-v4", GymnasiumIds.Find("Ant-v4", null));
        Assert.Equal("Ant-v4", GymnasiumIds.Find("Ant-v4", new JsonObject { ["render_mode"] = "human" })); // drawing is not the task
        Assert.Null(GymnasiumIds.Find("Ant-v4", new JsonObject { ["use_contact_forces"] = false, ["ctrl_cost_weight"] = 0.1 }));
    }

    [Fact]
    public void Save_OnATaskOfYourOwn_NamesNoEnv_ButKeepsItsSpaces()
    {
        using IEnv env = new SpecifiedEnv(new Apprentice.Tests.Envs.CountingEnv(4), new EnvSpec("Counting-minari-test-v0", null, null));
        string folder = Path.Combine(_dir, "counting-v0");
        Demonstrations counted = DemoRecorder.Record(env, (_, action) => action[0] = 1, 2, seed: 0, stop: TestContext.Current.CancellationToken); // it takes non-negative steps
        MinariMetadata written = MinariDataset.Save(counted, folder, env, references: new(Min: 1, Max: 4, Episodes: 2));
        Assert.Equal((null, null), (written.EnvId, written.RegisteredEnvId));
        Assert.DoesNotContain("env_spec", File.ReadAllText(Path.Combine(folder, "data", "metadata.json")));
        MinariMetadata read = MinariDataset.ReadMetadata(folder)!;
        Assert.Equal(written.ToJson(), read.ToJson());
        Assert.Equal("Box(-10.0, 10.0, (1,), float32)", read.ActionSpace!.ToString());
        // Naming no env, its reference scores hold for whichever task you imitate it on: only you can name yours.
        Assert.Equal(read.References, read.ReferencesFor("Counting-minari-test-v0"));
        Assert.Null(MinariMetadata.Read(HopperV5.Replace("\"minari_version\": \"0.5.1\"", "\"minari_version\": \"0.5.1\", \"ref_min_score\": 1.0, \"ref_max_score\": 2.0",
            StringComparison.Ordinal), "metadata").ReferencesFor("Hopper-v4")); // measured on Hopper-v5
    }

    [Fact]
    public void EveryBuiltInTask_HasGymnasiumsRegistration()
    {
        string[] builtIn = ["CartPole-v0", "CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1", "Acrobot-v1",
            "Reacher-v4", "HalfCheetah-v4", "Hopper-v4", "Walker2d-v4", "Ant-v4", "Ant-v4-contact", "Humanoid-v4",
            "Reacher-v5", "HalfCheetah-v5", "Hopper-v5", "Walker2d-v5", "Ant-v5", "Humanoid-v5"];
        foreach (string id in builtIn)
        {
            GymnasiumIds.Registration registration = GymnasiumIds.Of(id) ?? throw new Xunit.Sdk.XunitException($"{id} has no registration");
            Assert.StartsWith("gymnasium.envs.", registration.EntryPoint);
            Assert.Equal(id, GymnasiumIds.Find(registration.Id, (JsonObject)JsonNode.Parse(registration.Kwargs)!));
        }
        Assert.Null(GymnasiumIds.Of("PointReach-v0"));
    }

    /// <summary>Metadata as Minari 0.5 writes it for a D4RL-style MuJoCo dataset: bare Infinity, a v5 env with kwargs.</summary>
    private const string HopperV5 = """
        {"total_episodes": 2, "total_steps": 7, "data_format": "hdf5", "observation_space": "{\"type\": \"Box\", \"dtype\": \"float64\", \"shape\": [2, 3], \"low\": [[-Infinity, -Infinity, -1.0], [0.0, -Infinity, -Infinity]], \"high\": [[Infinity, Infinity, 1.0], [1e-05, Infinity, Infinity]]}", "action_space": "{\"type\": \"Box\", \"dtype\": \"float32\", \"shape\": [2], \"low\": [-1.0, -1.0], \"high\": [1.0, 1.0]}", "env_spec": "{\"id\": \"Hopper-v5\", \"entry_point\": \"gymnasium.envs.mujoco.hopper_v5:HopperEnv\", \"reward_threshold\": 3800.0, \"nondeterministic\": false, \"max_episode_steps\": 1000, \"order_enforce\": true, \"disable_env_checker\": false, \"kwargs\": {\"render_mode\": null}, \"additional_wrappers\": [], \"vector_entry_point\": null}", "dataset_id": "mujoco/hopper/expert-v0", "algorithm_name": "SAC", "author": ["Someone"], "minari_version": "0.5.1"}
        """;

    [Fact]
    public void Metadata_AsMinariWritesIt_IsRead_BareInfinityAndNestedBoundsIncluded()
    {
        MinariMetadata m = MinariMetadata.Read(HopperV5, "metadata");
        Assert.Equal(("mujoco/hopper/expert-v0", "0.5.1", 2L, 7L), (m.DatasetId, m.MinariVersion, m.TotalEpisodes, m.TotalSteps));
        Assert.Equal(("Hopper-v5", "Hopper-v5"), (m.EnvId, m.RegisteredEnvId)); // its render_mode kwarg is ignored
        Assert.Equal("SAC", m.AlgorithmName);
        var observations = (Box)m.ObservationSpace!;
        Assert.Equal([2, 3], observations.Shape);
        Assert.Equal([float.NegativeInfinity, float.NegativeInfinity, -1, 0, float.NegativeInfinity, float.NegativeInfinity], observations.Low);
        Assert.Equal([float.PositiveInfinity, float.PositiveInfinity, 1, 1e-5f, float.PositiveInfinity, float.PositiveInfinity], observations.High);
        Assert.Equal([-1f, -1f], ((Box)m.ActionSpace!).Low);
    }

    [Fact]
    public void Metadata_WithASpaceNotHere_KeepsItsType_AndAStartedDiscreteIsRefused()
    {
        string dict = HopperV5.Replace("\"observation_space\": \"{\\\"type\\\": \\\"Box\\\"", "\"observation_space\": \"{\\\"type\\\": \\\"Dict\\\", \\\"subspaces\\\": {}, \\\"x\\\": \\\"Box\\\"", StringComparison.Ordinal);
        MinariMetadata m = MinariMetadata.Read(dict, "metadata");
        Assert.Equal(("Dict", null), (m.ObservationType, m.ObservationSpace));

        string started = HopperV5.Replace(
            "\"action_space\": \"{\\\"type\\\": \\\"Box\\\", \\\"dtype\\\": \\\"float32\\\", \\\"shape\\\": [2], \\\"low\\\": [-1.0, -1.0], \\\"high\\\": [1.0, 1.0]}\"",
            "\"action_space\": \"{\\\"type\\\": \\\"Discrete\\\", \\\"dtype\\\": \\\"int64\\\", \\\"start\\\": 1, \\\"n\\\": 3}\"", StringComparison.Ordinal);
        Assert.NotEqual(HopperV5, started);
        var ex = Assert.Throws<InputException>(() => MinariMetadata.Read(started, "metadata"));
        Assert.Equal("metadata: 'action_space' is Discrete starting at 1; actions here are indices from 0", ex.Message);
    }

    [Fact]
    public void Metadata_WithReferenceScores_ReadsThem_AndWritesThemBackAsMinariDoes()
    {
        Assert.Null(MinariMetadata.Read(HopperV5, "metadata").References);
        string scored = HopperV5.Replace("\"minari_version\": \"0.5.1\"}",
            "\"minari_version\": \"0.5.1\", \"ref_max_score\": 3234.3, \"ref_min_score\": -19.5220, \"num_episodes_average_score\": 100}", StringComparison.Ordinal);
        Assert.NotEqual(HopperV5, scored);
        MinariMetadata m = MinariMetadata.Read(scored, "metadata");
        Assert.Equal(new MinariMetadata.ReferenceScores(-19.522, 3234.3, 100), m.References);
        Assert.Equal((1617.15 + 19.522) / (3234.3 + 19.522), m.References!.Normalize(1617.15)!.Value, 12);
        Assert.Equal(m.References, MinariMetadata.Read(m.ToJson(), "again").References);
        Assert.EndsWith("\"ref_max_score\": 3234.3, \"ref_min_score\": -19.522, \"num_episodes_average_score\": 100}", m.ToJson());
        Assert.Null(new MinariMetadata.ReferenceScores(5, 5, null).Normalize(7)); // no spread to normalise by

        string noCount = scored.Replace(", \"num_episodes_average_score\": 100", "", StringComparison.Ordinal);
        Assert.Null(MinariMetadata.Read(noCount, "metadata").References!.Episodes);
        Assert.DoesNotContain("num_episodes_average_score", MinariMetadata.Read(noCount, "metadata").ToJson());
    }

    /// <summary>Unreadable reference scores leave the dataset readable, as Minari loads it and fails only to score.</summary>
    [Theory]
    [InlineData("\"ref_min_score\": 1.5", "'ref_min_score' without 'ref_max_score'")]
    [InlineData("\"ref_min_score\": 1.5, \"ref_max_score\": \"high\"", "'ref_max_score' is not a number")]
    [InlineData("\"ref_min_score\": NaN, \"ref_max_score\": 3.0", "'ref_min_score' is NaN")]
    public void Metadata_WithUnreadableReferenceScores_IsRead_WithoutThem(string fields, string problem)
    {
        string text = HopperV5.Replace("\"minari_version\": \"0.5.1\"", "\"minari_version\": \"0.5.1\", " + fields, StringComparison.Ordinal);
        Assert.NotEqual(HopperV5, text);
        MinariMetadata m = MinariMetadata.Read(text, "metadata");
        Assert.Equal((null, problem), (m.References, m.ReferenceProblem));
        Assert.Equal("mujoco/hopper/expert-v0", m.DatasetId);
    }

    [Fact]
    public void Metadata_EvaluationEnv_IsEvalEnvSpecsTask_OrElseTheRecordingOnes()
    {
        Assert.Equal("Hopper-v5", MinariMetadata.Read(HopperV5, "metadata").EvaluationEnvId);
        string spec = "\"{\\\"id\\\": \\\"Hopper-v4\\\", \\\"entry_point\\\": \\\"gymnasium.envs.mujoco.hopper_v4:HopperEnv\\\", \\\"kwargs\\\": {}}\"";
        string evaluated = HopperV5.Replace("\"minari_version\": \"0.5.1\"", "\"minari_version\": \"0.5.1\", \"eval_env_spec\": " + spec, StringComparison.Ordinal);
        Assert.NotEqual(HopperV5, evaluated);
        MinariMetadata m = MinariMetadata.Read(evaluated, "metadata");
        Assert.Equal(("Hopper-v5", "Hopper-v4"), (m.RegisteredEnvId, m.EvaluationEnvId));
        string elsewhere = evaluated.Replace("Hopper-v4", "Hopper-v1", StringComparison.Ordinal);
        Assert.Null(MinariMetadata.Read(elsewhere, "metadata").EvaluationEnvId); // not a task here
    }

    [Theory]
    [InlineData("\"minari_version\": \"0.5.1\"", "\"version\": 1", "metadata has no 'minari_version' string")]
    [InlineData("\"total_steps\": 7", "\"total_steps\": -7", "metadata has no 'total_steps' count")]
    [InlineData("", "[1, 2]", "metadata is not a JSON object")]
    [InlineData("", "{\"dataset_id\": ", "metadata is not JSON (")]
    public void Metadata_Damaged_IsOneLineNamingWhatIsWrong(string from, string to, string expected)
    {
        string text = from.Length == 0 ? to : HopperV5.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(HopperV5, text);
        var ex = Assert.Throws<InputException>(() => MinariMetadata.Read(text, "metadata"));
        Assert.StartsWith(expected, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Load_DataThatContradictsItsMetadata_IsRefused()
    {
        using IEnv env = Gym.Make("CartPole-v1");
        string folder = Path.Combine(_dir, "c-v0");
        MinariDataset.Save(Recorded(env, 2), folder, env);
        string metadata = Path.Combine(folder, "data", "metadata.json");
        File.WriteAllText(metadata, File.ReadAllText(metadata).Replace("\"total_episodes\": 2", "\"total_episodes\": 5", StringComparison.Ordinal));
        var ex = Assert.Throws<InputException>(() => Demonstrations.Load(folder));
        Assert.StartsWith($"Minari dataset '{folder}': its metadata says 5 episodes of ", ex.Message);

        MinariDataset.Save(Recorded(env, 2), folder, env); // written again: whole, consistent
        Assert.Equal(2, Demonstrations.Load(folder).TrajectoryCount);
        string narrow = MinariMetadata.Serialize(new Box(-1, 1, 3));
        File.WriteAllText(metadata, Regex.Replace(File.ReadAllText(metadata), "\"observation_space\": \"[^}]*}\"", $"\"observation_space\": {PythonJson.String(narrow)}"));
        ex = Assert.Throws<InputException>(() => Demonstrations.Load(folder));
        Assert.Equal($"Minari dataset '{folder}': observations of shape (4,), but its metadata's space is Box(-1.0, 1.0, (3,), float32)", ex.Message);
    }

    [Fact]
    public void Save_DemonstrationsOfOtherSpaces_OrAFolderNameThatIsNoId_IsRefused_AndWritesNothing()
    {
        using IEnv env = Gym.Make("CartPole-v1");
        string folder = Path.Combine(_dir, "p-v0");
        var ex = Assert.Throws<InputException>(() => MinariDataset.Save(Demonstration(3, 1), folder, env));
        Assert.Equal($"'{folder}': these demonstrations do not have CartPole-v1's spaces", ex.Message);
        Assert.False(Directory.Exists(folder));

        Demonstrations unrewarded = new([new DemoTrajectory(new float[12], [0, 1], null, terminal: true, 4)], [4], [], discreteActions: true);
        Assert.Equal($"'{folder}': these demonstrations have no rewards, and a Minari dataset holds them; write .npz or .csv",
            Assert.Throws<InputException>(() => MinariDataset.Save(unrewarded, folder, env)).Message);
        Assert.False(Directory.Exists(folder));

        string spaced = Path.Combine(_dir, "two words");
        Assert.Contains("'two words' is not one", Assert.Throws<InputException>(() => MinariDataset.Save(Recorded(env, 1), spaced, env)).Message);
        Assert.False(Directory.Exists(spaced));
    }

    [Fact]
    public void ReadMetadata_OfAnHdf5FileOnItsOwn_IsNull()
    {
        using IEnv env = Gym.Make("CartPole-v1");
        string file = Path.Combine(_dir, "alone.hdf5");
        Recorded(env, 1).Save(file);
        Assert.Null(MinariDataset.ReadMetadata(file)); // its total_episodes and total_steps attributes alone are no dataset's metadata
    }

    [Fact]
    public void Load_AnArrowDataset_SaysItIsOne()
    {
        string data = Path.Combine(_dir, "arrow-v0", "data");
        Directory.CreateDirectory(Path.Combine(data, "0"));
        File.WriteAllText(Path.Combine(data, "metadata.json"), HopperV5.Replace("\"data_format\": \"hdf5\"", "\"data_format\": \"arrow\"", StringComparison.Ordinal));
        var ex = Assert.Throws<InputException>(() => Demonstrations.Load(Path.Combine(_dir, "arrow-v0")));
        Assert.Equal($"'{Path.Combine(_dir, "arrow-v0")}' is a Minari dataset stored as arrow; this reads Minari's HDF5 storage (data_format \"hdf5\", Minari's default)", ex.Message);
    }

    [Fact]
    public void IdFor_IsThePathUnderMinarisRoot_OrElseTheFoldersName()
    {
        string? before = Environment.GetEnvironmentVariable("MINARI_DATASETS_PATH");
        try
        {
            Environment.SetEnvironmentVariable("MINARI_DATASETS_PATH", Path.Combine(_dir, "root"));
            Assert.Equal("apprentice/hopper/expert-v0", MinariDataset.IdFor(Path.Combine(_dir, "root", "apprentice", "hopper", "expert-v0") + "/"));
            Assert.Equal("expert-v0", MinariDataset.IdFor(Path.Combine(_dir, "elsewhere", "expert-v0")));
            Assert.Equal("root", MinariDataset.IdFor(Path.Combine(_dir, "root")));
        }
        finally
        {
            Environment.SetEnvironmentVariable("MINARI_DATASETS_PATH", before);
        }
    }

    [Fact]
    public void Locate_AnIdMinariHas_IsItsFolderUnderTheRoot_AndAnythingElseStaysAsGiven()
    {
        string? before = Environment.GetEnvironmentVariable("MINARI_DATASETS_PATH");
        try
        {
            string root = Path.Combine(_dir, "root");
            Environment.SetEnvironmentVariable("MINARI_DATASETS_PATH", root);
            using IEnv env = Gym.Make("CartPole-v0");
            MinariDataset.Save(Recorded(env, 2), Path.Combine(root, "cartpole", "random-v0"), env);
            Assert.Equal(Path.Combine(root, "cartpole", "random-v0"), MinariDataset.Locate("cartpole/random-v0"));
            Assert.Equal(2, Demonstrations.Load(MinariDataset.Locate("cartpole/random-v0")).TrajectoryCount);
            Assert.Equal("cartpole/random-v0", MinariDataset.ReadMetadata(MinariDataset.Locate("cartpole/random-v0"))!.DatasetId);
            Assert.Equal("cartpole/random-v9", MinariDataset.Locate("cartpole/random-v9")); // Minari has no such dataset
            Assert.Equal("demos.npz", MinariDataset.Locate("demos.npz"));
            Assert.Equal($"demonstrations file 'cartpole/random-v9' does not exist, nor is it a dataset in Minari's root '{root}'",
                Assert.Throws<InputException>(() => Demonstrations.Load("cartpole/random-v9")).Message);
            Assert.Equal("demonstrations file 'none.npz' does not exist", Assert.Throws<InputException>(() => Demonstrations.Load("none.npz")).Message);
            string local = Path.Combine(_dir, "cartpole", "random-v0");
            Directory.CreateDirectory(local);
            Assert.Equal(local, MinariDataset.Locate(local)); // a folder that is there comes first
        }
        finally
        {
            Environment.SetEnvironmentVariable("MINARI_DATASETS_PATH", before);
        }
    }

    [Theory]
    [InlineData("expert-v0", true)]
    [InlineData("mujoco/hopper/expert-v0", true)]
    [InlineData("cartpole", true)]
    [InlineData("two words-v0", false)]
    [InlineData("/rooted-v0", false)]
    [InlineData("mujoco/hopper/", false)]
    public void IsDatasetId_AsMinarisPattern(string id, bool expected) => Assert.Equal(expected, MinariMetadata.IsDatasetId(id));

    [Theory]
    [InlineData("runs/expert-v0", true)]
    [InlineData("runs/d.npz", false)]
    [InlineData("runs/d.hdf5", false)]
    [InlineData("runs/hopper.v2/", true)]
    public void IsFolder_ByTheName(string path, bool expected) => Assert.Equal(expected, MinariDataset.IsFolder(path));

    /// <summary>One two-step trajectory of the given sizes, continuous actions.</summary>
    private static Demonstrations Demonstration(int observationSize, int actionSize) => new(
        [new DemoTrajectory(new float[3 * observationSize], new float[2 * actionSize], [1, 2], terminal: true, observationSize)],
        [observationSize], [actionSize], discreteActions: false);

    private static JsonObject EnvSpecOf(string metadata) =>
        (JsonObject)JsonNode.Parse((string)((JsonObject)PythonJson.Parse(metadata)!)["env_spec"]!)!;
}
