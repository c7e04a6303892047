using System.Security.Cryptography;
using Apprentice;
using Apprentice.Envs;

namespace PointReach;

/// <summary>
/// A task of your own: a point mass on the square [−1, 1]² pushed by a 2-d force towards a target. Any class that
/// implements <see cref="IEnv"/> (Gymnasium's reset/step contract over flat float buffers) can be registered with
/// <see cref="Gym.Register"/> and then used by every algorithm and by <see cref="VectorEnv"/>.
/// <para>
/// Observation (6): position x, y; velocity vx, vy; target minus position. Action (2): force in [−1, 1]², clipped
/// here as Gymnasium's envs clip. Reward: −distance to the target − 0.05·|force|², after the move. The episode never
/// terminates; its 100-step limit comes from the registration (a <see cref="TimeLimit"/> truncation).
/// </para>
/// <para>
/// Implementing <see cref="IRenderable"/> as well lets <c>apprentice render</c> draw its episodes, and
/// <see cref="IObservationNames"/> and <see cref="IActionNames"/> name the coordinates for
/// <c>apprentice envs PointReach-v0</c>, <c>apprentice demos info</c> and the FEM and GTAL logs.
/// </para>
/// </summary>
public sealed class PointReachEnv : IEnv, IRenderable, IObservationNames, IActionNames
{
    public const string Id = "PointReach-v0";
    public const int MaxEpisodeSteps = 100;

    private const double Dt = 0.1, Damping = 0.9, Thrust = 2.0, MaxSpeed = 2.0, Arena = 1.0, Start = 0.8, ForceCost = 0.05;
    private const int Pixels = 200, Margin = 10;

    private readonly double[] _position = new double[2], _velocity = new double[2], _target = new double[2];
    private Rng? _rng;
    private bool _ready;

    public Box ObservationSpace { get; } = new([-1f, -1f, -2f, -2f, -2f, -2f], [1f, 1f, 2f, 2f, 2f, 2f]);

    public Space ActionSpace { get; } = new Box(-1f, 1f, 2);

    public IReadOnlyList<string> ObservationNames { get; } = ["x", "y", "vx", "vy", "target_dx", "target_dy"];

    public IReadOnlyList<string> ActionNames { get; } = ["force_x", "force_y"];

    public EnvSpec? Spec => null;

    /// <summary>Registers the task under <see cref="Id"/> (once per process).</summary>
    public static void Register()
    {
        if (Gym.Specs.All(s => s.Id != Id))
            Gym.Register(new EnvSpec(Id, MaxEpisodeSteps, RewardThreshold: null, "point mass reaching a random target"), () => new PointReachEnv());
    }

    public void Reset(Span<float> observation, int? seed = null)
    {
        // A seed starts a new stream; without one the stream continues, or starts from the OS on the first reset.
        if (seed is int s) _rng = new Rng((ulong)s);
        _rng ??= new Rng(BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)));
        for (int i = 0; i < 2; i++)
        {
            _position[i] = _rng.Uniform(-Start, Start);
            _target[i] = _rng.Uniform(-Start, Start);
            _velocity[i] = 0;
        }
        _ready = true;
        Observe(observation);
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (!_ready) throw new InvalidOperationException($"{Id}: call Reset before Step");
        if (action.Length != 2) throw new ArgumentException($"{Id} takes 2 action values, got {action.Length}");
        double forceSquared = 0;
        for (int i = 0; i < 2; i++)
        {
            double force = Math.Clamp(action[i], -1.0, 1.0);
            forceSquared += force * force;
            _velocity[i] = Math.Clamp(Damping * _velocity[i] + Thrust * Dt * force, -MaxSpeed, MaxSpeed);
            _position[i] += Dt * _velocity[i];
            if (Math.Abs(_position[i]) > Arena)
            {
                _position[i] = Math.Clamp(_position[i], -Arena, Arena); // the walls stop the mass
                _velocity[i] = 0;
            }
        }
        Observe(observation);
        double distance = Math.Sqrt(Square(_target[0] - _position[0]) + Square(_target[1] - _position[1]));
        return new StepResult(-distance - ForceCost * forceSquared, Terminated: false, Truncated: false);
    }

    public void Dispose()
    {
    }

    public (int Width, int Height) FrameSize => (Pixels, Pixels);

    public double FrameSeconds => Dt;

    /// <summary>The arena's square outlined in grey, the target as a red disc, the point mass as a blue one.</summary>
    public void Render(Span<byte> rgb)
    {
        if (rgb.Length != Pixels * Pixels * 3) throw new ArgumentException($"{Id} draws {Pixels}×{Pixels}×3 bytes, got a buffer of {rgb.Length}");
        rgb.Fill(255);
        double scale = (Pixels - 2 * Margin) / (2 * Arena);
        (double X, double Y) Pixel(double[] p) => (Margin + (p[0] + Arena) * scale, Pixels - Margin - (p[1] + Arena) * scale); // y up
        for (int y = 0; y < Pixels; y++)
            for (int x = 0; x < Pixels; x++)
            {
                bool border = (x == Margin || x == Pixels - Margin || y == Margin || y == Pixels - Margin)
                    && x >= Margin && x <= Pixels - Margin && y >= Margin && y <= Pixels - Margin;
                if (border) Paint(rgb, x, y, 150, 150, 150);
            }
        Disc(rgb, Pixel(_target), 6, (220, 50, 50));
        Disc(rgb, Pixel(_position), 8, (40, 90, 200));
    }

    private static void Disc(Span<byte> rgb, (double X, double Y) centre, int radius, (byte R, byte G, byte B) colour)
    {
        for (int y = (int)centre.Y - radius; y <= (int)centre.Y + radius; y++)
            for (int x = (int)centre.X - radius; x <= (int)centre.X + radius; x++)
                if (x >= 0 && x < Pixels && y >= 0 && y < Pixels && Square(x - centre.X) + Square(y - centre.Y) <= radius * radius)
                    Paint(rgb, x, y, colour.R, colour.G, colour.B);
    }

    private static void Paint(Span<byte> rgb, int x, int y, byte r, byte g, byte b)
    {
        int i = 3 * (y * Pixels + x);
        (rgb[i], rgb[i + 1], rgb[i + 2]) = (r, g, b);
    }

    private void Observe(Span<float> observation)
    {
        if (observation.Length != 6) throw new ArgumentException($"{Id} writes 6 observation values, got a buffer of {observation.Length}");
        for (int i = 0; i < 2; i++)
        {
            observation[i] = (float)_position[i];
            observation[2 + i] = (float)_velocity[i];
            observation[4 + i] = (float)(_target[i] - _position[i]);
        }
    }

    private static double Square(double x) => x * x;
}

/// <summary>Lets the command-line tool use the task: <c>apprentice --env-assembly PointReach.dll train --env PointReach-v0</c>.</summary>
public sealed class PointReachRegistration : IEnvRegistration
{
    public void Register() => PointReachEnv.Register();
}
