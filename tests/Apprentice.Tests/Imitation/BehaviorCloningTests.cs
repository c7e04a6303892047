using Apprentice.Envs;
using Apprentice.Imitation;
using Apprentice.Policies;
using Apprentice.Rl;

namespace Apprentice.Tests.Imitation;

public class BehaviorCloningTests
{
    [Fact]
    public void Train_CartPoleTenTrajectories_ImitatesTheExpert()
    {
        ExpertPairs expert = ExpertData.Record("CartPole-v1", 10, 1);
        var bc = new BehaviorCloning(new BehaviorCloningConfig { Seed = 2 }, expert, new Discrete(2));
        double firstValidation = double.NaN;
        while (!bc.Done)
        {
            var (_, validation) = bc.Train();
            if (double.IsNaN(firstValidation)) firstValidation = validation;
        }
        bc.KeepBest();
        Assert.True(bc.BestValidationLoss < 0.5 * firstValidation, $"validation loss {firstValidation} → {bc.BestValidationLoss}");

        using IEnv env = Gym.Make("CartPole-v1");
        PolicyWorkspace ws = bc.Policy.CreateWorkspace();
        double score = Evaluation.Run(env, (o, a) => bc.Policy.Act(ws, o, 1, null, a), 10, 7).MeanReturn;
        Assert.True(score >= 400, $"BC reached {score}");
    }

    [Fact]
    public void Train_Pendulum_LearnsGaussianMeanAndShrinksStd()
    {
        ExpertPairs expert = ExpertData.Record("Pendulum-v1", 5, 1);
        var bc = new BehaviorCloning(new BehaviorCloningConfig { Seed = 3, Steps = 400 }, expert, new Box(-2f, 2f, 1));
        while (!bc.Done) bc.Train();
        bc.KeepBest();
        Assert.True(bc.Policy.LogStd[0] < 0, $"log σ {bc.Policy.LogStd[0]}");
        Assert.InRange(bc.BestStep, 0, 399);
    }

    [Fact]
    public void KeepBest_AfterTraining_RestoresTheBestValidatedParameters()
    {
        ExpertPairs expert = ExpertData.Record("CartPole-v0", 2, 1);
        var config = new BehaviorCloningConfig { Seed = 4, Steps = 301, ValidateEvery = 100, LearningRate = 0.05 };
        var bc = new BehaviorCloning(config, expert, new Discrete(2));
        float[]? atBest = null;
        double best = double.PositiveInfinity;
        while (!bc.Done)
        {
            var (_, validation) = bc.Train();
            if (validation < best)
            {
                best = validation;
                atBest = bc.Policy.Parameters.Values.ToArray();
            }
        }
        bc.KeepBest();
        Assert.Equal(atBest, bc.Policy.Parameters.Values.ToArray());
        Assert.Equal(best, bc.BestValidationLoss);
    }

    [Fact]
    public void Constructor_OnePair_ThrowsInputException()
    {
        var expert = new ExpertPairs([0f, 0f, 0f, 0f], [1f], 4, 1);
        var ex = Assert.Throws<InputException>(() => new BehaviorCloning(new BehaviorCloningConfig(), expert, new Discrete(2)));
        Assert.Contains("at least 2 expert pairs", ex.Message);
    }
}
