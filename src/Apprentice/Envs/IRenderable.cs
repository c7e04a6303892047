namespace Apprentice.Envs;

/// <summary>
/// A task that can draw its present state, so that <c>apprentice render</c> can show its episodes: the built-in
/// tasks are drawn by the tool itself; a task of your own implements this beside <see cref="IEnv"/>.
/// </summary>
public interface IRenderable
{
    /// <summary>The frame's width and height in pixels (each at most 4,096).</summary>
    (int Width, int Height) FrameSize { get; }

    /// <summary>Simulated seconds from one observation to the next, which sets how fast the frames play.</summary>
    double FrameSeconds { get; }

    /// <summary>Draws the state the last reset or step left as Width × Height × 3 bytes (red, green, blue), row by row from the top.</summary>
    void Render(Span<byte> rgb);
}
