namespace Apprentice.Envs.MuJoCo;

/// <summary>MuJoCo's <c>mjtObj</c> values used with name look-ups (2.2.2 <c>mjmodel.h</c>).</summary>
public enum MjObject
{
    Body = 1,
    XBody = 2,
    Joint = 3,
    Dof = 4,
    Geom = 5,
    Site = 6,
    Camera = 7,
    Actuator = 18,
}
