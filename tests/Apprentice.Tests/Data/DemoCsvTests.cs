using Apprentice.Data;

namespace Apprentice.Tests.Data;

public sealed class DemoCsvTests
{
    private static string Shipped(string env) => Path.Combine(AppContext.BaseDirectory, "data", "demos", $"{env}.npz");

    private static Demonstrations RoundTrip(Demonstrations demos)
    {
        var text = new StringWriter();
        DemoCsv.Write(demos, text);
        return DemoCsv.Read(new StringReader(text.ToString()), "test.csv");
    }

    private static void AssertSame(Demonstrations expected, Demonstrations actual)
    {
        Assert.Equal(expected.IsDiscrete, actual.IsDiscrete);
        Assert.Equal(expected.HasRewards, actual.HasRewards);
        Assert.Equal(expected.ObservationSize, actual.ObservationSize);
        Assert.Equal(expected.ActionShape, actual.ActionShape);
        Assert.Equal(expected.TrajectoryCount, actual.TrajectoryCount);
        for (int i = 0; i < expected.TrajectoryCount; i++)
        {
            DemoTrajectory e = expected[i], a = actual[i];
            Assert.Equal(e.Observations.ToArray(), a.Observations.ToArray());
            Assert.Equal(e.Actions.ToArray(), a.Actions.ToArray());
            Assert.Equal(e.Rewards.ToArray(), a.Rewards.ToArray());
            Assert.Equal(e.Terminal, a.Terminal);
        }
    }

    [Theory]
    [InlineData("CartPole-v1")]
    [InlineData("Pendulum-v1")]
    public void ShippedDemos_ThroughCsv_ComeBackBitForBit(string env)
    {
        Demonstrations demos = Demonstrations.Load(Shipped(env));
        AssertSame(demos, RoundTrip(demos));
    }

    [Fact]
    public void TerminalEpisodesAndNoRewards_ThroughCsv_ComeBackBitForBit()
    {
        Demonstrations demos = new(
            [
                new DemoTrajectory([0.1f, -2e-7f, 1f / 3, 4f, 5f, 6f], [0.25f, -1f, 1e-8f, 3f], null, terminal: true, observationSize: 2),
                new DemoTrajectory([7f, 8f, float.Epsilon, -0f], [1f, 2f], null, terminal: false, observationSize: 2),
            ],
            [2], [2], discreteActions: false);
        Demonstrations back = RoundTrip(demos);
        AssertSame(demos, back);
        Assert.Equal(1, back.TerminalCount);
    }

    [Fact]
    public void ObservationsAlone_NoActionColumns_EveryRowAnObservation_AndBackBitForBit()
    {
        const string csv = """
            episode,obs_0,obs_1,reward,terminated
            a,0,1,1.5,
            a,2,3,2.5,
            a,4,5,,1
            b,6,7,-1,
            b,8,9,,0
            """;
        Demonstrations demos = DemoCsv.Read(new StringReader(csv), "alone.csv");
        Assert.False(demos.HasActions);
        Assert.Equal([0], demos.ActionShape);
        Assert.Equal([2, 1], demos.Lengths);
        Assert.Equal([4.0, -1.0], demos.Returns!);
        Assert.Equal([true, false], demos.Trajectories.Select(t => t.Terminal));
        Assert.Equal([0f, 1f, 2f, 3f, 4f, 5f], demos[0].Observations.ToArray());
        AssertSame(demos, RoundTrip(demos));
        // Any set of demonstrations without its actions, the shipped ones say, comes back as it went.
        Demonstrations shipped = Demonstrations.Load(Shipped("CartPole-v1")).WithoutActions();
        AssertSame(shipped, RoundTrip(shipped));
    }

