using Apprentice.Cli;

namespace Apprentice.Tests.Cli;

public sealed class WordingTests
{
    [Theory]
    [InlineData(0, "0 trajectories")]
    [InlineData(1, "1 trajectory")]
    [InlineData(2, "2 trajectories")]
    public void Count_SingularOnlyForOne(long n, string expected) => Assert.Equal(expected, Wording.Count(n, "trajectory", "trajectories"));

    [Theory]
    [InlineData(1, "every pair")]
    [InlineData(2, "every 2nd pair")]
    [InlineData(3, "every 3rd pair")]
    [InlineData(4, "every 4th pair")]
    [InlineData(11, "every 11th pair")]
    [InlineData(12, "every 12th pair")]
    [InlineData(13, "every 13th pair")]
    [InlineData(20, "every 20th pair")]
    [InlineData(21, "every 21st pair")]
    [InlineData(22, "every 22nd pair")]
    [InlineData(111, "every 111th pair")]
    public void EveryKth_EnglishOrdinals(int k, string expected) => Assert.Equal(expected, Wording.EveryKth(k, "pair"));

    [Theory]
    [InlineData(new[] { ".gif" }, ".gif")]
    [InlineData(new[] { ".csv", ".npz" }, ".csv or .npz")]
    [InlineData(new[] { ".npz", ".csv", ".hdf5", ".h5" }, ".npz, .csv, .hdf5 or .h5")]
    public void Or_ListsWithCommasAndAFinalOr(string[] items, string expected) => Assert.Equal(expected, Wording.Or(items));
}
