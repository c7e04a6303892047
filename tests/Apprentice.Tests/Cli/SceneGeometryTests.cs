using Apprentice.Cli.Rendering;
using SkiaSharp;

namespace Apprentice.Tests.Cli;

/// <summary>The pieces of the MuJoCo drawings: the orthographic camera, the convex hull and the frame pace.</summary>
public sealed class SceneGeometryTests
{
    private static void AssertNear(SKPoint expected, SKPoint actual) =>
        Assert.True(SKPoint.Distance(expected, actual) < 1e-3f, $"expected {expected}, got {actual}");

    [Fact]
    public void Camera_SideView_ShowsXRightAndZUp_AndYAsDepth()
    {
        var camera = new SceneCamera(azimuth: 90, elevation: 0, width: 4, pixels: 400) { Target = (10, 0, 1) };
        Assert.Equal(100f, camera.Scale);
        AssertNear(new SKPoint(200, 200), camera.Project(10, 0, 1));
        AssertNear(new SKPoint(300, 200), camera.Project(11, 0, 1));
        AssertNear(new SKPoint(200, 150), camera.Project(10, 0, 0.5));
        AssertNear(new SKPoint(200, 200), camera.Project(10, 3, 1)); // straight along the view
        Assert.Equal(3, camera.Depth(10, 3, 1), 12);
        Assert.Equal(-2, camera.Depth(10, -2, 7), 12);
    }

    [Fact]
    public void Camera_LookingDown_ShowsXRightAndYUp_AndHeightAsNearness()
    {
        var camera = new SceneCamera(azimuth: 90, elevation: -90, width: 1, pixels: 100);
        AssertNear(new SKPoint(60, 50), camera.Project(0.1, 0, 0));
        AssertNear(new SKPoint(50, 70), camera.Project(0, 0.2, 0));
        Assert.True(camera.Depth(0, 0, 1) < camera.Depth(0, 0, 0), "a higher point is nearer a camera above");
    }

    [Fact]
    public void Camera_Oblique_KeepsLengthsAcrossTheView()
    {
        // Azimuth 30°, looking 40° down: a 1 m segment along the screen's right axis (sin 30°, −cos 30°, 0) shows 1 m long.
        var camera = new SceneCamera(azimuth: 30, elevation: -40, width: 2, pixels: 200) { Target = (1, 2, 0) };
        SKPoint a = camera.Project(1, 2, 0), b = camera.Project(1 + Math.Sin(Math.PI / 6), 2 - Math.Cos(Math.PI / 6), 0);
        Assert.Equal(100, SKPoint.Distance(a, b), 3);
        Assert.Equal(a.Y, b.Y, 3);
        // A vertical metre shows cos 40° long.
        Assert.Equal(100 * Math.Cos(40 * Math.PI / 180), camera.Project(1, 2, 1).Y - a.Y, 3);
    }

    [Fact]
    public void ConvexHull_KeepsTheCorners_CounterClockwise()
    {
        SKPoint[] points = [new(1, 1), new(0, 0), new(2, 0), new(0.5f, 1.2f), new(2, 2), new(1, 0), new(0, 2), new(1.5f, 0.5f)];
        var hull = new SKPoint[points.Length + 1];
        int corners = ConvexHull.Of(points, hull);
        Assert.Equal([new SKPoint(0, 0), new SKPoint(2, 0), new SKPoint(2, 2), new SKPoint(0, 2)], hull[..corners]); // (1, 0) is on an edge
    }

    [Fact]
    public void ConvexHull_OfFewOrCoincidentPoints_IsThosePoints()
    {
        var hull = new SKPoint[4];
        Assert.Equal(2, ConvexHull.Of([new(3, 1), new(1, 1)], hull));
        Assert.Equal([new SKPoint(1, 1), new SKPoint(3, 1)], hull[..2]);
        Assert.Equal(1, ConvexHull.Of([new(2, 2), new(2, 2), new(2, 2)], hull));
        Assert.Throws<ArgumentException>(() => ConvexHull.Of(new SKPoint[4], new SKPoint[4]));
    }

    [Theory]
    [InlineData(0.008, 5, 4)]  // Hopper, Walker2d: every 5th observation, 25 fps, real time
    [InlineData(0.015, 2, 3)]  // Humanoid
    [InlineData(0.02, 1, 2)]   // Reacher
    [InlineData(0.05, 1, 5)]   // HalfCheetah, Ant
    [InlineData(0.0123, 2, 2)] // no whole number of 1/100 s within 25 observations: the nearest, a little fast
    [InlineData(0.5, 1, 50)]
    public void Pace_PlaysInRealTime_InWholeHundredths(double dt, int stride, int delay) =>
        Assert.Equal((stride, delay), Drawing.Pace(dt));
}
