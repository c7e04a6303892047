namespace Apprentice.Envs;

/// <summary>
/// Registers the tasks of an assembly of your own, so the command-line tool can use them: give the assembly to
/// <c>apprentice --env-assembly FILE.dll</c> and every public class implementing this interface (with a public
/// parameterless constructor) is created and its <see cref="Register"/> called once, before the command runs.
/// </summary>
public interface IEnvRegistration
{
    /// <summary>Calls <see cref="Gym.Register"/> for each of the assembly's tasks.</summary>
    void Register();
}
