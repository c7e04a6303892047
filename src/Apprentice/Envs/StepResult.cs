namespace Apprentice.Envs;

/// <summary>What <see cref="IEnv.Step"/> returns besides the observation (Gymnasium ≥ 0.26: both flags may be true).</summary>
/// <param name="Reward">The step's reward; Gymnasium's Python floats are float64.</param>
/// <param name="Terminated">The task reached a terminal state (goal, failure).</param>
/// <param name="Truncated">The episode was cut short from outside the task, e.g. by <see cref="TimeLimit"/>.</param>
public readonly record struct StepResult(double Reward, bool Terminated, bool Truncated);
