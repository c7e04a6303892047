namespace Apprentice.Envs.MuJoCo;

/// <summary>
/// Which of Gymnasium's definitions a MuJoCo task follows. v4 is the one the shipped experts and the paper's
/// experiment use here; v5 (Gymnasium 1.0, the version Minari's MuJoCo
/// datasets are recorded on) pays the healthy reward only while healthy, takes Reacher's reward after the step
/// and drops its always-zero z, charges Ant and Humanoid for contact forces and leaves the world body out of
/// their observations, and gives Walker2d's right foot the left foot's friction. The dynamics are the same
/// otherwise; Gymnasium runs v5 on MuJoCo 2.3.3 or later, here it runs on 2.2.2 as v4 does.
/// </summary>
public enum TaskVersion
{
    V4 = 4,
    V5 = 5,
}

/// <summary>The rules that tell the versions apart where several tasks share them.</summary>
internal static class TaskVersionRules
{
    /// <summary>
    /// The healthy reward a step pays: v4 pays it on every step, the terminating one included; v5 only when the state
    /// after the step is healthy (Gymnasium#526).
    /// </summary>
    public static double PaidHealthyReward(this TaskVersion version, double healthyReward, bool healthyAfterStep) =>
        healthyAfterStep || version == TaskVersion.V4 ? healthyReward : 0;
}
