using System.Globalization;
using System.Text.Json;
using Apprentice.Cli.Rendering;
using Apprentice.Envs;
using Apprentice.Envs.MuJoCo;
using Apprentice.Tests.Envs.MuJoCo;
using SkiaSharp;

namespace Apprentice.Tests.Cli;

/// <summary>The GIF encoder against SkiaSharp's decoder, the drawings, and `apprentice render` end to end.</summary>
public sealed class RenderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("apprentice-render-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name) => Path.Combine(_dir, name);

    /// <summary>Every frame of a GIF, decoded by SkiaSharp (an independent decoder), as RGBA bytes.</summary>
    private static List<byte[]> Decode(string path, out SKImageInfo info)
    {
        using SKCodec codec = SKCodec.Create(path) ?? throw new InvalidDataException($"SkiaSharp cannot open {path}");
        info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var frames = new List<byte[]>();
        for (int i = 0; i < Math.Max(1, codec.FrameCount); i++)
        {
            SKCodecResult result = codec.GetPixels(info, bitmap.GetPixels(), new SKCodecOptions(i, i - 1));
            Assert.Equal(SKCodecResult.Success, result);
            frames.Add(bitmap.GetPixelSpan().ToArray());
        }
        return frames;
    }

    [Theory]
    [InlineData(2, 7, 5)]      // the smallest palette: 2-bit codes to start
    [InlineData(8, 120, 90)]
    [InlineData(256, 211, 173)] // noise over 256 colours: the code table fills and clears many times
    public void GifWriter_FramesDecodeToTheirIndices(int colours, int width, int height)
    {
        var rng = new Rng(3);
        var palette = Enumerable.Range(0, colours).Select(i => ((byte)(i * 37 % 256), (byte)(i * 101 % 256), (byte)(255 - i))).ToArray();
        var frames = new List<byte[]>();
        for (int f = 0; f < 3; f++)
        {
            var frame = new byte[width * height];
            for (int p = 0; p < frame.Length; p++)
                frame[p] = (byte)(f == 1 ? (p / 17) % colours : rng.NextInt(colours)); // runs, then noise
            frames.Add(frame);
        }
        string path = File("t.gif");
        using (FileStream stream = System.IO.File.Create(path))
        using (var gif = new GifWriter(stream, width, height, palette))
            foreach (byte[] frame in frames) gif.AddFrame(frame, 4);

        List<byte[]> decoded = Decode(path, out SKImageInfo info);
        Assert.Equal((width, height), (info.Width, info.Height));
        Assert.Equal(frames.Count, decoded.Count);
        for (int f = 0; f < frames.Count; f++)
            for (int p = 0; p < width * height; p++)
            {
                var (r, g, b) = palette[frames[f][p]];
                Assert.True(decoded[f][4 * p] == r && decoded[f][4 * p + 1] == g && decoded[f][4 * p + 2] == b,
                    $"frame {f}, pixel {p}: decoded ({decoded[f][4 * p]}, {decoded[f][4 * p + 1]}, {decoded[f][4 * p + 2]}), wrote index {frames[f][p]} = ({r}, {g}, {b})");
            }
    }

    [Theory]
    [InlineData("CartPole-v1", new[] { 0.5f, 0f, 0.1f, 0f })]
    [InlineData("Acrobot-v1", new[] { 0.6f, 0.8f, 1f, 0f, 0f, 0f })]
    [InlineData("MountainCar-v0", new[] { -0.5f, 0f })]
    [InlineData("MountainCarContinuous-v0", new[] { 0.3f, 0.01f })]
    [InlineData("Pendulum-v1", new[] { 0f, 1f, 0f })]
    public void Drawing_UsesOnlyPaletteColours_AndDrawsSomething(string env, float[] observation)
    {
        using IEnv instance = Gym.Make(env);
        using Drawing drawing = Drawing.For(env, instance);
        using SKBitmap bitmap = Picture(drawing, observation);
        AssertPaletteOnly(drawing, bitmap, minimumColours: 3, env);
    }

    /// <summary>The drawing of its task's present state, on its background, y up as <see cref="EpisodeFilm"/> draws.</summary>
    private static SKBitmap Picture(Drawing drawing, ReadOnlySpan<float> observation)
    {
        var bitmap = new SKBitmap(new SKImageInfo(drawing.Width, drawing.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(drawing.Palette[0]);
        canvas.Translate(0, drawing.Height);
        canvas.Scale(1, -1);
        drawing.Draw(canvas, observation);
        canvas.Flush();
        return bitmap;
    }

    private static void AssertPaletteOnly(Drawing drawing, SKBitmap bitmap, int minimumColours, string env)
    {
        var palette = drawing.Palette.Select(c => (c.Red, c.Green, c.Blue)).ToHashSet();
        ReadOnlySpan<byte> rgba = bitmap.GetPixelSpan();
        var seen = new HashSet<(byte, byte, byte)>();
        for (int p = 0; p < rgba.Length; p += 4) seen.Add((rgba[p], rgba[p + 1], rgba[p + 2]));
        Assert.Subset(palette, seen);
        Assert.True(seen.Count >= minimumColours, $"{env}: only {seen.Count} colours drawn");
    }

    /// <summary>The colour at a point of a y-up picture.</summary>
    private static SKColor At(SKBitmap bitmap, SKPoint point) => bitmap.GetPixel((int)point.X, bitmap.Height - 1 - (int)point.Y);

    [Theory]
    [InlineData("Hopper-v4", 5)]
    [InlineData("Walker2d-v4", 6)]
    [InlineData("HalfCheetah-v4", 6)]
    [InlineData("Ant-v4", 8)]
    [InlineData("Ant-v4-contact", 8)]
    [InlineData("Humanoid-v4", 8)]
    [InlineData("Reacher-v4", 6)]
    public void SceneDrawing_DrawsTheBodiesWhereTheyAre(string env, int minimumColours)
    {
        MuJoCoRequirement.Ensure();
        using IEnv instance = Gym.Make(env);
        var observation = new float[instance.ObservationSpace.FlatSize];
        instance.Reset(observation, seed: 4);
        using Drawing drawing = Drawing.For(env, instance);
        using SKBitmap picture = Picture(drawing, observation);
        AssertPaletteOnly(drawing, picture, minimumColours, env);

        // The body the camera follows (the torso; with Reacher's fixed camera, its fingertip and target) is drawn
        // where it is, in a limb's colour rather than the background's, the floor's or a fixture's.
        var scene = Assert.IsType<SceneDrawing>(drawing);
        MjModel model = ((MuJoCoEnv)instance.Unwrapped).Model;
        ReadOnlySpan<double> positions = ((MuJoCoEnv)instance.Unwrapped).Data.Xpos;
        string[] bodies = env == "Reacher-v4" ? ["fingertip", "target"] : ["torso"];
        foreach (string name in bodies)
        {
            int b = model.Id(MjObject.Body, name);
            SKPoint at = scene.Where(positions[3 * b], positions[3 * b + 1], positions[3 * b + 2]);
            int limb = 0; // of the 5 × 5 pixels around it; another limb's outline may cross the very point
            for (int dx = -2; dx <= 2; dx++)
                for (int dy = -2; dy <= 2; dy++)
                    if (Array.IndexOf(drawing.Palette, At(picture, new SKPoint(at.X + dx, at.Y + dy))) >= SceneDrawing.FirstLimb) limb++;
            Assert.True(limb >= 13, $"{env}: only {limb} of the 25 pixels around the {name} are in a limb's colour");
        }
    }

    [Fact]
    public void Render_ShippedExpert_WritesOneFramePerObservation()
    {
        var (exit, output, err) = CliRunner.Run("render", "--policy", "expert", "--env", "CartPole-v0", "--deterministic", "--out", File("cp.gif"));
        Assert.Equal("", err);
        Assert.Equal(0, exit);
        Assert.Contains("CartPole-v0 CartPole-v0.safetensors (deterministic): 1 episode (return 200.00), 201 frames of 600×400 at 50 fps", output);
        List<byte[]> frames = Decode(File("cp.gif"), out SKImageInfo info);
        Assert.Equal(201, frames.Count);
        Assert.Equal((600, 400), (info.Width, info.Height));
        // The cart (black) sits at the centre near the start; the corner is background.
        int Pixel(int x, int yUp) => 4 * ((400 - 1 - yUp) * 600 + x);
        Assert.Equal([0, 0, 0], frames[0][Pixel(300, 100)..(Pixel(300, 100) + 3)]);
        Assert.Equal([255, 255, 255], frames[0][Pixel(5, 395)..(Pixel(5, 395) + 3)]);
    }

    [Fact]
    public void Render_Sigterm_WritesTheEpisodesDrawnSoFarAndExits130()
    {
        var (exit, output, errors) = CliRunner.RunUntilTerminated(null, "render", "--policy", "random", "--env", "CartPole-v1", "--episodes", "1000000", "--out", File("long.gif"));
        Assert.True(exit == 130, errors);
        var line = System.Text.RegularExpressions.Regex.Match(output,
            @": (\d+) episodes? \(return [^)]*\), (\d+) frames of 600×400 at 50 fps to .*long\.gif; interrupted after ([\d,]+) of the 1,000,000 episodes asked for");
        Assert.True(line.Success, output);
        Assert.Equal(int.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(line.Groups[3].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
        using SKCodec codec = SKCodec.Create(File("long.gif")); // its frames counted, not decoded: there may be thousands
        Assert.Equal(int.Parse(line.Groups[2].Value, CultureInfo.InvariantCulture), codec.FrameCount);
    }

    [Fact]
    public void Render_MuJoCoTask_PlaysTheEvalEpisodeInRealTime()
    {
        MuJoCoRequirement.Ensure();
        var (exit, output, err) = CliRunner.Run("render", "--policy", "random", "--env", "Hopper-v4", "--seed", "3", "--out", File("h.gif"));
        Assert.Equal("", err);
        Assert.Equal(0, exit);
        var (_, evaluated, _) = CliRunner.Run("eval", "--policy", "random", "--env", "Hopper-v4", "--seed", "3", "--episodes", "1", "--json");
        using JsonDocument json = JsonDocument.Parse(evaluated.TrimEnd().Split('\n')[^1]);
        double expected = json.RootElement.GetProperty("returns")[0].GetDouble();
        int length = json.RootElement.GetProperty("lengths")[0].GetInt32();
        // Drawing reads a copy of the state, so the episode is eval's; Hopper's dt of 8 ms plays every 5th observation 4/100 s apart.
        int frames = length / 5 + 1;
        Assert.Contains(string.Create(CultureInfo.InvariantCulture,
            $"Hopper-v4 random: 1 episode (return {expected:F2}), {frames} frames of 480×480 at 25 fps"), output);
        Assert.Equal(frames, Decode(File("h.gif"), out SKImageInfo info).Count);
        Assert.Equal((480, 480), (info.Width, info.Height));
    }

    [Fact]
    public void Render_Skip_DrawsTheLaterEpisodesOfEval()
    {
        var (exit, output, err) = CliRunner.Run("render", "--policy", "random", "--env", "CartPole-v1", "--seed", "5", "--skip", "2", "--out", File("c.gif"));
        Assert.Equal("", err);
        Assert.Equal(0, exit);
        var (_, evaluated, _) = CliRunner.Run("eval", "--policy", "random", "--env", "CartPole-v1", "--seed", "5", "--episodes", "3", "--json");
        using JsonDocument json = JsonDocument.Parse(evaluated.TrimEnd().Split('\n')[^1]);
        double expected = json.RootElement.GetProperty("returns")[2].GetDouble();
        int frames = json.RootElement.GetProperty("lengths")[2].GetInt32() + 1;
        Assert.Contains(string.Create(CultureInfo.InvariantCulture,
            $"CartPole-v1 random: 1 episode after 2 skipped episodes (return {expected:F2}), {frames} frames"), output);
        Assert.Equal(frames, Decode(File("c.gif"), out _).Count);

        var (badExit, _, badErr) = CliRunner.Run("render", "--policy", "random", "--env", "CartPole-v1", "--skip", "-1", "--out", File("d.gif"));
        Assert.Equal(2, badExit);
        Assert.Contains("--skip must be 0 or more, got -1", badErr);
        Assert.False(System.IO.File.Exists(File("d.gif")));
    }

    [Fact]
    public void Render_ATaskThatDrawsItself_PlaysItsFrames()
    {
        var (exit, output, err) = CliRunner.Run("render", "--policy", "random", "--env", PointReach.PointReachEnv.Id, "--seed", "2",
            "--out", File("p.gif"), "--env-assembly", typeof(PointReach.PointReachEnv).Assembly.Location);
        Assert.Equal("", err);
        Assert.Equal(0, exit);
        Assert.Contains("frames of 200×200 at 10 fps", output); // its 0.1 s steps, in real time
        List<byte[]> frames = Decode(File("p.gif"), out _);
        Assert.Equal(101, frames.Count); // the reset's observation and 100 steps'
        // The target's red and the point's blue, each taken to the nearest palette colour.
        static bool Has(byte[] frame, byte r, byte g, byte b) => Enumerable.Range(0, frame.Length / 4).Any(p => frame[4 * p] == r && frame[4 * p + 1] == g && frame[4 * p + 2] == b);
        Assert.True(Has(frames[0], 204, 51, 51));
        Assert.True(Has(frames[0], 51, 102, 204));
    }

    private sealed class Canvas(int width, int height, double seconds) : IRenderable
    {
        public (int Width, int Height) FrameSize => (width, height);

        public double FrameSeconds => seconds;

        public void Render(Span<byte> rgb) => rgb.Fill(0);
    }

    [Theory]
    [InlineData(0, 10, 0.1, "draws frames of 0×10 pixels; each side must be 1 to 4096")]
    [InlineData(10, 5000, 0.1, "draws frames of 10×5000 pixels; each side must be 1 to 4096")]
    [InlineData(10, 10, double.NaN, "gives NaN s between frames; it must be positive")]
    public void ImageDrawing_RefusesFramesItCannotPlay(int width, int height, double seconds, string message) =>
        Assert.Contains(message, Assert.Throws<InputException>(() => new ImageDrawing(new Canvas(width, height, seconds), "Mine-v0")).Message);

    [Fact]
    public void ImageDrawing_Palette_Is256DistinctColours_WhiteFirst()
    {
        using var drawing = new ImageDrawing(new Canvas(4, 4, 0.05), "Mine-v0");
        Assert.Equal(256, drawing.Palette.Distinct().Count());
        Assert.Equal(SKColors.White, drawing.Palette[0]);
        Assert.Equal((1, 5), (drawing.Stride, drawing.Delay));
    }

    [Theory]
    [InlineData("Counting-render-test-v0", "render draws the classic-control and MuJoCo tasks, and tasks that implement IRenderable; Counting-render-test-v0 does not")]
    [InlineData("CartPol-v1", "unknown env id 'CartPol-v1'")]
    public void Render_TaskWithoutADrawing_ExitsTwo(string env, string message)
    {
        if (Gym.Specs.All(s => s.Id != "Counting-render-test-v0"))
            Gym.Register(new EnvSpec("Counting-render-test-v0", 5, null), () => new Envs.CountingEnv(5));
        var (exit, _, err) = CliRunner.Run("render", "--policy", "random", "--env", env, "--out", File("x.gif"));
        Assert.Equal(2, exit);
        Assert.Contains(message, err);
        Assert.False(System.IO.File.Exists(File("x.gif")));
    }
}
