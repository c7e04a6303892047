namespace Apprentice.Tests.Cli;

public class BenchCommandTests
{
    private static string Expert(string env) => Path.Combine(AppContext.BaseDirectory, "data", "experts", $"{env}.safetensors");

    [Fact]
    public void BenchGail_Classic_PrintsTheSplitAndARatioLast()
    {
        var (exit, output, err) = CliRunner.Run("bench", "gail", "--env", "CartPole-v0", "--expert", Expert("CartPole-v0"),
            "--iterations", "2", "--batch", "400", "--envs", "2", "--workers", "1", "--trajectories", "2");
        Assert.True(exit == 0, err);
        foreach (string phase in new[] { "sampling", "env steps", "policy inference", "TRPO step", "conjugate gradient", "line search", "cost update", "value fit", "bare simulator" })
            Assert.Contains(phase, output);
        string last = output.TrimEnd().Split('\n')[^1];
        Assert.StartsWith("ratio ", last);
        Assert.True(double.Parse(last[6..], System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public void BenchGail_Ppo_TimesItsStepInTrposPlace()
    {
        var (exit, output, err) = CliRunner.Run("bench", "gail", "--env", "CartPole-v0", "--expert", Expert("CartPole-v0"),
            "--iterations", "1", "--batch", "400", "--envs", "2", "--workers", "1", "--trajectories", "2", "--optimizer", "ppo", "--ppo-epochs", "2");
        Assert.True(exit == 0, err);
        Assert.Contains("PPO step", output);
        Assert.DoesNotContain("TRPO step", output);
        Assert.DoesNotContain("conjugate gradient", output);
        Assert.StartsWith("ratio ", output.TrimEnd().Split('\n')[^1]);
    }

    [Fact]
    public void BenchGail_UnknownEnv_OneLineExit2()
    {
        var (exit, _, err) = CliRunner.Run("bench", "gail", "--env", "CartPol-v0");
        Assert.Equal(2, exit);
        Assert.Contains("CartPol-v0", err);
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    [Fact]
    public void BenchGail_MissingExpert_OneLineExit2()
    {
        var (exit, _, err) = CliRunner.Run("bench", "gail", "--env", "CartPole-v0", "--expert", "/nonexistent/x.safetensors");
        Assert.Equal(2, exit);
        Assert.Contains("no expert policy", err);
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    [Fact]
    public void BenchGail_ExpertOfAnotherTask_OneLineExit2()
    {
        var (exit, _, err) = CliRunner.Run("bench", "gail", "--env", "CartPole-v0", "--expert", Expert("Acrobot-v1"));
        Assert.Equal(2, exit);
        Assert.Contains("Acrobot-v1", err);
    }
}
