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
/// </summary>
public sealed class PointReachEnv : IEnv
{
    public const string Id = "PointReach-v0";
    public const int MaxEpisodeSteps = 100;

    private const double Dt = 0.1, Damping = 0.9, Thrust = 2.0, MaxSpeed = 2.0, Arena = 1.0, Start = 0.8, ForceCost = 0.05;

    private readonly double[] _position = new double[2], _velocity = new double[2], _target = new double[2];
    private Rng? _rng;
    private bool _ready;

    public Box ObservationSpace { get; } = new([-1f, -1f, -2f, -2f, -2f, -2f], [1f, 1f, 2f, 2f, 2f, 2f]);

    public Space ActionSpace { get; } = new Box(-1f, 1f, 2);

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
