using Apprentice.Cli;

namespace Apprentice.Tests.Cli;

public sealed class ResultsCsvTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("apprentice-csv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Csv(string text)
    {
        string path = Path.Combine(_dir, "results.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void WriteThenRead_GivesBackEveryField_EmptyOnesAsNull()
    {
        RunResult[] written =
        [
            new("Reacher-v4", "gail", 11, 2, 50, -6.104999999999, 1.25, -4.62, -42.85, 0.961, 412.5) { EntropyWeight = 0.01 },
            new("Hopper-v4", "gtal", 4, 1, 50, 3000.5, 10, 3500, 20, 0.86, 1000) { PolicyStep = RunResult.PpoStep },
            new("MyTask-v0", "bc", 3, 0, 50, 1e-7, 0, null, 0.5, null),
        ];
        string path = Path.Combine(_dir, "results.csv");
        ResultsCsv.Write(path, written);
        RunResult[] read = ResultsCsv.Read(path);
        // The csv keeps no episode count; everything else comes back exactly.
        Assert.Equal(written.Select(r => r with { Episodes = 0 }), read);
    }

    [Fact]
    public void Read_AFileFromBeforeEntropyWeights_GivesLambdaZero()
    {
        RunResult r = Assert.Single(ResultsCsv.Read(Csv(
            "task,algo,trajectories,run,mean_return,std_return,expert_return,random_return,normalized_score,training_seconds\n" +
            "CartPole-v0,bc,1,3,70.9,17.2,200,22.2,0.27,0.25\n")));
        Assert.Equal(("CartPole-v0", "bc", 1, 3, 70.9, 0.0), (r.EnvId, r.Algo, r.Trajectories, r.Run, r.MeanReturn, r.EntropyWeight));
    }

    [Theory]
    [InlineData("task,algo\nHopper-v4,gail\n", "its header has no trajectories, run, mean_return")]
    [InlineData("", "is empty")]
    [InlineData(Header + "Hopper-v4,gail,4,0,1,0,2,0\n", "line 2 has 8 fields, the header 9")]
    [InlineData(Header + "Hopper-v4,gail,4,0,1,0,2,0,0.5\nHopper-v4,gail,4,1,fast,0,2,0,0.5\n", "line 3: mean_return 'fast' is not a number")]
    [InlineData(Header + "Hopper-v4,gail,four,0,1,0,2,0,0.5\n", "line 2: trajectories 'four' is not a whole number")]
    [InlineData(Header + "Hopper-v4,gail,4,-1,1,0,2,0,0.5\n", "line 2: run '-1' is not a whole number")]
    [InlineData(Header + "Hopper-v4,gail,4,0,,0,2,0,0.5\n", "line 2: mean_return is empty")]
    [InlineData(Header + ",gail,4,0,1,0,2,0,0.5\n", "line 2: task and algo must not be empty")]
    [InlineData("task,algo,trajectories,run,mean_return,std_return,expert_return,random_return,normalized_score,policy_step\n" +
        "Hopper-v4,gail,4,0,1,0,2,0,0.5,sgd\n", "line 2: policy_step 'sgd' is neither trpo nor ppo")]
    public void Read_Malformed_IsAnInputErrorThatSaysWhere(string text, string message)
    {
        var ex = Assert.Throws<InputException>(() => ResultsCsv.Read(Csv(text)));
        Assert.Contains(message, ex.Message);
    }

    private const string Header = "task,algo,trajectories,run,mean_return,std_return,expert_return,random_return,normalized_score\n";
}
