using Apprentice.Envs;
using Apprentice.Envs.ClassicControl;

namespace Apprentice.Tests.Envs;

public class VectorEnvTests
{
    [Fact]
    public void Step_CopyEnds_ReturnsNextEpisodesFirstObservationAndKeepsFinal()
    {
        using var vec = new VectorEnv(() => new CountingEnv(2), 3);
        vec.Reset(seed: 0);
        vec.Step([1f, 1f, 1f]);
        Assert.All(vec.HasFinalObservation.ToArray(), Assert.False);
        vec.Step([1f, 2f, 3f]);
        Assert.Equal([1.0, 2.0, 3.0], vec.Rewards.ToArray());
        Assert.All(vec.Terminated.ToArray(), Assert.True);
        Assert.All(vec.HasFinalObservation.ToArray(), Assert.True);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal([2f, 0f], vec.FinalObservation(i)[..2].ToArray()); // step 2 of episode 0
            Assert.Equal([0f, 1f], vec.Observation(i)[..2].ToArray());      // start of episode 1
        }
        vec.Step([1f, 1f, 1f]);
        Assert.All(vec.HasFinalObservation.ToArray(), Assert.False);
        Assert.Equal([1f, 1f], vec.Observation(0)[..2].ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Step_InactiveCopies_StayPutWhileOthersStepAsAlone(int workers)
    {
        using var vec = new VectorEnv(() => new CountingEnv(3), 3, workers);
        vec.Reset(seed: 0);
        vec.Step([1f, 2f, 3f], [true, false, true]);
        Assert.Equal([1.0, 0.0, 3.0], vec.Rewards.ToArray());
        Assert.Equal([0f, 0f], vec.Observation(1)[..2].ToArray()); // not stepped
        Assert.Equal([1f, 0f], vec.Observation(2)[..2].ToArray());
        vec.Step([1f, 1f, 1f], [false, true, true]);
        Assert.Equal([1f, 1f, 2f], [vec.Observation(0)[0], vec.Observation(1)[0], vec.Observation(2)[0]]);
        vec.Step([1f, 1f, 1f], [false, false, true]);
        Assert.Equal([false, false, true], vec.Terminated.ToArray());
        Assert.Equal([false, false, true], vec.HasFinalObservation.ToArray());

        using var alone = new VectorEnv(() => new CountingEnv(3), 3, workers);
        alone.Reset(seed: 0);
        for (int k = 0; k < 3; k++) alone.Step([1f, 1f, 1f]);
        Assert.Equal(alone.FinalObservation(2).ToArray(), vec.FinalObservation(2).ToArray()); // same seed draws
        Assert.Throws<ArgumentException>(() => vec.Step([1f, 1f, 1f], [true, true]));
    }

    [Fact]
    public void Step_TimeLimitTruncates_AutoResetsWithFinalObservation()
    {
        using var vec = new VectorEnv("Pendulum-v1", 2, maxEpisodeSteps: 2);
        vec.Reset(seed: 1);
        vec.Step([0f, 0f]);
        vec.Step([0f, 0f]);
        Assert.All(vec.Truncated.ToArray(), Assert.True);
        Assert.All(vec.HasFinalObservation.ToArray(), Assert.True);
        Assert.NotEqual(vec.FinalObservations.ToArray(), vec.Observations.ToArray());
    }

    [Fact]
    public void Reset_Seed_SeedsCopyIWithSeedPlusI()
    {
        using var vec = new VectorEnv("CartPole-v1", 3);
        vec.Reset(seed: 10);
        for (int i = 0; i < 3; i++)
        {
            using IEnv single = Gym.Make("CartPole-v1");
            var obs = new float[4];
            single.Reset(obs, 10 + i);
            Assert.Equal(obs, vec.Observation(i).ToArray());
        }
    }

    [Theory]
    [InlineData("CartPole-v1")]
    [InlineData("Pendulum-v1")]
    public void Step_SameSeedAnyWorkerCount_BitIdentical(string id)
    {
        byte[] one = Run(id, workers: 1), two = Run(id, workers: 2), four = Run(id, workers: 4);
        Assert.Equal(one, two);
        Assert.Equal(one, four);
    }

    [Fact]
    public void Step_Inline_AllocatesNothing()
    {
        using var vec = new VectorEnv("CartPole-v1", 8);
        var actions = new float[8];
        vec.Reset(seed: 0);
        for (int t = 0; t < 2000; t++) vec.Step(actions);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 0; t < 2000; t++) vec.Step(actions);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Step_WorkerEnvThrows_RethrowsOnCallerAndStaysUsable()
    {
        using var vec = new VectorEnv(() => new CountingEnv(5), 4, workers: 2);
        vec.Reset(seed: 0);
        var ex = Assert.Throws<ArgumentException>(() => vec.Step([1f, 1f, 1f, -1f]));
        Assert.Equal("negative action", ex.Message);
        vec.Step([1f, 1f, 1f, 1f]);
        Assert.Equal([1.0, 1.0, 1.0, 1.0], vec.Rewards.ToArray());
    }

    [Fact]
    public void Step_WrongActionsLength_ThrowsNamingSizes()
    {
        using var vec = new VectorEnv("CartPole-v1", 4);
        vec.Reset(seed: 0);
        var ex = Assert.Throws<ArgumentException>(() => vec.Step(new float[3]));
        Assert.Equal("actions has length 3, expected 4", ex.Message);
    }

    [Fact]
    public void Dispose_WithWorkers_StopsThreadsAndDisposesCopies()
    {
        var copies = new List<CountingEnv>();
        var vec = new VectorEnv(() => { var e = new CountingEnv(3); copies.Add(e); return e; }, 4, workers: 4);
        vec.Reset(seed: 0);
        vec.Step([1f, 1f, 1f, 1f]);
        Assert.True(vec.AnyWorkerAlive);
        vec.Dispose();
        Assert.False(vec.AnyWorkerAlive);
        Assert.All(copies, c => Assert.True(c.Disposed));
        Assert.Throws<ObjectDisposedException>(() => vec.Step([1f, 1f, 1f, 1f]));
    }

    [Fact]
    public void Constructor_UnknownId_ThrowsInputException()
    {
        Assert.Throws<InputException>(() => new VectorEnv("CartPol-v1", 2));
    }

    [Fact]
    public void Workers_MoreThanCopies_ClampedToCount()
    {
        using var vec = new VectorEnv("CartPole-v1", 2, workers: 8);
        Assert.Equal(2, vec.Workers);
    }

    [Fact]
    public void Envs_ThroughUnwrapped_ReachRawState()
    {
        using var vec = new VectorEnv("CartPole-v1", 2);
        vec.Reset(seed: 0);
        var raw = Assert.IsType<CartPole>(vec.Envs[1].Unwrapped);
        Assert.Equal(4, raw.State.Length);
    }

    /// <summary>A seeded rollout with random actions, serialised bit for bit.</summary>
    private static byte[] Run(string id, int workers)
    {
        const int n = 8;
        using var vec = new VectorEnv(id, n, workers);
        var rng = new Rng(123);
        var actions = new float[n * vec.ActionSpace.FlatSize];
        var bytes = new List<byte>();
        vec.Reset(seed: 42);
        bytes.AddRange(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vec.Observations).ToArray());
        for (int t = 0; t < 600; t++)
        {
            for (int i = 0; i < n; i++) vec.ActionSpace.Sample(rng, actions.AsSpan(i * vec.ActionSpace.FlatSize, vec.ActionSpace.FlatSize));
            vec.Step(actions);
            bytes.AddRange(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vec.Observations).ToArray());
            bytes.AddRange(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vec.FinalObservations).ToArray());
            bytes.AddRange(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vec.Rewards).ToArray());
            foreach (bool b in vec.Terminated) bytes.Add(b ? (byte)1 : (byte)0);
            foreach (bool b in vec.Truncated) bytes.Add(b ? (byte)1 : (byte)0);
            foreach (bool b in vec.HasFinalObservation) bytes.Add(b ? (byte)1 : (byte)0);
        }
        return bytes.ToArray();
    }
}
