namespace Apprentice.Tests.Cli;

public class CliAppTests
{
    [Fact]
    public void Run_UnknownCommand_OneLineErrorAndExitTwo()
    {
        var (exit, _, err) = CliRunner.Run("fly");
        Assert.Equal(2, exit);
        Assert.StartsWith("apprentice: ", err);
        Assert.Contains("fly", err);
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Run_UnknownOption_OneLineErrorAndExitTwo()
    {
        var (exit, _, err) = CliRunner.Run("--colour", "red");
        Assert.Equal(2, exit);
        Assert.Contains("--colour", err);
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Run_Help_PrintsUsageAndExitsZero()
    {
        var (exit, output, err) = CliRunner.Run("--help");
        Assert.Equal(0, exit);
        Assert.Contains("Usage", output);
        Assert.Equal("", err);
    }

    [Fact]
    public void Run_NoArguments_PrintsHelp()
    {
        var (exit, output, _) = CliRunner.Run();
        Assert.Equal(0, exit);
        Assert.Contains("Usage", output);
    }
}
