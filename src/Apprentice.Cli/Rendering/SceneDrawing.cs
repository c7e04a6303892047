using Apprentice.Envs.MuJoCo;
using SkiaSharp;

namespace Apprentice.Cli.Rendering;

/// <summary>
/// A MuJoCo task drawn from its simulation state, without OpenGL: every visible geom projected by an orthographic
/// <see cref="SceneCamera"/> that follows the torso, flat-coloured, outlined and painted far to near over a gridded
/// floor. Each limb (the bodies below one branch of the kinematic tree) has its own colour, so that a walker's two
/// legs stay apart when they overlap in a side view.
/// </summary>
/// <remarks>
/// The geoms' poses come from a second <see cref="MjData"/> set to the task's qpos and qvel, so drawing never touches
/// the simulation it draws: rendering an episode gives the same returns as evaluating it.
/// </remarks>
internal sealed class SceneDrawing : Drawing
{
    private const int Pixels = 480;
    private const int Floor = 1, Grid = 2, Outline = 3, Fixture = 4;

    /// <summary>The palette index of the first limb colour; the background, floor, grid, outline and fixtures come before.</summary>
    public const int FirstLimb = 5;
    private const int Around = 16; // points on a circle of a cylinder's or ellipsoid's outline

    private static readonly SKColor[] Colours =
    [
        SKColors.White, new(226, 230, 234), new(186, 192, 200), new(48, 48, 56), new(140, 140, 150),
        new(204, 122, 61), new(214, 69, 65), new(61, 122, 204), new(66, 153, 94), new(153, 102, 204), new(217, 170, 38),
    ];

    private readonly MuJoCoEnv _source;
    private readonly View _view;
    private readonly SceneCamera _camera;
    private readonly MjData _pose;
    private readonly int _tracked;
    private readonly MjGeom[] _types;
    private readonly double[] _sizes;
    private readonly int[] _colour;
    private readonly int[] _order;
    private readonly double[] _depths;
    private readonly SKPoint[] _points = new SKPoint[Around * Around / 2];
    private readonly SKPoint[] _hull = new SKPoint[Around * Around / 2 + 1];
    private readonly double[] _centre = new double[3], _axes = new double[9]; // the geom being drawn: position, rotation (row-major)
    private readonly SKPath _path = new();
    private readonly SKPaint[] _fills, _strokes;

    /// <summary>How a task is seen: from where, how wide, and how much floor.</summary>
    /// <param name="Track">The body the camera follows, or null for a fixed camera on the origin.</param>
    /// <param name="FollowY">Whether the camera follows the body sideways too, not only along x.</param>
    /// <param name="Height">The height the camera centres.</param>
    /// <param name="FloorDepth">How far the floor reaches from the target across the direction of travel (y), in metres.</param>
    /// <param name="GridStep">The floor's grid spacing, in metres: the lines that show the ground moving by.</param>
    private sealed record View(string? Track, bool FollowY, double Azimuth, double Elevation, double Width, double Height,
        double FloorDepth, double GridStep);

    public SceneDrawing(MuJoCoEnv env)
    {
        _source = env;
        _view = env switch
        {
            Reacher => new View(null, false, 90, -90, 0.7, 0, 1, 0.1),
            Ant => new View("torso", true, 60, -40, 5, 0.3, 5, 1),
            Humanoid => new View("torso", true, 75, -15, 3.4, 0.9, 4, 0.5),
            HalfCheetah => new View("torso", false, 90, -12, 3, 0.4, 6, 0.5),
            _ => new View("torso", false, 90, -12, 3, 0.9, 6, 0.5),
        };
        _camera = new SceneCamera(_view.Azimuth, _view.Elevation, _view.Width, Pixels);
        MjModel model = env.Model;
        _pose = new MjData(model);
        _tracked = _view.Track is null ? -1 : model.Id(MjObject.Body, _view.Track);
        _types = [.. model.Ints("geom_type").ToArray().Select(t => (MjGeom)t)];
        _sizes = model.Doubles("geom_size").ToArray();
        _colour = GeomColours(model);
        _order = new int[_types.Length];
        _depths = new double[_types.Length];
        (Stride, Delay) = Pace(env.Dt);
        _fills = [.. Colours.Select(c => Fill(c))];
        _strokes = [.. Colours.Select(c => new SKPaint { Color = c, IsAntialias = false, Style = SKPaintStyle.Stroke, StrokeCap = SKStrokeCap.Round })];
    }

    public override int Width => Pixels;

    public override int Height => Pixels;

    public override SKColor[] Palette => Colours;

    public override int Stride { get; }

