using Apprentice.Data;
using Apprentice.Imitation;

namespace Apprentice.Tests.Imitation;

public sealed class ExpertPairsTests
{
    [Fact]
    public void Sha256_TheSamePairs_WhateverTheFile_AndAnyChangedValueChangesIt()
    {
        string npz = Path.Combine(AppContext.BaseDirectory, "data", "demos", "CartPole-v0.npz");
        string csv = Path.Combine(Directory.CreateTempSubdirectory("apprentice-pairs-").FullName, "demos.csv");
        Demonstrations demos = Demonstrations.Load(npz);
        demos.Save(csv);
        ExpertPairs pairs = demos.Take(4).Pairs(10);
        string digest = pairs.Sha256();
        Assert.Matches("^[0-9a-f]{64}$", digest);
        Assert.Equal(digest, Demonstrations.Load(csv).Take(4).Pairs(10).Sha256()); // the same pairs through CSV
        Assert.NotEqual(digest, demos.Take(3).Pairs(10).Sha256());

        float[] observations = (float[])pairs.Observations.Clone();
        observations[17] = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(observations[17]) + 1); // one ulp
        Assert.NotEqual(digest, (pairs with { Observations = observations }).Sha256());
        // The sizes are part of it: the same values cut into other rows are other pairs.
        Assert.NotEqual(new ExpertPairs([1f, 2f, 3f, 4f], [0f, 1f], 2, 1).Sha256(), new ExpertPairs([1f, 2f, 3f, 4f], [0f, 1f], 4, 1).Sha256());
        File.Delete(csv);
    }
}
