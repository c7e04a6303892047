using Apprentice.Envs;
using Apprentice.Rl;

namespace Apprentice.Tests.Rl;

public class EvaluationTests
{
    [Fact]
    public void Median_OddCount_IsTheMiddleReturn()
    {
        var e = new Evaluation([5.0, -900.0, 3.0], [10, 2, 10]);
        Assert.Equal(3.0, e.MedianReturn);
        Assert.Equal(-900.0, e.MinReturn);
        Assert.Equal(5.0, e.MaxReturn);
    }

    [Fact]
    public void Median_EvenCount_AveragesTheMiddleTwo_AndLeavesTheReturnsInOrder()
    {
        double[] returns = [4.0, 1.0, 3.0, 2.0];
        var e = new Evaluation(returns, [1, 1, 1, 1]);
        Assert.Equal(2.5, e.MedianReturn);
        Assert.Equal([4.0, 1.0, 3.0, 2.0], e.Returns); // sorting for the median must not reorder the episodes
    }

    /// <summary>
    /// MountainCarContinuous clamps the force but charges 0.1·a² on the action as given, as the MuJoCo tasks charge
    /// their control costs: pushing with 3 costs nine times what pushing with 1 does, for the same motion.
    /// </summary>
    [Fact]
    public void Executed_StepsTheEnvWithTheActionClippedToItsBox()
    {
        using IEnv env = Gym.Make("MountainCarContinuous-v0");
        Evaluation.Actor push(float a) => (_, action) => action[0] = a;
        Evaluation raw = Evaluation.Run(env, push(3f), 2, seed: 7, stop: TestContext.Current.CancellationToken);
        Evaluation executed = Evaluation.Run(env, Evaluation.Executed(push(3f), env.ActionSpace), 2, seed: 7, stop: TestContext.Current.CancellationToken);
        Evaluation atTheBound = Evaluation.Run(env, push(1f), 2, seed: 7, stop: TestContext.Current.CancellationToken);
        Assert.Equal(atTheBound.Returns, executed.Returns);
        Assert.Equal(atTheBound.Lengths, raw.Lengths); // the same motion...
        Assert.True(raw.MeanReturn < executed.MeanReturn - 0.7 * raw.MeanLength, $"{raw.MeanReturn} against {executed.MeanReturn}"); // ...charged 0.9 − 0.1 more a step
    }

    [Fact]
    public void Executed_LeavesDiscreteActionsAlone()
    {
        using IEnv env = Gym.Make("CartPole-v1");
        Evaluation.Actor left = (_, action) => action[0] = 0;
        Assert.Same(left, Evaluation.Executed(left, env.ActionSpace));
    }

    [Fact]
    public void Run_Stopped_EndsAfterTheEpisodeUnderWay_WithTheEpisodesSoFar()
    {
        using IEnv env = Gym.Make("CartPole-v1");
        var rng = new Rng(1);
        Evaluation.Actor random = (_, a) => env.ActionSpace.Sample(rng, a);
        Evaluation whole = Evaluation.Run(env, random, 3, 7, stop: TestContext.Current.CancellationToken);
        using var stop = new CancellationTokenSource();
        rng = new Rng(1);
        // Stopped during the second episode: that one is finished, the third is not begun.
        Evaluation stopped = Evaluation.Run(env, random, 3, 7, (e, _, _) => { if (e == 1) stop.Cancel(); }, stop.Token);
        Assert.Equal(whole.Returns[..2], stopped.Returns);
        Assert.Equal(whole.Lengths[..2], stopped.Lengths);
        // Stopped before it starts, it still runs one episode, so there is something to report.
        Assert.Equal(1, Evaluation.Run(env, random, 3, 7, stop: stop.Token).Episodes);
    }
}
