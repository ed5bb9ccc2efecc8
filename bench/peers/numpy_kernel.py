#!/usr/bin/python3
"""The adopter kernel in vectorised numpy: a yardstick for BM_AdopterKernel.

The kernel is the one stackrace stepped before the decision to use AI was
added (it is a subset of today's step): each month, with snapshot semantics
(every adopter reads last month's states and writes its own next state),
  offline  -> online non-user with the country's online hazard;
  user     -> non-user with the discontinuation hazard, or reviews its stack
              with the review probability;
  non-user -> considers AI with the Bass hazard (looking at its peers only
              when its draw is below the hazard it would have with all of
              them using AI, as stackrace does)
                p * innovativeness + country imitation
                + q per using peer * using peers   (if using peers >= its threshold)
              and then picks a stack;
  picking  is a 5-stack multinomial logit: weight[country, class, stack]
              x exp(beta * peers on that stack / using peers)
              x exp(switching cost) for the stack in use.
Eight peers an adopter, drawn uniformly within its country. The population
(country sizes, classes, traits, states, per-country rates) is synthetic but of
the shipped baseline's shape: 241 countries sized like a heavy-tailed
population, 48 classes, 30% offline, 50% online non-users, 20% users.

Run: bench/peers/numpy_kernel.py [--adopters N] [--months M] [--seed S]
Prints one line: adopter-updates per second (one thread: numpy's elementwise
kernels are single-threaded).
"""

import argparse
import time

import numpy as np

STACKS, NONUSER, OFFLINE = 5, 5, 6
PEERS, CLASSES, COUNTRIES = 8, 48, 241


def build(n, rng):
    """A synthetic population of n adopters in COUNTRIES countries."""
    size = rng.pareto(1.2, COUNTRIES) + 0.05
    per_country = np.maximum(1, np.floor(n * size / size.sum())).astype(np.int64)
    per_country[np.argmax(per_country)] += n - per_country.sum()
    begin = np.concatenate(([0], np.cumsum(per_country)))
    country = np.repeat(np.arange(COUNTRIES), per_country).astype(np.int32)
    # Peers uniform within the adopter's country.
    offset = (rng.random((n, PEERS)) * per_country[country][:, None]).astype(np.int64)
    peers = (begin[country][:, None] + offset).astype(np.int32)
    pop = {
        "country": country,
        "peers": peers,
        "klass": rng.integers(0, CLASSES, n).astype(np.int32),
        "innovativeness": rng.lognormal(-0.125, 0.5, n).astype(np.float32),
        "min_peer_users": np.ceil(rng.random(n) * 0.3 * PEERS).astype(np.int8),
    }
    u = rng.random(n)
    state = np.where(u < 0.3, OFFLINE, np.where(u < 0.8, NONUSER, rng.integers(0, STACKS, n)))
    pop["state"] = state.astype(np.int8)
    tables = {
        "online_hazard": rng.uniform(0.002, 0.01, COUNTRIES).astype(np.float32),
        "innovation_p": rng.uniform(0.0005, 0.003, COUNTRIES).astype(np.float32),
        "country_imitation": rng.uniform(0.001, 0.01, COUNTRIES).astype(np.float32),
        "peer_q_per_user": rng.uniform(0.0005, 0.002, COUNTRIES).astype(np.float32),
        "discontinue": rng.uniform(0.005, 0.02, COUNTRIES).astype(np.float32),
        "review": np.full(COUNTRIES, 0.08, np.float32),
        "weight": rng.uniform(0.1, 1.0, (COUNTRIES, CLASSES, STACKS)).astype(np.float32),
    }
    # network[users, count] = exp(beta * count / users), 1 where users = 0.
    users = np.arange(PEERS + 1)[:, None]
    count = np.arange(PEERS + 1)[None, :]
    tables["network"] = np.where(users > 0, np.exp(2.0 * count / np.maximum(users, 1)), 1.0).astype(np.float32)
    tables["keep_weight"] = np.float32(np.exp(1.5))
    return pop, tables


def step(pop, t, rng):
    """One month: returns the next states (snapshot semantics)."""
    state, country = pop["state"], pop["country"]
    n = state.size
    u = rng.random(n, dtype=np.float32)
    u_pick = rng.random(n, dtype=np.float32)
    nxt = state.copy()

    offline = state == OFFLINE
    nxt[offline & (u < t["online_hazard"][country])] = NONUSER

    user = state < STACKS
    stop = t["discontinue"][country]
    nxt[user & (u < stop)] = NONUSER
    reviews = user & (u >= stop) & (u < stop + t["review"][country])
    nonuser = state == NONUSER
    # A non-user whose draw clears the hazard it would have with every peer
    # using AI stays as it is whatever its peers do: only the rest look.
    alone = t["innovation_p"][country] * pop["innovativeness"] + t["country_imitation"][country]
    may_consider = nonuser & (u < alone + t["peer_q_per_user"][country] * PEERS)

    look = np.flatnonzero(reviews | may_consider)
    c = country[look]
    # Peers per state in one bincount over (row, state) pairs.
    peer_states = state[pop["peers"][look]].astype(np.int64)
    rows = np.arange(look.size, dtype=np.int64)[:, None] * 8
    counts = np.bincount((rows + peer_states).ravel(), minlength=look.size * 8).reshape(look.size, 8)[:, :STACKS]
    users = counts.sum(axis=1)

    hazard = alone[look] + np.where(users >= pop["min_peer_users"][look], t["peer_q_per_user"][c] * users, 0)
    considers = nonuser[look] & (u[look] < hazard)
    picks = reviews[look] | considers

    chosen = look[picks]
    cp, current = c[picks], state[chosen]
    w = t["weight"][cp, pop["klass"][chosen]]
    w = w * t["network"][users[picks][:, None], counts[picks]]
    keep = np.arange(STACKS)[None, :] == current[:, None]
    w = np.where(keep, w * t["keep_weight"], w)
    cumulative = np.cumsum(w, axis=1)
    target = u_pick[chosen] * cumulative[:, -1]
    nxt[chosen] = np.argmax(cumulative > target[:, None], axis=1).astype(np.int8)
    return nxt


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--adopters", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    pop, tables = build(args.adopters, rng)
    start = time.perf_counter()
    for _ in range(args.months):
        pop["state"] = step(pop, tables, rng)
    seconds = time.perf_counter() - start
    rate = args.adopters * args.months / seconds
    print(f"numpy kernel: {args.adopters} adopters, {args.months} months, {seconds:.3f} s, "
          f"{rate / 1e6:.2f} M adopter-updates/s")


if __name__ == "__main__":
    main()
