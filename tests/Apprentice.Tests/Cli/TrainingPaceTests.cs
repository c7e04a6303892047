using Apprentice.Cli;

namespace Apprentice.Tests.Cli;

public sealed class TrainingPaceTests
{
    private static ImitateRun Cell(string algo, string env = "Hopper-v4", int k = 4) => ImitateRun.Create(algo, env, "pool.npz", k, 0, 50);

    [Fact]
    public void SecondsPerCell_FromFinishedAndCheckpointedCells_OfTheSameTaskAndAlgorithm()
    {
        var pace = new TrainingPace();
        pace.Add(Cell("gail"), 1.0, 1_000);
        pace.Add(Cell("gail", k: 11), 0.5, 600); // half a cell in 600 s
        pace.Add(Cell("bc"), 1.0, 10);

        Assert.Equal(1_600 / 1.5, pace.SecondsPerCell(Cell("gail", k: 25))!.Value, 9);
        Assert.Equal(10, pace.SecondsPerCell(Cell("bc"))!.Value, 9);
        Assert.Null(pace.SecondsPerCell(Cell("gail", env: "Walker2d-v4")));
    }

    [Fact]
    public void SecondsPerCell_FemWithoutTimedCells_BorrowsTheTasksPolicyOptimisingPace_NotBcs()
    {
        var pace = new TrainingPace();
        pace.Add(Cell("gail"), 1.0, 1_000);
        pace.Add(Cell("bc"), 1.0, 10);
        Assert.Equal(1_000, pace.SecondsPerCell(Cell("fem"))!.Value, 9);
        Assert.Null(new TrainingPace().SecondsPerCell(Cell("fem")));
    }

    [Fact]
    public void Describe_SumsTheFractionsLeft_AndSaysWhatIsLeftOut()
    {
        var pace = new TrainingPace();
        pace.Add(Cell("gail"), 1.0, 3_600);
        string line = pace.Describe([(Cell("gail"), 1.0), (Cell("fem"), 0.5), (Cell("gail", env: "Ant-v4"), 1.0)], jobs: 2);
        // Two jobs: the GAIL cell's hour on one, FEM's half hour on the other.
        Assert.Equal("training left ≈ 1.5 h of cell time for 3 cells, ≈ 1.0 h with --jobs 2 (at the pace of this folder's cells; 1 of them like no cell timed here, left out)", line);
        Assert.StartsWith("training left: no estimate (1 cell,", new TrainingPace().Describe([(Cell("bc"), 1.0)], 1));
    }

    [Theory]
    [InlineData(1, 3_600 + 1_800 + 3_600 + 900)]
    [InlineData(2, 1_800 + 3_600)] // 1 h | 0.5 h; the second hour where the half hour ends; the quarter after the first hour
    [InlineData(4, 3_600)] // the longest cell, however many jobs
    [InlineData(100, 3_600)]
    public void WallSeconds_TakesTheCellsInOrder_EachByTheJobThatFreesFirst(int jobs, double expected)
    {
        var pace = new TrainingPace();
        pace.Add(Cell("gail"), 1.0, 3_600);
        double wall = pace.WallSeconds([(Cell("gail"), 1.0), (Cell("gail"), 0.5), (Cell("gail"), 1.0), (Cell("gail", env: "Ant-v4"), 1.0), (Cell("gail"), 0.25)], jobs);
        Assert.Equal(expected, wall, 9);
    }

    [Fact]
    public void WallSeconds_OneCellLeft_TakesItsOwnTime_NotAShareOfTheJobs()
    {
        var pace = new TrainingPace();
        pace.Add(Cell("gtal", env: "Humanoid-v4"), 0.2, 6_000);
        Assert.Equal(0.8 * 30_000, pace.WallSeconds([(Cell("gtal", env: "Humanoid-v4"), 0.8)], jobs: 2), 9);
    }

    [Theory]
    [InlineData(10.0, 1.0, 3.0, "  ≈ < 1 min left")]
    [InlineData(600.0, 1.0, 3.0, "  ≈ 20 min left")]
    [InlineData(3600.0, 100.0, 250.0, "  ≈ 1.5 h left")]
    [InlineData(50.0, 3.0, 3.0, "")]
    [InlineData(0.0, 0.0, 3.0, "")]
    public void Left_AtThePaceSoFar_EmptyOnceDone(double seconds, double done, double total, string expected) =>
        Assert.Equal(expected, TrainingPace.Left(seconds, done, total));
}
