using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PureHDF;
using PureHDF.VOL.Native;

namespace Apprentice.Data;

/// <summary>
/// Demonstrations from HDF5, in the two layouts offline datasets ship in, read with PureHDF (no native library); <see cref="Save"/> writes the first:
/// <list type="bullet">
/// <item>Minari's (<c>main_data.hdf5</c>): a group <c>episode_N</c> per episode holding <c>observations</c>
/// [(T + 1) × d], <c>actions</c> [T × a], or [T] integers for a discrete space, and <c>rewards</c>,
/// <c>terminations</c>, <c>truncations</c> [T]; episodes are taken in the order of N.</item>
/// <item>D4RL's: flat <c>observations</c> and <c>actions</c> [N × …], <c>rewards</c>, <c>terminals</c> and
/// <c>timeouts</c> [N], and usually <c>next_observations</c>; an episode ends at a step that terminates or times
/// out, or at the end of the file. Its last observation is that step's <c>next_observations</c> row; a file without
/// them gives up each episode's last step instead, whose observation then ends the episode.</item>
/// </list>
/// Observations and actions are held as float32 whatever their stored type. Dict and Tuple spaces (groups in
/// place of <c>observations</c> or <c>actions</c>) are refused: a policy here takes one flat vector.
/// </summary>
public static partial class DemoHdf5
{
    /// <summary>Whether a file name is one <see cref="Demonstrations.Load"/> hands to this reader.</summary>
    public static bool Handles(string path) =>
        path.EndsWith(".hdf5", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".h5", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The data file of a Minari dataset's folder (<c>~/.minari/datasets/mujoco/hopper/expert-v0</c>, say), which
    /// keeps it in <c>data/main_data.hdf5</c>; a folder without one is refused.
    /// </summary>
    public static string MinariFile(string folder)
    {
        foreach (string candidate in new[] { Path.Combine(folder, "data", "main_data.hdf5"), Path.Combine(folder, "main_data.hdf5") })
            if (File.Exists(candidate)) return candidate;
        foreach (string metadata in new[] { Path.Combine(folder, "data", "metadata.json"), Path.Combine(folder, "metadata.json") })
            if (File.Exists(metadata) && DataFormat(metadata) is string format && format != "hdf5")
                throw new InputException($"'{folder}' is a Minari dataset stored as {format}; this reads Minari's HDF5 storage (data_format \"hdf5\", Minari's default)");
        throw new InputException($"'{folder}' is a folder without a Minari dataset's data/main_data.hdf5; give a demonstrations file (.npz, .csv, .hdf5) or such a folder");
    }

    /// <summary>
    /// A numeric scalar attribute in the type it was stored in (h5py stores Python's floats as float64 and ints as
    /// int64, NumPy's scalars as theirs); null for any other type, which leaves the field missing.
    /// </summary>
    private static double? Number(IH5Attribute attribute)
    {
        IH5DataType type = attribute.Type;
        bool signed = type.Class == H5DataTypeClass.FixedPoint && type.FixedPoint.IsSigned;
        return (type.Class, type.Size, signed) switch
        {
            (H5DataTypeClass.FloatingPoint, 4, _) => attribute.Read<float>(),
            (H5DataTypeClass.FloatingPoint, 8, _) => attribute.Read<double>(),
            (H5DataTypeClass.FixedPoint, 4, true) => attribute.Read<int>(),
            (H5DataTypeClass.FixedPoint, 4, false) => attribute.Read<uint>(),
            (H5DataTypeClass.FixedPoint, 8, true) => attribute.Read<long>(),
            (H5DataTypeClass.FixedPoint, 8, false) => attribute.Read<ulong>(),
            _ => null,
        };
    }

    /// <summary>
    /// A Minari 0.4 dataset's metadata, which it kept as attributes of <c>main_data.hdf5</c> (the id, the spaces, the
    /// env spec, the counts, the reference scores), as one JSON object; null for a file without them, such as one
    /// <see cref="Save"/> wrote.
    /// </summary>
    public static JsonObject? MinariAttributes(string path)
    {
        try
        {
            using NativeFile file = H5File.OpenRead(path);
            if (!file.AttributeExists("dataset_id")) return null;
            var o = new JsonObject();
            foreach (string name in (ReadOnlySpan<string>)["dataset_id", "minari_version", "observation_space", "action_space", "env_spec", "eval_env_spec", "algorithm_name"])
                if (file.AttributeExists(name)) o[name] = file.Attribute(name).Read<string>();
            foreach (string name in (ReadOnlySpan<string>)["total_episodes", "total_steps", "num_episodes_average_score"])
                if (file.AttributeExists(name) && Number(file.Attribute(name)) is double n) o[name] = n == Math.Floor(n) ? JsonValue.Create((long)n) : JsonValue.Create(n);
            foreach (string name in (ReadOnlySpan<string>)["ref_min_score", "ref_max_score"])
                if (file.AttributeExists(name)) o[name] = Number(file.Attribute(name)) is double n ? n : "(not a number)"; // which the metadata then names
            return o;
        }
        catch (Exception ex) when (ex is not InputException)
        {
            throw new InputException($"'{path}': its Minari attributes cannot be read ({ex.Message.ReplaceLineEndings(" ")})");
        }
    }

    /// <summary>The <c>data_format</c> a Minari metadata file names; null when it cannot be read.</summary>
    private static string? DataFormat(string metadata)
    {
        try
        {
            return PythonJson.Parse(File.ReadAllText(metadata))?["data_format"]?.GetValue<string>();
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Reads either layout; every defect throws <see cref="InputException"/> naming the file and the dataset.</summary>
    public static Demonstrations Load(string path)
    {
        string context = $"demonstrations '{path}'";
        if (!File.Exists(path)) throw new InputException($"{context}: no such file");
        NativeFile file;
        try
        {
            file = H5File.OpenRead(path);
        }
        catch (Exception ex) when (ex is not InputException)
        {
            throw new InputException($"{context}: not an HDF5 file ({ex.Message})");
        }
        using (file)
        {
            try
            {
                string[] names = [.. file.Children().Select(link => link.Name)];
                Match[] episodes = [.. names.Select(n => EpisodeName().Match(n)).Where(m => m.Success)];
                if (episodes.Length > 0) return Minari(file, episodes, context);
                if (names.Contains("observations") && names.Contains("actions")) return D4rl(file, context);
                throw new InputException($"{context}: neither Minari's layout (a group episode_N per episode) nor D4RL's " +
                    "(observations, actions, rewards, terminals, timeouts at the top)");
            }
            catch (Exception ex) when (ex is not InputException)
            {
                throw new InputException($"{context}: cannot be read ({ex.Message})");
            }
        }
    }

    /// <param name="episodes">The <c>episode_N</c> names, in any order; they are read in the order of N.</param>
    private static Demonstrations Minari(NativeFile file, Match[] episodes, string context)
    {
        var trajectories = new List<DemoTrajectory>(episodes.Length);
        int[]? observationShape = null, actionShape = null;
        bool discrete = false;
        foreach (string name in episodes.OrderBy(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Select(m => m.Value))
        {
            IH5Group episode = file.Group(name);
            string where = $"{context}: {name}";
            Table observations = Table.Read(episode, "observations", where), actions = Table.Read(episode, "actions", where);
            int length = actions.Rows;
            if (length == 0) throw new InputException($"{where} has no actions");
            if (observations.Rows != length + 1)
                throw new InputException($"{where}: 'observations' has {observations.Rows} rows; {length} actions need {length + 1} (the first and the last observation)");
            double[] rewards = Table.Read(episode, "rewards", where).Column(length, "rewards", where);
            double[] terminations = Table.Read(episode, "terminations", where).Column(length, "terminations", where);
            Table.Read(episode, "truncations", where).Column(length, "truncations", where); // checked only: an episode not terminated was cut off
            (observationShape, actionShape, discrete) = Shapes(observations, actions, observationShape, actionShape, where);
            trajectories.Add(new DemoTrajectory(observations.Singles(0, length + 1), actions.Singles(0, length), rewards, terminations[^1] != 0, observations.RowSize));
        }
        return new Demonstrations(trajectories, observationShape!, actionShape!, discrete, context);
    }

    private static Demonstrations D4rl(NativeFile file, string context)
    {
        Table observations = Table.Read(file, "observations", context), actions = Table.Read(file, "actions", context);
        int n = actions.Rows;
        if (n == 0) throw new InputException($"{context}: 'actions' is empty");
        if (observations.Rows != n) throw new InputException($"{context}: 'observations' has {observations.Rows} rows and 'actions' {n}; D4RL's have one each per step");
        double[] rewards = Table.Read(file, "rewards", context).Column(n, "rewards", context);
        double[] terminals = Table.Read(file, "terminals", context).Column(n, "terminals", context);
        double[] timeouts = Table.Read(file, "timeouts", context).Column(n, "timeouts", context);
        Table? next = file.LinkExists("next_observations") ? Table.Read(file, "next_observations", context) : null;
        if (next is not null && (next.Rows != n || next.RowSize != observations.RowSize))
            throw new InputException($"{context}: 'next_observations' is {next.Rows} × {next.RowSize}; 'observations' is {n} × {observations.RowSize}");
        var (observationShape, actionShape, discrete) = Shapes(observations, actions, null, null, context);

        int d = observations.RowSize;
        var trajectories = new List<DemoTrajectory>();
        for (int start = 0; start < n;)
        {
            int end = start; // the episode's last step
            while (end < n - 1 && terminals[end] == 0 && timeouts[end] == 0) end++;
            int steps = next is not null ? end - start + 1 : end - start; // without next_observations the last step only ends it
            if (steps > 0)
            {
                float[] o = [.. observations.Singles(start, steps), .. (next ?? observations).Singles(end, 1)];
                trajectories.Add(new DemoTrajectory(o, actions.Singles(start, steps), rewards[start..(start + steps)], terminals[end] != 0, d));
            }
            start = end + 1;
        }
        if (trajectories.Count == 0) throw new InputException($"{context}: every episode is a single step, and without 'next_observations' a step's last observation is unknown");
        return new Demonstrations(trajectories, observationShape, actionShape, discrete, context);
    }

    /// <summary>One row's shapes; actions stored as integers are discrete indices, which must then be one per step.</summary>
    private static (int[] Observation, int[] Action, bool Discrete) Shapes(Table observations, Table actions, int[]? observationShape, int[]? actionShape, string where)
    {
        if (observations.Integer && observations.RowShape.Length == 0) throw new InputException($"{where}: 'observations' holds one integer per step (a Discrete space); a policy here takes a vector of floats");
        if (actions.Integer && actions.RowShape.Length != 0)
            throw new InputException($"{where}: 'actions' holds integer arrays of shape ({string.Join(", ", actions.RowShape)}); a discrete action is one index");
        int[] action = actions.Integer ? [] : actions.RowShape.Length == 0 ? [1] : actions.RowShape;
        if (observationShape is not null && !observationShape.SequenceEqual(observations.RowShape))
            throw new InputException($"{where}: observations of shape ({string.Join(", ", observations.RowShape)}) unlike the first episode's ({string.Join(", ", observationShape)})");
        if (actionShape is not null && !actionShape.SequenceEqual(action))
            throw new InputException($"{where}: actions of shape ({string.Join(", ", action)}) unlike the first episode's ({string.Join(", ", actionShape)})");
        return (observations.RowShape, action, actions.Integer);
    }

    /// <summary>
    /// Writes Minari's episode layout, atomically: a group <c>episode_N</c> per trajectory (attributes <c>id</c> and
    /// <c>total_steps</c>) holding <c>observations</c> [(T + 1) × shape] float32, <c>actions</c> [T × shape] float32 or,
    /// for a discrete space, [T] int64, <c>rewards</c> [T] float64, and <c>terminations</c> and <c>truncations</c> [T]
    /// (set at the last step: terminated, or cut off), and an empty <c>infos</c> group, with <c>total_episodes</c> and
    /// <c>total_steps</c> on the file.
    /// It is the data file of a dataset; <see cref="MinariDataset.Save"/> writes it with the <c>metadata.json</c> beside it.
    /// </summary>
    public static void Save(Demonstrations demos, string path)
    {
        if (!demos.HasRewards)
            throw new InputException($"'{path}': these demonstrations have no rewards, and Minari's layout holds them; write .npz or .csv");
        if (!demos.HasActions)
            throw new InputException($"'{path}': these demonstrations are observations alone, and Minari's layout holds actions; write .npz or .csv");
        ulong[] observationShape = [.. demos.ObservationShape.Select(d => (ulong)d)], actionShape = [.. demos.ActionShape.Select(d => (ulong)d)];
        var file = new H5File();
        file.Attributes["total_episodes"] = (long)demos.TrajectoryCount;
        file.Attributes["total_steps"] = (long)demos.TransitionCount;
        for (int i = 0; i < demos.TrajectoryCount; i++)
        {
            DemoTrajectory t = demos[i];
            ulong steps = (ulong)t.Length;
            var terminations = new H5Bool[t.Length];
            var truncations = new H5Bool[t.Length];
            (t.Terminal ? terminations : truncations)[^1] = H5Bool.TRUE;
            var episode = new H5Group
            {
                ["observations"] = new H5Dataset(t.Observations.ToArray(), fileDims: [steps + 1, .. observationShape]),
                ["actions"] = demos.IsDiscrete
                    ? Array.ConvertAll(t.Actions.ToArray(), a => (long)a)
                    : new H5Dataset(t.Actions.ToArray(), fileDims: [steps, .. actionShape]),
                ["rewards"] = t.Rewards.ToArray(),
                ["terminations"] = terminations,
                ["truncations"] = truncations,
                ["infos"] = new H5Group(), // none, but Minari's EpisodeData prints its infos' keys and fails on None
            };
            episode.Attributes["id"] = (long)i;
            episode.Attributes["total_steps"] = (long)t.Length;
            file[$"episode_{i}"] = episode;
        }
        AtomicFile.Write(path, temporary => file.Write(temporary));
    }

    /// <summary>A bool as h5py stores one (an enum over an 8-bit integer named FALSE and TRUE), so that NumPy reads it as bool.</summary>
    private enum H5Bool : byte
    {
        FALSE = 0,
        TRUE = 1,
    }

    [GeneratedRegex(@"^episode_(\d+)$")]
    private static partial Regex EpisodeName();

    /// <summary>A numeric dataset as rows of doubles (exact for every stored type but 64-bit integers past 2⁵³): its first dimension is the step, the rest one row's shape.</summary>
    private sealed class Table
    {
        private Table(double[] values, int rows, int[] rowShape, bool integer)
        {
            Values = values;
            Rows = rows;
            RowShape = rowShape;
            Integer = integer;
        }

        public double[] Values { get; }

        public int Rows { get; }

        public int[] RowShape { get; }

        public int RowSize => RowShape.Aggregate(1, (p, s) => p * s);

        /// <summary>Stored as integers (or as an HDF5 enum, which is how h5py stores bools).</summary>
        public bool Integer { get; }

        /// <summary>Rows [start, start + count) as float32, the type demonstrations hold.</summary>
        public float[] Singles(int start, int count) => Array.ConvertAll(Values[(start * RowSize)..((start + count) * RowSize)], v => (float)v);

        public static Table Read(IH5Group group, string name, string where)
        {
            if (!group.LinkExists(name)) throw new InputException($"{where} has no '{name}'");
            if (group.Get(name) is not IH5Dataset dataset)
                throw new InputException($"{where}: '{name}' is a group (a Dict or Tuple space); only flat arrays can be imitated");
            ulong[] dims = dataset.Space.Dimensions;
            if (dims.Length == 0) throw new InputException($"{where}: '{name}' is a scalar, not one row per step");
            IH5DataType type = dataset.Type;
            bool signed = type.Class == H5DataTypeClass.FixedPoint && type.FixedPoint.IsSigned;
            double[] values = (type.Class, type.Size, signed) switch
            {
                (H5DataTypeClass.FloatingPoint, 4, _) => Array.ConvertAll(dataset.Read<float[]>(), v => (double)v),
                (H5DataTypeClass.FloatingPoint, 8, _) => dataset.Read<double[]>(),
                (H5DataTypeClass.FixedPoint, 1, true) => Array.ConvertAll(dataset.Read<sbyte[]>(), v => (double)v),
                (H5DataTypeClass.FixedPoint or H5DataTypeClass.Enumerated, 1, false) => Array.ConvertAll(dataset.Read<byte[]>(), v => (double)v),
                (H5DataTypeClass.FixedPoint, 2, true) => Array.ConvertAll(dataset.Read<short[]>(), v => (double)v),
                (H5DataTypeClass.FixedPoint, 2, false) => Array.ConvertAll(dataset.Read<ushort[]>(), v => (double)v),
                (H5DataTypeClass.FixedPoint, 4, true) => Array.ConvertAll(dataset.Read<int[]>(), v => (double)v),
                (H5DataTypeClass.FixedPoint, 4, false) => Array.ConvertAll(dataset.Read<uint[]>(), v => (double)v),
                (H5DataTypeClass.FixedPoint, 8, true) => Array.ConvertAll(dataset.Read<long[]>(), v => (double)v),
                (H5DataTypeClass.FixedPoint, 8, false) => Array.ConvertAll(dataset.Read<ulong[]>(), v => (double)v),
                _ => throw new InputException($"{where}: '{name}' holds {type.Class} values of {type.Size} bytes, not numbers"),
            };
            bool integer = type.Class is H5DataTypeClass.FixedPoint or H5DataTypeClass.Enumerated;
            return new Table(values, checked((int)dims[0]), [.. dims[1..].Select(v => checked((int)v))], integer);
        }

        /// <summary>A one-per-step column of <paramref name="rows"/> entries.</summary>
        public double[] Column(int rows, string name, string where)
        {
            if (RowSize != 1 || Rows != rows)
                throw new InputException($"{where}: '{name}' has {Rows} rows of {RowSize}; expected {rows} single values, one per step");
            return Values;
        }
    }
}
