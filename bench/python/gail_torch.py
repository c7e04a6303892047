"""The learner's arithmetic of one GAIL iteration in PyTorch, for `apprentice-bench torch`.

The benchmark writes the inputs (an .npz: policy and discriminator parameters, a batch, expert pairs, the
Fisher subsample) and starts this script once; each line on stdin names one piece to run, and the script
answers with its wall and thread-CPU milliseconds, so the two sides can be interleaved on a shared machine.
Everything is written the way a PyTorch implementation of the paper's algorithm is usually written: autograd
for every gradient, double backward for the Fisher-vector products, torch.optim.Adam.

Commands: `act N ROWS` (N calls acting on ROWS observations, numpy in and out), `sample N` (N CartPole pairs from 8
copies), `grad`, `fvp`, `trpo`, `disc`, `disc-repeated`,
`check PATH` (one TRPO step and one discriminator update from the given state, results to PATH), `quit`.
"""

import math
import sys
import time

import numpy as np
import torch
from torch import nn


def linear_stack(arrays, prefix):
    """A tanh MLP from weights stored [in x out] (the safetensors layout) as `<prefix>w<l>`, `<prefix>b<l>`."""
    layers = []
    count = sum(1 for k in arrays if k.startswith(prefix + "w"))
    for l in range(count):
        w = arrays[f"{prefix}w{l}"]
        layer = nn.Linear(w.shape[0], w.shape[1])
        with torch.no_grad():
            layer.weight.copy_(torch.from_numpy(w.T.copy()))
            layer.bias.copy_(torch.from_numpy(arrays[f"{prefix}b{l}"]))
        layers.append(layer)
        if l < count - 1:
            layers.append(nn.Tanh())
    return nn.Sequential(*layers)


class Policy(nn.Module):
    """Diagonal Gaussian: mean from the MLP on standardised observations, a state-independent log sigma."""

    def __init__(self, arrays):
        super().__init__()
        self.net = linear_stack(arrays, "policy.")
        self.log_std = nn.Parameter(torch.from_numpy(arrays["policy.log_std"].copy()))
        self.shift = torch.from_numpy(arrays["policy.shift"])
        self.scale = torch.from_numpy(arrays["policy.scale"])

    def forward(self, obs):
        mean = self.net((obs - self.shift) * self.scale)
        return mean, self.log_std.expand_as(mean)


def log_prob(mean, log_std, actions):
    z = (actions - mean) * torch.exp(-log_std)
    return -0.5 * (z * z).sum(1) - log_std.sum(1) - 0.5 * mean.shape[1] * math.log(2 * math.pi)


def kl(mean0, log_std0, mean1, log_std1):
    """KL(N0 || N1) per row."""
    var0, var1 = torch.exp(2 * log_std0), torch.exp(2 * log_std1)
    return (log_std1 - log_std0 + (var0 + (mean0 - mean1) ** 2) / (2 * var1) - 0.5).sum(1)


def flat(tensors):
    return torch.cat([t.reshape(-1) for t in tensors])


def set_flat(params, vector):
    offset = 0
    with torch.no_grad():
        for p in params:
            p.copy_(vector[offset:offset + p.numel()].view_as(p))
            offset += p.numel()


