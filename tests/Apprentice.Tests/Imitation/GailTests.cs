using Apprentice.Envs;
using Apprentice.Imitation;
using Apprentice.Policies;
using Apprentice.Rl;

namespace Apprentice.Tests.Imitation;

public class GailTests
{
    private static double Evaluate(MlpPolicy policy, string envId, int episodes = 20)
    {
        using IEnv env = Gym.Make(envId);
        PolicyWorkspace ws = policy.CreateWorkspace();
        var rng = new Rng(99);
        return Evaluation.Run(env, (o, a) => policy.Act(ws, o, 1, rng, a), episodes, 4321).MeanReturn;
    }

    [Fact]
    public void Gail_CartPoleFourTrajectories_LearnsTheTask()
    {
        ExpertPairs expert = ExpertData.Record("CartPole-v1", 4, 10);
        var config = GailConfig.ForTask("CartPole-v1") with { Iterations = 60, Seed = 1 };
        using var gail = new Gail(config, expert);
        while (!gail.Done) gail.Step();
        double score = Evaluate(gail.Policy, "CartPole-v1");
        Assert.True(score >= 300, $"GAIL reached {score}");
    }
}
