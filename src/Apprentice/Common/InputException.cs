namespace Apprentice;

/// <summary>
/// Bad input from a user: a file, a flag, an env id, a shape. The message is one line saying what was
/// wrong and what to do; the CLI prints it as is and exits with code 2.
/// </summary>
public sealed class InputException : Exception
{
    public InputException(string message) : base(message) { }

    public InputException(string message, Exception inner) : base(message, inner) { }
}