class Gail:
    def __init__(self, arrays):
        self.arrays = arrays
        t = lambda name: torch.from_numpy(arrays[name])
        self.obs, self.actions, self.advantages = t("obs"), t("actions"), t("advantages")
        self.old_mean, self.old_log_std = t("old_mean"), t("old_log_std")
        self.sub = torch.from_numpy(arrays["fisher_rows"])
        self.expert_obs, self.expert_actions, self.draws = t("expert_obs"), t("expert_actions"), t("expert_draws")
        hp = arrays["hyper"]
        self.max_kl, self.damping, self.cg_iterations, self.disc_lr, self.disc_entropy = (
            float(hp[0]), float(hp[1]), int(hp[2]), float(hp[3]), float(hp[4]))
        self.reset()

    def reset(self):
        self.policy = Policy(self.arrays)
        self.params = list(self.policy.parameters())
        self.disc = linear_stack(self.arrays, "disc.")
        self.adam = torch.optim.Adam(self.disc.parameters(), lr=self.disc_lr, betas=(0.9, 0.999), eps=1e-8)
        size = self.obs.shape[1] + self.actions.shape[1]
        self.stats = [0.0, np.zeros(size), np.ones(size)]  # count, mean, mean of squares (float64)

    # --- sampling: actions for the env copies' observations, numpy in and out, one env step at a time -------------------------------------------------------
    def act(self, n, rows):
        obs, out = self.arrays["obs"][:rows].copy(), None
        with torch.no_grad():
            for _ in range(n):
                mean, log_std = self.policy(torch.from_numpy(obs))
                out = (mean + torch.exp(log_std) * torch.randn_like(mean)).numpy()
        return out

    # --- TRPO -----------------------------------------------------------------------------------
    def surrogate(self, logp_old, advantages):
        mean, log_std = self.policy(self.obs)
        return (torch.exp(log_prob(mean, log_std, self.actions) - logp_old) * advantages).mean()

    def gradient(self):
        advantages = (self.advantages - self.advantages.mean()) / (self.advantages.std(unbiased=False) + 1e-8)
        logp_old = log_prob(self.old_mean, self.old_log_std, self.actions)
        surrogate = self.surrogate(logp_old, advantages)
        g = flat(torch.autograd.grad(surrogate, self.params))
        return g, surrogate.item(), logp_old, advantages

    def fisher_product(self, sub_obs, old, v):
        mean, log_std = self.policy(sub_obs)
        divergence = kl(old[0], old[1], mean, log_std).mean()
        grads = flat(torch.autograd.grad(divergence, self.params, create_graph=True))
        return flat(torch.autograd.grad((grads * v).sum(), self.params)) + self.damping * v

    def fisher_setup(self):
        sub_obs = self.obs[self.sub]
        with torch.no_grad():
            old = self.policy(sub_obs)
        return sub_obs, old

    def conjugate_gradient(self, product, b):
        x = torch.zeros_like(b)
        r, p = b.clone(), b.clone()
        rr = r.dot(r)
        for _ in range(self.cg_iterations):
            if rr < 1e-10:
                break
            ap = product(p)
            alpha = rr / p.dot(ap)
            x += alpha * p
            r -= alpha * ap
            rr_next = r.dot(r)
            p = r + (rr_next / rr) * p
            rr = rr_next
        return x

    def trpo_step(self):
        g, surrogate0, logp_old, advantages = self.gradient()
        sub_obs, old = self.fisher_setup()
        product = lambda v: self.fisher_product(sub_obs, old, v)
        step = self.conjugate_gradient(product, g)
        scale = 1.0 / math.sqrt(0.5 * step.dot(product(step)).item() / self.max_kl + 1e-8)
        expected = scale * g.dot(step).item()
        theta0 = flat(self.params).detach().clone()
        t = 1.0
        for backtrack in range(11):
            set_flat(self.params, theta0 + t * scale * step)
            with torch.no_grad():
                surrogate = self.surrogate(logp_old, advantages).item()
                mean, log_std = self.policy(self.obs)
                divergence = kl(self.old_mean, self.old_log_std, mean, log_std).mean().item()
            if divergence <= 2 * self.max_kl and surrogate - surrogate0 >= 0.1 * t * expected:
                return surrogate0, surrogate, divergence, backtrack
            t *= 0.5
        set_flat(self.params, theta0)
        return surrogate0, surrogate0, 0.0, 10

    # --- discriminator --------------------------------------------------------------------------
    def fold(self, rows, repeats):
        """The running standardiser's update, rows counted `repeats` times (float64 statistics)."""
        count, mean, mean_sq = self.stats
        x = rows.double().numpy()
        r = repeats.double().numpy()[:, None]
        total = r.sum()
        keep = count / (count + total)
        mean = keep * mean + (1 - keep) * (r * x).sum(0) / total
        mean_sq = keep * mean_sq + (1 - keep) * (r * x * x).sum(0) / total
        self.stats = [count + total, mean, mean_sq]

    def disc_update(self, repeated):
        policy_in = torch.cat([self.obs, self.actions], 1)
        expert_in = torch.cat([self.expert_obs, self.expert_actions], 1)
        b = policy_in.shape[0]
        if repeated:  # every drawn expert pair as its own row, as the algorithm is written
            expert_in = torch.repeat_interleave(expert_in, self.draws, 0)
            repeats = torch.ones(expert_in.shape[0], dtype=torch.int64)
        else:  # each distinct drawn pair once, weighted by its count
            kept = self.draws > 0
            expert_in, repeats = expert_in[kept], self.draws[kept]
        self.fold(policy_in, torch.ones(b, dtype=torch.int64))
        self.fold(expert_in, repeats)
        _, mean, mean_sq = self.stats
        std = np.sqrt(np.maximum(mean_sq - mean * mean, 0))
        shift, scale = torch.from_numpy(mean.astype(np.float32)), torch.from_numpy((1 / (std + 1e-6)).astype(np.float32))
        x = (torch.cat([policy_in, expert_in]) - shift) * scale
        y = torch.cat([torch.zeros(b), torch.ones(expert_in.shape[0])])
        w = torch.cat([torch.full((b,), 1.0 / b), repeats.float() / repeats.sum()])
        s = self.disc(x).squeeze(1)
        p = torch.sigmoid(s)
        cross_entropy = nn.functional.softplus(s) - y * s
        entropy = (1 - p) * s + nn.functional.softplus(-s)
        loss = (w * (cross_entropy - self.disc_entropy * entropy)).sum()
        self.adam.zero_grad()
        loss.backward()
        self.adam.step()
        with torch.no_grad():
            scores = self.disc(x).squeeze(1)
            rewards = nn.functional.softplus(scores[:b])
        return loss.item(), rewards


