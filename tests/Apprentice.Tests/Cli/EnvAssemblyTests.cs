using Apprentice.Envs;
using PointReach;

namespace Apprentice.Tests.Cli;

/// <summary>Loaded only through `--env-assembly` on this test assembly: a registration that fails.</summary>
public sealed class FailingRegistration : IEnvRegistration
{
    public void Register() => throw new InvalidOperationException("the simulator licence is missing");
}

public sealed class EnvAssemblyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("apprentice-envasm-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Example => typeof(PointReachEnv).Assembly.Location;

    private static void AssertOneLineBadInput((int Exit, string Out, string Err) run, string expected)
    {
        Assert.Equal(2, run.Exit);
        Assert.StartsWith("apprentice: ", run.Err);
        Assert.Contains(expected, run.Err);
        Assert.Single(run.Err.TrimEnd().Split('\n'));
    }

    [Fact]
    public void EnvAssembly_BeforeTheCommand_RegistersItsTasks()
    {
        var (exit, output, err) = CliRunner.Run("--env-assembly", Example, "envs");
        Assert.Equal(0, exit);
        Assert.Equal("", err);
        Assert.Contains("PointReach-v0", output);
        string row = output.Split('\n').Single(l => l.Contains("PointReach-v0", StringComparison.Ordinal));
        Assert.EndsWith("│ -", row.TrimEnd()); // nothing ships for a task of the user's

        var one = CliRunner.Run("--env-assembly", Example, "envs", "PointReach-v0");
        Assert.True(one.Exit == 0, one.Err);
        Assert.Contains("  gymnasium     none (a task of your own)\n  shipped       -\n", one.Out.ReplaceLineEndings("\n"));
        Assert.Contains("  coordinates   0 x, 1 y, 2 vx, 3 vy, 4 target_dx, 5 target_dy\n", one.Out.ReplaceLineEndings("\n"));
        Assert.Contains("  action names  0 force_x, 1 force_y\n", one.Out.ReplaceLineEndings("\n"));

        var json = CliRunner.Run("--env-assembly", Example, "envs", "PointReach-v0", "--json");
        Assert.True(json.Exit == 0, json.Err);
        using var document = System.Text.Json.JsonDocument.Parse(json.Out);
        System.Text.Json.JsonElement task = document.RootElement;
        Assert.Equal(["force_x", "force_y"], task.GetProperty("action_names").EnumerateArray().Select(e => e.GetString()));
        foreach (string none in new[] { "gymnasium", "shipped_expert", "shipped_demos", "reward_threshold" })
            Assert.Equal(System.Text.Json.JsonValueKind.Null, task.GetProperty(none).ValueKind);
    }

    [Fact]
    public void EnvAssembly_AfterTheCommand_TrainsAndEvaluatesTheTask()
    {
        string run = Path.Combine(_dir, "train");
        var (exit, _, err) = CliRunner.Run("train", "--env", "PointReach-v0", "--steps", "2000", "--batch", "1000", "--hidden", "8",
            "--out", run, "--env-assembly", Example);
        Assert.True(exit == 0, err);
        var (evalExit, output, _) = CliRunner.Run("eval", "--policy", Path.Combine(run, "policy.safetensors"), "--episodes", "2", "--env-assembly", Example);
        Assert.Equal(0, evalExit);
        Assert.Contains("PointReach-v0 policy.safetensors: return", output);
        Assert.Contains("length 100.0", output);
    }

    [Fact]
    public void EnvAssembly_Missing_OneLineError() =>
        AssertOneLineBadInput(CliRunner.Run("--env-assembly", Path.Combine(_dir, "none.dll"), "envs"), "does not exist");

    [Fact]
    public void EnvAssembly_NotDotNet_OneLineError()
    {
        string path = Path.Combine(_dir, "tasks.dll");
        File.WriteAllText(path, "not an assembly");
        AssertOneLineBadInput(CliRunner.Run("--env-assembly", path, "envs"), "is not a .NET assembly");
    }

    [Fact]
    public void EnvAssembly_WithoutRegistrations_OneLineError() =>
        AssertOneLineBadInput(CliRunner.Run("--env-assembly", typeof(Gym).Assembly.Location, "envs"), "registers no task");

    [Fact]
    public void EnvAssembly_RegistrationThrows_OneLineErrorNamingIt() =>
        AssertOneLineBadInput(CliRunner.Run("--env-assembly", typeof(EnvAssemblyTests).Assembly.Location, "envs"),
            "FailingRegistration.Register() in '");
}
