using System.Reflection;

namespace Apprentice.Envs.MuJoCo;

/// <summary>
/// The project's model files (embedded <c>Models/*.xml</c>) and one compiled <see cref="MjModel"/> per file,
/// shared read-only by every env instance for the life of the process.
/// </summary>
internal static class MuJoCoModels
{
    public static readonly string[] Names = ["reacher", "half_cheetah", "hopper", "walker2d", "walker2d_v5", "ant", "humanoid"];

    private static readonly Lock Sync = new();
    private static readonly Dictionary<string, MjModel> Loaded = new(StringComparer.Ordinal);

    /// <summary>The MJCF text of a model, e.g. <c>hopper</c>.</summary>
    public static string Xml(string name)
    {
        string resource = $"Apprentice.Envs.MuJoCo.Models.{name}.xml";
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new ArgumentException($"no MuJoCo model named '{name}'; available: {string.Join(", ", Names)}", nameof(name));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The compiled model, loaded on first use; throws <see cref="InputException"/> when MuJoCo is missing.</summary>
    public static MjModel Shared(string name)
    {
        MjNative.EnsureAvailable();
        lock (Sync)
        {
            if (!Loaded.TryGetValue(name, out MjModel? model))
            {
                model = MjModel.FromXml(Xml(name));
                Loaded[name] = model;
            }
            return model;
        }
    }
}
