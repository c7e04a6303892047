using System.Buffers.Binary;
using System.Globalization;
using Apprentice.Envs;
using Apprentice.Imitation;

namespace Apprentice.Data;

/// <summary>
/// Expert trajectories, read and written in the <c>.npz</c> layout of HumanCompatibleAI/imitation's rollouts so
/// they cross between Python and .NET unchanged. Trajectories are concatenated: <c>obs</c> (N + K, *obs_shape)
/// float32, <c>acts</c> (N, *act_shape) int64 for discrete or float32 for continuous actions, optional
/// <c>rews</c> (N,) float64, <c>terminal</c> (K,) bool, and <c>indices</c> (K − 1,) int64, the split points of
/// the transition arrays; trajectory i's observations split at <c>indices[i] + i + 1</c>. The pickled
/// <c>infos</c> array is never read. Demonstrations of observations alone (a demonstrator whose actions were not
/// logged, for imitation from observations) have no <c>acts</c>, or an <c>acts</c> of shape (N, 0), which is how
/// they are written; their action shape is [0] (<see cref="HasActions"/>).
/// </summary>
public sealed class Demonstrations
{
    private readonly DemoTrajectory[] _trajectories;
    private readonly int[] _observationShape;
    private readonly int[] _actionShape;

    /// <param name="observationShape">One observation's shape, e.g. [4].</param>
    /// <param name="actionShape">One action's shape: [] for a discrete action, e.g. [1] for a one-dimensional Box.</param>
    /// <param name="discreteActions">Actions are indices, saved as int64.</param>
    /// <param name="source">How messages name them, e.g. <c>demonstrations 'demos.csv'</c>.</param>
    public Demonstrations(IReadOnlyList<DemoTrajectory> trajectories, int[] observationShape, int[] actionShape, bool discreteActions,
        string source = "demonstrations")
        : this(trajectories, observationShape, actionShape, discreteActions, source, "float32", discreteActions ? "int64" : "float32")
    {
    }

    private Demonstrations(
        IReadOnlyList<DemoTrajectory> trajectories, int[] observationShape, int[] actionShape, bool discreteActions,
        string source, string observationDType, string actionDType)
    {
        ArgumentNullException.ThrowIfNull(trajectories);
        ArgumentNullException.ThrowIfNull(observationShape);
        ArgumentNullException.ThrowIfNull(actionShape);
        if (trajectories.Count == 0) throw new ArgumentException("demonstrations need at least one trajectory");
        int observationSize = Product(observationShape), actionSize = Product(actionShape);
        for (int i = 0; i < trajectories.Count; i++)
        {
            DemoTrajectory t = trajectories[i];
            if (t.ObservationSize != observationSize || t.ActionSize != actionSize)
                throw new ArgumentException(
                    $"trajectory {i} has observations of {t.ObservationSize} and actions of {t.ActionSize} values; expected {observationSize} and {actionSize}");
            if (t.HasRewards != trajectories[0].HasRewards)
                throw new ArgumentException($"trajectory {i} {(t.HasRewards ? "has" : "lacks")} rewards unlike trajectory 0");
        }
        if (discreteActions && actionSize != 1) throw new ArgumentException($"a discrete action is one index; got action shape {NpyArray.FormatShape(actionShape)}");
        _trajectories = [.. trajectories];
        _observationShape = (int[])observationShape.Clone();
        _actionShape = (int[])actionShape.Clone();
        IsDiscrete = discreteActions;
        Source = source;
        ObservationDType = observationDType;
        ActionDType = actionDType;
    }

    /// <summary>How messages name these demonstrations, e.g. <c>demonstrations 'expert.npz'</c>.</summary>
    public string Source { get; }

    public int TrajectoryCount => _trajectories.Length;

    /// <summary>N, the number of actions over all trajectories.</summary>
    public int TransitionCount => _trajectories.Sum(t => t.Length);

    public IReadOnlyList<DemoTrajectory> Trajectories => _trajectories;

    public DemoTrajectory this[int index] => _trajectories[index];

    public int[] ObservationShape => (int[])_observationShape.Clone();

    public int ObservationSize => _trajectories[0].ObservationSize;

    /// <summary>One action's shape in the file: [] for discrete actions saved as a flat index array.</summary>
    public int[] ActionShape => (int[])_actionShape.Clone();

