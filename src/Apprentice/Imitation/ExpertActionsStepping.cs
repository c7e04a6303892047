using Apprentice.Envs;
using Apprentice.Rl;

namespace Apprentice.Imitation;

/// <summary>How a convention steps an env: the actor's actions as the demonstrations of that convention were recorded.</summary>
public static class ExpertActionsStepping
{
    /// <summary>
    /// <paramref name="act"/> as <paramref name="convention"/> steps the env: clipped to the action space
    /// (<see cref="Evaluation.Executed"/>) under <see cref="ExpertActions.Executed"/>, unchanged under
    /// <see cref="ExpertActions.Sampled"/>. A policy's return is thus charged as its demonstrations' expert return was.
    /// </summary>
    public static Evaluation.Actor Stepped(this ExpertActions convention, Evaluation.Actor act, Space actionSpace) =>
        convention == ExpertActions.Executed ? Evaluation.Executed(act, actionSpace) : act;
}
