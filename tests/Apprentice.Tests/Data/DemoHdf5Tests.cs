using Apprentice.Data;
using PureHDF;

namespace Apprentice.Tests.Data;

/// <summary>
/// HDF5 demonstrations in Minari's and D4RL's layouts, on files PureHDF writes here (h5py's own files are in
/// <see cref="H5pyInteropTests"/>): every value lands in its trajectory, episodes split where the layout says, and
/// each defect is one line naming the file and the dataset.
/// </summary>
public sealed class DemoHdf5Tests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("apprentice-hdf5-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, H5File file)
    {
        string path = Path.Combine(_dir, name);
        file.Write(path);
        return path;
    }

    /// <summary>Rows of a counter, so that every value says where it came from: row r, column c holds start + 10 r + c.</summary>
    private static double[,] Rows(int rows, int columns, double start)
    {
        var values = new double[rows, columns];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) values[r, c] = start + 10 * r + c;
        return values;
    }

    private static H5Group MinariEpisode(int steps, double start, object actions, bool terminated) => new()
    {
        ["observations"] = Rows(steps + 1, 3, start),
        ["actions"] = actions,
        ["rewards"] = Enumerable.Range(0, steps).Select(t => start + t).ToArray(),
        ["terminations"] = Enumerable.Range(0, steps).Select(t => (byte)(terminated && t == steps - 1 ? 1 : 0)).ToArray(),
        ["truncations"] = Enumerable.Range(0, steps).Select(t => (byte)(!terminated && t == steps - 1 ? 1 : 0)).ToArray(),
    };

    [Fact]
    public void Minari_ReadsEveryEpisode_InTheOrderOfTheirIds()
    {
        // Written out of order, and with ids past 9, whose names sort before episode_2 as text.
        string path = Write("main_data.hdf5", new H5File
        {
            ["episode_10"] = MinariEpisode(2, 1000, new float[,] { { 7, 8 }, { 9, 10 } }, terminated: false),
            ["episode_2"] = MinariEpisode(4, 200, Rows(4, 2, 0.5), terminated: true),
        });
        Demonstrations demos = Demonstrations.Load(path);
        Assert.Equal(2, demos.TrajectoryCount);
        Assert.Equal([4, 2], demos.Lengths);
        Assert.Equal([3], demos.ObservationShape);
        Assert.Equal([2], demos.ActionShape);
        Assert.False(demos.IsDiscrete);
        Assert.Equal(1, demos.TerminalCount);
        Assert.True(demos[0].Terminal);
        Assert.False(demos[1].Terminal);
        Assert.Equal(Rows(5, 3, 200).Cast<double>().Select(v => (float)v), demos[0].Observations.ToArray());
        Assert.Equal(Rows(4, 2, 0.5).Cast<double>().Select(v => (float)v), demos[0].Actions.ToArray());
        Assert.Equal([200.0, 201, 202, 203], demos[0].Rewards.ToArray());
        Assert.Equal([7f, 8, 9, 10], demos[1].Actions.ToArray());
        Assert.Equal(Rows(3, 3, 1000).Cast<double>().Select(v => (float)v), demos[1].Observations.ToArray());
    }

    [Fact]
    public void Minari_DatasetFolder_ReadsItsDataFile()
    {
        string dataset = Path.Combine(_dir, "mujoco", "hopper", "expert-v0");
        Directory.CreateDirectory(Path.Combine(dataset, "data"));
        new H5File { ["episode_0"] = MinariEpisode(3, 0, Rows(3, 2, 0), terminated: true) }.Write(Path.Combine(dataset, "data", "main_data.hdf5"));
        Assert.Equal([3], Demonstrations.Load(dataset).Lengths);
        Assert.Contains("is a folder without a Minari dataset's data/main_data.hdf5",
            Assert.Throws<InputException>(() => Demonstrations.Load(Path.Combine(_dir, "mujoco"))).Message);
    }

    [Fact]
    public void Minari_IntegerActions_AreDiscreteIndices()
    {
        string path = Write("discrete.hdf5", new H5File { ["episode_0"] = MinariEpisode(3, 0, new long[] { 1, 0, 1 }, terminated: true) });
        Demonstrations demos = Demonstrations.Load(path);
        Assert.True(demos.IsDiscrete);
        Assert.Equal([1f, 0, 1], demos[0].Actions.ToArray());
        Assert.Equal("int64", demos.ActionDType);
    }

    private static H5File D4rl(int n, bool next, bool[] terminals, bool[] timeouts)
    {
        var file = new H5File
        {
            ["observations"] = Rows(n, 2, 0),
            ["actions"] = Rows(n, 1, 0.25),
            ["rewards"] = Enumerable.Range(0, n).Select(i => (float)i).ToArray(),
            ["terminals"] = terminals.Select(b => (byte)(b ? 1 : 0)).ToArray(),
            ["timeouts"] = timeouts.Select(b => (byte)(b ? 1 : 0)).ToArray(),
        };
        if (next) file["next_observations"] = Rows(n, 2, 10);
        return file;
    }

    [Fact]
    public void D4rl_SplitsAtTerminalsAndTimeouts_AndEndsEachEpisodeOnItsNextObservation()
    {
        // Steps 0–2 end terminal, 3–5 time out, 6–7 are cut off by the end of the file.
        bool[] terminals = [false, false, true, false, false, false, false, false], timeouts = [false, false, false, false, false, true, false, false];
        Demonstrations demos = Demonstrations.Load(Write("d4rl.hdf5", D4rl(8, next: true, terminals, timeouts)));
        Assert.Equal([3, 3, 2], demos.Lengths);
        Assert.Equal([true, false, false], demos.Trajectories.Select(t => t.Terminal));
        // Episode 1: observations of steps 3, 4, 5, then next_observations of step 5 (= observation of step 6 + 10).
        Assert.Equal([30f, 31, 40, 41, 50, 51, 60, 61], demos[1].Observations.ToArray());
        Assert.Equal([30.25f, 40.25f, 50.25f], demos[1].Actions.ToArray());
        Assert.Equal([3.0, 4, 5], demos[1].Rewards.ToArray());
        Assert.Equal([60f, 61, 70, 71, 80, 81], demos[2].Observations.ToArray());
    }

    [Fact]
    public void D4rl_WithoutNextObservations_GivesUpEachEpisodesLastStep()
    {
        bool[] terminals = [false, false, true, false, false], timeouts = [false, false, false, false, true];
        Demonstrations demos = Demonstrations.Load(Write("bare.h5", D4rl(5, next: false, terminals, timeouts)));
        Assert.Equal([2, 1], demos.Lengths);
        Assert.Equal([0f, 1, 10, 11, 20, 21], demos[0].Observations.ToArray()); // step 2's observation ends it
        Assert.Equal([0.0, 1], demos[0].Rewards.ToArray());
        Assert.Equal([30f, 31, 40, 41], demos[1].Observations.ToArray());
        Assert.True(demos[0].Terminal);
    }

    /// <summary>Demonstrations in Minari's layout, discrete actions as int64 indices.</summary>
    internal static H5File AsMinari(Demonstrations demos)
    {
        var file = new H5File();
        for (int e = 0; e < demos.TrajectoryCount; e++)
        {
            DemoTrajectory t = demos[e];
            var observations = new float[t.Length + 1, t.ObservationSize];
            Buffer.BlockCopy(t.Observations.ToArray(), 0, observations, 0, observations.Length * sizeof(float));
            object actions = demos.IsDiscrete ? t.Actions.ToArray().Select(v => (long)v).ToArray() : t.Actions.ToArray();
            file[$"episode_{e}"] = new H5Group
            {
                ["observations"] = observations,
                ["actions"] = actions,
                ["rewards"] = t.Rewards.ToArray(),
                ["terminations"] = Enumerable.Range(0, t.Length).Select(i => (byte)(t.Terminal && i == t.Length - 1 ? 1 : 0)).ToArray(),
                ["truncations"] = Enumerable.Range(0, t.Length).Select(i => (byte)(!t.Terminal && i == t.Length - 1 ? 1 : 0)).ToArray(),
            };
        }
        return file;
    }

    [Fact]
    public void ShippedDemonstrations_ThroughMinarisLayout_ComeBackUnchanged_AndImportForTheirTask()
    {
        Demonstrations shipped = Demonstrations.Load(Path.Combine(AppContext.BaseDirectory, "data", "demos", "CartPole-v1.npz"));
        string path = Write("cartpole.hdf5", AsMinari(shipped));
        Demonstrations back = Demonstrations.Load(path);
        Assert.Equal(shipped.Lengths, back.Lengths);
        Assert.True(back.IsDiscrete);
        for (int e = 0; e < shipped.TrajectoryCount; e++)
        {
            Assert.Equal(shipped[e].Observations.ToArray(), back[e].Observations.ToArray());
            Assert.Equal(shipped[e].Actions.ToArray(), back[e].Actions.ToArray());
            Assert.Equal(shipped[e].Rewards.ToArray(), back[e].Rewards.ToArray());
            Assert.Equal(shipped[e].Terminal, back[e].Terminal);
        }

        string npz = Path.Combine(_dir, "cartpole.npz");
        var (exit, output, err) = Cli.CliRunner.Run("demos", "import", path, "--out", npz, "--env", "CartPole-v1");
        Assert.True(exit == 0, err);
        Assert.Contains($"{shipped.TrajectoryCount} trajectories, {shipped.TransitionCount} transitions", output);
        Assert.Equal(shipped[3].Observations.ToArray(), Demonstrations.Load(npz)[3].Observations.ToArray());

        string folder = Path.Combine(_dir, "cartpole-v0-dataset");
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        File.Copy(path, Path.Combine(folder, "data", "main_data.hdf5"));
        var (folderExit, _, folderErr) = Cli.CliRunner.Run("demos", "import", folder, "--out", Path.Combine(_dir, "folder.npz"));
        Assert.True(folderExit == 0, folderErr);

        var (wrongExit, _, wrongErr) = Cli.CliRunner.Run("demos", "info", path, "--env", "Pendulum-v1");
        Assert.Equal(2, wrongExit);
        Assert.Contains(path, wrongErr);
    }

    [Fact]
    public void Save_ToHdf5_WritesMinarisLayout_ThatReadsBackValueForValue()
    {
        // A terminated and a truncated episode, image-like observations of shape (2, 3) and a 2-d action.
        var demos = new Demonstrations(
        [
            new DemoTrajectory([.. Enumerable.Range(0, 3 * 6).Select(v => v * 0.5f)], [1, 2, 3, 4], [0.25, -1e-300], terminal: true, observationSize: 6),
            new DemoTrajectory([.. Enumerable.Range(0, 4 * 6).Select(v => -v * 1.5f)], [5, 6, 7, 8, 9, 10], [1, 2, 3], terminal: false, observationSize: 6),
        ], [2, 3], [2], discreteActions: false);
        string path = Path.Combine(_dir, "copy.h5");
        demos.Save(path);

        Demonstrations back = Demonstrations.Load(path);
        Assert.Equal([2, 3], back.ObservationShape);
        Assert.Equal([2], back.ActionShape);
        Assert.False(back.IsDiscrete);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(demos[i].Observations.ToArray(), back[i].Observations.ToArray());
            Assert.Equal(demos[i].Actions.ToArray(), back[i].Actions.ToArray());
            Assert.Equal(demos[i].Rewards.ToArray(), back[i].Rewards.ToArray()); // float64, kept exactly
            Assert.Equal(demos[i].Terminal, back[i].Terminal);
        }

        using var file = H5File.OpenRead(path);
        Assert.Equal(2L, file.Attribute("total_episodes").Read<long>());
        Assert.Equal(5L, file.Attribute("total_steps").Read<long>());
        IH5Group second = file.Group("episode_1");
        Assert.Equal(1L, second.Attribute("id").Read<long>());
        Assert.Equal(3L, second.Attribute("total_steps").Read<long>());
        Assert.Equal([4UL, 2, 3], second.Dataset("observations").Space.Dimensions);
        Assert.Equal([3UL, 2], second.Dataset("actions").Space.Dimensions);
        Assert.Equal([false, false, false], second.Dataset("terminations").Read<bool[]>());
        Assert.Equal([false, false, true], second.Dataset("truncations").Read<bool[]>());
    }

    [Fact]
    public void Save_DiscreteToHdf5_StoresIndicesAsInt64()
    {
        var demos = new Demonstrations([new DemoTrajectory([0, 1, 2, 3, 4, 5], [1, 0], [1, 1], terminal: true, observationSize: 2)], [2], [], discreteActions: true);
        string path = Path.Combine(_dir, "discrete.hdf5");
        demos.Save(path);
        using (var file = H5File.OpenRead(path))
            Assert.Equal([1L, 0], file.Dataset("episode_0/actions").Read<long[]>());
        Demonstrations back = Demonstrations.Load(path);
        Assert.True(back.IsDiscrete);
        Assert.Equal([1f, 0], back[0].Actions.ToArray());
    }

    [Fact]
    public void Save_ToHdf5_WithoutRewards_IsRefusedAndWritesNothing()
    {
        var demos = new Demonstrations([new DemoTrajectory([0, 1, 2, 3], [0.5f], null, terminal: true, observationSize: 2)], [2], [1], discreteActions: false);
        string path = Path.Combine(_dir, "none.hdf5");
        Assert.Contains("these demonstrations have no rewards, and Minari's layout holds them; write .npz or .csv",
            Assert.Throws<InputException>(() => demos.Save(path)).Message);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    public static TheoryData<string, H5File, string> Defects => new()
    {
        { "layout", new H5File { ["data"] = new double[] { 1, 2 } }, "neither Minari's layout (a group episode_N per episode) nor D4RL's" },
        { "missing", new H5File { ["episode_0"] = Without(MinariEpisode(2, 0, Rows(2, 2, 0), true), "rewards") }, "episode_0 has no 'rewards'" },
        { "rows", new H5File { ["episode_0"] = With(MinariEpisode(2, 0, Rows(2, 2, 0), true), "observations", Rows(2, 3, 0)) },
            "episode_0: 'observations' has 2 rows; 2 actions need 3 (the first and the last observation)" },
        { "dict", new H5File { ["episode_0"] = With(MinariEpisode(2, 0, Rows(2, 2, 0), true), "observations", new H5Group { ["position"] = Rows(3, 2, 0) }) },
            "episode_0: 'observations' is a group (a Dict or Tuple space); only flat arrays can be imitated" },
        { "column", new H5File { ["episode_0"] = With(MinariEpisode(2, 0, Rows(2, 2, 0), true), "terminations", new byte[] { 0 }) },
            "episode_0: 'terminations' has 1 rows of 1; expected 2 single values, one per step" },
        { "intobs", new H5File { ["episode_0"] = With(MinariEpisode(2, 0, Rows(2, 2, 0), true), "observations", new long[] { 1, 2, 3 }) },
            "episode_0: 'observations' holds one integer per step (a Discrete space); a policy here takes a vector of floats" },
        { "shapes", new H5File
            {
                ["episode_0"] = MinariEpisode(2, 0, Rows(2, 2, 0), true),
                ["episode_1"] = MinariEpisode(2, 0, Rows(2, 3, 0), true),
            }, "episode_1: actions of shape (3) unlike the first episode's (2)" },
        { "d4rlrows", With(D4rl(3, true, [false, false, true], [false, false, false]), "actions", Rows(2, 1, 0)),
            "'observations' has 3 rows and 'actions' 2; D4RL's have one each per step" },
        { "text", new H5File { ["episode_0"] = With(MinariEpisode(2, 0, Rows(2, 2, 0), true), "rewards", new[] { "a", "b" }) },
            "episode_0: 'rewards' holds VariableLength values of 16 bytes, not numbers" },
    };

    private static H5Group Without(H5Group group, string name)
    {
        group.Remove(name);
        return group;
    }

    private static T With<T>(T group, string name, object value) where T : H5Group
    {
        group[name] = value;
        return group;
    }

    [Theory]
    [MemberData(nameof(Defects))]
    public void Defects_AreOneLineNamingTheFileAndTheDataset(string name, H5File file, string message)
    {
        string path = Write(name + ".hdf5", file);
        var error = Assert.Throws<InputException>(() => Demonstrations.Load(path));
        Assert.Contains($"demonstrations '{path}'", error.Message);
        Assert.Contains(message, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void NotHdf5_OrMissing_IsSaidSo()
    {
        string junk = Path.Combine(_dir, "junk.h5");
        File.WriteAllText(junk, "episode,obs_0\n");
        Assert.Contains("not an HDF5 file", Assert.Throws<InputException>(() => Demonstrations.Load(junk)).Message);
        Assert.Equal($"demonstrations file '{Path.Combine(_dir, "none.hdf5")}' does not exist", Assert.Throws<InputException>(() => Demonstrations.Load(Path.Combine(_dir, "none.hdf5"))).Message);
        Assert.Contains("no such file", Assert.Throws<InputException>(() => DemoHdf5.Load(Path.Combine(_dir, "none.hdf5"))).Message);
    }
}
