namespace Apprentice.Envs.MuJoCo;

/// <summary>
/// Gymnasium's <c>Hopper-v4</c> and <c>Hopper-v5</c> (<c>hopper_v4.py</c>, <c>hopper_v5.py</c>; model after Erez,
/// Tassa &amp; Todorov 2011): a one-legged planar robot, frame skip 4 (dt = 0.008), reward and observation as <see cref="PlanarWalkerEnv"/> (obs 11).
/// Healthy while every entry of state[2:] is in (−100, 100), z &gt; 0.7 and |angle| &lt; 0.2 (open intervals, so
/// NaN counts as unhealthy).
/// </summary>
public sealed class Hopper : PlanarWalkerEnv
{
    public Hopper(TaskVersion version = TaskVersion.V4) : base("hopper", nameof(Hopper), version)
    {
    }

    public override bool IsHealthy
    {
        get
        {
            ReadOnlySpan<double> qpos = Data.Qpos, qvel = Data.Qvel;
            for (int i = 2; i < qpos.Length; i++) if (!(qpos[i] > -100 && qpos[i] < 100)) return false;
            foreach (double v in qvel) if (!(v > -100 && v < 100)) return false;
            return qpos[1] > 0.7 && qpos[2] > -0.2 && qpos[2] < 0.2;
        }
    }
}
