namespace Apprentice.Envs.MuJoCo;

/// <summary>
/// Gymnasium's <c>Walker2d-v4</c> and <c>Walker2d-v5</c> (<c>walker2d_v4.py</c>, <c>walker2d_v5.py</c>; model after
/// Erez, Tassa &amp; Todorov 2011): a planar biped, frame skip 4 (dt = 0.008), feet with friction 0.9 (right) and
/// 1.9 (left) in v4 and 1.9 both in v5 (<c>walker2d_v5.xml</c>), reward and observation as
/// <see cref="PlanarWalkerEnv"/> (obs 17). Healthy while 0.8 &lt; z &lt; 2 and −1 &lt; angle &lt; 1.
/// </summary>
public sealed class Walker2d : PlanarWalkerEnv
{
    public Walker2d(TaskVersion version = TaskVersion.V4)
        : base(version == TaskVersion.V5 ? "walker2d_v5" : "walker2d", nameof(Walker2d), version)
    {
    }

    public override bool IsHealthy
    {
        get
        {
            double z = Data.Qpos[1], angle = Data.Qpos[2];
            return z > 0.8 && z < 2.0 && angle > -1.0 && angle < 1.0;
        }
    }
}
