using System.Text.Json;
using Apprentice.Data;

namespace Apprentice.Tests.Data;

/// <summary>
/// HDF5 demonstrations as Python writes them: h5py (Debian's <c>python3-h5py</c>) makes a Minari
/// <c>main_data.hdf5</c> the way Minari's HDF5 storage does (ordered groups, chunked resizable datasets, bools as
/// h5py's enum, the space's dtypes) and a D4RL file the way D4RL's are (gzip, float32, metadata and infos beside the
/// data), and every value must come back. Skipped without h5py unless <c>APPRENTICE_REQUIRE_H5PY=1</c> (CI).
/// </summary>
public sealed class H5pyInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("apprentice-h5py-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static float[] Floats(JsonElement array) => [.. array.EnumerateArray().SelectMany(Flatten).Select(v => (float)v)];

    private static IEnumerable<double> Flatten(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().SelectMany(Flatten) : [e.ValueKind == JsonValueKind.True ? 1 : e.ValueKind == JsonValueKind.False ? 0 : e.GetDouble()];

    [Fact]
    public void Minari_AsMinariWritesIt_ComesBackValueForValue()
    {
        string path = Path.Combine(_dir, "main_data.hdf5");
        JsonElement written = PythonModule.H5py.RunJson("""
            import json, sys
            import h5py, numpy as np
            rng = np.random.default_rng(7)
            episodes = []
            with h5py.File(sys.argv[1], "w", track_order=True) as f:
                for e, steps in enumerate([6, 3, 11]):
                    g = f.create_group(f"episode_{e}")
                    g.attrs["id"] = e
                    g.attrs["total_steps"] = steps
                    g.attrs["seed"] = 100 + e
                    obs = rng.standard_normal((steps + 1, 11))              # float64, as a Box(float64) space stores it
                    acts = rng.uniform(-1, 1, (steps, 3)).astype(np.float32)
                    rews = rng.standard_normal(steps)
                    term = np.zeros(steps, dtype=bool); term[-1] = e != 1
                    trunc = np.zeros(steps, dtype=bool); trunc[-1] = e == 1
                    for name, data in [("observations", obs), ("actions", acts), ("rewards", rews), ("terminations", term), ("truncations", trunc)]:
                        g.create_dataset(name, data=data, chunks=True, maxshape=(None, *data.shape[1:]))
                    g.create_dataset("infos", data=["{}"] * (steps + 1), dtype=h5py.string_dtype(encoding="utf-8"))
                    episodes.append({"obs": obs.tolist(), "acts": acts.tolist(), "rews": rews.tolist(), "terminal": bool(term[-1])})
            print(json.dumps(episodes))
            """, path);

        Demonstrations demos = Demonstrations.Load(path);
        Assert.Equal(3, demos.TrajectoryCount);
        Assert.Equal([11], demos.ObservationShape);
        Assert.Equal([3], demos.ActionShape);
        for (int e = 0; e < 3; e++)
        {
            JsonElement episode = written[e];
            Assert.Equal(Floats(episode.GetProperty("obs")), demos[e].Observations.ToArray());
            Assert.Equal(Floats(episode.GetProperty("acts")), demos[e].Actions.ToArray());
            Assert.Equal(episode.GetProperty("rews").EnumerateArray().Select(v => v.GetDouble()), demos[e].Rewards.ToArray()); // float64 kept exactly
            Assert.Equal(episode.GetProperty("terminal").GetBoolean(), demos[e].Terminal);
        }
    }

    [Fact]
    public void Minari_AsWeWriteIt_ReadsInH5pyWithMinarisDtypes()
    {
        var demos = new Demonstrations(
        [
            new DemoTrajectory([0.5f, -1, 2, 3, 4.25f, 5], [0.1f, -0.2f], [1.5, -2.25], terminal: true, observationSize: 2),
            new DemoTrajectory([7, 8, 9, 10], [0.3f], [1e-300], terminal: false, observationSize: 2),
        ], [2], [1], discreteActions: false);
        string path = Path.Combine(_dir, "ours.hdf5");
        demos.Save(path);
        JsonElement read = PythonModule.H5py.RunJson("""
            import json, sys
            import h5py
            with h5py.File(sys.argv[1], "r") as f:
                out = {"total_episodes": int(f.attrs["total_episodes"]), "total_steps": int(f.attrs["total_steps"]), "episodes": []}
                for name in ["episode_0", "episode_1"]:
                    g = f[name]
                    e = {"id": int(g.attrs["id"]), "total_steps": int(g.attrs["total_steps"])}
                    for k in ["observations", "actions", "rewards", "terminations", "truncations"]:
                        e[k] = {"dtype": str(g[k].dtype), "shape": list(g[k].shape), "values": g[k][()].tolist()}
                    out["episodes"].append(e)
            print(json.dumps(out))
            """, path);

        Assert.Equal(2, read.GetProperty("total_episodes").GetInt32());
        Assert.Equal(3, read.GetProperty("total_steps").GetInt32());
        for (int e = 0; e < 2; e++)
        {
            JsonElement episode = read.GetProperty("episodes")[e];
            DemoTrajectory t = demos[e];
            Assert.Equal(e, episode.GetProperty("id").GetInt32());
            Assert.Equal(t.Length, episode.GetProperty("total_steps").GetInt32());
            string Dtype(string k) => episode.GetProperty(k).GetProperty("dtype").GetString()!;
            int[] Shape(string k) => [.. episode.GetProperty(k).GetProperty("shape").EnumerateArray().Select(v => v.GetInt32())];
            JsonElement Values(string k) => episode.GetProperty(k).GetProperty("values");
            Assert.Equal(("float32", "float32", "float64", "bool", "bool"), (Dtype("observations"), Dtype("actions"), Dtype("rewards"), Dtype("terminations"), Dtype("truncations")));
            Assert.Equal([t.Length + 1, 2], Shape("observations"));
            Assert.Equal([t.Length, 1], Shape("actions"));
            Assert.Equal(t.Observations.ToArray(), Floats(Values("observations")));
            Assert.Equal(t.Actions.ToArray(), Floats(Values("actions")));
            Assert.Equal(t.Rewards.ToArray(), Values("rewards").EnumerateArray().Select(v => v.GetDouble()));
            bool[] Flags(string k) => [.. Values(k).EnumerateArray().Select(v => v.GetBoolean())];
            Assert.Equal(t.Terminal, Flags("terminations")[^1]);
            Assert.Equal(!t.Terminal, Flags("truncations")[^1]);
            Assert.Equal(1, Flags("terminations").Count(f => f) + Flags("truncations").Count(f => f));
        }
    }

    [Fact]
    public void D4rl_AsD4rlShipsIt_SplitsIntoItsEpisodes()
    {
        string path = Path.Combine(_dir, "hopper-expert-v2.hdf5");
        JsonElement written = PythonModule.H5py.RunJson("""
            import json, sys
            import h5py, numpy as np
            rng = np.random.default_rng(3)
            n = 40
            obs = rng.standard_normal((n, 11)).astype(np.float32)
            nxt = np.roll(obs, -1, axis=0); nxt[-1] = rng.standard_normal(11)
            terminals = np.zeros(n, dtype=bool); terminals[12] = True
            timeouts = np.zeros(n, dtype=bool); timeouts[29] = True
            nxt[12] = rng.standard_normal(11); nxt[29] = rng.standard_normal(11)  # the state an episode ends in, not the next reset
            with h5py.File(sys.argv[1], "w") as f:
                for name, data in [("observations", obs), ("next_observations", nxt), ("actions", rng.uniform(-1, 1, (n, 3)).astype(np.float32)),
                                   ("rewards", rng.standard_normal(n).astype(np.float32)), ("terminals", terminals), ("timeouts", timeouts)]:
                    f.create_dataset(name, data=data, compression="gzip")
                f.create_dataset("infos/qpos", data=rng.standard_normal((n, 6)), compression="gzip")
                f.create_dataset("metadata/algorithm", data="SAC")
            with h5py.File(sys.argv[1], "r") as f:
                print(json.dumps({k: f[k][()].tolist() for k in ["observations", "next_observations", "actions", "rewards"]}))
            """, path);

        Demonstrations demos = Demonstrations.Load(path);
        Assert.Equal([13, 17, 10], demos.Lengths); // steps 0–12 (terminal), 13–29 (time-out), 30–39 (the file's end)
        Assert.Equal([true, false, false], demos.Trajectories.Select(t => t.Terminal));
        float[] observations = Floats(written.GetProperty("observations")), next = Floats(written.GetProperty("next_observations"));
        float[] actions = Floats(written.GetProperty("actions"));
        double[] rewards = [.. written.GetProperty("rewards").EnumerateArray().Select(v => v.GetDouble())];
        int start = 0;
        foreach (DemoTrajectory t in demos.Trajectories)
        {
            int last = start + t.Length - 1;
            Assert.Equal([.. observations[(start * 11)..((last + 1) * 11)], .. next[(last * 11)..((last + 1) * 11)]], t.Observations.ToArray());
            Assert.Equal(actions[(start * 3)..((last + 1) * 3)], t.Actions.ToArray());
            Assert.Equal(rewards[start..(last + 1)], t.Rewards.ToArray());
            start = last + 1;
        }
    }

    /// <summary>
    /// Our dataset folder read as <c>minari.MinariDataset</c> reads one (Minari 0.5's storage, serialisation and
    /// dataset code, with NumPy standing in for Gymnasium's spaces): the metadata's keys and id pattern, each space
    /// rebuilt from its JSON, the env_spec through Minari's compatibility edit into Gymnasium's EnvSpec fields, and
    /// every episode inside its spaces.
    /// </summary>
    [Fact]
    public void MinariDataset_AsWeWriteIt_ReadsAsMinariReadsOne()
    {
        using var env = Apprentice.Envs.Gym.Make("MountainCarContinuous-v0");
        var rng = new Rng(5);
        Demonstrations demos = DemoRecorder.Record(env, (_, action) => env.ActionSpace.Sample(rng, action), 2, seed: 3, stop: TestContext.Current.CancellationToken);
        string folder = Path.Combine(_dir, "mountaincar", "random-v1");
        MinariDataset.Save(demos, folder, env, "uniform random", references: new(Min: -35.5, Max: 93.25, Episodes: 2));
        JsonElement read = PythonModule.H5py.RunJson("""
            import json, os, re, sys
            import h5py, numpy as np
            data = os.path.join(sys.argv[1], "data")
            with open(os.path.join(data, "metadata.json")) as f:
                m = json.load(f)
            ID = re.compile(r"^(?:(?P<namespace>[-_\w][-_\w/]*[-_\w]+)\/)?(?:(?P<dataset>[-_\w]+?))(?:-v(?P<version>\d+))?$")
            match = ID.fullmatch(m["dataset_id"])
            def space(text):
                d = json.loads(text)
                if d["type"] == "Box":
                    return {"type": "Box", "low": np.array(d["low"], dtype=d["dtype"]).reshape(d["shape"]), "high": np.array(d["high"], dtype=d["dtype"]).reshape(d["shape"]), "dtype": d["dtype"]}
                return d
            obs_space, act_space = space(m["observation_space"]), space(m["action_space"])
            spec = json.loads(m["env_spec"].replace('"order_enforce": true,', "").replace('"apply_api_compatibility": false,', "").replace('"autoreset": false, ', ""))
            spec.pop("additional_wrappers")
            fields = ["id", "entry_point", "reward_threshold", "nondeterministic", "max_episode_steps", "order_enforce", "disable_env_checker", "kwargs", "vector_entry_point"]
            inside, steps = [], 0
            with h5py.File(os.path.join(data, "main_data.hdf5"), "r") as f:
                for i in range(m["total_episodes"]):
                    g = f[f"episode_{i}"]
                    o, a = g["observations"][()], g["actions"][()]
                    steps += len(a)
                    inside.append(bool(np.all((o >= obs_space["low"]) & (o <= obs_space["high"])) and np.all((a >= act_space["low"]) & (a <= act_space["high"]))))
                    assert {"observations", "actions", "rewards", "terminations", "truncations"} <= set(g.keys())
                    assert isinstance(g["infos"], h5py.Group) and len(g["infos"]) == 0  # Minari decodes it to {}
            print(json.dumps({"keys": sorted(m), "id": match.group("dataset"), "version": match.group("version"), "data_format": m["data_format"],
                "minari_version": m["minari_version"], "obs_low": obs_space["low"].tolist(), "act_high": act_space["high"].tolist(), "dtype": obs_space["dtype"],
                "spec_unknown": sorted(set(spec) - set(fields)), "spec": spec, "inside": inside, "steps": steps, "total_steps": m["total_steps"],
                # minari.get_normalized_score, on a return of 50
                "normalized": (np.array(50.0) - m["ref_min_score"]) / (m["ref_max_score"] - m["ref_min_score"]),
                "reference_types": [type(m[k]).__name__ for k in ("ref_min_score", "ref_max_score", "num_episodes_average_score")]}))
            """, folder);

        Assert.Equal(["action_space", "algorithm_name", "data_format", "dataset_id", "env_spec", "minari_version", "num_episodes_average_score", "observation_space",
            "ref_max_score", "ref_min_score", "total_episodes", "total_steps"],
            read.GetProperty("keys").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal((50 + 35.5) / (93.25 + 35.5), read.GetProperty("normalized").GetDouble(), 15);
        Assert.Equal(["float", "float", "int"], read.GetProperty("reference_types").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(("random", "1", "hdf5", "0.5.0"), (read.GetProperty("id").GetString(), read.GetProperty("version").GetString(),
            read.GetProperty("data_format").GetString(), read.GetProperty("minari_version").GetString()));
        Assert.Equal(env.ObservationSpace.Low, Floats(read.GetProperty("obs_low")));
        Assert.Equal("float32", read.GetProperty("dtype").GetString());
        Assert.Equal([1f], Floats(read.GetProperty("act_high")));
        Assert.Empty(read.GetProperty("spec_unknown").EnumerateArray());
        JsonElement spec = read.GetProperty("spec");
        Assert.Equal(("MountainCarContinuous-v0", "gymnasium.envs.classic_control.continuous_mountain_car:Continuous_MountainCarEnv", 999, 90.0),
            (spec.GetProperty("id").GetString(), spec.GetProperty("entry_point").GetString(), spec.GetProperty("max_episode_steps").GetInt32(), spec.GetProperty("reward_threshold").GetDouble()));
        Assert.Equal([true, true], read.GetProperty("inside").EnumerateArray().Select(v => v.GetBoolean()));
        Assert.Equal(demos.TransitionCount, read.GetProperty("steps").GetInt32());
        Assert.Equal(demos.TransitionCount, read.GetProperty("total_steps").GetInt32());
    }

    /// <summary>A folder made as Minari's storage makes one, metadata by <c>json.dump</c> (bare Infinity), is read with its env.</summary>
    [Fact]
    public void MinariDataset_AsMinariWritesIt_IsLoadedWithItsEnv()
    {
        string folder = Path.Combine(_dir, "pendulum", "expert-v0");
        PythonModule.H5py.RunJson("""
            import json, os, sys
            import h5py, numpy as np
            data = os.path.join(sys.argv[1], "data")
            os.makedirs(data)
            rng = np.random.default_rng(1)
            with h5py.File(os.path.join(data, "main_data.hdf5"), "w", track_order=True) as f:
                for e, steps in enumerate([4, 6]):
                    g = f.create_group(f"episode_{e}")
                    g.attrs["id"] = e
                    g.attrs["total_steps"] = steps
                    g.create_dataset("observations", data=rng.uniform(-1, 1, (steps + 1, 3)).astype(np.float32))
                    g.create_dataset("actions", data=rng.uniform(-2, 2, (steps, 1)).astype(np.float32))
                    g.create_dataset("rewards", data=rng.standard_normal(steps))
                    g.create_dataset("terminations", data=np.zeros(steps, dtype=bool))
                    g.create_dataset("truncations", data=np.arange(steps) == steps - 1)
            box = lambda low, high: json.dumps({"type": "Box", "dtype": "float32", "shape": [len(low)], "low": low, "high": high})
            spec = {"id": "Pendulum-v1", "entry_point": "gymnasium.envs.classic_control.pendulum:PendulumEnv", "reward_threshold": None, "nondeterministic": False,
                    "max_episode_steps": 200, "order_enforce": True, "disable_env_checker": False, "kwargs": {"render_mode": None}, "additional_wrappers": [], "vector_entry_point": None}
            with open(os.path.join(data, "metadata.json"), "w") as f:
                json.dump({"total_episodes": 2, "total_steps": 10, "data_format": "hdf5", "observation_space": box([-1.0, -1.0, -float("inf")], [1.0, 1.0, float("inf")]),
                           "action_space": box([-2.0], [2.0]), "env_spec": json.dumps(spec), "dataset_id": "pendulum/expert-v0", "minari_version": "0.5.3",
                           "author": ["someone"], "algorithm_name": "SAC"}, f)
            print("{}")
            """, folder);

        Demonstrations demos = Demonstrations.Load(folder);
        Assert.Equal([4, 6], demos.Lengths);
        MinariMetadata metadata = MinariDataset.ReadMetadata(folder)!;
        Assert.Equal(("pendulum/expert-v0", "Pendulum-v1", "Pendulum-v1"), (metadata.DatasetId, metadata.EnvId, metadata.RegisteredEnvId)); // render_mode aside
        Assert.Equal(float.NegativeInfinity, ((Apprentice.Envs.Box)metadata.ObservationSpace!).LowAt(2));
    }

    /// <summary>A Minari 0.4 dataset kept its metadata as attributes of <c>main_data.hdf5</c>, with no metadata.json: read from there.</summary>
    [Fact]
    public void MinariDataset_OfMinari04_ReadsItsMetadataFromTheFilesAttributes()
    {
        string folder = Path.Combine(_dir, "cartpole", "old-v0");
        PythonModule.H5py.RunJson("""
            import json, os, sys
            import h5py, numpy as np
            data = os.path.join(sys.argv[1], "data")
            os.makedirs(data)
            spec = {"id": "CartPole-v1", "entry_point": "gymnasium.envs.classic_control.cartpole:CartPoleEnv", "reward_threshold": 475.0, "nondeterministic": False,
                    "max_episode_steps": 500, "order_enforce": True, "autoreset": False, "disable_env_checker": False, "apply_api_compatibility": False,
                    "kwargs": {}, "additional_wrappers": [], "vector_entry_point": None}
            inf = float("inf")
            with h5py.File(os.path.join(data, "main_data.hdf5"), "w") as f:
                f.attrs.update({"total_episodes": 1, "total_steps": 3, "dataset_id": "cartpole/old-v0", "minari_version": "0.4.3", "algorithm_name": "PPO",
                                "observation_space": json.dumps({"type": "Box", "dtype": "float32", "shape": [4], "low": [-4.8, -inf, -0.42, -inf], "high": [4.8, inf, 0.42, inf]}),
                                "action_space": json.dumps({"type": "Discrete", "dtype": "int64", "start": 0, "n": 2}), "env_spec": json.dumps(spec),
                                "ref_min_score": np.float32(22.5), "ref_max_score": 500.0, "num_episodes_average_score": 100})
                g = f.create_group("episode_0")
                g.attrs["id"] = 0
                g.attrs["total_steps"] = 3
                g.create_dataset("observations", data=np.zeros((4, 4), dtype=np.float32))
                g.create_dataset("actions", data=np.array([0, 1, 0], dtype=np.int64))
                g.create_dataset("rewards", data=np.ones(3))
                g.create_dataset("terminations", data=np.array([False, False, True]))
                g.create_dataset("truncations", data=np.zeros(3, dtype=bool))
            print("{}")
            """, folder);

        MinariMetadata metadata = MinariDataset.ReadMetadata(folder)!;
        Assert.Equal(("cartpole/old-v0", "0.4.3", "PPO"), (metadata.DatasetId, metadata.MinariVersion, metadata.AlgorithmName));
        Assert.Equal(("CartPole-v1", "CartPole-v1"), (metadata.EnvId, metadata.RegisteredEnvId));
        Assert.Equal((1L, 3L), (metadata.TotalEpisodes, metadata.TotalSteps));
        Assert.Equal("Discrete(2)", metadata.ActionSpace!.ToString());
        Assert.Equal(new MinariMetadata.ReferenceScores(22.5, 500, 100), metadata.References); // a float32 attribute too
        Assert.Equal([3], Demonstrations.Load(folder).Lengths);

        PythonModule.H5py.RunJson("""
            import sys, h5py
            with h5py.File(sys.argv[1], "a") as f:
                f.attrs["ref_max_score"] = "high"
            print("{}")
            """, Path.Combine(folder, "data", "main_data.hdf5"));
        metadata = MinariDataset.ReadMetadata(folder)!;
        Assert.Equal((null, "'ref_max_score' is not a number"), (metadata.References, metadata.ReferenceProblem));
    }
}