    [Fact]
    public void Read_HandWrittenFile_QuotesBlankLinesSpacesAndFlags()
    {
        const string csv = """"
            episode, obs_1, obs_0, action, terminated

            "run ""a""", 1.5, 0.5, 1,
            "run ""a""", 2.5, -0.5, 0,
            "run ""a""", 3.5, 1e-3, , true
            b, 0, 0, 2, 0
            b, 1, 1, , False
            """";
        Demonstrations demos = DemoCsv.Read(new StringReader(csv), "hand.csv");
        Assert.True(demos.IsDiscrete);
        Assert.False(demos.HasRewards);
        Assert.Equal([2, 1], demos.Lengths);
        Assert.Equal([0.5f, 1.5f, -0.5f, 2.5f, 1e-3f, 3.5f], demos[0].Observations.ToArray()); // columns by their index, not their order
        Assert.Equal([1f, 0f], demos[0].Actions.ToArray());
        Assert.True(demos[0].Terminal);
        Assert.False(demos[1].Terminal);
    }

    [Theory]
    [InlineData("", "x.csv is empty; expected a header")]
    [InlineData("episode,obs_0,action\n", "x.csv has a header but no rows")]
    [InlineData("episode,obs_0,time,action\n", "x.csv line 1 (the header): unknown column 'time'")]
    [InlineData("episode,obs_0,obs_0,action\n", "column 'obs_0' appears twice")]
    [InlineData("obs_0,action\n", "no 'episode' column")]
    [InlineData("episode,obs_1,action\n", "obs_0 is missing before obs_1")]
    [InlineData("episode,action\n", "no observation columns")]
    [InlineData("episode,obs_0,action,act_0\n", "both 'action' (a discrete index) and act_<i> columns")]
    [InlineData("episode,obs_0,action\n0,1\n", "x.csv line 2: 2 cells, the header has 3")]
    [InlineData("episode,obs_0,action\n,1,0\n", "x.csv line 2: the episode cell is empty")]
    [InlineData("episode,obs_0,action\n0,one,0\n", "x.csv line 2: 'one' in column 2 is not a finite number")]
    [InlineData("episode,obs_0,action\n0,NaN,0\n", "'NaN' in column 2 is not a finite number")]
    [InlineData("episode,obs_0,action\n0,1,1.5\n", "action '1.5' is not a discrete index")]
    [InlineData("episode,obs_0,action\n0,1,-1\n", "action '-1' is not a discrete index")]
    [InlineData("episode,obs_0,action\n0,1,0\n0,2,1\n", "x.csv: episode '0' (from line 2) has no final observation")]
    [InlineData("episode,obs_0,action\n0,1,0\n0,2,\n0,3,1\n0,4,\n", "x.csv line 4: episode '0' has a row after its final observation")]
    [InlineData("episode,obs_0,action\n0,1,0\n0,2,\n1,1,0\n1,2,\n0,5,0\n0,6,\n", "x.csv line 6: episode '0' continues after other episodes' rows")]
    [InlineData("episode,obs_0,action\n0,1,\n", "episode '0' (from line 2) has no steps, only its final observation")]
    [InlineData("episode,obs_0,act_0,act_1\n0,1,0.5,\n", "x.csv line 2: some action cells are empty and some are not")]
    [InlineData("episode,obs_0,action,terminated\n0,1,0,1\n0,2,,\n", "terminated is set on a step")]
    [InlineData("episode,obs_0,action,terminated\n0,1,0,\n0,2,,yes\n", "terminated is 'yes'; expected 1/true, 0/false or empty")]
    [InlineData("episode,obs_0,action,reward\n0,1,0,1\n0,2,,1\n", "x.csv line 3: the final row (no action) holds a reward")]
    [InlineData("episode,obs_0,action,reward\n0,1,0,\n0,2,,\n", "x.csv line 2: the reward cell is empty on a step")]
    [InlineData("episode,obs_0\n0,1\n", "x.csv: episode '0' (from line 2) has one row: an episode needs its first observation and the one it ended in")]
    [InlineData("episode,obs_0,terminated\n0,1,1\n0,2,\n", "x.csv line 2: terminated is set on a row that is not the episode's last")]
    [InlineData("episode,obs_0,reward\n0,1,\n0,2,\n", "x.csv line 2: the reward cell is empty on a step")]
    [InlineData("episode,obs_0,reward\n0,1,1\n0,2,1\n", "x.csv line 3: the final row (the episode's last, its final observation) holds a reward")]
    public void Read_Malformed_SaysWhereAndWhat(string csv, string message)
    {
        var ex = Assert.Throws<InputException>(() => DemoCsv.Read(new StringReader(csv), "x.csv"));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void ReadmeExample_ImportsAndFitsCartPole()
    {
        string readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "docs", "README.md"));
        int start = readme.IndexOf("```csv\n", StringComparison.Ordinal) + "```csv\n".Length;
        Assert.True(start > "```csv\n".Length, "the README has no csv example");
        string csv = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
        Demonstrations demos = DemoCsv.Read(new StringReader(csv), "README.md");
        using (Apprentice.Envs.IEnv env = Apprentice.Envs.Gym.Make("CartPole-v1")) demos.Validate(env);
        Assert.Equal([2], demos.Lengths);
        Assert.Equal([2.0], demos.Returns!);
    }

    [Fact]
    public void Load_AnNpzByMistake_SaysWhatItIs()
    {
        string npz = Path.Combine(AppContext.BaseDirectory, "data", "demos", "CartPole-v0.npz");
        var ex = Assert.Throws<InputException>(() => DemoCsv.Load(npz));
        Assert.Equal($"'{npz}' is a zip archive (an .npz?), not CSV text; 'apprentice demos info' reads .npz files", ex.Message);
    }

    [Fact]
    public void Load_MissingFile_SaysSo()
    {
        var ex = Assert.Throws<InputException>(() => DemoCsv.Load("/nonexistent/demos.csv"));
        Assert.Equal("demonstrations file '/nonexistent/demos.csv' does not exist", ex.Message);
    }
}
