using System.Globalization;
using System.Text.Json;
using Apprentice.Cli;
using Apprentice.Envs;

namespace Apprentice.Tests.Cli;

public class CliAppTests
{
    [Fact]
    public void Run_UnknownCommand_OneLineErrorAndExitTwo()
    {
        var (exit, _, err) = CliRunner.Run("fly");
        Assert.Equal(2, exit);
        Assert.StartsWith("apprentice: ", err);
        Assert.Contains("fly", err);
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Run_UnknownOption_OneLineErrorAndExitTwo()
    {
        var (exit, _, err) = CliRunner.Run("--colour", "red");
        Assert.Equal(2, exit);
        Assert.Contains("--colour", err);
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("--steps takes a whole number; got 'abc'", "train", "--env", "CartPole-v1", "--steps", "abc")]
    [InlineData("--seed takes a whole number; got '1.5'", "train", "--env", "CartPole-v1", "--seed", "1.5")]
    [InlineData("--seed takes a whole number; got '1.5'", "eval", "--policy", "random", "--env", "CartPole-v1", "--seed", "1.5")] // its validator reads no value it cannot parse
    [InlineData("--steps takes a whole number from -9223372036854775808 to 9223372036854775807; got '99999999999999999999'",
        "train", "--env", "CartPole-v1", "--steps", "99999999999999999999")]
    [InlineData("--budget takes a number; got 'x'", "reproduce", "--budget", "x")]
    [InlineData("--algo takes bc, fem, gail or gtal; got 'foo'", "imitate", "--algo", "foo", "--env", "CartPole-v1")]
    [InlineData("--actions takes executed or sampled; got 'raw'", "eval", "--policy", "random", "--env", "CartPole-v1", "--actions", "raw")]
    public void Run_BadOptionValue_OneLineNamingTheOptionWhatItTakesAndTheValue(string expected, params string[] args)
    {
        var (exit, output, err) = CliRunner.Run(args);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal($"apprentice: {expected} (see 'apprentice --help')", err.TrimEnd());
    }

    [Fact]
    public void Run_OptionWithoutItsValue_OneLine()
    {
        var (exit, _, err) = CliRunner.Run("eval", "--policy");
        Assert.Equal(2, exit);
        Assert.Contains("--policy", err);
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Run_Help_PrintsUsageAndExitsZero()
    {
        var (exit, output, err) = CliRunner.Run("--help");
        Assert.Equal(0, exit);
        Assert.Contains("Usage", output);
        Assert.Equal("", err);
    }

    [Fact]
    public void Run_NoArguments_PrintsHelp()
    {
        var (exit, output, _) = CliRunner.Run();
        Assert.Equal(0, exit);
        Assert.Contains("Usage", output);
    }
}

public class EnvsAndEvalCommandTests
{
    [Fact]
    public void Envs_Default_ListsEveryClassicTaskWithSpacesAndLimits()
    {
        var (exit, output, err) = CliRunner.Run("envs");
        Assert.Equal(0, exit);
        Assert.Equal("", err);
        foreach (string id in new[] { "CartPole-v0", "CartPole-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1" })
            Assert.Contains(id, output);
        string cartPole = output.Split('\n').Single(l => l.Contains("CartPole-v1"));
        Assert.Contains("Discrete(2)", cartPole);
        Assert.Contains("500", cartPole);
        Assert.Contains("475", cartPole);
        Assert.EndsWith("│ expert, demos", cartPole.TrimEnd());
        Assert.EndsWith("│ expert", output.Split('\n').Single(l => l.Contains("Hopper-v4")).TrimEnd());
        Assert.EndsWith("│ -", output.Split('\n').Single(l => l.Contains("Ant-v4 ")).TrimEnd());
    }

    [Fact]
    public void Envs_OneId_DescribesItInFull_AndAnUnknownOneIsOneLine()
    {
        var (exit, output, err) = CliRunner.Run("envs", "CartPole-v1");
        Assert.True(exit == 0, err);
        string about = Apprentice.Envs.Gym.Spec("CartPole-v1").Description;
        Assert.NotEmpty(about);
        Assert.Equal(
            "CartPole-v1\n" +
            $"  about         {about}\n" +
            "  observations  Box([-4.8 -inf -0.41887903 -inf], [4.8 inf 0.41887903 inf], (4,), float32)\n" +
            "  coordinates   0 cart_position, 1 cart_velocity, 2 pole_angle, 3 pole_angular_velocity\n" +
            "  actions       Discrete(2)\n" +
            "  action names  0 push_left, 1 push_right\n" +
            "  max steps     500\n" +
            "  threshold     475\n" +
            "  gymnasium     CartPole-v1 (gymnasium.envs.classic_control.cartpole:CartPoleEnv)\n" +
            "  shipped       expert, demos\n", output.ReplaceLineEndings("\n"));

        var contact = CliRunner.Run("envs", "Ant-v4-contact");
        Assert.True(contact.Exit == 0, contact.Err);
        Assert.Contains("  gymnasium     Ant-v4 with {\"use_contact_forces\": true} (gymnasium.envs.mujoco.ant_v4:AntEnv)\n", contact.Out.ReplaceLineEndings("\n"));

        var (unknown, _, unknownErr) = CliRunner.Run("envs", "CartPole-v9");
        Assert.Equal(2, unknown);
        Assert.StartsWith("apprentice: unknown env id 'CartPole-v9'", unknownErr);
        Assert.Single(unknownErr.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Envs_Json_GivesTheFactsOfOneOrEveryTask()
    {
        var (exit, output, err) = CliRunner.Run("envs", "MountainCar-v0", "--json");
        Assert.True(exit == 0, err);
        using JsonDocument one = JsonDocument.Parse(output);
        JsonElement task = one.RootElement;
        Assert.Equal("MountainCar-v0", task.GetProperty("id").GetString());
        using IEnv env = Gym.Make("MountainCar-v0");
        Assert.Equal(env.ObservationSpace.ToString(), SpaceJson.Read(task.GetProperty("observation_space").GetRawText()).ToString());
        Assert.Equal(env.ActionSpace.ToString(), SpaceJson.Read(task.GetProperty("action_space").GetRawText()).ToString());
        Assert.Equal(["position", "velocity"], task.GetProperty("observation_names").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["accelerate_left", "no_acceleration", "accelerate_right"], task.GetProperty("action_names").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(200, task.GetProperty("max_episode_steps").GetInt32());
        Assert.Equal(-110, task.GetProperty("reward_threshold").GetDouble());
        Assert.Equal("gymnasium.envs.classic_control.mountain_car:MountainCarEnv", task.GetProperty("gymnasium").GetProperty("entry_point").GetString());
        Assert.EndsWith(Path.Combine("demos", "MountainCar-v0.npz"), task.GetProperty("shipped_demos").GetString());
        Assert.Equal(JsonValueKind.Null, CliJson("Pendulum-v1").GetProperty("reward_threshold").ValueKind);
        Assert.Equal(JsonValueKind.Null, CliJson("MountainCarContinuous-v0").GetProperty("shipped_demos").ValueKind);
        Assert.Equal(JsonValueKind.Object, CliJson("Ant-v4-contact").GetProperty("gymnasium").GetProperty("kwargs").ValueKind);

        using JsonDocument all = JsonDocument.Parse(CliRunner.Run("envs", "--json").Out);
        Assert.Equal(Gym.Specs.Select(s => s.Id), all.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()));
    }

    private static JsonElement CliJson(string id)
    {
        using JsonDocument document = JsonDocument.Parse(CliRunner.Run("envs", id, "--json").Out);
        return document.RootElement.Clone();
    }

    [Fact]
    public void Envs_Humanoid_ListsEveryCoordinateWithinTheWidth()
    {
        Apprentice.Tests.Envs.MuJoCo.MuJoCoRequirement.Ensure();
        var (exit, output, err) = CliRunner.Run("envs", "Humanoid-v4");
        Assert.True(exit == 0, err);
        string[] lines = output.ReplaceLineEndings("\n").Split('\n');
        int first = Array.FindIndex(lines, l => l.StartsWith("  coordinates   0 qpos.root.z, ", StringComparison.Ordinal));
        Assert.True(first > 0, output);
        string[] block = [.. lines.Skip(first).TakeWhile((l, i) => i == 0 || l.StartsWith(new string(' ', 16), StringComparison.Ordinal))];
        Assert.All(block, l => Assert.True(l.Length <= 120, l));
        string[] items = string.Join(' ', block.Select(l => l[16..])).Split(", ");
        Assert.Equal(376, items.Length);
        Assert.Equal("362 cfrc_ext.right_lower_arm.fy", items[362]);
        Assert.Equal("375 cfrc_ext.left_lower_arm.fz", items[375]);
        Assert.Contains("  action names  0 ctrl.abdomen_y, 1 ctrl.abdomen_z, 2 ctrl.abdomen_x, 3 ctrl.right_hip_x, 4 ctrl.right_hip_z,\n", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Eval_RandomCartPole_PrintsStatsAndJson()
    {
        var (exit, output, _) = CliRunner.Run("eval", "--env", "CartPole-v1", "--policy", "random", "--episodes", "20", "--seed", "3", "--json");
        Assert.Equal(0, exit);
        string json = output.TrimEnd().Split('\n')[^1];
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(20, doc.RootElement.GetProperty("episodes").GetInt32());
        double mean = doc.RootElement.GetProperty("mean_return").GetDouble();
        Assert.InRange(mean, 10, 40); // a random CartPole policy lasts about 22 steps
        Assert.True(doc.RootElement.GetProperty("std_return").GetDouble() > 0);
        double[] returns = doc.RootElement.GetProperty("returns").EnumerateArray().Select(r => r.GetDouble()).ToArray();
        Assert.Equal(20, returns.Length);
        Assert.Equal(20, doc.RootElement.GetProperty("lengths").GetArrayLength());
        Assert.Equal(mean, returns.Average(), 9);
        Assert.Equal(returns.Min(), doc.RootElement.GetProperty("min_return").GetDouble());
        Assert.Equal(returns.Max(), doc.RootElement.GetProperty("max_return").GetDouble());
        Assert.InRange(doc.RootElement.GetProperty("median_return").GetDouble(), returns.Min(), returns.Max());
    }

    [Fact]
    public void Eval_Sigterm_ReportsTheEpisodesRunSoFarAndExits130()
    {
        var (exit, output, errors) = CliRunner.RunUntilTerminated(null, "eval", "--env", "Pendulum-v1", "--policy", "random", "--episodes", "1000000", "--json");
        Assert.True(exit == 130, errors);
        string[] lines = output.TrimEnd().Split('\n');
        using JsonDocument doc = JsonDocument.Parse(lines[^1]);
        int run = doc.RootElement.GetProperty("episodes").GetInt32();
        Assert.InRange(run, 1, 999_999);
        Assert.True(doc.RootElement.GetProperty("interrupted").GetBoolean());
        Assert.Equal(run, doc.RootElement.GetProperty("returns").GetArrayLength());
        Assert.EndsWith($"over {run.ToString("N0", CultureInfo.InvariantCulture)} of the 1,000,000 episodes asked for (seed 0; interrupted)", lines[^2]);
    }

    [Fact]
    public void Eval_SameSeed_SameResult()
    {
        var a = CliRunner.Run("eval", "--env", "Pendulum-v1", "--policy", "random", "--episodes", "3", "--seed", "5");
        var b = CliRunner.Run("eval", "--env", "Pendulum-v1", "--policy", "random", "--episodes", "3", "--seed", "5");
        Assert.Equal(a.Out, b.Out);
    }

    [Theory]
    [InlineData("eval", "--env", "CartPole-v1", "--policy", "random")]
    [InlineData("render", "--env", "CartPole-v1", "--policy", "random", "--out", "never.gif")]
    [InlineData("record", "--env", "CartPole-v1", "--policy", "random", "--episodes", "1", "--out", "never.npz")]
    [InlineData("bench", "gail", "--env", "CartPole-v0")]
    public void NegativeSeed_IsRefusedAtParsing_WithExitTwo(params string[] args)
    {
        var (exit, output, err) = CliRunner.Run([.. args, "--seed", "-3"]);
        Assert.Equal(2, exit);
        Assert.Equal("apprentice: --seed must be non-negative, got -3 (see 'apprentice --help')", err.TrimEnd());
        Assert.Equal("", output);
        Assert.False(File.Exists("never.gif") || File.Exists("never.npz"));
    }

    [Theory]
    [InlineData("--episodes", "1000001", "eval", "--env", "CartPole-v1", "--policy", "random")]
    [InlineData("--episodes", "2147483647", "render", "--env", "CartPole-v1", "--policy", "random", "--out", "never.gif")]
    [InlineData("--skip", "2147483647", "render", "--env", "CartPole-v1", "--policy", "random", "--out", "never.gif")]
    [InlineData("--episodes", "2000000", "record", "--env", "CartPole-v1", "--policy", "random", "--out", "never.npz")]
    [InlineData("--eval-episodes", "1000001", "imitate", "--env", "CartPole-v0", "--demos", "never.npz", "--out", "never")]
    [InlineData("--eval-episodes", "1000001", "reproduce", "--tasks", "CartPole-v0", "--out", "never")]
    public void EpisodesPastTheBound_AreRefusedAtParsing_WithExitTwo(string option, string value, params string[] args)
    {
        var (exit, output, err) = CliRunner.Run([.. args, option, value]);
        Assert.Equal(2, exit);
        Assert.Equal(string.Create(CultureInfo.InvariantCulture,
            $"apprentice: {option} must be at most 1,000,000, got {int.Parse(value, CultureInfo.InvariantCulture):N0} (see 'apprentice --help')"), err.TrimEnd());
        Assert.Equal("", output);
        Assert.False(File.Exists("never.gif") || File.Exists("never.npz") || Directory.Exists("never"));
    }

    [Fact]
    public void Eval_UnknownEnv_SuggestsClosestAndExitsTwo()
    {
        var (exit, _, err) = CliRunner.Run("eval", "--env", "CartPol-v1", "--policy", "random");
        Assert.Equal(2, exit);
        Assert.Equal("apprentice: unknown env id 'CartPol-v1'; did you mean 'CartPole-v1'?", err.TrimEnd());
    }

    [Fact]
    public void Eval_PolicyExpert_RunsTheShippedExpertOfTheEnv()
    {
        var (exit, output, err) = CliRunner.Run("eval", "--env", "CartPole-v1", "--policy", "expert", "--episodes", "2", "--deterministic");
        Assert.Equal("", err);
        Assert.Equal(0, exit);
        Assert.StartsWith("CartPole-v1 CartPole-v1.safetensors (deterministic): return 500.00 ± 0.00", output);
    }

    [Fact]
    public void PolicyOption_TakesARunFolder_ForItsPolicyFile()
    {
        string run = Directory.CreateTempSubdirectory("apprentice-run-").FullName;
        try
        {
            var (emptyExit, _, emptyErr) = CliRunner.Run("eval", "--policy", run);
            Assert.Equal(2, emptyExit);
            Assert.Contains($"the folder '{run}' holds no policy.safetensors; give the policy file", emptyErr);

            File.Copy(ShippedData.Expert("CartPole-v1"), Path.Combine(run, "policy.safetensors"));
            var (exit, output, err) = CliRunner.Run("eval", "--policy", run, "--episodes", "2", "--deterministic");
            Assert.Equal("", err);
            Assert.Equal(0, exit);
            Assert.StartsWith("CartPole-v1 policy.safetensors (deterministic): return 500.00 ± 0.00", output);

            var (exportExit, _, exportErr) = CliRunner.Run("export", "--policy", run);
            Assert.True(exportExit == 0, exportErr);
            Assert.True(File.Exists(Path.Combine(run, "policy.onnx")));
        }
        finally
        {
            Directory.Delete(run, recursive: true);
        }
    }

    [Theory]
    [InlineData("--env", "PointMass-v0", "unknown env id 'PointMass-v0'")]
    [InlineData("--env", "Ant-v4", "no shipped expert for Ant-v4 (they ship for Acrobot-v1, Ant-v4-contact, Ant-v5, CartPole-v0, ")]
    [InlineData("--seed", "1", "--env is required with --policy expert")]
    public void Eval_PolicyExpert_WithoutAShippedOne_ExitsTwo(string option, string value, string message)
    {
        var (exit, _, err) = CliRunner.Run("eval", "--policy", "expert", option, value);
        Assert.Equal(2, exit);
        Assert.Contains(message, err);
    }

    [Fact]
    public void Eval_MissingRequiredOption_ExitsTwo()
    {
        var (exit, _, err) = CliRunner.Run("eval", "--policy", "random");
        Assert.Equal(2, exit);
        Assert.Contains("--env", err);
    }

    [Fact]
    public void Eval_NonPositiveEpisodes_ExitsTwo()
    {
        var (exit, _, err) = CliRunner.Run("eval", "--env", "CartPole-v1", "--policy", "random", "--episodes", "0");
        Assert.Equal(2, exit);
        Assert.Contains("--episodes must be positive", err);
    }
}
