using SkiaSharp;

namespace Apprentice.Cli.Rendering;

/// <summary>The convex hull of points in the plane (Andrew's monotone chain), for the image of a box, cylinder or ellipsoid.</summary>
internal static class ConvexHull
{
    /// <summary>
    /// Sorts <paramref name="points"/> and writes the hull's corners, counter-clockwise and without collinear
    /// ones, into <paramref name="hull"/> (at least <c>points.Length + 1</c> long); returns their count.
    /// </summary>
    public static int Of(Span<SKPoint> points, Span<SKPoint> hull)
    {
        if (hull.Length < points.Length + 1) throw new ArgumentException("the hull needs room for every point and one more", nameof(hull));
        points.Sort(static (a, b) => a.X != b.X ? a.X.CompareTo(b.X) : a.Y.CompareTo(b.Y));
        if (points.Length == 0) return 0;
        if (points[0] == points[^1]) // sorted, so all one point
        {
            hull[0] = points[0];
            return 1;
        }
        if (points.Length < 3)
        {
            points.CopyTo(hull);
            return points.Length;
        }
        int count = 0;
        for (int i = 0; i < points.Length; i++) // lower chain
        {
            while (count >= 2 && Turn(hull[count - 2], hull[count - 1], points[i]) <= 0) count--;
            hull[count++] = points[i];
        }
        for (int i = points.Length - 2, lower = count + 1; i >= 0; i--) // upper chain
        {
            while (count >= lower && Turn(hull[count - 2], hull[count - 1], points[i]) <= 0) count--;
            hull[count++] = points[i];
        }
        return count - 1; // the last point repeats the first
    }

    /// <summary>Twice the signed area of (a, b, c): positive when they turn counter-clockwise.</summary>
    private static float Turn(SKPoint a, SKPoint b, SKPoint c) => (b.X - a.X) * (c.Y - a.Y) - (b.Y - a.Y) * (c.X - a.X);
}
