using SkiaSharp;

namespace Apprentice.Cli.Rendering;

/// <summary>
/// An orthographic camera on a 3-d scene (z up). It looks along the direction of <paramref name="azimuth"/>
/// (degrees from +x towards +y) and <paramref name="elevation"/> (degrees, negative looking down), shows
/// <paramref name="width"/> metres across <paramref name="pixels"/> pixels, and centres <see cref="Target"/>.
/// Under an orthographic projection a sphere's image is a disc and a capsule's a stadium, exactly.
/// </summary>
internal sealed class SceneCamera(double azimuth, double elevation, double width, int pixels)
{
    private readonly (double X, double Y, double Z) _forward = Forward(azimuth, elevation);
    private readonly (double X, double Y, double Z) _right = (Math.Sin(Radians(azimuth)), -Math.Cos(Radians(azimuth)), 0);

    /// <summary>Pixels per metre.</summary>
    public float Scale { get; } = (float)(pixels / width);

    /// <summary>The world point drawn at the image's centre.</summary>
    public (double X, double Y, double Z) Target { get; set; }

    /// <summary>The screen's up direction: right × forward, so that a camera looking straight down sees +y up when azimuth is 90°.</summary>
    private (double X, double Y, double Z) UpVector => Cross(_right, _forward);

    /// <summary>Where a world point lands, in pixels from the bottom-left corner.</summary>
    public SKPoint Project(double x, double y, double z)
    {
        (double dx, double dy, double dz) = (x - Target.X, y - Target.Y, z - Target.Z);
        (double ux, double uy, double uz) = UpVector;
        double across = dx * _right.X + dy * _right.Y + dz * _right.Z, up = dx * ux + dy * uy + dz * uz;
        return new SKPoint((float)(pixels / 2.0 + Scale * across), (float)(pixels / 2.0 + Scale * up));
    }

    /// <summary>How far a world point lies along the view direction: the larger, the further away.</summary>
    public double Depth(double x, double y, double z) => (x - Target.X) * _forward.X + (y - Target.Y) * _forward.Y + (z - Target.Z) * _forward.Z;

    private static double Radians(double degrees) => degrees * Math.PI / 180;

    private static (double, double, double) Forward(double azimuth, double elevation)
    {
        double a = Radians(azimuth), e = Radians(elevation);
        return (Math.Cos(e) * Math.Cos(a), Math.Cos(e) * Math.Sin(a), Math.Sin(e));
    }

    private static (double X, double Y, double Z) Cross((double X, double Y, double Z) a, (double X, double Y, double Z) b) =>
        (a.Y * b.Z - a.Z * b.Y, a.Z * b.X - a.X * b.Z, a.X * b.Y - a.Y * b.X);
}
