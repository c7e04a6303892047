using System.Text;
using System.Text.Json;
using Apprentice.Cli;

namespace Apprentice.Tests.Cli;

/// <summary>A run folder's TensorBoard session: the config as hyperparameters, and how the session ends.</summary>
public sealed class RunFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("apprentice-runfiles-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Hyperparameters_FlattenTheConfig_ByDottedPaths()
    {
        using var config = JsonDocument.Parse("""{"algo": "gail", "gail": {"seed": 3, "trpo": {"max_kl": 0.01}, "hidden": [100, 100], "bc": null, "bootstrap": true}, "envs": ["a", "b"]}""");
        (string, object)[] expected = [("algo", "gail"), ("gail.seed", 3.0), ("gail.trpo.max_kl", 0.01), ("gail.hidden", "100,100"), ("gail.bootstrap", true), ("envs", "a,b")];
        Assert.Equal(expected, RunFiles.Hyperparameters(config.RootElement));
    }

    [Fact]
    public void StartEvents_OpensTheSessionOnce_WithTheConfigOfTheRunThatStartsTheFile()
    {
        RunFiles.StartEvents(_dir, new { Seed = 1, MaxKl = 0.01 });
        RunFiles.StartEvents(_dir, new { Seed = 2, MaxKl = 0.02 }); // a resume: the file is there
        byte[][] records = Common.TensorBoardWriterTests.Records(Directory.GetFiles(_dir).Single());
        Assert.Equal(2, records.Length);
        string start = Encoding.UTF8.GetString(records[1]);
        Assert.Contains("max_kl", start);
        Assert.Contains("_hparams_/session_start_info", start);
    }

    [Fact]
    public void EndEvents_WithoutAnEventFile_WritesNothing()
    {
        RunFiles.EndEvents(_dir, success: true, 3, [("final/mean_return", 1f)]);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void TrainingLoop_AnIterationThatDiverges_EndsTheSessionAsFailed()
    {
        RunFiles.StartEvents(_dir, new { Seed = 1 });
        var ex = Assert.Throws<TrainingFailedException>(() => TrainingLoop.Run(TextWriter.Null, _dir, alreadyDone: false, () => throw new ArithmeticException("NaN in the policy loss")));
        Assert.Contains("NaN in the policy loss; the last good checkpoint is in", ex.Message);
        byte[][] records = Common.TensorBoardWriterTests.Records(Directory.GetFiles(_dir).Single());
        Assert.Equal(3, records.Length);
        byte[] end = records[2];
        Assert.Contains("_hparams_/session_end_info", Encoding.UTF8.GetString(end));
        // HParamsPluginData's session_end_info (field 4, 11 bytes): status STATUS_FAILURE (field 1, varint 2), then end_time_secs (field 2, fixed64).
        Assert.Contains("\u0022\u000B\u0008\u0002\u0011", Encoding.Latin1.GetString(end));
    }

    [Theory]
    [InlineData(1, 3, false, true)] // a short run: every iteration
    [InlineData(2, 100, false, true)]
    [InlineData(3, 301, false, true)] // 301 iterations: every third, about 100 in all
    [InlineData(4, 301, false, false)]
    [InlineData(301, 301, true, true)] // and the last
    [InlineData(1001, 1501, false, false)] // 1,501: every fifteenth
    [InlineData(1005, 1501, false, true)]
    public void Histograms_AreDueAboutAHundredTimesARun(int iteration, int iterations, bool last, bool due) =>
        Assert.Equal(due, RunHistograms.Due(iteration, iterations, last));
}
