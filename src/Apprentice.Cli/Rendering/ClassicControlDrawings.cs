using SkiaSharp;

namespace Apprentice.Cli.Rendering;

/// <summary>A classic-control task drawn from its observation alone, as Gymnasium draws it.</summary>
internal abstract class ClassicDrawing : Drawing
{
    protected static readonly SKColor Cart = new(0, 0, 0), Pole = new(202, 152, 101), Axle = new(129, 132, 203),
        Link = new(0, 204, 204), Joint = new(204, 204, 0), Wheel = new(128, 128, 128), Rod = new(204, 77, 77);

    private static readonly SKColor[] Colours = [SKColors.White, Cart, Pole, Axle, Link, Joint, Wheel, Rod];

    public override SKColor[] Palette => Colours;

    public override int Delay => Math.Max(2, (int)Math.Round(100.0 / RenderFps));

    /// <summary>Gymnasium's render_fps for the task: how fast the frames play.</summary>
    protected abstract int RenderFps { get; }

    /// <summary>The drawing of a classic-control task, or null for any other task.</summary>
    public static ClassicDrawing? For(string envId) => envId switch
    {
        "CartPole-v0" or "CartPole-v1" => new CartPoleDrawing(),
        "Acrobot-v1" => new AcrobotDrawing(),
        "MountainCar-v0" => new MountainCarDrawing(goal: 0.5f),
        "MountainCarContinuous-v0" => new MountainCarDrawing(goal: 0.45f),
        "Pendulum-v1" => new PendulumDrawing(),
        _ => null,
    };

    /// <summary>The rectangle [left, right] × [bottom, top] turned by <paramref name="angle"/> (radians, counter-clockwise) and moved to (x, y).</summary>
    protected static SKPath Box(float left, float right, float bottom, float top, float angle, float x, float y)
    {
        var path = new SKPath();
        (float sin, float cos) = MathF.SinCos(angle);
        SKPoint Corner(float u, float v) => new(x + u * cos - v * sin, y + u * sin + v * cos);
        path.MoveTo(Corner(left, bottom));
        path.LineTo(Corner(left, top));
        path.LineTo(Corner(right, top));
        path.LineTo(Corner(right, bottom));
        path.Close();
        return path;
    }
}

/// <summary>A black cart on a line, the pole hinged on its axle (obs: x, ẋ, θ, θ̇).</summary>
internal sealed class CartPoleDrawing : ClassicDrawing
{
    public override int Width => 600;
    public override int Height => 400;
    protected override int RenderFps => 50;

    public override void Draw(SKCanvas canvas, ReadOnlySpan<float> observation)
    {
        const float scale = 600 / 4.8f, cartY = 100, poleLength = scale * 1.0f; // the pole is 2 × its half-length 0.5
        float cartX = observation[0] * scale + Width / 2f;
        using (SKPaint track = Line(Cart)) canvas.DrawLine(0, cartY, Width, cartY, track);
        using (SKPaint cart = Fill(Cart)) canvas.DrawRect(cartX - 25, cartY - 15, 50, 30, cart);
        using (SKPaint pole = Fill(Pole))
        using (SKPath path = Box(-5, 5, -5, poleLength - 5, -observation[2], cartX, cartY + 7.5f))
            canvas.DrawPath(path, pole);
        using (SKPaint axle = Fill(Axle)) canvas.DrawCircle(cartX, cartY + 7.5f, 5, axle);
    }
}

/// <summary>Two links from a fixed pivot, the line the tip must rise above (obs: cos θ1, sin θ1, cos θ2, sin θ2, θ̇1, θ̇2).</summary>
internal sealed class AcrobotDrawing : ClassicDrawing
{
    public override int Width => 500;
    public override int Height => 500;
    protected override int RenderFps => 15;

