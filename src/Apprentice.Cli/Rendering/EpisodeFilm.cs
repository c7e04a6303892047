using SkiaSharp;

namespace Apprentice.Cli.Rendering;

/// <summary>
/// Episodes as an animated GIF: each observation drawn by a task's <see cref="Drawing"/> onto one reused bitmap,
/// mapped to palette indices and appended as a frame that plays at the task's frame rate.
/// </summary>
internal sealed class EpisodeFilm : IDisposable
{
    private readonly Drawing _drawing;
    private readonly SKBitmap _bitmap;
    private readonly SKCanvas _canvas;
    private readonly GifWriter _gif;
    private readonly Dictionary<uint, byte> _index = [];
    private readonly byte[] _pixels;
    private readonly int _delay;

    public EpisodeFilm(Drawing drawing, Stream output)
    {
        _drawing = drawing;
        _bitmap = new SKBitmap(new SKImageInfo(drawing.Width, drawing.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        _canvas = new SKCanvas(_bitmap);
        // Drawings use y up, as the tasks' coordinates do.
        _canvas.Translate(0, drawing.Height);
        _canvas.Scale(1, -1);
        SKColor[] palette = Drawing.Palette;
        for (int i = 0; i < palette.Length; i++) _index[Key(palette[i].Red, palette[i].Green, palette[i].Blue)] = (byte)i;
        _gif = new GifWriter(output, drawing.Width, drawing.Height, [.. palette.Select(c => (c.Red, c.Green, c.Blue))]);
        _pixels = new byte[drawing.Width * drawing.Height];
        _delay = Math.Max(2, (int)Math.Round(100.0 / drawing.FramesPerSecond)); // GIF delays are in 1/100 s; viewers raise 0 and 1
    }

    public int Frames { get; private set; }

    public void Add(ReadOnlySpan<float> observation)
    {
        _canvas.Clear(SKColors.White);
        _drawing.Draw(_canvas, observation);
        _canvas.Flush();
        ReadOnlySpan<byte> rgba = _bitmap.GetPixelSpan();
        for (int p = 0; p < _pixels.Length; p++)
            _pixels[p] = Index(rgba[4 * p], rgba[4 * p + 1], rgba[4 * p + 2]);
        _gif.AddFrame(_pixels, _delay);
        Frames++;
    }

    public void Dispose()
    {
        _gif.Dispose();
        _canvas.Dispose();
        _bitmap.Dispose();
    }

    private static uint Key(byte r, byte g, byte b) => (uint)(r << 16 | g << 8 | b);

    /// <summary>The palette entry of a pixel: exact without antialiasing; the nearest colour should anything blend.</summary>
    private byte Index(byte r, byte g, byte b)
    {
        if (_index.TryGetValue(Key(r, g, b), out byte i)) return i;
        SKColor[] palette = Drawing.Palette;
        int best = 0, bestDistance = int.MaxValue;
        for (int c = 0; c < palette.Length; c++)
        {
            int dr = r - palette[c].Red, dg = g - palette[c].Green, db = b - palette[c].Blue, d = dr * dr + dg * dg + db * db;
            if (d < bestDistance) (best, bestDistance) = (c, d);
        }
        return _index[Key(r, g, b)] = (byte)best;
    }
}
