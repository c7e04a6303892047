using Apprentice.Cli;

namespace Apprentice.Tests.Cli;

public sealed class RunLockTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("apprentice-lock-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Cell => Path.Combine(_dir, "cells", "CartPole-v0", "gail-k2-r0");

    [Fact]
    public void TryAcquire_WhileHeld_FailsUntilReleased()
    {
        using (RunLock? first = RunLock.TryAcquire(Cell))
        {
            Assert.NotNull(first);
            Assert.Null(RunLock.TryAcquire(Cell));
            Assert.True(RunLock.IsHeld(Cell));
            Assert.False(Directory.Exists(Cell)); // the claim sits beside the cell's folder, not in it
        }
        Assert.False(File.Exists(RunLock.PathFor(Cell)));
        Assert.False(RunLock.IsHeld(Cell));
        using RunLock? again = RunLock.TryAcquire(Cell);
        Assert.NotNull(again);
    }

    [Fact]
    public void Acquire_WhileHeld_IsABadInputNamingTheFolder()
    {
        using RunLock? other = RunLock.TryAcquire(Cell);
        var ex = Assert.Throws<InputException>(() => RunLock.Acquire(Cell));
        Assert.Equal($"'{Cell}' is being trained by another process; let it finish, or stop it (Ctrl-C, or kill: it keeps its checkpoint) and then resume it", ex.Message);
    }

    [Fact]
    public void PathFor_AFolderWrittenWithATrailingSeparator_IsTheSameClaim()
    {
        Assert.Equal(RunLock.PathFor(Cell), RunLock.PathFor(Cell + Path.DirectorySeparatorChar));
        Assert.Equal(Path.Combine(_dir, "cells", "CartPole-v0", ".gail-k2-r0.lock"), RunLock.PathFor(Cell));
    }

    [Fact]
    public void IsHeld_StaleFileOfACrashedRun_IsNotHeld_AndNothingIsWritten()
    {
        Assert.False(RunLock.IsHeld(Cell));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
        string path = RunLock.PathFor(Cell);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        Assert.False(RunLock.IsHeld(Cell));
        using RunLock? claim = RunLock.TryAcquire(Cell);
        Assert.NotNull(claim);
    }
}
