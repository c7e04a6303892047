using Apprentice.Envs;
using Apprentice.Policies;
using Apprentice.Rl;

namespace Apprentice.Tests.Policies;

/// <summary>The experts in data/experts load and still meet their targets (a guard on envs, policies and the file format).</summary>
public class ShippedExpertTests
{
    private static readonly Dictionary<string, double> Targets = new()
    {
        { "CartPole-v1", 475 },
        { "CartPole-v0", 195 },
        { "Acrobot-v1", -100 },
        { "MountainCar-v0", -110 },
        { "MountainCarContinuous-v0", 90 },
        { "Pendulum-v1", -200 },
        { "Hopper-v4", 3000 },
        { "HalfCheetah-v4", 3500 },
        { "Walker2d-v4", 3500 },
        { "Reacher-v4", -6 }, // the target is −5 over 100 episodes (measured −4.79 ± 1.90); 30 episodes here
        { "Ant-v4-contact", 2500 }, // the target is 3000 over 100 episodes (measured 3386.52 ± 794.66); 10 episodes here
        { "Humanoid-v4", 7000 }, // the target is 7500 over 100 episodes (measured 8324.77 ± 896.57, with falls); 10 episodes here
        { "Hopper-v5", 3000 },
        { "HalfCheetah-v5", 3500 },
        { "Walker2d-v5", 3500 },
        { "Reacher-v5", -6 }, // as Reacher-v4's (measured −4.61 ± 1.96 over 100)
        { "Ant-v5", 2500 }, // as Ant-v4-contact's (measured 4038.74 ± 917.53 over 100)
    };

    public static TheoryData<string, double> Experts => new(Targets.Select(t => (t.Key, t.Value)));

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "data", "experts");

    [Fact]
    public void EveryShippedExpert_HasItsTargetHere()
    {
        string[] shipped = [.. Directory.GetFiles(Folder, "*.safetensors").Select(Path.GetFileNameWithoutExtension).OfType<string>()];
        Assert.Equal(Targets.Keys.Order(StringComparer.Ordinal), shipped.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Experts))]
    public void Expert_StochasticEvaluation_MeetsTarget(string envId, double target)
    {
        bool mujoco = envId.Contains("-v4", StringComparison.Ordinal) || envId.Contains("-v5", StringComparison.Ordinal);
        if (mujoco) Apprentice.Tests.Envs.MuJoCo.MuJoCoRequirement.Ensure();
        string path = Path.Combine(Folder, $"{envId}.safetensors");
        var (policy, trainedOn) = PolicyFile.Load(path);
        Assert.Equal(envId, trainedOn);
        using IEnv env = Gym.Make(envId);
        PolicyWorkspace ws = policy.CreateWorkspace();
        var rng = new Rng(77);
        int episodes = mujoco && !envId.StartsWith("Reacher", StringComparison.Ordinal) ? 10 : 30; // MuJoCo episodes are 1,000 steps
        Evaluation e = Evaluation.Run(env, (o, a) => policy.Act(ws, o, 1, rng, a), episodes, 2024, stop: TestContext.Current.CancellationToken);
        Assert.True(e.MeanReturn >= target, $"{envId}: {e.MeanReturn:F2} < {target}");
    }
}
