using Apprentice.Data;
using Apprentice.Envs;
using Apprentice.Imitation;

namespace Apprentice.Tests.Data;

public sealed class DemonstrationsTests : IDisposable
{
    internal static readonly string CartPoleFile = Path.Combine(AppContext.BaseDirectory, "Data", "imitation", "cartpole_expert_rollouts.npz");
    internal static readonly string PendulumFile = Path.Combine(AppContext.BaseDirectory, "Data", "imitation", "pendulum_expert_rollouts.npz");

    private readonly string _dir = Directory.CreateTempSubdirectory("apprentice-demos-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name) => Path.Combine(_dir, name);

    /// <summary>Trajectories of the given lengths whose observation [i*1000 + t, 0] tells where it came from.</summary>
    internal static Demonstrations Synthetic(int[] lengths, Func<int, int, float>? action = null, bool rewards = true)
    {
        var trajectories = new List<DemoTrajectory>();
        for (int i = 0; i < lengths.Length; i++)
        {
            int t = lengths[i];
            var obs = new float[(t + 1) * 2];
            for (int s = 0; s <= t; s++) obs[2 * s] = i * 1000 + s;
            var acts = new float[t];
            for (int s = 0; s < t; s++) acts[s] = action?.Invoke(i, s) ?? 0.5f;
            trajectories.Add(new DemoTrajectory(obs, acts, rewards ? Enumerable.Repeat(1.0, t).ToArray() : null, i % 2 == 0, 2));
        }
        return new Demonstrations(trajectories, [2], [1], discreteActions: false);
    }

    [Fact]
    public void Load_ImitationCartPole_HasItsTrajectoriesAndReturns()
    {
        Demonstrations demos = Demonstrations.Load(CartPoleFile);
        Assert.Equal(57, demos.TrajectoryCount);
        Assert.Equal(26964, demos.TransitionCount);
        Assert.Equal(27021, demos.Trajectories.Sum(t => t.Length + 1));
        Assert.Equal([4], demos.ObservationShape);
        Assert.True(demos.IsDiscrete);
        Assert.Equal("int64", demos.ActionDType);
        Assert.Empty(demos.ActionShape);
        Assert.Equal(57, demos.TerminalCount);
        Assert.Equal(473.05, demos.Returns!.Average(), 0.01);
        Assert.Equal(458, demos[0].Length);
        Assert.Equal(393, demos.Lengths.Min());
        using IEnv env = Gym.Make("CartPole-v1");
        demos.Validate(env);
    }

    [Fact]
    public void Load_ImitationCartPole_SplitsObservationsAtIndicesPlusTrajectoryPlusOne()
    {
        Demonstrations demos = Demonstrations.Load(CartPoleFile);
        using NpzReader npz = NpzReader.Open(CartPoleFile);
        float[] obs = npz.Read("obs").ToSingle();
        long[] indices = npz.Read("indices").ToInt64();
        for (int i = 1; i < 4; i++)
        {
            long row = indices[i - 1] + i; // indices[i-1] + (i-1) + 1
            Assert.Equal(obs.AsSpan((int)row * 4, 4).ToArray(), demos[i].Observation(0).ToArray());
        }
    }

    [Fact]
    public void Load_ImitationPendulum_IsContinuousAndWithinTheBox()
    {
        Demonstrations demos = Demonstrations.Load(PendulumFile);
        Assert.Equal(56, demos.TrajectoryCount);
        Assert.Equal(11200, demos.TransitionCount);
        Assert.False(demos.IsDiscrete);
        Assert.Equal([1], demos.ActionShape);
        Assert.Equal([3], demos.ObservationShape);
        Assert.Equal(-189.40, demos.Returns!.Average(), 0.01);
        Assert.All(demos.Lengths, l => Assert.Equal(200, l));
        using IEnv env = Gym.Make("Pendulum-v1");
        demos.Validate(env);
    }

    [Theory]
    [InlineData("cartpole_expert_rollouts.npz")]
    [InlineData("pendulum_expert_rollouts.npz")]
    public void Save_ThenLoad_GivesEqualArrays(string name)
    {
        string source = Path.Combine(AppContext.BaseDirectory, "Data", "imitation", name);
        Demonstrations.Load(source).Save(File(name));
        using NpzReader original = NpzReader.Open(source), copy = NpzReader.Open(File(name));
        foreach (string array in new[] { "obs", "acts", "rews", "terminal", "indices" })
        {
            NpyArray a = original.Read(array), b = copy.Read(array);
            Assert.Equal(a.DType, b.DType);
            Assert.Equal(a.Shape, b.Shape);
            Assert.Equal(a.ToDouble(), b.ToDouble());
        }
        Assert.Contains("infos", copy.Names);
        Assert.Contains("holds Python objects", Assert.Throws<InputException>(() => copy.Read("infos")).Message);
    }

    [Fact]
    public void Save_WithoutRewards_OmitsRews()
    {
        Synthetic([3, 2], rewards: false).Save(File("a.npz"));
        Demonstrations back = Demonstrations.Load(File("a.npz"));
        Assert.Null(back.Returns);
        Assert.Equal([3, 2], back.Lengths);
        Assert.Equal(2f, back[1].Observation(2)[0] - 1000f);
    }

    [Fact]
    public void ObservationsAlone_SavedAsActsOfWidthZero_OrReadWithoutActs_AndRefusedWhereActionsAreNeeded()
    {
        Demonstrations alone = Synthetic([3, 2]).WithoutActions();
        alone.Save(File("alone.npz"));
        Demonstrations back = Demonstrations.Load(File("alone.npz"));
        Assert.False(back.HasActions);
        Assert.Equal([3, 2], back.Lengths);
        Assert.Equal(alone[1].Observations.ToArray(), back[1].Observations.ToArray());
        Assert.Equal([3.0, 2.0], back.Returns!);
        // A file with no acts at all holds observations alone too.
        WriteDemoFile("noacts.npz", [.. Valid().Where(a => a.Name != "acts")]);
        Demonstrations noActs = Demonstrations.Load(File("noacts.npz"));
        Assert.Equal([2, 1], noActs.Lengths);
        Assert.False(noActs.HasActions);
        // Their observations fit a task; learning from their actions is refused, saying what can learn from them.
        var box = new Box(-2000f, 2000f, 2); // Synthetic's observations reach 1,002
        alone.Validate(box, null, "Task-v0");
        var ex = Assert.Throws<InputException>(() => alone.Validate(box, new Discrete(2), "Task-v0"));
        Assert.Contains("they hold observations alone, no actions; imitation from observations learns from them (imitate --observations-only)", ex.Message);
        Assert.Equal(alone.Transitions(1).Actions, back.Transitions(1).Actions);
        var mixed = Assert.Throws<InputException>(() => Demonstrations.Concat([Synthetic([2]), alone]));
        Assert.Contains("observations alone, and demonstrations actions as well; they cannot be joined", mixed.Message);
        Assert.Contains("Minari's layout holds actions", Assert.Throws<InputException>(() => alone.Save(File("alone.hdf5"))).Message);
    }

    private void WriteDemoFile(string name, params NpyArray[] arrays) => NpzWriter.Write(File(name), arrays);

    private static NpyArray[] Valid() =>
    [
        new NpyArray("obs", new float[5 * 2], 5, 2),
        new NpyArray("acts", new long[] { 0, 1, 0 }, 3),
        new NpyArray("terminal", new[] { true, false }, 2),
        new NpyArray("indices", new[] { 2L }, 1),
    ];

    [Fact]
    public void Load_MinimalFile_Loads()
    {
        WriteDemoFile("ok.npz", Valid());
        Demonstrations demos = Demonstrations.Load(File("ok.npz"));
        Assert.Equal([2, 1], demos.Lengths);
        Assert.Null(demos.Returns);
    }

    public static TheoryData<int, NpyArray, string> Defects => new()
    {
        { 0, new NpyArray("obs", new float[4 * 2], 4, 2), "array 'obs' has 4 rows; 3 transitions in 2 trajectories need 5" },
        { 1, new NpyArray("acts", new[] { true, false, true }, 3), "array 'acts' must be a numeric array with a row per action; it is |b1 (3,)" },
        { 1, new NpyArray("acts", new long[6], 3, 2), "discrete actions must be single indices" },
        { 2, new NpyArray("terminal", new[] { true, false, true }, 3), "array 'indices' has 1 split points; 3 trajectories (from 'terminal') need 2" },
        { 3, new NpyArray("indices", new[] { 3L }, 1), "array 'indices' entry 0 is 3; split points must increase strictly within (0, 3)" },
        { 3, new NpyArray("indices", new[] { 2.0 }, 1), "array 'indices' must be a one-dimensional integer array; it is <f8 (1,)" },
    };

    [Theory]
    [MemberData(nameof(Defects))]
    public void Load_DefectiveFile_ThrowsNamingFileAndArray(int replace, NpyArray array, string expected)
    {
        NpyArray[] arrays = Valid();
        arrays[replace] = array;
        WriteDemoFile("bad.npz", arrays);
        var ex = Assert.Throws<InputException>(() => Demonstrations.Load(File("bad.npz")));
        Assert.StartsWith($"demonstrations '{File("bad.npz")}': ", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Load_MissingObs_ThrowsNamingTheArray()
    {
        WriteDemoFile("bad.npz", Valid()[1..]);
        var ex = Assert.Throws<InputException>(() => Demonstrations.Load(File("bad.npz")));
        Assert.Equal($"'{File("bad.npz")}', array 'obs': missing; the file has acts, terminal, indices", ex.Message);
    }

    [Fact]
    public void Validate_WrongObservationSize_SaysWhatTheEnvExpects()
    {
        Demonstrations demos = Demonstrations.Load(PendulumFile);
        using IEnv env = Gym.Make("CartPole-v1");
        var ex = Assert.Throws<InputException>(() => demos.Validate(env));
        Assert.Equal($"demonstrations '{PendulumFile}': observations have 3 values, CartPole-v1 expects 4", ex.Message);
    }

    [Fact]
    public void Validate_ContinuousActionOutsideBox_NamesTrajectoryAndStep()
    {
        Demonstrations demos = Synthetic([20, 20, 20, 20], (i, s) => i == 3 && s == 17 ? 2.5f : 0.5f);
        var ex = Assert.Throws<InputException>(() => demos.Validate(new Box(-1e6f, 1e6f, 2), new Box(-1, 1, 1)));
        Assert.Equal("demonstrations: trajectory 3, step 17: action 2.5 is outside Box(-1.0, 1.0, (1,), float32) (if the file holds the expert's raw Gaussian samples, say so with --expert-actions sampled)", ex.Message);
    }

    [Fact]
    public void Validate_SampledActions_AcceptsValuesOutsideTheBoxButNotNaN()
    {
        Synthetic([20], (_, s) => s == 5 ? 2.5f : 0.5f).Validate(new Box(-1e6f, 1e6f, 2), new Box(-1, 1, 1), actions: ExpertActions.Sampled);
        Demonstrations broken = Synthetic([20], (_, s) => s == 5 ? float.NaN : 0.5f);
        var ex = Assert.Throws<InputException>(() => broken.Validate(new Box(-1e6f, 1e6f, 2), new Box(-1, 1, 1), actions: ExpertActions.Sampled));
        Assert.Contains("step 5: action holds NaN", ex.Message);
    }

    [Fact]
    public void Validate_ActionAtBoundWithinFloatRounding_Passes()
    {
        Synthetic([3], (_, _) => 1.000001f).Validate(new Box(-1e6f, 1e6f, 2), new Box(-1, 1, 1));
    }

    [Fact]
    public void Validate_NaNObservation_NamesTrajectoryAndStep()
    {
        var obs = new float[7 * 2];
        obs[5 * 2 + 1] = float.NaN;
        var demos = new Demonstrations([new DemoTrajectory(obs, new float[6], null, false, 2)], [2], [1], false);
        var ex = Assert.Throws<InputException>(() => demos.Validate(new Box(-1, 1, 2), new Box(-1, 1, 1)));
        Assert.Equal("demonstrations: trajectory 0, step 5: observation holds NaN", ex.Message);
    }

    [Fact]
    public void Validate_ObservationOutsideTheBox_NamesValueAndSpace()
    {
        var ex = Assert.Throws<InputException>(() => Synthetic([2, 3]).Validate(new Box(-10, 10, 2), new Box(-1, 1, 1), "Fake-v0"));
        Assert.Equal("demonstrations: trajectory 1, step 0: observation value 0 = 1000 is outside Fake-v0's observation space Box(-10.0, 10.0, (2,), float32)", ex.Message);
    }

    [Fact]
    public void Validate_NaNReward_IsAnError()
    {
        var obs = new float[3 * 2];
        var demos = new Demonstrations([new DemoTrajectory(obs, new float[2], [0.0, double.NaN], false, 2)], [2], [1], false);
        var ex = Assert.Throws<InputException>(() => demos.Validate(new Box(-1, 1, 2), new Box(-1, 1, 1)));
        Assert.Equal("demonstrations: trajectory 0, step 1: reward holds NaN", ex.Message);
    }

    [Fact]
    public void Validate_InfiniteAction_IsAnError()
    {
        var ex = Assert.Throws<InputException>(() =>
            Synthetic([4], (_, s) => s == 2 ? float.PositiveInfinity : 0f).Validate(new Box(-1e6f, 1e6f, 2), new Box(-1, 1, 1)));
        Assert.Equal("demonstrations: trajectory 0, step 2: action holds infinity", ex.Message);
    }

    [Fact]
    public void Validate_DiscreteIndexOutOfRange_NamesIt()
    {
        var demos = new Demonstrations(
            [new DemoTrajectory(new float[4 * 4], [0f, 1f, 2f], null, true, 4)], [4], [], discreteActions: true);
        using IEnv env = Gym.Make("CartPole-v1");
        var ex = Assert.Throws<InputException>(() => demos.Validate(env));
        Assert.Equal("demonstrations: trajectory 0, step 2: action 2 is not in Discrete(2); expected an integer in [0, 2)", ex.Message);
    }

    [Fact]
    public void Validate_DiscreteDemosForContinuousEnv_Refused()
    {
        Demonstrations demos = Demonstrations.Load(CartPoleFile);
        var ex = Assert.Throws<InputException>(() => demos.Validate(new Box(-10, 10, 4), new Box(-1, 1, 1), "Fake-v0"));
        Assert.EndsWith("actions are discrete (an integer array), Fake-v0 expects continuous actions in Box(-1.0, 1.0, (1,), float32)", ex.Message);
    }

    [Fact]
    public void Take_FirstK_KeepsThoseTrajectories()
    {
        Demonstrations demos = Demonstrations.Load(CartPoleFile);
        Demonstrations four = demos.Take(4);
        Assert.Equal(4, four.TrajectoryCount);
        Assert.Equal(demos.Lengths[..4], four.Lengths);
        Assert.Equal(demos.Returns![..4], four.Returns);
    }

    [Fact]
    public void Take_MoreThanThereAre_SaysHowManyThereAre()
    {
        var ex = Assert.Throws<InputException>(() => Demonstrations.Load(CartPoleFile).Take(100));
        Assert.Equal($"demonstrations '{CartPoleFile}' hold 57 trajectories; cannot take 100", ex.Message);
        Assert.Throws<InputException>(() => Demonstrations.Load(CartPoleFile).Take(0));
    }

    [Fact]
    public void Pairs_SubsampleOne_KeepsEveryPairWithTheObservationBeforeTheAction()
    {
        Demonstrations demos = Synthetic([3, 5]);
        ExpertPairs pairs = demos.Pairs(1, new Rng(1));
        Assert.Equal(8, pairs.Count);
        float[] firstColumn = [.. Enumerable.Range(0, pairs.Count).Select(m => pairs.Observations[2 * m])];
        Assert.Equal([0f, 1f, 2f, 1000f, 1001f, 1002f, 1003f, 1004f], firstColumn);
        Assert.Equal(8, pairs.Actions.Length);
    }

    [Fact]
    public void Transitions_TheRowsOfPairs_EachObservationWithTheOneAfterIt()
    {
        Demonstrations demos = Synthetic([50, 47, 3, 20, 21]);
        ExpertPairs pairs = demos.Pairs(4), transitions = demos.Transitions(4);
        Assert.Equal(pairs.Observations, transitions.Observations); // the same rows
        Assert.Equal((2, 2), (transitions.ObservationSize, transitions.ActionSize));
        for (int m = 0; m < transitions.Count; m++)
        {
            Assert.Equal(transitions.Observations[2 * m] + 1, transitions.Actions[2 * m]); // s′ is the next step's, the last one's the final observation
            Assert.Equal(transitions.Observations[2 * m + 1], transitions.Actions[2 * m + 1]);
        }
        ExpertPairs all = Synthetic([3]).Transitions(1);
        Assert.Equal([1f, 0f, 2f, 0f, 3f, 0f], all.Actions); // the third step's s′ is the trajectory's final observation
    }

    [Fact]
    public void Pairs_SubsampleK_TakesEveryKthFromAnOffsetBelowK()
    {
        int[] lengths = [50, 47, 3, 20, 21];
        const int k = 4;
        Demonstrations demos = Synthetic(lengths);
        ExpertPairs pairs = demos.Pairs(k, new Rng(7));
        var steps = Enumerable.Range(0, pairs.Count)
            .Select(m => (Trajectory: (int)pairs.Observations[2 * m] / 1000, Step: (int)pairs.Observations[2 * m] % 1000))
            .GroupBy(p => p.Trajectory)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Step).ToArray());
        for (int i = 0; i < lengths.Length; i++)
        {
            if (!steps.TryGetValue(i, out int[]? s)) continue; // an offset past a short trajectory leaves none
            Assert.InRange(s[0], 0, k - 1);
            Assert.Equal(Enumerable.Range(0, s.Length).Select(j => s[0] + j * k), s);
            Assert.True(s[^1] < lengths[i] && s[^1] + k >= lengths[i]);
        }
        Assert.InRange(pairs.Count, lengths.Sum(l => l / k), lengths.Sum(l => (l + k - 1) / k));
    }

    [Fact]
    public void Pairs_SameSeed_SamePairs()
    {
        Demonstrations demos = Demonstrations.Load(CartPoleFile);
        ExpertPairs a = demos.Pairs(20, new Rng(3)), b = demos.Pairs(20, new Rng(3)), c = demos.Pairs(20, new Rng(4));
        Assert.Equal(a.Observations, b.Observations);
        Assert.Equal(a.Actions, b.Actions);
        Assert.NotEqual(a.Observations, c.Observations);
        Assert.InRange(a.Count, 26964 / 20 - 57, 26964 / 20 + 57);
    }

    [Fact]
    public void Concat_KeepsEveryTrajectoryInOrder_AndRefusesPartsThatDoNotAgree()
    {
        Demonstrations a = Synthetic([3, 5]), b = Synthetic([2]);
        Demonstrations joined = Demonstrations.Concat([a, b, a]);
        Assert.Equal([3, 5, 2, 3, 5], joined.Lengths);
        Assert.Equal(b[0].Observations.ToArray(), joined[2].Observations.ToArray());
        Assert.Equal(a.Returns!.Concat(b.Returns!).Concat(a.Returns!), joined.Returns!);

        var discrete = new Demonstrations([new DemoTrajectory(new float[6], [1, 0], [1, 1], true, 2)], [2], [], discreteActions: true, "demonstrations 'd'");
        var wide = new Demonstrations([new DemoTrajectory(new float[6], new float[4], [1, 1], true, 2)], [2], [2], discreteActions: false, "demonstrations 'w'");
        string Refusal(Demonstrations other) => Assert.Throws<InputException>(() => Demonstrations.Concat([a, other])).Message;
        Assert.Equal("demonstrations 'd' hold discrete actions, and demonstrations continuous ones; they cannot be joined", Refusal(discrete));
        Assert.Equal("demonstrations 'w' hold actions of shape (2,), and demonstrations of shape (1,); they cannot be joined", Refusal(wide));
        Assert.Equal("demonstrations hold no rewards, and demonstrations do; they cannot be joined", Refusal(Synthetic([2], rewards: false)));
    }
}