    public override int Delay { get; }

    public override void Draw(SKCanvas canvas, ReadOnlySpan<float> observation)
    {
        _pose.SetState(_source.Data.Qpos, _source.Data.Qvel);
        ReadOnlySpan<double> body = _pose.Xpos;
        _camera.Target = _tracked < 0 ? (0, 0, _view.Height)
            : (body[3 * _tracked], _view.FollowY ? body[3 * _tracked + 1] : 0, _view.Height);

        ReadOnlySpan<double> positions = _pose.Doubles("geom_xpos"), frames = _pose.Doubles("geom_xmat");
        int count = 0;
        for (int g = 0; g < _types.Length; g++)
        {
            if (_colour[g] < 0) continue;
            if (_types[g] == MjGeom.Plane)
            {
                DrawFloor(canvas, positions.Slice(3 * g, 3), frames.Slice(9 * g, 9));
                continue;
            }
            _order[count] = g;
            _depths[count++] = -_camera.Depth(positions[3 * g], positions[3 * g + 1], positions[3 * g + 2]);
        }
        Array.Sort(_depths, _order, 0, count); // by depth, furthest first
        for (int i = 0; i < count; i++)
        {
            int g = _order[i];
            DrawGeom(canvas, _types[g], positions.Slice(3 * g, 3), frames.Slice(9 * g, 9), _sizes.AsSpan(3 * g, 3), _colour[g]);
        }
    }

    /// <summary>Where a world point appeared in the last frame drawn, in pixels from the bottom-left corner.</summary>
    public SKPoint Where(double x, double y, double z) => _camera.Project(x, y, z);

    public override void Dispose()
    {
        _pose.Dispose();
        _path.Dispose();
        foreach (SKPaint paint in _fills.Concat(_strokes)) paint.Dispose();
    }

    /// <summary>
    /// The palette index of each geom, or −1 for one MuJoCo hides by default (group 3 and up). World geoms other
    /// than the floor are fixtures; a body's colour is that of its limb: the body itself when its parent branches
    /// (has two or more children) or is the world, else its parent's limb.
    /// </summary>
    private static int[] GeomColours(MjModel model)
    {
        ReadOnlySpan<int> parents = model.Ints("body_parentid"), bodies = model.Ints("geom_bodyid"), groups = model.Ints("geom_group");
        var children = new int[parents.Length];
        for (int b = 1; b < parents.Length; b++) children[parents[b]]++;
        var limb = new int[parents.Length];
        var limbColour = new Dictionary<int, int>();
        for (int b = 1; b < parents.Length; b++) // MuJoCo numbers a parent before its children
        {
            int parent = parents[b];
            limb[b] = parent == 0 || children[parent] >= 2 ? b : limb[parent];
            if (!limbColour.ContainsKey(limb[b])) limbColour[limb[b]] = FirstLimb + limbColour.Count % (Colours.Length - FirstLimb);
        }
        var colours = new int[bodies.Length];
        for (int g = 0; g < bodies.Length; g++)
            colours[g] = groups[g] >= 3 ? -1 : bodies[g] == 0 ? Fixture : limbColour[limb[bodies[g]]];
        return colours;
    }

    /// <summary>
    /// The floor plane as a strip around the camera's target (± the view's width along x, ± its floor depth along y),
    /// with grid lines every <see cref="View.GridStep"/> metres. A plane's size only sets how MuJoCo's viewer draws
    /// it; it collides everywhere, so a runner that leaves the 40 m of Ant's floor still runs on one here.
    /// </summary>
    private void DrawFloor(SKCanvas canvas, ReadOnlySpan<double> centre, ReadOnlySpan<double> frame)
    {
        // The target in the plane's frame: local = Rᵀ (p − centre).
        (double tx, double ty, double tz) = (_camera.Target.X - centre[0], _camera.Target.Y - centre[1], _camera.Target.Z - centre[2]);
        double u = frame[0] * tx + frame[3] * ty + frame[6] * tz, v = frame[1] * tx + frame[4] * ty + frame[7] * tz;
        double u0 = u - _view.Width, u1 = u + _view.Width, v0 = v - _view.FloorDepth, v1 = v + _view.FloorDepth;
        Place(centre, frame);
        _path.Reset();
        _path.MoveTo(Local(u0, v0, 0));
        _path.LineTo(Local(u1, v0, 0));
        _path.LineTo(Local(u1, v1, 0));
        _path.LineTo(Local(u0, v1, 0));
        _path.Close();
        canvas.DrawPath(_path, _fills[Floor]);
        double step = _view.GridStep;
        for (double a = Math.Ceiling(u0 / step) * step; a <= u1; a += step) canvas.DrawLine(Local(a, v0, 0), Local(a, v1, 0), Stroke(Grid, 1));
        for (double b = Math.Ceiling(v0 / step) * step; b <= v1; b += step) canvas.DrawLine(Local(u0, b, 0), Local(u1, b, 0), Stroke(Grid, 1));
    }

