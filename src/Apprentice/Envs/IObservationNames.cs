namespace Apprentice.Envs;

/// <summary>
/// A task that names each coordinate of its observation, so that a learned cost, a feature or a log line can say
/// what it is about: <c>cart_velocity</c>, <c>qvel.thigh_joint</c>, <c>cfrc_ext.right_lower_arm.fz</c>. Every
/// built-in task does; a task of your own may implement it beside <see cref="IEnv"/>.
/// </summary>
public interface IObservationNames
{
    /// <summary>One name per coordinate, [ObservationSpace.FlatSize], without spaces.</summary>
    IReadOnlyList<string> ObservationNames { get; }

    /// <summary>The names of <paramref name="env"/>'s innermost task, or null when it gives none.</summary>
    static IReadOnlyList<string>? Of(IEnv env)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (env.Unwrapped is not IObservationNames named) return null;
        IReadOnlyList<string> names = named.ObservationNames;
        // A task of our own or the user's that miscounts would name the wrong coordinates: better none.
        return names.Count == env.ObservationSpace.FlatSize ? names : null;
    }
}