    public int ActionSize => _trajectories[0].ActionSize;

    /// <summary>False for demonstrations of observations alone (action shape [0]), which only imitation from observations learns from.</summary>
    public bool HasActions => ActionSize > 0;

    /// <summary>Actions are indices (the file's <c>acts</c> is an integer array).</summary>
    public bool IsDiscrete { get; }

    public bool HasRewards => _trajectories[0].HasRewards;

    /// <summary>NumPy's name for the dtype <c>obs</c> had in the file (values are held as float32 regardless).</summary>
    public string ObservationDType { get; }

    /// <summary>NumPy's name for the dtype <c>acts</c> had in the file, e.g. <c>int64</c> or <c>float32</c>.</summary>
    public string ActionDType { get; }

    /// <summary>Each trajectory's return; null when the file has no <c>rews</c>.</summary>
    public double[]? Returns => HasRewards ? [.. _trajectories.Select(t => t.Return!.Value)] : null;

    public int[] Lengths => [.. _trajectories.Select(t => t.Length)];

    public int TerminalCount => _trajectories.Count(t => t.Terminal);

    /// <summary>
    /// Reads an imitation-layout <c>.npz</c>, a <c>.csv</c> in <see cref="DemoCsv"/>'s layout, or an <c>.hdf5</c>/<c>.h5</c>
    /// dataset in Minari's or D4RL's layout (<see cref="DemoHdf5"/>), also given as a Minari dataset's folder (<see cref="MinariDataset"/>); every
    /// defect throws <see cref="InputException"/> naming the file and the array (or line).
    /// </summary>
    public static Demonstrations Load(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path)) throw new InputException($"demonstrations file '{path}' does not exist{MinariDataset.NotFoundHint(path)}");
        if (Directory.Exists(path)) return MinariDataset.Load(path);
        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) return DemoCsv.Load(path);
        if (DemoHdf5.Handles(path)) return DemoHdf5.Load(path);
        using NpzReader npz = NpzReader.Open(path);
        string context = $"demonstrations '{path}'";
        NpyArray obs = npz.Read("obs"), terminal = npz.Read("terminal"), indices = npz.Read("indices");
        NpyArray? acts = npz.Contains("acts") ? npz.Read("acts") : null; // none: observations alone
        NpyArray? rews = npz.Contains("rews") ? npz.Read("rews") : null;

        InputException Bad(string array, string what) => new($"{context}: array '{array}' {what}");
        if (obs.Shape.Length == 0 || !(obs.IsFloat || obs.IsInteger)) throw Bad("obs", $"must be a numeric array with a row per observation; it is {obs.DType} {NpyArray.FormatShape(obs.Shape)}");
        if (acts is not null && (acts.Shape.Length == 0 || !(acts.IsFloat || acts.IsInteger))) throw Bad("acts", $"must be a numeric array with a row per action; it is {acts.DType} {NpyArray.FormatShape(acts.Shape)}");
        if (terminal.Shape.Length != 1 || !(terminal.IsBool || terminal.IsInteger)) throw Bad("terminal", $"must be a one-dimensional bool array; it is {terminal.DType} {NpyArray.FormatShape(terminal.Shape)}");
        if (indices.Shape.Length != 1 || !indices.IsInteger) throw Bad("indices", $"must be a one-dimensional integer array; it is {indices.DType} {NpyArray.FormatShape(indices.Shape)}");
        int k = terminal.Shape[0], n = acts?.Shape[0] ?? obs.Shape[0] - k;
        if (k == 0) throw Bad("terminal", "is empty: the file holds no trajectories");
        if (indices.Shape[0] != k - 1) throw Bad("indices", $"has {indices.Shape[0]} split points; {k} trajectories (from 'terminal') need {k - 1}");
        if (obs.Shape[0] != n + k) throw Bad("obs", $"has {obs.Shape[0]} rows; {n} transitions in {k} trajectories need {n + k}");
        if (rews is not null && (rews.Shape.Length != 1 || rews.Shape[0] != n || !rews.IsFloat))
            throw Bad("rews", $"must be float with shape ({n},); it is {rews.DType} {NpyArray.FormatShape(rews.Shape)}");

        long[] split = indices.ToInt64();
        var starts = new int[k + 1];
        starts[k] = n;
        for (int i = 0; i < k - 1; i++)
        {
            if (split[i] <= starts[i] || split[i] >= n)
                throw Bad("indices", $"entry {i} is {split[i]}; split points must increase strictly within (0, {n}) so every trajectory has an action");
            starts[i + 1] = (int)split[i];
        }
        if (k > 0 && starts[k - 1] >= n) throw Bad("indices", $"leaves trajectory {k - 1} without actions");

        int[] observationShape = obs.Shape[1..], actionShape = acts?.Shape[1..] ?? [0];
        int observationSize = Product(observationShape), actionSize = Product(actionShape);
        if (observationSize == 0) throw Bad("obs", $"has empty observations, shape {NpyArray.FormatShape(obs.Shape)}");
        if (actionSize == 0 && actionShape is not [0]) throw Bad("acts", $"has empty actions of shape {NpyArray.FormatShape(acts!.Shape)}; observations alone are ({n}, 0), or no acts");
        bool discrete = acts?.IsInteger == true && actionSize > 0;
        if (discrete && actionSize != 1) throw Bad("acts", $"is an integer array of shape {NpyArray.FormatShape(acts!.Shape)}; discrete actions must be single indices");

        float[] o = obs.SinglesUncopied(), a = actionSize > 0 ? acts!.SinglesUncopied() : []; // copied trajectory by trajectory below
        double[]? r = rews?.ToDouble();
        bool[] done = terminal.IsBool ? terminal.ToBoolean() : Array.ConvertAll(terminal.ToInt64(), v => v != 0);
        var trajectories = new DemoTrajectory[k];
        for (int i = 0; i < k; i++)
        {
            int begin = starts[i], length = starts[i + 1] - starts[i];
            trajectories[i] = new DemoTrajectory(
                o.AsSpan((begin + i) * observationSize, (length + 1) * observationSize).ToArray(),
                a.AsSpan(begin * actionSize, length * actionSize).ToArray(),
                r?.AsSpan(begin, length).ToArray(),
                done[i],
                observationSize);
        }
        return new Demonstrations(trajectories, observationShape, actionShape, discrete, context, obs.TypeName, acts?.TypeName ?? "float32");
    }

    /// <summary>
    /// Writes the imitation layout atomically (or, to a <c>.csv</c> path, <see cref="DemoCsv"/>'s; to an <c>.hdf5</c> or
    /// <c>.h5</c> path, <see cref="DemoHdf5"/>'s, Minari's episode layout). <c>infos</c> is
    /// written as an object array of empty dicts because imitation's <c>serialize.load</c> indexes it
    /// unconditionally; it is a fixed pickle we emit, never one we read.
    /// </summary>
    public void Save(string path)
    {
        if (DemoHdf5.Handles(path))
        {
            DemoHdf5.Save(this, path);
            return;
        }
        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            DemoCsv.Save(this, path);
            return;
        }
        // Each array is streamed trajectory by trajectory, never gathered whole: obs can pass 2 GB (Humanoid's
        // 376 values a step reach it at about 1,400 episodes of 1,000 steps).
        int k = TrajectoryCount, n = TransitionCount;
        var terminal = new bool[k];
        var indices = new long[k - 1];
        int transition = 0;
        for (int i = 0; i < k; i++)
        {
            terminal[i] = _trajectories[i].Terminal;
            transition += _trajectories[i].Length;
            if (i < k - 1) indices[i] = transition;
        }
        var entries = new List<(string Name, Action<Stream> WriteNpy)>
        {
            ("obs", stream => WriteRows(stream, "<f4", [n + k, .. _observationShape], t => NpyArray.WriteValues(stream, t.Observations))),
            ("acts", stream => WriteRows(stream, IsDiscrete ? "<i8" : "<f4", [n, .. _actionShape], t =>
            {
                if (IsDiscrete) NpyArray.WriteValues<long>(stream, Array.ConvertAll(t.Actions.ToArray(), v => (long)v));
                else NpyArray.WriteValues(stream, t.Actions);
            })),
        };
        if (HasRewards) entries.Add(("rews", stream => WriteRows(stream, "<f8", [n], t => NpyArray.WriteValues(stream, t.Rewards))));
        entries.Add(("terminal", new NpyArray("terminal", terminal, k).WriteNpy));
        entries.Add(("indices", new NpyArray("indices", indices, k - 1).WriteNpy));
        entries.Add(("infos", stream => WriteEmptyInfos(stream, n)));
        NpzWriter.Write(path, entries, compress: true);
    }

    /// <summary>One <c>.npy</c> of the given dtype and shape whose values <paramref name="writeTrajectory"/> writes, a trajectory at a time.</summary>
    private void WriteRows(Stream stream, string dtype, int[] shape, Action<DemoTrajectory> writeTrajectory)
    {
        stream.Write(NpyArray.Header(dtype, shape));
        foreach (DemoTrajectory t in _trajectories) writeTrajectory(t);
    }

    /// <summary>The first <paramref name="trajectories"/> trajectories, as the papers vary the number of expert trajectories.</summary>
    public Demonstrations Take(int trajectories)
    {
        if (trajectories <= 0) throw new InputException($"the number of expert trajectories must be positive; got {trajectories}");
        if (trajectories > TrajectoryCount)
            throw new InputException($"{Source} hold {TrajectoryCount} trajectories; cannot take {trajectories}");
        return new Demonstrations(_trajectories[..trajectories], _observationShape, _actionShape, IsDiscrete, Source, ObservationDType, ActionDType);
    }

    /// <summary>The same episodes with their actions left out: what a demonstrator whose actions were not logged gives.</summary>
    public Demonstrations WithoutActions() =>
        new([.. _trajectories.Select(t => new DemoTrajectory(t.Observations.ToArray(), [], t.HasRewards ? t.Rewards.ToArray() : null, t.Terminal, t.ObservationSize))],
            _observationShape, [0], discreteActions: false, Source, ObservationDType, "float32");

    /// <summary>
    /// The trajectories of every part, in order, as one set (demonstrations recorded in several sittings, say). The
    /// parts must agree on the observation and action shapes, on discrete or continuous actions, and on having rewards.
    /// </summary>
    public static Demonstrations Concat(IReadOnlyList<Demonstrations> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0) throw new ArgumentException("nothing to join");
        Demonstrations first = parts[0];
        foreach (Demonstrations part in parts.Skip(1))
        {
            string? unlike =
                !part._observationShape.SequenceEqual(first._observationShape) ? $"observations of shape {NpyArray.FormatShape(part._observationShape)}, and {first.Source} of shape {NpyArray.FormatShape(first._observationShape)}"
                : part.HasActions != first.HasActions ? (part.HasActions ? $"actions, and {first.Source} observations alone" : $"observations alone, and {first.Source} actions as well")
                : part.IsDiscrete != first.IsDiscrete ? $"{(part.IsDiscrete ? "discrete" : "continuous")} actions, and {first.Source} {(first.IsDiscrete ? "discrete" : "continuous")} ones"
                : !part._actionShape.SequenceEqual(first._actionShape) ? $"actions of shape {NpyArray.FormatShape(part._actionShape)}, and {first.Source} of shape {NpyArray.FormatShape(first._actionShape)}"
                : part.HasRewards != first.HasRewards ? (part.HasRewards ? $"rewards, and {first.Source} none" : $"no rewards, and {first.Source} do")
                : null;
            if (unlike is not null) throw new InputException($"{part.Source} hold {unlike}; they cannot be joined");
        }
        return new Demonstrations([.. parts.SelectMany(p => p._trajectories)], first._observationShape, first._actionShape, first.IsDiscrete,
            string.Join(" + ", parts.Select(p => p.Source)), first.ObservationDType, first.ActionDType);
    }

    /// <summary>
    /// <see cref="Pairs(int, Rng)"/> with offsets that depend on the data only, not on any run's seed: the authors
    /// drew them with <c>RandomState(0)</c> in every run, so the runs of an experiment differ in the learner's
    /// randomness and learn from the same pairs.
    /// </summary>
    public ExpertPairs Pairs(int subsample) => Pairs(subsample, new Rng(0).Split("expert-subsample"));

    /// <summary>
    /// State-action pairs for learning: every <paramref name="subsample"/>-th pair of each trajectory from a random
    /// start offset in [0, subsample), as the GAIL authors' <c>data_subsamp_freq</c> did (subsample 1 keeps all).
    /// Each pair's observation is the one the action was taken in, never a trajectory's final observation.
    /// </summary>
    public ExpertPairs Pairs(int subsample, Rng rng) => Subsampled(subsample, rng, transitions: false);

    /// <summary>
    /// The transitions (s, s′) of the same rows as <see cref="Pairs(int)"/>, each observation with the one after it in
    /// place of the action (a trajectory's last step takes its final observation), for imitation from observations
    /// (<see cref="Imitation.GailConfig.ObservationsOnly"/>).
    /// </summary>
    public ExpertPairs Transitions(int subsample) => Subsampled(subsample, new Rng(0).Split("expert-subsample"), transitions: true);

    private ExpertPairs Subsampled(int subsample, Rng rng, bool transitions)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (subsample <= 0) throw new InputException($"the subsampling interval must be positive; got {subsample}");
        int observationSize = ObservationSize, actionSize = transitions ? ObservationSize : ActionSize;
        var offsets = new int[TrajectoryCount];
        int count = 0;
        for (int i = 0; i < offsets.Length; i++)
        {
            offsets[i] = rng.NextInt(subsample);
            int length = _trajectories[i].Length;
            if (offsets[i] < length) count += (length - offsets[i] + subsample - 1) / subsample;
        }
        var observations = new float[count * observationSize];
        var actions = new float[count * actionSize];
        int m = 0;
        for (int i = 0; i < offsets.Length; i++)
        {
            DemoTrajectory t = _trajectories[i];
            for (int step = offsets[i]; step < t.Length; step += subsample, m++)
            {
                t.Observation(step).CopyTo(observations.AsSpan(m * observationSize));
                (transitions ? t.Observation(step + 1) : t.Action(step)).CopyTo(actions.AsSpan(m * actionSize));
            }
        }
        return new ExpertPairs(observations, actions, observationSize, actionSize);
    }

    /// <summary>
    /// Checks the demonstrations fit an env's spaces: sizes, finite values, observations within the observation
    /// Box, discrete actions integers in [0, N), continuous actions within the action Box. Throws
    /// <see cref="InputException"/> naming the first bad item.
    /// </summary>
    /// <remarks>
    /// Out-of-bounds continuous actions are errors, not warnings. Gaussian policies sample outside the Box and the
    /// env clips, but imitation stores the clipped action (Stable-Baselines3 clips in <c>predict</c>): its Pendulum
    /// file has 0 of 11,200 actions outside [−2, 2] and 832 exactly at the bounds. So an action outside the Box
    /// means the demonstrations were made for a different env or with different scaling, unless the caller says
    /// they hold raw samples (<see cref="ExpertActions.Sampled"/>, the GAIL authors' convention).
    /// </remarks>
    /// <param name="envId">Names the env in messages; defaults to describing the space.</param>
    /// <param name="actions">With <see cref="ExpertActions.Sampled"/> continuous actions may lie outside the Box (they
    /// must still be finite).</param>
    /// <param name="actionSpace">Null when the actions are not used (imitation from observations): they are then not
    /// checked at all, and may be of any shape, a demonstrator's with other actuators say.</param>
    public void Validate(Space observationSpace, Space? actionSpace, string? envId = null, ExpertActions actions = ExpertActions.Executed)
    {
        ArgumentNullException.ThrowIfNull(observationSpace);
        string env = envId ?? "the env";
        if (ObservationSize != observationSpace.FlatSize)
            throw Invalid($"observations have {ObservationSize} values, {env} expects {observationSpace.FlatSize}");
        for (int i = 0; i < _trajectories.Length; i++)
        {
            DemoTrajectory t = _trajectories[i];
            for (int step = 0; step <= t.Length; step++)
            {
                ReadOnlySpan<float> o = t.Observation(step);
                for (int j = 0; j < o.Length; j++)
                {
                    if (!float.IsFinite(o[j])) throw InvalidAt(i, step, $"observation holds {NonFinite(o[j])}");
                    if (observationSpace is Box box && !Within(o[j], box.LowAt(j), box.HighAt(j)))
                        throw InvalidAt(i, step, $"observation value {j} = {Format(o[j])} is outside {env}'s observation space {box}");
                }
            }
            for (int step = 0; step < t.Length; step++)
                if (t.HasRewards && !double.IsFinite(t.Rewards[step]))
                    throw InvalidAt(i, step, $"reward holds {(double.IsNaN(t.Rewards[step]) ? "NaN" : "infinity")}");
        }
        if (actionSpace is not null) ValidateActions(actionSpace, envId, actions);
    }

    /// <summary>
    /// The actions' part of <see cref="Validate(Space, Space?, string?, ExpertActions)"/>: their size and kind, and each
    /// one finite and in the action space (continuous ones only when executed). Throws <see cref="InputException"/>
    /// naming the first bad item.
    /// </summary>
    public void ValidateActions(Space actionSpace, string? envId = null, ExpertActions actions = ExpertActions.Executed)
    {
        ArgumentNullException.ThrowIfNull(actionSpace);
        string env = envId ?? "the env";
        if (!HasActions) throw Invalid("they hold observations alone, no actions; imitation from observations learns from them (imitate --observations-only)");
        switch (actionSpace)
        {
            case Discrete when ActionSize != 1:
                throw Invalid($"actions have {ActionSize} values, {env} expects one index of {actionSpace}");
            case Box when IsDiscrete:
                throw Invalid($"actions are discrete (an integer array), {env} expects continuous actions in {actionSpace}");
            case Box box when ActionSize != box.FlatSize:
                throw Invalid($"actions have {ActionSize} values, {env} expects {box.FlatSize} ({actionSpace})");
        }
        for (int i = 0; i < _trajectories.Length; i++)
        {
            DemoTrajectory t = _trajectories[i];
            for (int step = 0; step < t.Length; step++)
            {
                ReadOnlySpan<float> a = t.Action(step);
                for (int j = 0; j < a.Length; j++)
                {
                    string what = a.Length == 1 ? $"action {Format(a[j])}" : $"action value {j} = {Format(a[j])}";
                    if (!float.IsFinite(a[j])) throw InvalidAt(i, step, $"action holds {NonFinite(a[j])}");
                    if (actionSpace is Discrete d && !d.Contains(a))
                        throw InvalidAt(i, step, $"{what} is not in {d}; expected an integer in [0, {d.N})");
                    if (actions == ExpertActions.Executed && actionSpace is Box b && !Within(a[j], b.LowAt(j), b.HighAt(j)))
                        throw InvalidAt(i, step, $"{what} is outside {b} (if the file holds the expert's raw Gaussian samples, say so with --expert-actions sampled)");
                }
            }
        }
    }

    /// <summary>Validates against a made env, named by its spec id.</summary>
    public void Validate(IEnv env, ExpertActions actions = ExpertActions.Executed)
    {
        ArgumentNullException.ThrowIfNull(env);
        Validate(env.ObservationSpace, env.ActionSpace, env.Spec?.Id, actions);
    }

    // Values travel as float32; allow rounding at the bounds (relative 1e-5) but nothing more.
    private static bool Within(float v, float low, float high) =>
        v >= low - 1e-5f * Math.Max(1f, Math.Abs(low)) && v <= high + 1e-5f * Math.Max(1f, Math.Abs(high));

    private static string NonFinite(float v) => float.IsNaN(v) ? "NaN" : "infinity";

    private static string Format(float v) => v.ToString("R", CultureInfo.InvariantCulture);

    private InputException Invalid(string what) => new($"{Source}: {what}");

    private InputException InvalidAt(int trajectory, int step, string what) => Invalid($"trajectory {trajectory}, step {step}: {what}");

    private static int Product(int[] shape)
    {
        int p = 1;
        foreach (int d in shape) p = checked(p * d);
        return p;
    }

    // np.load(allow_pickle=True) unpickles an object array; this pickle (protocol 2) calls numpy.array([{}, ...], 'O'),
    // which builds the 1-D object array of n empty dicts that imitation writes when trajectories have no infos.
    private static void WriteEmptyInfos(Stream stream, int n)
    {
        stream.Write(NpyArray.Header("|O", [n]));
        stream.Write([0x80, 0x02]);
        stream.Write("cnumpy\narray\n"u8);
        stream.Write("]("u8);
        var dicts = new byte[n];
        Array.Fill(dicts, (byte)'}');
        stream.Write(dicts);
        stream.Write("e"u8);
        Span<byte> dtype = [(byte)'X', 0, 0, 0, 0, (byte)'O'];
        BinaryPrimitives.WriteUInt32LittleEndian(dtype[1..], 1);
        stream.Write(dtype);
        stream.Write([0x86, (byte)'R', (byte)'.']);
    }
}
