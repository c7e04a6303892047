using Apprentice.Envs;
using SkiaSharp;

namespace Apprentice.Cli.Rendering;

/// <summary>
/// A task that draws itself (<see cref="IRenderable"/>): its RGB frames copied onto the canvas, their colours taken to
/// the nearest of a fixed 256-colour palette (the 6 × 6 × 6 web cube and 40 greys), as a GIF must.
/// </summary>
internal sealed class ImageDrawing : Drawing
{
    private const int MaxSide = 4096;

    private static readonly SKColor[] Colours = Palette256();

    private readonly IRenderable _source;
    private readonly byte[] _rgb;
    private readonly SKBitmap _frame;

    public ImageDrawing(IRenderable source, string envId)
    {
        (int width, int height) = source.FrameSize;
        if (width is <= 0 or > MaxSide || height is <= 0 or > MaxSide)
            throw new InputException($"{envId} draws frames of {width}×{height} pixels; each side must be 1 to {MaxSide}");
        double seconds = source.FrameSeconds;
        if (!double.IsFinite(seconds) || seconds <= 0) throw new InputException($"{envId} gives {seconds} s between frames; it must be positive");
        _source = source;
        Width = width;
        Height = height;
        _rgb = new byte[width * height * 3];
        _frame = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        (Stride, Delay) = Pace(seconds);
    }

    public override int Width { get; }

    public override int Height { get; }

    public override SKColor[] Palette => Colours;

    public override int Stride { get; }

    public override int Delay { get; }

    public override void Draw(SKCanvas canvas, ReadOnlySpan<float> observation)
    {
        _source.Render(_rgb);
        Span<byte> rgba = _frame.GetPixelSpan();
        for (int p = 0, n = Width * Height; p < n; p++)
        {
            rgba[4 * p] = _rgb[3 * p];
            rgba[4 * p + 1] = _rgb[3 * p + 1];
            rgba[4 * p + 2] = _rgb[3 * p + 2];
            rgba[4 * p + 3] = 255;
        }
        // The frame's rows run from the top, so it goes in without the drawings' y-up flip.
        canvas.Save();
        canvas.ResetMatrix();
        canvas.DrawBitmap(_frame, 0, 0);
        canvas.Restore();
    }

    public override void Dispose() => _frame.Dispose();

    /// <summary>White first (the background), the rest of the 6-level cube, then the greys between its levels.</summary>
    private static SKColor[] Palette256()
    {
        var colours = new List<SKColor> { SKColors.White };
        for (int r = 0; r < 6; r++)
            for (int g = 0; g < 6; g++)
                for (int b = 0; b < 6; b++)
                    if ((r, g, b) != (5, 5, 5)) colours.Add(new SKColor((byte)(51 * r), (byte)(51 * g), (byte)(51 * b)));
        for (int v = 0; colours.Count < 256; v += 6)
            if (v % 51 != 0) colours.Add(new SKColor((byte)v, (byte)v, (byte)v));
        return [.. colours];
    }
}