class CartPole:
    """CartPole-v0 as the specification gives it (explicit Euler, 200 steps), in plain Python floats."""

    def __init__(self, rng):
        self.rng, self.state, self.steps = rng, None, 0

    def reset(self):
        self.state = [float(v) for v in self.rng.uniform(-0.05, 0.05, 4)]
        self.steps = 0
        return np.array(self.state, dtype=np.float32)

    def step(self, action):
        x, x_dot, theta, theta_dot = self.state
        force = 10.0 if action == 1 else -10.0
        cos, sin = math.cos(theta), math.sin(theta)
        temp = (force + 0.05 * theta_dot * theta_dot * sin) / 1.1
        theta_acc = (9.8 * sin - cos * temp) / (0.5 * (4.0 / 3.0 - 0.1 * cos * cos / 1.1))
        x_acc = temp - 0.05 * theta_acc * cos / 1.1
        x, x_dot = x + 0.02 * x_dot, x_dot + 0.02 * x_acc
        theta, theta_dot = theta + 0.02 * theta_dot, theta_dot + 0.02 * theta_acc
        self.state = [x, x_dot, theta, theta_dot]
        self.steps += 1
        terminated = x < -2.4 or x > 2.4 or theta < -0.20943951 or theta > 0.20943951
        return np.array(self.state, dtype=np.float32), 1.0, terminated, self.steps >= 200


class CartPoleSampler:
    """A batch of CartPole pairs from copies stepped in turn, one batched policy call per step, as a vectorised
    rollout collector does: observations, actions, logits and rewards kept for the learner."""

    def __init__(self, copies):
        rng = np.random.default_rng(0)
        self.envs = [CartPole(rng) for _ in range(copies)]
        self.obs = np.stack([e.reset() for e in self.envs])
        self.policy = nn.Sequential(nn.Linear(4, 100), nn.Tanh(), nn.Linear(100, 100), nn.Tanh(), nn.Linear(100, 2))

    def sample(self, pairs):
        observations, actions, logits, rewards = [], [], [], []
        while len(rewards) < pairs:
            with torch.no_grad():
                out = self.policy(torch.from_numpy(self.obs))
                chosen = torch.distributions.Categorical(logits=out).sample().numpy()
            observations.append(self.obs.copy())
            actions.append(chosen)
            logits.append(out.numpy())
            for i, env in enumerate(self.envs):
                o, r, terminated, truncated = env.step(int(chosen[i]))
                rewards.append(r)
                self.obs[i] = env.reset() if terminated or truncated else o
        return observations, actions, logits, rewards


def timed(action):
    wall, cpu = time.perf_counter(), time.thread_time()
    action()
    return (time.perf_counter() - wall) * 1e3, (time.thread_time() - cpu) * 1e3


def main():
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    torch.manual_seed(0)
    gail = Gail(dict(np.load(sys.argv[1])))
    sub_obs, old = gail.fisher_setup()
    v = torch.from_numpy(np.random.default_rng(0).standard_normal(sum(p.numel() for p in gail.params)).astype(np.float32))
    theta0 = flat(gail.params).detach().clone()

    def trpo():
        gail.trpo_step()
        set_flat(gail.params, theta0)

    actions = {
        "grad": lambda: gail.gradient(),
        "fvp": lambda: gail.fisher_product(sub_obs, old, v),
        "trpo": trpo,
        "disc": lambda: gail.disc_update(False),
        "disc-repeated": lambda: gail.disc_update(True),
    }
    cartpole = CartPoleSampler(8)
    print(f"ready torch {torch.__version__} threads {torch.get_num_threads()}", flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] == "quit":
            break
        if words[0] == "act":
            n, rows = int(words[1]), int(words[2])
            wall, cpu = timed(lambda: gail.act(n, rows))
        elif words[0] == "sample":
            n = int(words[1])
            wall, cpu = timed(lambda: cartpole.sample(n))
        elif words[0] == "check":
            gail.reset()
            surrogate0, surrogate1, divergence, backtracks = gail.trpo_step()
            loss, rewards = gail.disc_update(False)
            linears = [m for m in gail.policy.net if isinstance(m, nn.Linear)]
            tensors = {f"policy.w{l}": m.weight.detach().numpy().T.copy() for l, m in enumerate(linears)}
            tensors.update({f"policy.b{l}": m.bias.detach().numpy() for l, m in enumerate(linears)})
            np.savez(words[1], **tensors, **{"policy.log_std": gail.policy.log_std.detach().numpy()},
                     rewards=rewards.numpy(), trpo=np.array([surrogate0, surrogate1, divergence, backtracks]),
                     disc_loss=np.array([loss]))
            gail.reset()
            wall, cpu = 0.0, 0.0
        else:
            wall, cpu = timed(actions[words[0]])
        print(f"{wall:.4f} {cpu:.4f}", flush=True)


if __name__ == "__main__":
    main()
