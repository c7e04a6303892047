using Apprentice.Envs.ClassicControl;
using Apprentice.Envs.MuJoCo;

namespace Apprentice.Envs;

/// <summary>
/// The env registry, like Gymnasium's <c>gymnasium.make</c> / <c>register</c>. The classic-control tasks are
/// registered when the class is first used; other modules (and users) add theirs with <see cref="Register"/>.
/// </summary>
public static class Gym
{
    private static readonly Lock Sync = new();
    private static readonly List<EnvSpec> Registered = [];
    private static readonly Dictionary<string, Func<IEnv>> Factories = new(StringComparer.Ordinal);

    static Gym()
    {
        ClassicControlEnvs.Register();
        MuJoCoEnvs.Register();
    }

    /// <summary>Registered specs, in registration order.</summary>
    public static IReadOnlyList<EnvSpec> Specs
    {
        get
        {
            lock (Sync) return Registered.ToArray();
        }
    }

    /// <summary>Adds an env; <paramref name="factory"/> builds the raw env, <see cref="Make"/> adds the wrappers.</summary>
    public static void Register(EnvSpec spec, Func<IEnv> factory)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(factory);
        if (string.IsNullOrWhiteSpace(spec.Id)) throw new ArgumentException("env id must not be empty");
        if (spec.MaxEpisodeSteps is <= 0)
            throw new ArgumentException($"env '{spec.Id}' has MaxEpisodeSteps {spec.MaxEpisodeSteps}; it must be positive or null");
        lock (Sync)
        {
            if (!Factories.TryAdd(spec.Id, factory))
                throw new ArgumentException($"env id '{spec.Id}' is already registered");
            Registered.Add(spec);
        }
    }

    /// <summary>The spec registered under <paramref name="id"/>; throws <see cref="InputException"/> for unknown ids.</summary>
    public static EnvSpec Spec(string id)
    {
        lock (Sync)
        {
            int i = Registered.FindIndex(s => s.Id == id);
            if (i < 0) throw Unknown(id);
            return Registered[i];
        }
    }

    /// <summary>
    /// Builds the env registered under <paramref name="id"/>, wrapped in <see cref="TimeLimit"/> when its spec
    /// has a step limit; <paramref name="maxEpisodeSteps"/> overrides that limit (or adds one).
    /// </summary>
    public static IEnv Make(string id, int? maxEpisodeSteps = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (maxEpisodeSteps is <= 0)
            throw new InputException($"max episode steps must be positive; got {maxEpisodeSteps}");
        EnvSpec spec = Spec(id);
        Func<IEnv> factory;
        lock (Sync) factory = Factories[id];
        if (maxEpisodeSteps is not null) spec = spec with { MaxEpisodeSteps = maxEpisodeSteps };

        IEnv env = factory();
        return spec.MaxEpisodeSteps is int limit ? new TimeLimit(env, limit, spec) : new SpecifiedEnv(env, spec);
    }

    private static InputException Unknown(string id)
    {
        if (Registered.FirstOrDefault(s => s.Id.Equals(id, StringComparison.OrdinalIgnoreCase)) is EnvSpec sameButCase)
            return new InputException($"unknown env id '{id}'; did you mean '{sameButCase.Id}'?");
        // The task under another version or none ('Hopper-v3', as D4RL names it; 'cartpole'): every version here.
        string[] versions = [.. Registered.Select(s => s.Id).Where(other => TaskName(other).Equals(TaskName(id), StringComparison.OrdinalIgnoreCase))];
        if (versions.Length > 0)
            return new InputException($"unknown env id '{id}'; did you mean {string.Join(", ", versions[..^1].Select(v => $"'{v}'"))}{(versions.Length > 1 ? " or " : "")}'{versions[^1]}'?");
        string? closest = null;
        int best = int.MaxValue;
        foreach (EnvSpec s in Registered)
        {
            int d = EditDistance(id.ToLowerInvariant(), s.Id.ToLowerInvariant());
            if (d < best)
            {
                best = d;
                closest = s.Id;
            }
        }
        // A suggestion helps only when it is close; otherwise list what exists.
        if (closest is not null && best <= Math.Max(2, id.Length / 3))
            return new InputException($"unknown env id '{id}'; did you mean '{closest}'?");
        return new InputException($"unknown env id '{id}'; registered ids: {string.Join(", ", Registered.Select(s => s.Id))}");
    }

    /// <summary>The part of an id before its version: "Hopper" of "Hopper-v4", "Ant" of "Ant-v4-contact".</summary>
    private static string TaskName(string id) => id.Split('-')[0];

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitute, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
