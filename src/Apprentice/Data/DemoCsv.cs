using System.Globalization;
using System.Text;

namespace Apprentice.Data;

/// <summary>
/// Demonstrations as CSV, for behaviour recorded outside Python (a game's logs, a controller's trace, a spreadsheet).
/// One row per step under a header <c>episode, obs_0 … obs_{n−1}, act_0 … act_{m−1}</c> (or one <c>action</c> column
/// holding a discrete index), then optionally <c>reward</c> and <c>terminated</c>. An episode's rows are contiguous
/// and in time order; its last row holds the observation it ended in, with the action and reward cells empty, and
/// <c>terminated</c> = 1 there when the episode ended in a terminal state rather than being cut off. This is the
/// same information as the <c>.npz</c> layout (T actions, T + 1 observations per trajectory), so the two convert
/// both ways without loss. Without action columns the file holds observations alone (for imitation from
/// observations): every row of an episode is one of its T + 1 observations, the last the one it ended in, whose
/// reward cell is empty and which alone may set <c>terminated</c>.
/// </summary>
public static class DemoCsv
{
    private const string Expected = "episode, obs_<i>, act_<i> or action (or neither, for observations alone), reward, terminated";

    /// <summary>Reads a CSV file; any problem throws <see cref="InputException"/> naming the file and line.</summary>
    public static Demonstrations Load(string path)
    {
        if (!File.Exists(path)) throw new InputException($"demonstrations file '{path}' does not exist");
        using FileStream stream = File.OpenRead(path);
        Span<byte> start = stackalloc byte[4];
        int read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        if (start[..read].SequenceEqual("PK\u0003\u0004"u8))
            throw new InputException($"'{path}' is a zip archive (an .npz?), not CSV text; 'apprentice demos info' reads .npz files");
        if (start[..read].Contains((byte)0)) throw new InputException($"'{path}' is binary, not CSV text");
        stream.Position = 0;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Read(reader, Path.GetFileName(path));
    }

    /// <param name="reader">The CSV text.</param>
    /// <param name="source">Names the input in messages.</param>
    public static Demonstrations Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int line = 0;
        string? header;
        do
        {
            header = reader.ReadLine();
            line++;
        } while (header is not null && header.Trim().Length == 0);
        if (header is null) throw new InputException($"{source} is empty; expected a header ({Expected})");
        Columns columns = Columns.Parse(Split(header), source, line);

