using Apprentice.Cli;

namespace Apprentice.Tests.Cli;

public sealed class CellSettingsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("apprentice-cell-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ImitateRun Hopper(int workers, string demos)
    {
        ImitateRun run = ImitateRun.Create("gail", "Hopper-v4", demos, 4, 0, 50);
        return run with { Gail = run.Gail! with { Workers = workers } };
    }

    [Fact]
    public void Check_OtherPoolPathAndWorkerCount_Pass()
    {
        RunFiles.WriteConfig(_dir, Hopper(workers: 2, "data/reproduce-mujoco/pools/Hopper-v4.npz"));
        CellSettings.Check(Hopper(workers: 1, "./data/reproduce-mujoco//pools/Hopper-v4.npz"), _dir);
    }

    [Fact]
    public void Check_AnythingElseDifferent_NamesTheFirstField()
    {
        ImitateRun run = Hopper(workers: 1, "pool.npz");
        RunFiles.WriteConfig(_dir, run);
        var ex = Assert.Throws<InputException>(() => CellSettings.Check(run with { Gail = run.Gail! with { BootstrapTimeLimit = false } }, _dir));
        Assert.Contains("(gail.bootstrap_time_limit true, not false;", ex.Message);
        ex = Assert.Throws<InputException>(() => CellSettings.Check(run with { Gail = run.Gail! with { Hidden = [64, 64] } }, _dir));
        Assert.Contains("(gail.hidden [100,100], not [64,64];", ex.Message);
    }

    [Fact]
    public void Check_DamagedConfig_IsAOneLineInputError()
    {
        File.WriteAllText(Path.Combine(_dir, "config.json"), "{\"algo\": ");
        var ex = Assert.Throws<InputException>(() => CellSettings.Check(Hopper(1, "pool.npz"), _dir));
        Assert.StartsWith($"the cell '{_dir}' has no readable config.json (", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
