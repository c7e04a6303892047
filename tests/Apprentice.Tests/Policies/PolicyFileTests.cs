using Apprentice.Envs;
using Apprentice.Nn;
using Apprentice.Policies;

namespace Apprentice.Tests.Policies;

public sealed class PolicyFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("apprentice-pf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static MlpPolicy Trained(Space space, int obs) => RandomPolicies.Create(space, obs, [6, 5]);

    public static TheoryData<string> Spaces => ["discrete", "box"];

    [Theory]
    [MemberData(nameof(Spaces))]
    public void SaveThenLoad_SamePolicy_SameDistributions(string kind)
    {
        Space space = kind == "discrete" ? new Discrete(3) : new Box(new[] { -1f, -2f }, new[] { 1f, 2f });
        MlpPolicy policy = Trained(space, 4);
        string path = Path.Combine(_dir, "p.safetensors");
        PolicyFile.Save(policy, path, "Some-v0");

        var (loaded, envId) = PolicyFile.Load(path);
        Assert.Equal("Some-v0", envId);
        Assert.Equal(policy.Parameters.Values.ToArray(), loaded.Parameters.Values.ToArray());
        Assert.Equal(policy.Normalizer.Mean.ToArray(), loaded.Normalizer.Mean.ToArray());
        float[] obs = [0.5f, -1f, 2f, 0.3f];
        Assert.Equal(policy.Forward(policy.CreateWorkspace(), obs, 1).ToArray(), loaded.Forward(loaded.CreateWorkspace(), obs, 1).ToArray());
    }

    [Fact]
    public void Save_Layout_IsReadableAsPlainSafetensors()
    {
        string path = Path.Combine(_dir, "p.safetensors");
        PolicyFile.Save(Trained(new Box(-1f, 1f, 2), 4), path, "Some-v0");
        var (tensors, metadata) = Safetensors.Read(path);
        Assert.Equal(["net.0.weight", "net.0.bias", "net.1.weight", "net.1.bias", "net.2.weight", "net.2.bias", "log_std"], tensors.Select(t => t.Name));
        Assert.Equal([4, 6], tensors[0].Shape);
        Assert.Equal("diag_gaussian", metadata["distribution"]);
        Assert.Equal("[6,5]", metadata["hidden_sizes"]);
        Assert.Contains("\"mean_square\"", metadata["obs_norm"]);
    }

    [Fact]
    public void Load_MissingTensor_ThrowsInputException()
    {
        string path = Path.Combine(_dir, "p.safetensors");
        PolicyFile.Save(Trained(new Discrete(2), 3), path, "Some-v0");
        var (tensors, metadata) = Safetensors.Read(path);
        Safetensors.Write(path, tensors.Where(t => t.Name != "net.1.bias").ToList(), metadata);
        var ex = Assert.Throws<InputException>(() => PolicyFile.Load(path));
        Assert.Contains("tensor 'net.1.bias' is missing", ex.Message);
    }

    [Fact]
    public void Load_NaNWeight_ThrowsInputException()
    {
        string path = Path.Combine(_dir, "p.safetensors");
        PolicyFile.Save(Trained(new Discrete(2), 3), path, "Some-v0");
        var (tensors, metadata) = Safetensors.Read(path);
        tensors[0].Data[1] = float.NaN;
        Safetensors.Write(path, tensors, metadata);
        var ex = Assert.Throws<InputException>(() => PolicyFile.Load(path));
        Assert.Contains("tensor 'net.0.weight' holds NaN or infinity", ex.Message);
    }

    [Fact]
    public void Load_OtherFormat_ThrowsInputException()
    {
        string path = Path.Combine(_dir, "p.safetensors");
        Safetensors.Write(path, [new Tensor("w", [1f])], new Dictionary<string, string> { ["format"] = "pt" });
        var ex = Assert.Throws<InputException>(() => PolicyFile.Load(path));
        Assert.Contains("format 'pt', expected 'apprentice.policy/1'", ex.Message);
    }

    [Fact]
    public void Load_BrokenActionSpace_ThrowsInputException()
    {
        string path = Path.Combine(_dir, "p.safetensors");
        PolicyFile.Save(Trained(new Discrete(2), 3), path, "Some-v0");
        var (tensors, metadata) = Safetensors.Read(path);
        var edited = metadata.ToDictionary();
        edited["action_space"] = "{\"type\":\"torus\"}";
        Safetensors.Write(path, tensors, edited);
        var ex = Assert.Throws<InputException>(() => PolicyFile.Load(path));
        Assert.Contains("malformed metadata", ex.Message);
    }
}
