using Apprentice.Envs;

namespace Apprentice.Cli;

/// <summary>
/// The experts and demonstrations the project ships (<c>data/experts</c>, <c>data/demos</c>): the working directory's
/// copy when it has one (a clone of the repository), else the copy installed with the tool or, for a tool built from
/// a clone, the clone's, so that <c>apprentice</c> finds them from any folder.
/// </summary>
internal static class ShippedData
{
    /// <summary>
    /// <c>data/&lt;name&gt;</c> here if it exists, else the nearest one beside the tool or above it (beside the
    /// installed tool; in the clone a build's <c>bin/</c> lies in), else <c>data/&lt;name&gt;</c> (for the error message).
    /// </summary>
    public static string Folder(string name) => Find(name, "", AppContext.BaseDirectory) ?? Path.Combine("data", name);

    /// <summary>The folder <see cref="Folder"/> picks, from a working directory ("" for the current one, which keeps the path relative) and the tool's; null when there is none.</summary>
    internal static string? Find(string name, string workingDirectory, string toolDirectory)
    {
        string local = Path.Combine(workingDirectory, "data", name);
        if (Directory.Exists(local)) return local;
        for (DirectoryInfo? dir = new(toolDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "data", name);
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>The shipped expert policy of the task <c>--env</c> names: what <c>--policy expert</c> stands for.</summary>
    public static string Expert(string? envId)
    {
        if (envId is null) throw new InputException("--env is required with --policy expert");
        Gym.Spec(envId); // an unknown id gets its own message, with the closest known one
        return File("experts", envId, ".safetensors", "expert", "give --policy FILE");
    }

    /// <summary>The shipped demonstrations of a task (the default of <c>imitate --demos</c>); without them, how to make some.</summary>
    public static string Demonstrations(string envId) => File("demos", envId, ".npz", "demonstrations",
        FileOf("experts", envId) is not null
            ? $"give --demos FILE, or record some from the shipped expert first: apprentice record --policy expert --env {envId} --episodes 25 --out {envId}.npz"
            : "give --demos FILE");

    /// <summary>What ships for a task: "expert, demos", "expert", "demos" or "-".</summary>
    public static string Describe(string envId)
    {
        string[] shipped = [.. new[] { ("experts", "expert"), ("demos", "demos") }
            .Where(s => FileOf(s.Item1, envId) is not null)
            .Select(s => s.Item2)];
        return shipped.Length == 0 ? "-" : string.Join(", ", shipped);
    }

    /// <summary>The task's shipped expert (<paramref name="folder"/> "experts") or demonstrations ("demos"); null when none ships.</summary>
    public static string? FileOf(string folder, string envId)
    {
        string path = Path.Combine(Folder(folder), envId + (folder == "experts" ? ".safetensors" : ".npz"));
        return System.IO.File.Exists(path) ? path : null;
    }

    private static string File(string folder, string envId, string extension, string what, string instead)
    {
        string dir = Folder(folder), path = Path.Combine(dir, envId + extension);
        if (System.IO.File.Exists(path)) return path;
        string[] tasks = Directory.Exists(dir)
            ? [.. Directory.GetFiles(dir, "*" + extension).Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal)]
            : [];
        string shipped = tasks.Length == 0 ? $"none were found in {dir}" : $"they ship for {string.Join(", ", tasks)}";
        throw new InputException($"no shipped {what} for {envId} ({shipped}); {instead}");
    }
}
