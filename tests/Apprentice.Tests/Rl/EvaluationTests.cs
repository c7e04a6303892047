using Apprentice.Rl;

namespace Apprentice.Tests.Rl;

public class EvaluationTests
{
    [Fact]
    public void Median_OddCount_IsTheMiddleReturn()
    {
        var e = new Evaluation([5.0, -900.0, 3.0], [10, 2, 10]);
        Assert.Equal(3.0, e.MedianReturn);
        Assert.Equal(-900.0, e.MinReturn);
        Assert.Equal(5.0, e.MaxReturn);
    }

    [Fact]
    public void Median_EvenCount_AveragesTheMiddleTwo_AndLeavesTheReturnsInOrder()
    {
        double[] returns = [4.0, 1.0, 3.0, 2.0];
        var e = new Evaluation(returns, [1, 1, 1, 1]);
        Assert.Equal(2.5, e.MedianReturn);
        Assert.Equal([4.0, 1.0, 3.0, 2.0], e.Returns); // sorting for the median must not reorder the episodes
    }
}
