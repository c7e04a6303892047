using System.Globalization;
using Apprentice.Data;
using Apprentice.Envs;

namespace Apprentice.Cli;

/// <summary>
/// Where <c>--out</c> sends demonstrations: a file (<c>.npz</c>, <c>.csv</c>, <c>.hdf5</c>), or a folder (a path
/// without an extension), which becomes a Minari dataset. Checked before the work that fills it.
/// </summary>
internal sealed class DemosOutput
{
    private DemosOutput(string path, bool minari)
    {
        Path = path;
        Minari = minari;
    }

    public string Path { get; }

    /// <summary>Whether it is a Minari dataset's folder, which needs the env the demonstrations were recorded on.</summary>
    public bool Minari { get; }

    /// <summary>The files demonstrations are written to, by extension (<see cref="Demonstrations.Save"/>).</summary>
    private static readonly string[] FileKinds = [".npz", ".csv", ".hdf5", ".h5"];

    /// <param name="example">A file name to suggest when a file is wanted and a folder given.</param>
    /// <param name="env">The env the command knows the demonstrations fit; a Minari dataset needs one for its spaces.</param>
    public static DemosOutput Check(string path, string example, string? env)
    {
        if (!MinariDataset.IsFolder(path))
        {
            OutputFile.Check(path, example, FileKinds, orElse: "or a folder (no extension) for a Minari dataset");
            return new DemosOutput(path, minari: false);
        }
        if (Directory.Exists(path) && !OnlyADataset(path))
            throw new InputException($"--out '{path}' is a folder holding other files; give a file name such as {example}, or a new or empty folder for a Minari dataset");
        if (env is null)
            throw new InputException($"--out '{path}' is a folder, written as a Minari dataset, which names its env and spaces; give --env (or a file name such as {example})");
        string id = MinariDataset.IdFor(path);
        if (!MinariMetadata.IsDatasetId(id))
            throw new InputException($"--out '{path}' is a folder, written as a Minari dataset named by its id, (namespace/)name-vN, and '{id}' is not one; name it like expert-v0");
        OutputFile.CheckFolder(path, System.IO.Path.Combine(path, "data"));
        return new DemosOutput(path, minari: true);
    }

    /// <summary>Whether a folder holds nothing but a dataset, which writing one replaces: at most a data folder with its two files.</summary>
    private static bool OnlyADataset(string folder) =>
        Directory.EnumerateFileSystemEntries(folder).All(entry => System.IO.Path.GetFileName(entry) == "data" && Directory.Exists(entry)
            && Directory.EnumerateFileSystemEntries(entry).All(file => System.IO.Path.GetFileName(file) is "main_data.hdf5" or "metadata.json"));

    /// <summary>Writes them; returns how the command's last line names what it wrote.</summary>
    /// <param name="env">The env they were checked against: required for a Minari dataset.</param>
    /// <param name="algorithmName">For a Minari dataset's metadata: what made them.</param>
    /// <param name="references">For a Minari dataset's metadata: a random policy's and an expert's mean returns.</param>
    public string Write(Demonstrations demos, IEnv? env, string? algorithmName = null, MinariMetadata.ReferenceScores? references = null)
    {
        if (!Minari)
        {
            demos.Save(Path);
            return Path;
        }
        MinariMetadata metadata = MinariDataset.Save(demos, Path, env ?? throw new InvalidOperationException("Check asks for --env"), algorithmName,
            references: references);
        string scores = references is null ? "" : string.Create(CultureInfo.InvariantCulture, $", reference scores {references.Min:F2} to {references.Max:F2}");
        return $"{Path} (Minari dataset {metadata.DatasetId}{(metadata.EnvId is null ? "" : $", env {metadata.EnvId}")}{scores})";
    }
}
