using Apprentice.Data;
using Apprentice.Envs;
using Apprentice.Imitation;
using Apprentice.Policies;
using Apprentice.Rl;

namespace Apprentice.Tests.Data;

public class DemoRecorderTests
{
    private static string Expert(string envId) => Path.Combine(AppContext.BaseDirectory, "data", "experts", $"{envId}.safetensors");

    [Fact]
    public void CheckRoom_EpisodesProjectingPastHalfTheMemory_StopTheRecordingSayingHowMuch()
    {
        // 1.5 MB an episode (a Humanoid episode of 1,000 steps) over 10,000 episodes: 15 GB, past half of 20 GB.
        var ex = Assert.Throws<InputException>(() => DemoRecorder.CheckRoom(3_000_000, 2, 10_000, "Humanoid-v4", 20_000_000_000));
        Assert.Equal("recording 10,000 episodes of Humanoid-v4 would hold about 15 GB (1.5 MB an episode over the first 2), more than half of the 20 GB this process may use; record fewer episodes", ex.Message);
        DemoRecorder.CheckRoom(3_000_000, 2, 10_000, "Humanoid-v4", 30_000_000_001); // within half: goes on
        // A random policy's first Humanoid episode, of 25 steps, and a million of them asked for.
        Assert.Equal("recording 1,000,000 episodes of Humanoid-v4 would hold about 39.5 GB (39.5 kB an episode over the first 1), more than half of the 16 GB this process may use; record fewer episodes",
            Assert.Throws<InputException>(() => DemoRecorder.CheckRoom(39_512, 1, 1_000_000, "Humanoid-v4", 16_000_000_000)).Message);
    }

    [Fact]
    public void Record_Stopped_FinishesTheEpisodeUnderWay_AndReturnsTheEpisodesSoFar()
    {
        using var stop = new CancellationTokenSource();
        int steps = 0;
        Demonstrations Record(int episodes)
        {
            using IEnv env = Gym.Make("Pendulum-v1", maxEpisodeSteps: 10);
            return DemoRecorder.Record(env, (_, a) =>
            {
                a[0] = 0.5f;
                if (++steps == 25) stop.Cancel(); // in the third episode
            }, episodes, 3, stop: stop.Token);
        }
        Demonstrations stopped = Record(100);
        Assert.Equal(3, stopped.TrajectoryCount);
        Assert.All(stopped.Lengths, length => Assert.Equal(10, length));

        steps = 0;
        Assert.Single(Record(100).Trajectories); // stopped before it began: the first episode still finishes
        Assert.Equal(10, steps);
    }

    [Fact]
    public void Record_CartPoleExpert_ReturnsMatchEvaluation()
    {
        var (policy, _) = PolicyFile.Load(Expert("CartPole-v1"));
        Demonstrations demos;
        using (IEnv env = Gym.Make("CartPole-v1", maxEpisodeSteps: 150)) demos = DemoRecorder.Record(env, policy, 3, 11, new Rng(5));

        PolicyWorkspace ws = policy.CreateWorkspace();
        var rng = new Rng(5);
        using IEnv again = Gym.Make("CartPole-v1", maxEpisodeSteps: 150);
        Evaluation e = Evaluation.Run(again, (o, a) => policy.Act(ws, o, 1, rng, a), 3, 11, stop: TestContext.Current.CancellationToken);

        Assert.Equal(e.Returns, demos.Returns);
        Assert.Equal(e.Lengths, demos.Lengths);
        Assert.All(demos.Trajectories, t => Assert.False(t.Terminal)); // the expert lasts until the time limit
        Assert.True(demos.IsDiscrete);
        using IEnv check = Gym.Make("CartPole-v1");
        demos.Validate(check);
    }

    [Fact]
    public void Record_SampledActions_StoresTheRawActionWhileTheEnvClipsIt()
    {
        Demonstrations Record(ExpertActions stored)
        {
            using IEnv env = Gym.Make("Pendulum-v1", maxEpisodeSteps: 20);
            return DemoRecorder.Record(env, (_, a) => a[0] = 3.5f, 1, 7, stored); // the torque box is [−2, 2]
        }
        Demonstrations executed = Record(ExpertActions.Executed), sampled = Record(ExpertActions.Sampled);
        Assert.All(executed[0].Actions.ToArray(), a => Assert.Equal(2f, a));
        Assert.All(sampled[0].Actions.ToArray(), a => Assert.Equal(3.5f, a));
        Assert.Equal(executed[0].Observations.ToArray(), sampled[0].Observations.ToArray()); // Pendulum clips the torque itself
        Assert.Equal(executed.Returns, sampled.Returns);
        using IEnv check = Gym.Make("Pendulum-v1");
        Assert.Throws<InputException>(() => sampled.Validate(check));
        sampled.Validate(check, ExpertActions.Sampled);
    }

    [Fact]
    public void Record_ActorThatFails_MarksTrajectoriesTerminal()
    {
        using IEnv env = Gym.Make("CartPole-v1");
        Demonstrations demos = DemoRecorder.Record(env, (_, a) => a[0] = 0, 2, 0, stop: TestContext.Current.CancellationToken);
        Assert.All(demos.Trajectories, t => Assert.True(t.Terminal));
        Assert.All(demos.Lengths, l => Assert.InRange(l, 1, 40));
        Assert.Equal(demos.Lengths.Select(l => (double)l), demos.Returns);
    }

    [Fact]
    public void Record_Deterministic_IsRepeatable()
    {
        var (policy, _) = PolicyFile.Load(Expert("Pendulum-v1"));
        using IEnv env = Gym.Make("Pendulum-v1", maxEpisodeSteps: 50);
        Demonstrations a = DemoRecorder.Record(env, policy, 2, 3, null);
        Demonstrations b = DemoRecorder.Record(env, policy, 2, 3, null);
        Assert.Equal(a.Returns, b.Returns);
        Assert.Equal(a[1].Actions.ToArray(), b[1].Actions.ToArray());
    }

    [Fact]
    public void Record_ContinuousActions_StoredClippedToTheBox()
    {
        using IEnv env = Gym.Make("Pendulum-v1", maxEpisodeSteps: 20);
        Demonstrations demos = DemoRecorder.Record(env, (_, a) => a[0] = 5f, 1, 0, stop: TestContext.Current.CancellationToken);
        Assert.All(demos[0].Actions.ToArray(), v => Assert.Equal(2f, v));
        Assert.Equal([1], demos.ActionShape);
        demos.Validate(env);
    }
}