        var trajectories = new List<DemoTrajectory>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Episode? current = null;
        for (string? text = reader.ReadLine(); text is not null; text = reader.ReadLine())
        {
            line++;
            if (text.Trim().Length == 0) continue;
            string[] cells = Split(text);
            string where = $"{source} line {line}";
            if (cells.Length != columns.Count)
                throw new InputException($"{where}: {cells.Length} cells, the header has {columns.Count}");
            string id = cells[columns.Episode];
            if (id.Length == 0) throw new InputException($"{where}: the episode cell is empty");
            if (current is null || current.Id != id)
            {
                if (current is not null) trajectories.Add(current.Finish(source));
                if (!seen.Add(id)) throw new InputException($"{where}: episode '{id}' continues after other episodes' rows; keep each episode's rows together");
                current = new Episode(id, line, columns);
            }
            current.Add(cells, where);
        }
        if (current is null) throw new InputException($"{source} has a header but no rows");
        trajectories.Add(current.Finish(source));
        int[] actionShape = columns.Discrete ? [] : [columns.Actions.Length];
        return new Demonstrations(trajectories, [columns.Observations.Length], actionShape, columns.Discrete, $"demonstrations '{source}'");
    }

    /// <summary>Writes <paramref name="demos"/> as CSV (observations flattened); float values round-trip exactly.</summary>
    public static void Write(Demonstrations demos, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(demos);
        ArgumentNullException.ThrowIfNull(writer);
        var header = new List<string> { "episode" };
        header.AddRange(Enumerable.Range(0, demos.ObservationSize).Select(i => $"obs_{i}"));
        if (demos.IsDiscrete) header.Add("action");
        else header.AddRange(Enumerable.Range(0, demos.ActionSize).Select(i => $"act_{i}"));
        if (demos.HasRewards) header.Add("reward");
        header.Add("terminated");
        writer.WriteLine(string.Join(',', header));
        var c = CultureInfo.InvariantCulture;
        var row = new StringBuilder();
        for (int e = 0; e < demos.TrajectoryCount; e++)
        {
            DemoTrajectory t = demos[e];
            for (int step = 0; step <= t.Length; step++)
            {
                bool last = step == t.Length;
                row.Clear().Append(e.ToString(c));
                foreach (float o in t.Observation(step)) row.Append(',').Append(o.ToString("R", c));
                for (int j = 0; j < demos.ActionSize; j++)
                    row.Append(',').Append(last ? "" : demos.IsDiscrete ? ((long)t.Action(step)[j]).ToString(c) : t.Action(step)[j].ToString("R", c));
                if (demos.HasRewards) row.Append(',').Append(last ? "" : t.Rewards[step].ToString("R", c));
                row.Append(',').Append(last ? (t.Terminal ? "1" : "0") : "");
                writer.WriteLine(row);
            }
        }
    }

    /// <summary>Writes a CSV file atomically.</summary>
    public static void Save(Demonstrations demos, string path) =>
        AtomicFile.Write(path, temporary =>
        {
            using var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(false));
            Write(demos, writer);
        });

    /// <summary>Which column holds what, from the header.</summary>
    private sealed record Columns(int Count, int Episode, int[] Observations, int[] Actions, bool Discrete, int Reward, int Terminated)
    {
        public static Columns Parse(string[] names, string source, int line)
        {
            string where = $"{source} line {line} (the header)";
            int episode = -1, reward = -1, terminated = -1, action = -1;
            var obs = new SortedDictionary<int, int>();
            var act = new SortedDictionary<int, int>();
            for (int c = 0; c < names.Length; c++)
            {
                string name = names[c];
                int already = name switch
                {
                    "episode" => Take(ref episode, c),
                    "reward" => Take(ref reward, c),
                    "terminated" => Take(ref terminated, c),
                    "action" => Take(ref action, c),
                    _ when Indexed(name, "obs_") is int i => obs.TryAdd(i, c) ? -1 : obs[i],
                    _ when Indexed(name, "act_") is int i => act.TryAdd(i, c) ? -1 : act[i],
                    _ => throw new InputException($"{where}: unknown column '{name}'; the columns are {Expected}"),
                };
                if (already >= 0) throw new InputException($"{where}: column '{name}' appears twice");
            }
            if (episode < 0) throw new InputException($"{where}: no 'episode' column; the columns are {Expected}");
            int[] observations = Consecutive(obs, "obs_", where);
            if (observations.Length == 0) throw new InputException($"{where}: no observation columns (obs_0, obs_1, …)");
            if (action >= 0 && act.Count > 0) throw new InputException($"{where}: both 'action' (a discrete index) and act_<i> columns; use one");
            int[] actions = action >= 0 ? [action] : Consecutive(act, "act_", where); // none: observations alone
            return new Columns(names.Length, episode, observations, actions, action >= 0, reward, terminated);
        }

        private static int Take(ref int slot, int column)
        {
            int before = slot;
            if (slot < 0) slot = column;
            return before;
        }

        private static int? Indexed(string name, string prefix) =>
            name.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int i)
                ? i : null;

        private static int[] Consecutive(SortedDictionary<int, int> indexed, string prefix, string where)
        {
            int expected = 0;
            foreach (int i in indexed.Keys)
            {
                if (i != expected) throw new InputException($"{where}: {prefix}{expected} is missing before {prefix}{i}");
                expected++;
            }
            return [.. indexed.Values];
        }
    }

    /// <summary>One episode's rows as they are read: its steps, then the final observation.</summary>
    private sealed class Episode(string id, int firstLine, Columns columns)
    {
        private readonly List<float> _observations = [], _actions = [];
        private readonly List<double> _rewards = [];
        private bool _ended, _terminal;
        private string? _lastRow; // observations alone: where the latest row is, which may be the final one

        public string Id => id;

        public void Add(string[] cells, string where)
        {
            if (columns.Actions.Length == 0)
            {
                AddObservation(cells, where);
                return;
            }
            if (_ended) throw new InputException($"{where}: episode '{id}' has a row after its final observation (the row whose action cells are empty)");
            foreach (int c in columns.Observations) _observations.Add(Number(cells[c], where, c));
            int empty = columns.Actions.Count(c => cells[c].Length == 0);
            if (empty != 0 && empty != columns.Actions.Length)
                throw new InputException($"{where}: some action cells are empty and some are not; a step fills them all, the final row leaves them all empty");
            bool terminated = columns.Terminated >= 0 && Flag(cells[columns.Terminated], where);
            string? reward = columns.Reward >= 0 ? cells[columns.Reward] : null;
            if (empty == 0)
            {
                foreach (int c in columns.Actions)
                {
                    float a = Number(cells[c], where, c);
                    if (columns.Discrete && (a < 0 || a != MathF.Floor(a)))
                        throw new InputException($"{where}: action '{cells[c]}' is not a discrete index (an integer ≥ 0)");
                    _actions.Add(a);
                }
                if (reward is not null)
                {
                    if (reward.Length == 0) throw new InputException($"{where}: the reward cell is empty on a step");
                    _rewards.Add(Reward(reward, where, columns.Reward));
                }
                if (terminated) throw new InputException($"{where}: terminated is set on a step; it belongs on the episode's final row");
                return;
            }
            if (reward is { Length: > 0 }) throw new InputException($"{where}: the final row (no action) holds a reward; rewards belong to steps");
            _ended = true;
            _terminal = terminated;
        }

        /// <summary>
        /// A row of observations alone: the row before it, now known not to be the final one, was a step, so it must
        /// have had a reward (when there are rewards) and no terminated flag; this row's reward waits for the next row.
        /// </summary>
        private void AddObservation(string[] cells, string where)
        {
            if (_lastRow is not null) EndStep();
            foreach (int c in columns.Observations) _observations.Add(Number(cells[c], where, c));
            _terminal = columns.Terminated >= 0 && Flag(cells[columns.Terminated], where);
            string reward = columns.Reward >= 0 ? cells[columns.Reward] : "";
            if (reward.Length > 0) _rewards.Add(Reward(reward, where, columns.Reward));
            _lastRow = where;
        }

        private void EndStep()
        {
            if (_terminal) throw new InputException($"{_lastRow}: terminated is set on a row that is not the episode's last; it belongs on its final observation");
            if (columns.Reward >= 0 && _rewards.Count != _observations.Count / columns.Observations.Length)
                throw new InputException($"{_lastRow}: the reward cell is empty on a step (only the final observation, the episode's last row, has none)");
        }

        public DemoTrajectory Finish(string source)
        {
            string which = $"{source}: episode '{id}' (from line {firstLine})";
            if (columns.Actions.Length == 0)
            {
                if (_observations.Count == columns.Observations.Length) throw new InputException($"{which} has one row: an episode needs its first observation and the one it ended in at least");
                if (columns.Reward >= 0 && _rewards.Count == _observations.Count / columns.Observations.Length)
                    throw new InputException($"{_lastRow}: the final row (the episode's last, its final observation) holds a reward; rewards belong to steps");
                return new DemoTrajectory([.. _observations], [], columns.Reward >= 0 ? [.. _rewards] : null, _terminal, columns.Observations.Length);
            }
            if (!_ended) throw new InputException($"{which} has no final observation: end it with a row of the observation it ended in and empty action cells");
            int n = columns.Observations.Length;
            if (_observations.Count == n) throw new InputException($"{which} has no steps, only its final observation");
            return new DemoTrajectory([.. _observations], [.. _actions], columns.Reward >= 0 ? [.. _rewards] : null, _terminal, n);
        }
    }

    private static float Number(string cell, string where, int column)
    {
        if (!float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) || !float.IsFinite(v))
            throw new InputException($"{where}: '{cell}' in column {column + 1} is not a finite number");
        return v;
    }

    private static double Reward(string cell, string where, int column)
    {
        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            throw new InputException($"{where}: '{cell}' in column {column + 1} is not a finite number");
        return v;
    }

    private static bool Flag(string cell, string where) => cell switch
    {
        "" or "0" or "false" or "False" => false,
        "1" or "true" or "True" => true,
        _ => throw new InputException($"{where}: terminated is '{cell}'; expected 1/true, 0/false or empty"),
    };

    /// <summary>Splits a CSV line; a cell may be double-quoted (with "" for a quote inside); cells are trimmed.</summary>
    private static string[] Split(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch != '"') cell.Append(ch);
                else if (i + 1 < line.Length && line[i + 1] == '"') cell.Append(line[++i]);
                else quoted = false;
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',')
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
            }
            else cell.Append(ch);
        }
        cells.Add(cell.ToString().Trim());
        return [.. cells];
    }
}
