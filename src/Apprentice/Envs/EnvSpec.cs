namespace Apprentice.Envs;

/// <summary>A registered environment, as Gymnasium's <c>EnvSpec</c> describes it.</summary>
/// <param name="Id">Gymnasium's id, e.g. <c>CartPole-v1</c>.</param>
/// <param name="MaxEpisodeSteps">The <see cref="TimeLimit"/> that <see cref="Gym.Make"/> applies; null for none.</param>
/// <param name="RewardThreshold">The return at which the task counts as solved; null when the task has none.</param>
/// <param name="Description">One line for listings such as <c>apprentice envs</c>.</param>
public sealed record EnvSpec(string Id, int? MaxEpisodeSteps, double? RewardThreshold, string Description = "");
