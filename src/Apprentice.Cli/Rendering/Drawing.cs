using Apprentice.Envs;
using Apprentice.Envs.MuJoCo;
using SkiaSharp;

namespace Apprentice.Cli.Rendering;

/// <summary>
/// Draws one frame of a task, with the y axis pointing up and no antialiasing, so that every pixel is one of
/// <see cref="Palette"/>'s colours (an <see cref="ImageDrawing"/>'s frames come with colours of their own, which
/// <see cref="EpisodeFilm"/> takes to the nearest).
/// </summary>
internal abstract class Drawing : IDisposable
{
    public abstract int Width { get; }

    public abstract int Height { get; }

    /// <summary>Every colour the drawing uses, the background first.</summary>
    public abstract SKColor[] Palette { get; }

    /// <summary>How many observations make one frame: 1 draws them all, 5 every 5th.</summary>
    public virtual int Stride => 1;

    /// <summary>How long a frame shows, in GIF's unit of 1/100 s; 2 is the least, as viewers slow 0 and 1 down.</summary>
    public abstract int Delay { get; }

    public double FramesPerSecond => 100.0 / Delay;

    /// <summary>Draws the task as it is now; <paramref name="observation"/> is what its last reset or step returned.</summary>
    public abstract void Draw(SKCanvas canvas, ReadOnlySpan<float> observation);

    public virtual void Dispose()
    {
    }

    /// <summary>The drawing of <paramref name="env"/>: a classic-control or MuJoCo task, or one that draws itself (<see cref="IRenderable"/>).</summary>
    public static Drawing For(string envId, IEnv env)
    {
        if (ClassicDrawing.For(envId) is { } classic) return classic;
        if (env.Unwrapped is MuJoCoEnv scene) return new SceneDrawing(scene);
        if (env.Unwrapped is IRenderable renderable) return new ImageDrawing(renderable, envId);
        throw new InputException($"render draws the classic-control and MuJoCo tasks, and tasks that implement IRenderable; {envId} does not");
    }

    /// <summary>
    /// The fewest observations per frame that play in real time: k·dt must be a whole number of 1/100 s, at least 2.
    /// Hopper (dt 0.008 s) draws every 5th at 25 fps, Humanoid (0.015 s) every 2nd, the other MuJoCo tasks every one.
    /// </summary>
    public static (int Stride, int Delay) Pace(double dt)
    {
        for (int k = 1; k <= 25; k++)
        {
            double centiseconds = k * dt * 100;
            if (centiseconds >= 2 - 1e-9 && Math.Abs(centiseconds - Math.Round(centiseconds)) < 1e-6) return (k, (int)Math.Round(centiseconds));
        }
        int stride = Math.Max(1, (int)Math.Ceiling(2 / (dt * 100)));
        return (stride, Math.Max(2, (int)Math.Round(stride * dt * 100)));
    }

    protected static SKPaint Fill(SKColor color) => new() { Color = color, IsAntialias = false, Style = SKPaintStyle.Fill };

    protected static SKPaint Line(SKColor color, float width = 1) => new() { Color = color, IsAntialias = false, Style = SKPaintStyle.Stroke, StrokeWidth = width };
}