    private void DrawGeom(SKCanvas canvas, MjGeom type, ReadOnlySpan<double> centre, ReadOnlySpan<double> frame, ReadOnlySpan<double> size, int colour)
    {
        Place(centre, frame);
        float scale = _camera.Scale;
        switch (type)
        {
            case MjGeom.Sphere:
                SKPoint at = Local(0, 0, 0);
                canvas.DrawCircle(at, (float)size[0] * scale, _fills[colour]);
                canvas.DrawCircle(at, (float)size[0] * scale, Stroke(Outline, 1));
                return;
            case MjGeom.Capsule:
                // The stadium: the axis's image drawn with round caps as wide as the capsule, over a wider dark one.
                SKPoint top = Local(0, 0, size[1]), bottom = Local(0, 0, -size[1]);
                float thickness = 2 * (float)size[0] * scale;
                if (SKPoint.Distance(top, bottom) < 0.5f) // seen end on: a disc
                {
                    canvas.DrawCircle(top, thickness / 2, _fills[colour]);
                    canvas.DrawCircle(top, thickness / 2, Stroke(Outline, 1));
                    return;
                }
                canvas.DrawLine(top, bottom, Stroke(Outline, thickness + 2));
                canvas.DrawLine(top, bottom, Stroke(colour, thickness));
                return;
            case MjGeom.Box:
                int corners = 0;
                for (int i = 0; i < 8; i++)
                    _points[corners++] = Local((i & 1) == 0 ? -size[0] : size[0], (i & 2) == 0 ? -size[1] : size[1], (i & 4) == 0 ? -size[2] : size[2]);
                DrawHull(canvas, corners, colour);
                return;
            case MjGeom.Cylinder:
                int rim = 0;
                for (int i = 0; i < Around; i++)
                {
                    (double sin, double cos) = Math.SinCos(2 * Math.PI * i / Around);
                    _points[rim++] = Local(size[0] * cos, size[0] * sin, size[1]);
                    _points[rim++] = Local(size[0] * cos, size[0] * sin, -size[1]);
                }
                DrawHull(canvas, rim, colour);
                return;
            case MjGeom.Ellipsoid:
                int surface = 0;
                for (int i = 0; i < Around / 2; i++)
                {
                    (double sinPolar, double cosPolar) = Math.SinCos(Math.PI * (i + 0.5) / (Around / 2));
                    for (int j = 0; j < Around; j++)
                    {
                        (double sin, double cos) = Math.SinCos(2 * Math.PI * j / Around);
                        _points[surface++] = Local(size[0] * sinPolar * cos, size[1] * sinPolar * sin, size[2] * cosPolar);
                    }
                }
                DrawHull(canvas, surface, colour);
                return;
            default: // height fields and meshes: not in the tasks' models
                return;
        }
    }

    private void Place(ReadOnlySpan<double> centre, ReadOnlySpan<double> frame)
    {
        centre.CopyTo(_centre);
        frame.CopyTo(_axes);
    }

    /// <summary>The image of a point given in the placed geom's (or floor's) frame: centre + R · (a, b, c).</summary>
    private SKPoint Local(double a, double b, double c) => _camera.Project(
        _centre[0] + _axes[0] * a + _axes[1] * b + _axes[2] * c,
        _centre[1] + _axes[3] * a + _axes[4] * b + _axes[5] * c,
        _centre[2] + _axes[6] * a + _axes[7] * b + _axes[8] * c);

    private void DrawHull(SKCanvas canvas, int points, int colour)
    {
        int corners = ConvexHull.Of(_points.AsSpan(0, points), _hull);
        _path.Reset();
        _path.MoveTo(_hull[0]);
        for (int i = 1; i < corners; i++) _path.LineTo(_hull[i]);
        _path.Close();
        canvas.DrawPath(_path, _fills[colour]);
        canvas.DrawPath(_path, Stroke(Outline, 1));
    }

    /// <summary>The stroke paint of a colour, set to a width (the paints are kept, so this allocates nothing).</summary>
    private SKPaint Stroke(int colour, float width)
    {
        SKPaint paint = _strokes[colour];
        paint.StrokeWidth = width;
        return paint;
    }
}
