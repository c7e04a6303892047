namespace Apprentice.Envs;

/// <summary>
/// Gymnasium's <c>reset(options=...)</c> for classic control. <see cref="Low"/> and <see cref="High"/> replace
/// the bounds of the uniform initial state (CartPole, Acrobot, MountainCar, MountainCarContinuous);
/// <see cref="XInit"/> and <see cref="YInit"/> replace Pendulum's symmetric bounds on angle and angular velocity.
/// Unset entries keep the env's defaults. As in Gymnasium, custom bounds may give out-of-space observations.
/// </summary>
public sealed record ResetOptions(double? Low = null, double? High = null, double? XInit = null, double? YInit = null)
{
    public bool IsEmpty => Low is null && High is null && XInit is null && YInit is null;
}