    public override void Draw(SKCanvas canvas, ReadOnlySpan<float> observation)
    {
        const float scale = 500 / 4.4f, offset = 250;
        float theta1 = MathF.Atan2(observation[1], observation[0]), theta2 = MathF.Atan2(observation[3], observation[2]);
        using (SKPaint goal = Line(Cart)) canvas.DrawLine(offset - 2.2f * scale, offset + scale, offset + 2.2f * scale, offset + scale, goal);
        // θ1 = 0 hangs straight down; each link points along its absolute angle − π/2.
        float x = offset, y = offset;
        using SKPaint link = Fill(Link), joint = Fill(Joint);
        foreach (float angle in new[] { theta1 - MathF.PI / 2, theta1 + theta2 - MathF.PI / 2 })
        {
            using (SKPath path = Box(0, scale, -0.1f * scale, 0.1f * scale, angle, x, y)) canvas.DrawPath(path, link);
            canvas.DrawCircle(x, y, 0.1f * scale, joint);
            (float sin, float cos) = MathF.SinCos(angle);
            x += scale * cos;
            y += scale * sin;
        }
    }
}

/// <summary>The hill y = 0.45 sin(3x) + 0.55, the car on it, the flag at the goal (obs: position, velocity).</summary>
internal sealed class MountainCarDrawing(float goal) : ClassicDrawing
{
    private const float Min = -1.2f, Max = 0.6f, Scale = 600 / (Max - Min);

    public override int Width => 600;
    public override int Height => 400;
    protected override int RenderFps => 30;

    private static float Hill(float x) => MathF.Sin(3 * x) * 0.45f + 0.55f;

    public override void Draw(SKCanvas canvas, ReadOnlySpan<float> observation)
    {
        using (SKPaint line = Line(Cart, 2))
        using (var hill = new SKPath())
        {
            for (int i = 0; i < 100; i++)
            {
                float x = Min + (Max - Min) * i / 99;
                if (i == 0) hill.MoveTo((x - Min) * Scale, Hill(x) * Scale);
                else hill.LineTo((x - Min) * Scale, Hill(x) * Scale);
            }
            canvas.DrawPath(hill, line);
        }
        float position = observation[0], angle = MathF.Cos(3 * position);
        float carX = (position - Min) * Scale, carY = 10 + Hill(position) * Scale; // 10 px of clearance
        using (SKPaint car = Fill(Cart))
        using (SKPath body = Box(-20, 20, 0, 20, angle, carX, carY))
            canvas.DrawPath(body, car);
        using (SKPaint wheel = Fill(Wheel))
        {
            (float sin, float cos) = MathF.SinCos(angle);
            foreach (float u in new[] { 10f, -10f }) canvas.DrawCircle(carX + u * cos, carY + u * sin, 8, wheel);
        }
        float flagX = (goal - Min) * Scale, flagY = Hill(goal) * Scale;
        using (SKPaint pole = Line(Cart)) canvas.DrawLine(flagX, flagY, flagX, flagY + 50, pole);
        using (SKPaint flag = Fill(Joint))
        using (var triangle = new SKPath())
        {
            triangle.MoveTo(flagX, flagY + 50);
            triangle.LineTo(flagX, flagY + 40);
            triangle.LineTo(flagX + 25, flagY + 45);
            triangle.Close();
            canvas.DrawPath(triangle, flag);
        }
    }
}

/// <summary>A rod from the pivot, upright at θ = 0 (obs: cos θ, sin θ, θ̇).</summary>
internal sealed class PendulumDrawing : ClassicDrawing
{
    public override int Width => 500;
    public override int Height => 500;
    protected override int RenderFps => 30;

    public override void Draw(SKCanvas canvas, ReadOnlySpan<float> observation)
    {
        const float scale = 500 / 4.4f, offset = 250, width = 0.2f * scale;
        float angle = MathF.Atan2(observation[1], observation[0]) + MathF.PI / 2;
        using (SKPaint rod = Fill(Rod))
        {
            using (SKPath path = Box(0, scale, -width / 2, width / 2, angle, offset, offset)) canvas.DrawPath(path, rod);
            (float sin, float cos) = MathF.SinCos(angle);
            canvas.DrawCircle(offset, offset, width / 2, rod);
            canvas.DrawCircle(offset + scale * cos, offset + scale * sin, width / 2, rod);
        }
        using (SKPaint axle = Fill(Cart)) canvas.DrawCircle(offset, offset, 0.05f * scale, axle);
    }
}
