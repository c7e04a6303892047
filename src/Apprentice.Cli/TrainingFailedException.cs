namespace Apprentice.Cli;

/// <summary>A run that could not finish (e.g. it diverged); the CLI exits with code 1 and the message.</summary>
public sealed class TrainingFailedException(string message) : Exception(message);
