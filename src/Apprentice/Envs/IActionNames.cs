namespace Apprentice.Envs;

/// <summary>
/// A task that names its actions, so that a learned cost, a feature or a log line can say what it is about: each
/// choice of a discrete action (<c>push_left</c>, <c>accelerate_right</c>), or each coordinate of a continuous one
/// (<c>torque</c>, <c>ctrl.abdomen_y</c>). Every built-in task does; a task of your own may implement it beside
/// <see cref="IEnv"/>.
/// </summary>
public interface IActionNames
{
    /// <summary>One name per choice of a <see cref="Discrete"/> space, or per coordinate of a <see cref="Box"/>; without spaces.</summary>
    IReadOnlyList<string> ActionNames { get; }

    /// <summary>The names of <paramref name="env"/>'s innermost task, or null when it gives none.</summary>
    static IReadOnlyList<string>? Of(IEnv env)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (env.Unwrapped is not IActionNames named) return null;
        IReadOnlyList<string> names = named.ActionNames;
        // As with observations: a miscounted list would name the wrong actions, so none is better.
        return names.Count == Count(env.ActionSpace) ? names : null;
    }

    /// <summary>How many names an action space takes: one per choice of a <see cref="Discrete"/>, one per coordinate of a <see cref="Box"/>.</summary>
    static int Count(Space actionSpace) => actionSpace is Discrete discrete ? discrete.N : actionSpace.FlatSize;
}
