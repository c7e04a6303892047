using SkiaSharp;

namespace Apprentice.Cli.Rendering;

/// <summary>
/// An orthographic camera on a 3-d scene (z up). It looks along the direction of an azimuth (degrees from +x towards
/// +y) and an elevation (degrees, negative looking down), shows a width in metres across a square image's pixels, and
/// centres <see cref="Target"/>.
/// Under an orthographic projection a sphere's image is a disc and a capsule's a stadium, exactly.
/// </summary>
internal sealed class SceneCamera
{
    private readonly (double X, double Y, double Z) _forward, _right, _up;
    private readonly int _pixels;

    public SceneCamera(double azimuth, double elevation, double width, int pixels)
    {
        double a = azimuth * Math.PI / 180, e = elevation * Math.PI / 180;
        _forward = (Math.Cos(e) * Math.Cos(a), Math.Cos(e) * Math.Sin(a), Math.Sin(e));
        _right = (Math.Sin(a), -Math.Cos(a), 0); // horizontal, so that the horizon stays level
        _up = Cross(_right, _forward); // looking straight down with azimuth 90°, +y is up
        _pixels = pixels;
        Scale = (float)(pixels / width);
    }

    /// <summary>Pixels per metre.</summary>
    public float Scale { get; }

    /// <summary>The world point drawn at the image's centre.</summary>
    public (double X, double Y, double Z) Target { get; set; }

    /// <summary>Where a world point lands, in pixels from the bottom-left corner.</summary>
    public SKPoint Project(double x, double y, double z)
    {
        (double dx, double dy, double dz) = (x - Target.X, y - Target.Y, z - Target.Z);
        double across = dx * _right.X + dy * _right.Y + dz * _right.Z, up = dx * _up.X + dy * _up.Y + dz * _up.Z;
        return new SKPoint((float)(_pixels / 2.0 + Scale * across), (float)(_pixels / 2.0 + Scale * up));
    }

    /// <summary>How far a world point lies along the view direction: the larger, the further away.</summary>
    public double Depth(double x, double y, double z) => (x - Target.X) * _forward.X + (y - Target.Y) * _forward.Y + (z - Target.Z) * _forward.Z;

    private static (double X, double Y, double Z) Cross((double X, double Y, double Z) a, (double X, double Y, double Z) b) =>
        (a.Y * b.Z - a.Z * b.Y, a.Z * b.X - a.X * b.Z, a.X * b.Y - a.Y * b.X);
}
