using System.Runtime.InteropServices;

namespace Apprentice.Cli;

/// <summary>
/// A request to stop after the current iteration, from Ctrl-C (SIGINT) or SIGTERM (what <c>kill</c> and service
/// managers send; a shell starts background jobs with SIGINT ignored, so SIGTERM is how those are stopped). While
/// one is listening, neither signal ends the process: the run sees <see cref="Token"/> cancelled, checkpoints and
/// exits with <see cref="CliApp.Interrupted"/>.
/// </summary>
internal sealed class StopRequest : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    public StopRequest()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
    }

    public CancellationToken Token => _source.Token;

    public bool Requested => _source.IsCancellationRequested;

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        _source.Cancel();
    }

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _source.Dispose();
    }
}
