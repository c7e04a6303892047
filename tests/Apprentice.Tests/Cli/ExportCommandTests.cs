using Apprentice.Envs;
using Apprentice.Policies;
using Apprentice.Rl;
using Apprentice.Tests.Policies;
using Microsoft.ML.OnnxRuntime;

namespace Apprentice.Tests.Cli;

public sealed class ExportCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("apprentice-export-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Expert(string envId)
    {
        string path = Path.Combine(_dir, $"{envId}.safetensors");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "data", "experts", $"{envId}.safetensors"), path);
        return path;
    }

    [Fact]
    public void Export_TheShippedExpert_ByNameWithItsEnv()
    {
        string onnxPath = Path.Combine(_dir, "cartpole.onnx");
        var (exit, output, err) = CliRunner.Run("export", "--policy", "expert", "--env", "CartPole-v1", "--out", onnxPath);
        Assert.True(exit == 0, err);
        Assert.StartsWith($"CartPole-v1 policy → {onnxPath} (ONNX opset", output);
        using var session = new InferenceSession(onnxPath);
        Assert.Equal("CartPole-v1", session.ModelMetadata.CustomMetadataMap["env_id"]);

        Assert.Equal("apprentice: --env is required with --policy expert", CliRunner.Run("export", "--policy", "expert").Err.TrimEnd());
        string file = Expert("CartPole-v1");
        var (withEnv, _, withEnvErr) = CliRunner.Run("export", "--policy", file, "--env", "CartPole-v0");
        Assert.Equal(2, withEnv);
        Assert.Equal("apprentice: --env CartPole-v0 applies to --policy expert only; a policy file names the env it was trained on", withEnvErr.TrimEnd());
    }

    [Fact]
    public void Export_PendulumExpert_OnnxModelEarnsTheExpertsReturn()
    {
        string policyPath = Expert("Pendulum-v1");
        var (exit, output, err) = CliRunner.Run("export", "--policy", policyPath);
        Assert.Equal(0, exit);
        Assert.Equal("", err);
        string onnxPath = Path.ChangeExtension(policyPath, ".onnx");
        Assert.Contains(onnxPath, output);
        Assert.Contains("observation [batch × 3] → action [batch × 1]", output);

        // The model drives the env as the deterministic expert does: same episodes, same return.
        var (policy, _) = PolicyFile.Load(policyPath);
        PolicyWorkspace ws = policy.CreateWorkspace();
        using var env = Gym.Make("Pendulum-v1");
        Evaluation library = Evaluation.Run(env, (obs, action) => policy.Act(ws, obs, 1, null, action), 3, seed: 11, stop: TestContext.Current.CancellationToken);
        using var session = new InferenceSession(onnxPath);
        using var options = new RunOptions();
        Evaluation onnx = Evaluation.Run(env, (obs, action) =>
        {
            using var input = OrtValue.CreateTensorValueFromMemory(obs.ToArray(), [1, obs.Length]);
            using var outputs = session.Run(options, ["observation"], [input], ["action"]);
            outputs[0].GetTensorDataAsSpan<float>().CopyTo(action);
        }, 3, seed: 11, stop: TestContext.Current.CancellationToken);
        Assert.True(library.MeanReturn > -400, $"the expert earns {library.MeanReturn}"); // a real expert, not a flat line
        for (int e = 0; e < 3; e++) Assert.Equal(library.Returns[e], onnx.Returns[e], 1e-3 * Math.Abs(library.Returns[e]));
    }

    [Fact]
    public void Export_CartPoleExpert_ToChosenPath_GivesArgmaxActions()
    {
        string policyPath = Expert("CartPole-v1");
        string onnxPath = Path.Combine(_dir, "nested", "cartpole.onnx");
        var (exit, output, _) = CliRunner.Run("export", "--policy", policyPath, "--out", onnxPath);
        Assert.Equal(0, exit);
        Assert.Contains("action [batch] (int64 argmax), logits [batch × 2]; the task's names in its metadata", output);
        using (var session = new InferenceSession(onnxPath))
        {
            IDictionary<string, string> metadata = session.ModelMetadata.CustomMetadataMap;
            Assert.Equal("[\"cart_position\",\"cart_velocity\",\"pole_angle\",\"pole_angular_velocity\"]", metadata["observation_names"]);
            Assert.Equal("[\"push_left\",\"push_right\"]", metadata["action_names"]);
        }

        var (policy, _) = PolicyFile.Load(policyPath);
        float[] obs = [0.01f, 0.2f, -0.03f, -0.3f, 0.1f, -0.5f, 0.05f, 0.6f];
        var expected = new float[2];
        policy.Act(policy.CreateWorkspace(2), obs, 2, null, expected);
        Assert.Equal(expected, PolicyOnnxTests.Run(File.ReadAllBytes(onnxPath), obs, 4)["action"]);
    }

    [Fact]
    public void Export_PolicyOfATaskNotRegisteredHere_HasNoNames()
    {
        string path = Path.Combine(_dir, "elsewhere.safetensors");
        PolicyFile.Save(RandomPolicies.Create(new Box(-1f, 1f, 2), 3, [4]), path, "Elsewhere-v0");
        var (exit, output, err) = CliRunner.Run("export", "--policy", path);
        Assert.True(exit == 0, err);
        Assert.DoesNotContain("names", output);
        using var session = new InferenceSession(Path.ChangeExtension(path, ".onnx"));
        Assert.Equal("Elsewhere-v0", session.ModelMetadata.CustomMetadataMap["env_id"]);
        Assert.False(session.ModelMetadata.CustomMetadataMap.ContainsKey("observation_names"));
        Assert.False(session.ModelMetadata.CustomMetadataMap.ContainsKey("action_names"));
    }

    [Fact]
    public void Export_MissingPolicy_OneLineErrorExitTwo()
    {
        var (exit, _, err) = CliRunner.Run("export", "--policy", Path.Combine(_dir, "none.safetensors"));
        Assert.Equal(2, exit);
        Assert.StartsWith("apprentice: policy file", err);
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Export_NotAPolicy_OneLineErrorExitTwoAndNoOutput()
    {
        string path = Path.Combine(_dir, "notes.safetensors");
        File.WriteAllText(path, "not a policy");
        var (exit, _, err) = CliRunner.Run("export", "--policy", path);
        Assert.Equal(2, exit);
        Assert.StartsWith("apprentice: ", err);
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.False(File.Exists(Path.ChangeExtension(path, ".onnx")));
    }

    [Fact]
    public void Export_OutIsThePolicy_RefusedAndPolicyKept()
    {
        string policyPath = Expert("CartPole-v1");
        byte[] before = File.ReadAllBytes(policyPath);
        var (exit, _, err) = CliRunner.Run("export", "--policy", policyPath, "--out", policyPath);
        Assert.Equal(2, exit);
        Assert.Contains("would overwrite the policy", err);
        Assert.Equal(before, File.ReadAllBytes(policyPath));
    }

    [Fact]
    public void Export_OutCannotBeWritten_OneLineErrorNamingIt()
    {
        string policyPath = Expert("CartPole-v1");
        string onnxPath = Path.Combine(policyPath, "model.onnx"); // under a file, not a folder
        var (exit, _, err) = CliRunner.Run("export", "--policy", policyPath, "--out", onnxPath);
        Assert.Equal(2, exit); // checked before the model is built, as every command's --out
        Assert.StartsWith($"apprentice: --out '{onnxPath}' cannot be written (", err);
        Assert.Single(err.TrimEnd().Split('\n'));
    }
}
