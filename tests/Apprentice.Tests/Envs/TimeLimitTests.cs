using Apprentice.Envs;

namespace Apprentice.Tests.Envs;

public class TimeLimitTests
{
    [Fact]
    public void Step_ElapsedReachesLimit_Truncates()
    {
        using var env = new TimeLimit(new CountingEnv(100), 3);
        var obs = new float[3];
        env.Reset(obs, 0);
        Assert.Equal(new StepResult(1, false, false), env.Step([1f], obs));
        Assert.Equal(new StepResult(1, false, false), env.Step([1f], obs));
        Assert.Equal(new StepResult(1, false, true), env.Step([1f], obs));
        Assert.Equal(3, env.ElapsedSteps);
    }

    [Fact]
    public void Step_TerminatesOnLimitStep_BothFlagsTrue()
    {
        using var env = new TimeLimit(new CountingEnv(2), 2);
        var obs = new float[3];
        env.Reset(obs, 0);
        env.Step([0f], obs);
        Assert.Equal(new StepResult(0, true, true), env.Step([0f], obs));
    }

    [Fact]
    public void Reset_AfterTruncation_RestartsCount()
    {
        using var env = new TimeLimit(new CountingEnv(100), 2);
        var obs = new float[3];
        env.Reset(obs, 0);
        env.Step([0f], obs);
        Assert.True(env.Step([0f], obs).Truncated);
        env.Reset(obs);
        Assert.Equal(0, env.ElapsedSteps);
        Assert.False(env.Step([0f], obs).Truncated);
    }

    [Fact]
    public void Constructor_NonPositiveLimit_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimeLimit(new CountingEnv(1), 0));
    }

    [Fact]
    public void Dispose_Wrapper_DisposesInnerAndExposesIt()
    {
        var inner = new CountingEnv(1);
        var env = new TimeLimit(inner, 5);
        Assert.Same(inner, env.Env);
        Assert.Same(inner, ((IEnv)env).Unwrapped);
        env.Dispose();
        Assert.True(inner.Disposed);
    }
}
