using Apprentice.Envs;
using Apprentice.Envs.ClassicControl;

namespace Apprentice.Tests.Envs;

public class GymTests
{
    [Fact]
    public void Specs_BuiltIns_RegisteredWithGymnasiumLimits()
    {
        var specs = Gym.Specs.ToDictionary(s => s.Id);
        Assert.Equal((200, 195.0), (specs["CartPole-v0"].MaxEpisodeSteps, specs["CartPole-v0"].RewardThreshold));
        Assert.Equal((500, 475.0), (specs["CartPole-v1"].MaxEpisodeSteps, specs["CartPole-v1"].RewardThreshold));
        Assert.Equal((500, -100.0), (specs["Acrobot-v1"].MaxEpisodeSteps, specs["Acrobot-v1"].RewardThreshold));
        Assert.Equal((200, -110.0), (specs["MountainCar-v0"].MaxEpisodeSteps, specs["MountainCar-v0"].RewardThreshold));
        Assert.Equal((999, 90.0), (specs["MountainCarContinuous-v0"].MaxEpisodeSteps, specs["MountainCarContinuous-v0"].RewardThreshold));
        Assert.Equal(200, specs["Pendulum-v1"].MaxEpisodeSteps);
        Assert.Null(specs["Pendulum-v1"].RewardThreshold);
        string[] builtIns = ["CartPole-v0", "CartPole-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1"];
        Assert.All(builtIns, id => Assert.False(string.IsNullOrEmpty(specs[id].Description))); // other tests register their own ids
    }

    [Fact]
    public void Make_UnknownIdCloseToOne_ThrowsInputExceptionSuggestingIt()
    {
        var ex = Assert.Throws<InputException>(() => Gym.Make("CartPol-v1"));
        Assert.Equal("unknown env id 'CartPol-v1'; did you mean 'CartPole-v1'?", ex.Message);
        ex = Assert.Throws<InputException>(() => Gym.Make("pendulum-v1"));
        Assert.Equal("unknown env id 'pendulum-v1'; did you mean 'Pendulum-v1'?", ex.Message);
    }

    [Theory]
    [InlineData("Hopper-v3", "'Hopper-v4' or 'Hopper-v5'")] // D4RL's version
    [InlineData("cartpole", "'CartPole-v0' or 'CartPole-v1'")]
    [InlineData("Pendulum-v0", "'Pendulum-v1'")]
    [InlineData("ant", "'Ant-v4', 'Ant-v4-contact' or 'Ant-v5'")]
    public void Make_TaskUnderAnotherVersion_SuggestsEveryVersionHere(string id, string suggested)
    {
        var ex = Assert.Throws<InputException>(() => Gym.Make(id));
        Assert.Equal($"unknown env id '{id}'; did you mean {suggested}?", ex.Message);
    }

    [Fact]
    public void Make_UnknownIdFarFromAll_ThrowsInputExceptionListingIds()
    {
        var ex = Assert.Throws<InputException>(() => Gym.Make("Zzz"));
        Assert.StartsWith("unknown env id 'Zzz'; registered ids: CartPole-v0, CartPole-v1,", ex.Message);
    }

    [Fact]
    public void Make_RegisteredLimit_WrapsInTimeLimitWithSpec()
    {
        using IEnv env = Gym.Make("CartPole-v1");
        var limit = Assert.IsType<TimeLimit>(env);
        Assert.Equal(500, limit.MaxEpisodeSteps);
        Assert.Equal("CartPole-v1", env.Spec?.Id);
        Assert.IsType<CartPole>(env.Unwrapped);
    }

    [Fact]
    public void Make_MaxEpisodeStepsOverride_ReplacesLimitAndSpec()
    {
        using IEnv env = Gym.Make("Pendulum-v1", maxEpisodeSteps: 3);
        Assert.Equal(3, env.Spec?.MaxEpisodeSteps);
        var obs = new float[3];
        env.Reset(obs, 0);
        Assert.False(env.Step([0f], obs).Truncated);
        Assert.False(env.Step([0f], obs).Truncated);
        Assert.True(env.Step([0f], obs).Truncated);
        Assert.Equal(200, Gym.Spec("Pendulum-v1").MaxEpisodeSteps);
    }

    [Fact]
    public void Make_NonPositiveOverride_ThrowsInputException()
    {
        var ex = Assert.Throws<InputException>(() => Gym.Make("CartPole-v1", maxEpisodeSteps: 0));
        Assert.Equal("max episode steps must be positive; got 0", ex.Message);
    }

    [Fact]
    public void Register_UserEnv_MakeBuildsItWithItsLimit()
    {
        Gym.Register(new EnvSpec("Counting-test-v0", 4, 10.0, "counts steps"), () => new CountingEnv(10));
        using IEnv env = Gym.Make("Counting-test-v0");
        Assert.Equal("Counting-test-v0", env.Spec?.Id);
        Assert.IsType<CountingEnv>(env.Unwrapped);
        Assert.Contains(Gym.Specs, s => s.Id == "Counting-test-v0");
        var obs = new float[3];
        env.Reset(obs, 0);
        for (int t = 0; t < 3; t++) Assert.False(env.Step([1f], obs).Truncated);
        Assert.True(env.Step([1f], obs).Truncated);
    }

    [Fact]
    public void Register_NoLimit_MakeReturnsUnlimitedEnvReportingSpec()
    {
        Gym.Register(new EnvSpec("Counting-unlimited-test-v0", null, null), () => new CountingEnv(1000));
        using IEnv env = Gym.Make("Counting-unlimited-test-v0");
        Assert.IsNotType<TimeLimit>(env);
        Assert.Equal("Counting-unlimited-test-v0", env.Spec?.Id);
        var obs = new float[3];
        env.Reset(obs, 0);
        for (int t = 0; t < 600; t++) Assert.False(env.Step([1f], obs).Truncated);
    }

    [Fact]
    public void Register_DuplicateId_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Gym.Register(new EnvSpec("CartPole-v1", 500, 475.0), () => new CartPole()));
        Assert.Equal("env id 'CartPole-v1' is already registered", ex.Message);
    }
}
