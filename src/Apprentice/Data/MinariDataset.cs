using System.Text.Json.Nodes;
using Apprentice.Envs;

namespace Apprentice.Data;

/// <summary>
/// A Minari dataset's folder, as <c>minari.load_dataset</c> finds one under <c>~/.minari/datasets/&lt;id&gt;</c>:
/// <c>data/main_data.hdf5</c> (the episodes, <see cref="DemoHdf5"/>) beside <c>data/metadata.json</c>
/// (<see cref="MinariMetadata"/>: the id, the spaces, the Gymnasium env).
/// </summary>
public static class MinariDataset
{
    private const string MetadataFile = "metadata.json";

    /// <summary>
    /// Whether an output path names a dataset's folder rather than a file: an existing folder, a path ending in a
    /// separator, or a name without an extension (<c>expert-v0</c>), as a dataset id's last part is, that is not a file.
    /// </summary>
    public static bool IsFolder(string path) =>
        !File.Exists(path) && (Directory.Exists(path) || Path.EndsInDirectorySeparator(path) || Path.GetExtension(Path.TrimEndingDirectorySeparator(path)).Length == 0);

    /// <summary>Minari's root folder: <c>MINARI_DATASETS_PATH</c>, or else <c>~/.minari/datasets</c>.</summary>
    public static string Root() => Path.GetFullPath(Environment.GetEnvironmentVariable("MINARI_DATASETS_PATH")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".minari", "datasets"));

    /// <summary>
    /// A path as given, or, when nothing is there and it reads as a dataset id (<c>mujoco/hopper/expert-v0</c>), that
    /// dataset's folder under <see cref="Root"/> if Minari has it (after <c>minari download</c>, say).
    /// </summary>
    public static string Locate(string pathOrId)
    {
        if (File.Exists(pathOrId) || Directory.Exists(pathOrId) || !MinariMetadata.IsDatasetId(pathOrId)) return pathOrId;
        string folder = Path.Combine(Root(), pathOrId);
        return Directory.Exists(folder) ? folder : pathOrId;
    }

    /// <summary>
    /// What to add to "does not exist" for a path that reads as a dataset id: where Minari would have had it. Empty
    /// for any other path.
    /// </summary>
    public static string NotFoundHint(string path) =>
        MinariMetadata.IsDatasetId(path) && Path.GetExtension(path).Length == 0 ? $", nor is it a dataset in Minari's root '{Root()}'" : "";

    /// <summary>
    /// The id Minari would load the folder by: its path under Minari's root (<c>MINARI_DATASETS_PATH</c>, or
    /// <c>~/.minari/datasets</c>) when it lies there, otherwise the folder's own name.
    /// </summary>
    public static string IdFor(string folder)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        string relative = Path.GetRelativePath(Root(), full);
        bool under = relative != "." && !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
        return (under ? relative : Path.GetFileName(full)).Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>
    /// Writes <paramref name="demos"/>, recorded on <paramref name="env"/>, as a dataset Minari loads:
    /// <c>data/main_data.hdf5</c>, then <c>data/metadata.json</c> with the env's spaces and, for a task Gymnasium has,
    /// its <c>env_spec</c>, so that <c>recover_environment()</c> makes it. Each file is written whole or not at all.
    /// </summary>
    /// <param name="datasetId">Default: <see cref="IdFor"/>.</param>
    /// <param name="algorithmName">What made the demonstrations, for the metadata's <c>algorithm_name</c>.</param>
    /// <param name="references">A random policy's and an expert's mean returns, for <c>minari.get_normalized_score</c>.</param>
    public static MinariMetadata Save(Demonstrations demos, string folder, IEnv env, string? algorithmName = null, string? datasetId = null,
        MinariMetadata.ReferenceScores? references = null)
    {
        ArgumentNullException.ThrowIfNull(demos);
        ArgumentNullException.ThrowIfNull(env);
        string id = datasetId ?? IdFor(folder);
        if (!MinariMetadata.IsDatasetId(id))
            throw new InputException($"'{folder}': a Minari dataset is named by its id, (namespace/)name-vN, and '{id}' is not one; name the folder like expert-v0");
        if (!demos.HasActions)
            throw new InputException($"'{folder}': these demonstrations are observations alone, and a Minari dataset holds actions; write .npz or .csv");
        if (!demos.ObservationShape.SequenceEqual(env.ObservationSpace.Shape) || demos.ActionSize != env.ActionSpace.FlatSize || demos.IsDiscrete != env.ActionSpace is Discrete)
            throw new InputException($"'{folder}': these demonstrations do not have {env.Spec?.Id ?? "the env"}'s spaces");
        if (!demos.HasRewards)
            throw new InputException($"'{folder}': these demonstrations have no rewards, and a Minari dataset holds them; write .npz or .csv");
        MinariMetadata metadata = MinariMetadata.For(id, demos, env, algorithmName) with { References = references };
        string data = Path.Combine(folder, "data");
        DemoHdf5.Save(demos, Path.Combine(data, "main_data.hdf5"));
        AtomicFile.WriteAllText(Path.Combine(data, MetadataFile), metadata.ToJson());
        return metadata;
    }

    /// <summary>
    /// The metadata beside a dataset's <c>main_data.hdf5</c> (a dataset folder, its <c>data</c> folder, or the file
    /// itself), or, from Minari 0.4, in the file's own attributes; null when there is none, as for an HDF5 file
    /// written on its own.
    /// </summary>
    public static MinariMetadata? ReadMetadata(string path)
    {
        string file = Directory.Exists(path) ? DemoHdf5.MinariFile(path) : path;
        string metadata = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, MetadataFile);
        if (File.Exists(metadata)) return MinariMetadata.Read(File.ReadAllText(metadata), $"Minari metadata '{metadata}'");
        return File.Exists(file) && DemoHdf5.Handles(file) ? DemoHdf5.MinariAttributes(file) is JsonObject attributes
            ? MinariMetadata.Read(attributes, $"Minari metadata in '{file}'")
            : null : null;
    }

    /// <summary>
    /// The Minari metadata of demonstrations given as a path in any format (<c>imitate --demos</c>): a dataset's folder
    /// or an HDF5 file that has some; null for anything else.
    /// </summary>
    public static MinariMetadata? MetadataOf(string demonstrations) =>
        Directory.Exists(demonstrations) || DemoHdf5.Handles(demonstrations) && File.Exists(demonstrations) ? ReadMetadata(demonstrations) : null;

    /// <summary>
    /// The episodes of a dataset's folder, checked against its metadata when it has one: as many episodes and steps
    /// as it says, with the shapes of its spaces.
    /// </summary>
    public static Demonstrations Load(string folder)
    {
        string file = DemoHdf5.MinariFile(folder);
        Demonstrations demos = DemoHdf5.Load(file);
        if (ReadMetadata(file) is not MinariMetadata metadata) return demos;
        string where = $"Minari dataset '{folder}'";
        if (metadata.TotalEpisodes != demos.TrajectoryCount || metadata.TotalSteps != demos.TransitionCount)
            throw new InputException($"{where}: its metadata says {metadata.TotalEpisodes} episodes of {metadata.TotalSteps} steps; the data holds {demos.TrajectoryCount} of {demos.TransitionCount}");
        if (metadata.ObservationSpace is Box observations && !observations.Shape.SequenceEqual(demos.ObservationShape))
            throw new InputException($"{where}: observations of shape {NpyArray.FormatShape(demos.ObservationShape)}, but its metadata's space is {observations}");
        bool actionsFit = metadata.ActionSpace switch
        {
            Box actions => !demos.IsDiscrete && actions.Shape.SequenceEqual(demos.ActionShape),
            Discrete => demos.IsDiscrete,
            _ => true,
        };
        if (!actionsFit) throw new InputException($"{where}: its actions do not fit its metadata's action space, {metadata.ActionSpace}");
        return demos;
    }
}
