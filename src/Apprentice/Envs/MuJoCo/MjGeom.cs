namespace Apprentice.Envs.MuJoCo;

/// <summary>MuJoCo's <c>mjtGeom</c>, the values of <c>geom_type</c> (2.2.2 <c>mjmodel.h</c>).</summary>
public enum MjGeom
{
    Plane = 0,
    HeightField = 1,
    Sphere = 2,
    Capsule = 3,
    Ellipsoid = 4,
    Cylinder = 5,
    Box = 6,
    Mesh = 7,
}
