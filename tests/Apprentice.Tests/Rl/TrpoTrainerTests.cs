using Apprentice.Envs;
using Apprentice.Policies;
using Apprentice.Rl;

namespace Apprentice.Tests.Rl;

public sealed class TrpoTrainerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("apprentice-trpo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static TrainConfig Small(string id = "CartPole-v1") => new() { EnvId = id, Batch = 1000, Envs = 4, Hidden = [32, 32], Seed = 3 };

    [Theory]
    [InlineData(0.1, false)] // the authors' Fisher subsample, our default
    [InlineData(1.0, false)] // Fisher-vector products on the whole batch: the subsample must not cost learning
    [InlineData(0.1, true)] // PPO in TRPO's place (its Fisher subsample then unused)
    public void Train_CartPoleSmallBudget_ReachesThreshold195(double fisherSubsample, bool ppo)
    {
        using var trainer = new TrpoTrainer(new TrainConfig
        {
            EnvId = "CartPole-v1", Steps = ppo ? 60_000 : 90_000, Seed = 1, Trpo = new TrpoConfig { FisherSubsample = fisherSubsample },
            Ppo = ppo ? new PpoConfig() : null,
        });
        while (!trainer.Done) trainer.Step();
        using IEnv env = Gym.Make("CartPole-v1");
        PolicyWorkspace ws = trainer.Policy.CreateWorkspace();
        var rng = new Rng(9);
        Evaluation e = Evaluation.Run(env, (o, a) => trainer.Policy.Act(ws, o, 1, rng, a), 20, 123, stop: TestContext.Current.CancellationToken);
        Assert.True(e.MeanReturn >= 195, $"mean return {e.MeanReturn} after {trainer.EnvSteps} steps");
    }

    [Fact]
    public void Constructor_InitLogStd_SetsTheGaussiansLogSigmaAndRefusesDiscreteActions()
    {
        using (var trainer = new TrpoTrainer(Small("Pendulum-v1") with { InitLogStd = -1 }))
            Assert.Equal([-1f], trainer.Policy.LogStd.ToArray());
        using (var trainer = new TrpoTrainer(Small("Pendulum-v1")))
            Assert.Equal([0f], trainer.Policy.LogStd.ToArray()); // the authors' σ = 1
        var ex = Assert.Throws<InputException>(() => new TrpoTrainer(Small() with { InitLogStd = -1 }));
        Assert.Contains("applies to continuous actions; CartPole-v1 has", ex.Message);
    }

    [Fact]
    public void Step_SameSeed_BitIdenticalParameters()
    {
        float[] Run(int workers)
        {
            using var trainer = new TrpoTrainer(Small() with { Workers = workers });
            for (int i = 0; i < 3; i++) trainer.Step();
            return [.. trainer.Policy.Parameters.Values.ToArray(), .. trainer.Value.Parameters.Values.ToArray()];
        }
        Assert.Equal(Run(1), Run(2));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // PPO's Adam moments carry over in the checkpoint
    public void LoadCheckpoint_MidRun_ContinuesExactlyAsUninterrupted(bool ppo)
    {
        TrainConfig config = Small("Pendulum-v1") with { Ppo = ppo ? new PpoConfig { Epochs = 2, Minibatches = 3 } : null };
        float[] straight;
        using (var trainer = new TrpoTrainer(config))
        {
            for (int i = 0; i < 4; i++) trainer.Step();
            straight = trainer.Policy.Parameters.Values.ToArray();
        }
        using (var first = new TrpoTrainer(config))
        {
            first.Step();
            first.Step();
            first.SaveCheckpoint(_dir);
        }
        Assert.Equal(ppo, File.Exists(Path.Combine(_dir, "ppo.safetensors")));
        using var resumed = new TrpoTrainer(config);
        resumed.LoadCheckpoint(_dir);
        Assert.Equal(2, resumed.Iteration);
        resumed.Step();
        IterationMetrics m = resumed.Step();
        Assert.Equal(4, m.Iteration);
        Assert.Equal(straight, resumed.Policy.Parameters.Values.ToArray());
    }

    [Fact]
    public void StartFrom_TheExpert_SamplesItsEpisodesWithItsStatisticsAndNoExtraBatch()
    {
        var (initial, _) = PolicyFile.Load(Path.Combine(AppContext.BaseDirectory, "data", "experts", "CartPole-v1.safetensors"));
        using var trainer = new TrpoTrainer(new TrainConfig { EnvId = "CartPole-v1", Batch = 1000, Envs = 2, Seed = 3 });
        trainer.StartFrom(initial);
        Assert.Equal(initial.Normalizer.ToJson(), trainer.Value.ObservationNormalizer.ToJson());
        IterationMetrics m = trainer.Step();
        Assert.True(m.MeanReturn >= 450, $"the first batch's mean return was {m.MeanReturn}"); // random ≈ 22
        // A fresh policy's first iteration samples a batch only to initialise the statistics; a started one has them.
        Assert.Equal(initial.Normalizer.Count + m.Pairs, trainer.Policy.Normalizer.Count);
        Assert.Equal(m.Pairs, trainer.EnvSteps);
        Assert.Throws<InvalidOperationException>(() => trainer.StartFrom(initial));
    }

    [Fact]
    public void LoadCheckpoint_OtherEnv_ThrowsInputException()
    {
        using (var trainer = new TrpoTrainer(Small()))
        {
            trainer.Step();
            trainer.SaveCheckpoint(_dir);
        }
        using var other = new TrpoTrainer(Small("Acrobot-v1"));
        var ex = Assert.Throws<InputException>(() => other.LoadCheckpoint(_dir));
        Assert.Contains("is for CartPole-v1, not Acrobot-v1", ex.Message);
    }
}
