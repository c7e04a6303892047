using Apprentice.Cli;

namespace Apprentice.Tests.Cli;

public sealed class CellLockTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("apprentice-lock-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Cell => Path.Combine(_dir, "cells", "CartPole-v0", "gail-k2-r0");

    [Fact]
    public void TryAcquire_WhileHeld_FailsUntilReleased()
    {
        using (CellLock? first = CellLock.TryAcquire(Cell))
        {
            Assert.NotNull(first);
            Assert.Null(CellLock.TryAcquire(Cell));
            Assert.True(CellLock.IsHeld(Cell));
            Assert.False(Directory.Exists(Cell)); // the claim sits beside the cell's folder, not in it
        }
        Assert.False(File.Exists(CellLock.PathFor(Cell)));
        Assert.False(CellLock.IsHeld(Cell));
        using CellLock? again = CellLock.TryAcquire(Cell);
        Assert.NotNull(again);
    }

    [Fact]
    public void IsHeld_StaleFileOfACrashedRun_IsNotHeld_AndNothingIsWritten()
    {
        Assert.False(CellLock.IsHeld(Cell));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
        string path = CellLock.PathFor(Cell);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        Assert.False(CellLock.IsHeld(Cell));
        using CellLock? claim = CellLock.TryAcquire(Cell);
        Assert.NotNull(claim);
    }
}
