using Apprentice.Envs;
using Apprentice.Envs.MuJoCo;
using SkiaSharp;

namespace Apprentice.Cli.Rendering;

/// <summary>
/// Draws one frame of a task, with the y axis pointing up and no antialiasing, so that every pixel is one of
/// <see cref="Palette"/>'s colours.
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

    /// <summary>The drawing of <paramref name="env"/>, a classic-control or MuJoCo task; tasks from elsewhere have none.</summary>
    public static Drawing For(string envId, IEnv env)
    {
        if (ClassicDrawing.For(envId) is { } classic) return classic;
        if (env.Unwrapped is MuJoCoEnv scene) return new SceneDrawing(scene);
        throw new InputException($"render draws the classic-control and MuJoCo tasks, not {envId}");
    }

    protected static SKPaint Fill(SKColor color) => new() { Color = color, IsAntialias = false, Style = SKPaintStyle.Fill };

    protected static SKPaint Line(SKColor color, float width = 1) => new() { Color = color, IsAntialias = false, Style = SKPaintStyle.Stroke, StrokeWidth = width };
}
