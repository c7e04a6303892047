namespace Apprentice.Envs.MuJoCo;

/// <summary>
/// MuJoCo raised an error (<c>mju_error</c>) or rejected a model; the message is MuJoCo's. The simulation that
/// raised it was interrupted mid-call: reset its <see cref="MjData"/> (or the env) before using it again.
/// </summary>
public sealed class MuJoCoException : Exception
{
    public MuJoCoException(string message) : base(message) { }

    public MuJoCoException(string message, Exception inner) : base(message, inner) { }
}
