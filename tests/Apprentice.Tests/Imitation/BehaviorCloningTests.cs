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
            var (_, validation, error) = bc.Train();
            Assert.Equal(validation, error); // discrete actions: the error is the validation loss, as the authors'
            if (double.IsNaN(firstValidation)) firstValidation = validation;
        }
        bc.KeepBest();
        Assert.True(bc.BestValidationError < 0.5 * firstValidation, $"validation loss {firstValidation} → {bc.BestValidationError}");

        using IEnv env = Gym.Make("CartPole-v1");
        PolicyWorkspace ws = bc.Policy.CreateWorkspace();
        double score = Evaluation.Run(env, (o, a) => bc.Policy.Act(ws, o, 1, null, a), 10, 7, stop: TestContext.Current.CancellationToken).MeanReturn;
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
            var (_, _, error) = bc.Train();
            if (error < best)
            {
                best = error;
                atBest = bc.Policy.Parameters.Values.ToArray();
            }
        }
        bc.KeepBest();
        Assert.Equal(atBest, bc.Policy.Parameters.Values.ToArray());
        Assert.Equal(best, bc.BestValidationError);
    }

    [Fact]
    public void Train_GaussianPolicy_ValidationErrorIsTheMeansSquaredDistanceAndPicksTheSnapshot()
    {
        ExpertPairs expert = ExpertData.Record("Pendulum-v1", 3, 1);
        var config = new BehaviorCloningConfig { Seed = 5, Steps = 2001, ValidateEvery = 250, LearningRate = 0.01 };
        var bc = new BehaviorCloning(config, expert, new Box(-2f, 2f, 1));
        var (_, firstLoss, firstError) = bc.Train();
        // At step 0 (after one small step) the mean is near 0 and log σ near 0: the error is about E[a²] and the
        // loss about ½ E[a²] + ½ log 2π, so the two differ; both are finite.
        Assert.True(double.IsFinite(firstLoss) && double.IsFinite(firstError) && firstLoss != firstError);
        var errors = new List<double> { firstError };
        var losses = new List<double> { firstLoss };
        while (!bc.Done)
        {
            var (_, loss, error) = bc.Train();
            if (double.IsNaN(error)) continue;
            errors.Add(error);
            losses.Add(loss);
        }
        Assert.Equal(errors.Min(), bc.BestValidationError);
        Assert.Equal(errors.IndexOf(errors.Min()), (bc.BestStep + config.ValidateEvery - 1) / config.ValidateEvery);
        Assert.True(errors.Min() < 0.5 * firstError, $"validation error {firstError} → {errors.Min()}");
    }

    [Fact]
    public void Constructor_OnePair_ThrowsInputException()
    {
        var expert = new ExpertPairs([0f, 0f, 0f, 0f], [1f], 4, 1);
        var ex = Assert.Throws<InputException>(() => new BehaviorCloning(new BehaviorCloningConfig(), expert, new Discrete(2)));
        Assert.Contains("at least 2 expert pairs", ex.Message);
    }

    [Fact]
    public void Checkpoint_StoppedAtAValidationAndLoadedAfresh_ContinuesAsIfItHadNotStopped()
    {
        ExpertPairs expert = ExpertData.Record("Pendulum-v1", 3, 1);
        var config = new BehaviorCloningConfig { Seed = 6, Steps = 301, ValidateEvery = 50 };
        var straight = new BehaviorCloning(config, expert, new Box(-2f, 2f, 1));
        while (!straight.Done) straight.Train();

        string dir = Directory.CreateTempSubdirectory("apprentice-bc-").FullName;
        try
        {
            var first = new BehaviorCloning(config, expert, new Box(-2f, 2f, 1));
            while (first.Step <= 150) first.Train(); // through the validation at step 150
            first.SaveCheckpoint(dir, "Pendulum-v1", 12.5);
            // The policy file holds the best-validated parameters so far, a stopped run's usable policy.
            var (saved, env) = PolicyFile.Load(Path.Combine(dir, "policy.safetensors"));
            first.KeepBest();
            Assert.Equal("Pendulum-v1", env);
            Assert.Equal(first.Policy.Parameters.Values.ToArray(), saved.Parameters.Values.ToArray());

            var resumed = new BehaviorCloning(config, expert, new Box(-2f, 2f, 1));
            Assert.Equal(12.5, resumed.LoadCheckpoint(dir));
            Assert.Equal(151, resumed.Step);
            while (!resumed.Done) resumed.Train();
            Assert.Equal(straight.Policy.Parameters.Values.ToArray(), resumed.Policy.Parameters.Values.ToArray());
            Assert.Equal((straight.BestStep, straight.BestValidationError), (resumed.BestStep, resumed.BestValidationError));

            // A state file that disagrees with the progress file is refused, not half loaded.
            File.WriteAllText(Path.Combine(dir, BehaviorCloning.StateFile), """{"Iteration":100,"EnvSteps":0,"Seconds":1}""");
            var ex = Assert.Throws<InputException>(() => new BehaviorCloning(config, expert, new Box(-2f, 2f, 1)).LoadCheckpoint(dir));
            Assert.Contains("it is at step 151, and bc.json at 100", ex.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
