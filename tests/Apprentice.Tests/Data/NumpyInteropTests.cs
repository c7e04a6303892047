using System.Text.Json;
using Apprentice.Data;

namespace Apprentice.Tests.Data;

/// <summary>
/// Demonstrations cross to and from NumPy itself: <c>numpy.load</c> reads what we save (the pickled <c>infos</c>
/// included, as imitation's loader unpickles it), and we read what <c>numpy.savez</c> and <c>savez_compressed</c>
/// write, with the dtypes and memory orders imitation's files can have. Needs a Python with NumPy
/// (<c>/usr/bin/python3</c> and Debian's <c>python3-numpy</c>, or <c>APPRENTICE_PYTHON</c>); skipped without one
/// unless <c>APPRENTICE_REQUIRE_NUMPY=1</c> (set in CI, whose setup installs it).
/// </summary>
public sealed class NumpyInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("apprentice-numpy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("CartPole-v1")]
    [InlineData("Pendulum-v1")]
    public void NumpyLoad_ReadsWhatWeSave_InfosIncluded(string env)
    {
        Demonstrations demos = Demonstrations.Load(Path.Combine(AppContext.BaseDirectory, "data", "demos", $"{env}.npz")).Take(3);
        string path = Path.Combine(_dir, "ours.npz");
        demos.Save(path);
        JsonElement seen = PythonModule.NumPy.RunJson("""
            import json, sys
            import numpy as np
            d = np.load(sys.argv[1], allow_pickle=True)
            out = {k: {"dtype": d[k].dtype.str, "shape": list(d[k].shape)} for k in d.files}
            out["obs_sum"] = float(d["obs"].astype(np.float64).sum())
            out["acts_sum"] = float(d["acts"].astype(np.float64).sum())
            out["rews"] = d["rews"].tolist()
            out["terminal"] = d["terminal"].tolist()
            out["indices"] = d["indices"].tolist()
            out["infos_empty_dicts"] = all(isinstance(i, dict) and not i for i in d["infos"])
            print(json.dumps(out))
            """, path);

        int n = demos.TransitionCount, k = demos.TrajectoryCount;
        Assert.Equal("<f4", seen.GetProperty("obs").GetProperty("dtype").GetString());
        Assert.Equal([n + k, demos.ObservationSize], seen.GetProperty("obs").GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(demos.IsDiscrete ? "<i8" : "<f4", seen.GetProperty("acts").GetProperty("dtype").GetString());
        Assert.Equal([n], seen.GetProperty("infos").GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.True(seen.GetProperty("infos_empty_dicts").GetBoolean());
        double obsSum = demos.Trajectories.Sum(t => t.Observations.ToArray().Sum(v => (double)v));
        double actsSum = demos.Trajectories.Sum(t => t.Actions.ToArray().Sum(v => (double)v));
        Assert.Equal(obsSum, seen.GetProperty("obs_sum").GetDouble(), 9);
        Assert.Equal(actsSum, seen.GetProperty("acts_sum").GetDouble(), 9);
        Assert.Equal(demos.Trajectories.SelectMany(t => t.Rewards.ToArray()), seen.GetProperty("rews").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(demos.Trajectories.Select(t => t.Terminal), seen.GetProperty("terminal").EnumerateArray().Select(e => e.GetBoolean()));
        Assert.Equal(demos.Lengths.Take(k - 1).Select((_, i) => (long)demos.Lengths.Take(i + 1).Sum()),
            seen.GetProperty("indices").EnumerateArray().Select(e => e.GetInt64()));
    }

    [Fact]
    public void ObservationsAlone_NumpyReadsActsOfWidthZero_AndWeReadAFileWithoutActs()
    {
        Demonstrations alone = Demonstrations.Load(Path.Combine(AppContext.BaseDirectory, "data", "demos", "Pendulum-v1.npz")).Take(2).WithoutActions();
        string ours = Path.Combine(_dir, "ours.npz"), theirs = Path.Combine(_dir, "theirs.npz");
        alone.Save(ours);
        // imitation's loader checks len(acts) == len(obs) - 1 per trajectory, which a (N, 0) array passes.
        JsonElement seen = PythonModule.NumPy.RunJson("""
            import json, sys
            import numpy as np
            d = np.load(sys.argv[1], allow_pickle=True)
            np.savez(sys.argv[2], obs=d["obs"], rews=d["rews"], terminal=d["terminal"], indices=d["indices"])
            print(json.dumps({"acts": list(d["acts"].shape), "dtype": d["acts"].dtype.str, "obs": list(d["obs"].shape)}))
            """, ours, theirs);
        Assert.Equal([alone.TransitionCount, 0], seen.GetProperty("acts").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("<f4", seen.GetProperty("dtype").GetString());
        Demonstrations back = Demonstrations.Load(theirs);
        Assert.False(back.HasActions);
        Assert.Equal(alone.Lengths, back.Lengths);
        Assert.Equal(alone[1].Observations.ToArray(), back[1].Observations.ToArray());
    }

    [Theory]
    [InlineData("savez", "float64", "int32", "C")]
    [InlineData("savez_compressed", "float32", "int64", "F")]
    [InlineData("savez_compressed", ">f8", ">i8", "C")]
    public void WeRead_WhatNumpySaves(string save, string obsType, string actType, string order)
    {
        string path = Path.Combine(_dir, "theirs.npz");
        PythonModule.NumPy.RunJson("""
            import json, sys
            import numpy as np
            path, save, obs_type, act_type, order = sys.argv[1:]
            rng = np.random.default_rng(5)
            lengths = [3, 5, 2]
            n, k = sum(lengths), len(lengths)
            obs = np.asarray(rng.standard_normal((n + k, 4)), dtype=obs_type, order=order)
            acts = np.asarray(rng.integers(0, 2, n), dtype=act_type)
            infos = np.array([{"TimeLimit.truncated": False} for _ in range(n)], dtype=object)
            getattr(np, save)(path, obs=obs, acts=acts, infos=infos, terminal=np.array([True, False, True]),
                              rews=rng.standard_normal(n).astype(np.float32), indices=np.cumsum(lengths[:-1]))
            print(json.dumps({"fortran": bool(np.isfortran(obs))}))
            """, path, save, obsType, actType, order);
        Demonstrations demos = Demonstrations.Load(path);
        JsonElement expected = PythonModule.NumPy.RunJson("""
            import json, sys
            import numpy as np
            d = np.load(sys.argv[1], allow_pickle=True)
            print(json.dumps({"obs": d["obs"].astype(np.float32).astype(np.float64).ravel(order="C").tolist(),
                              "acts": d["acts"].tolist(), "rews": d["rews"].astype(np.float64).tolist()}))
            """, path);
        Assert.Equal([3, 5, 2], demos.Lengths);
        Assert.True(demos.IsDiscrete);
        Assert.Equal([true, false, true], demos.Trajectories.Select(t => t.Terminal));
        Assert.Equal(expected.GetProperty("obs").EnumerateArray().Select(e => (float)e.GetDouble()),
            demos.Trajectories.SelectMany(t => t.Observations.ToArray()));
        Assert.Equal(expected.GetProperty("acts").EnumerateArray().Select(e => (float)e.GetInt64()),
            demos.Trajectories.SelectMany(t => t.Actions.ToArray()));
        Assert.Equal(expected.GetProperty("rews").EnumerateArray().Select(e => e.GetDouble()),
            demos.Trajectories.SelectMany(t => t.Rewards.ToArray()));
    }
}
