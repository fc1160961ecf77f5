#!/usr/bin/env python3
"""The best hit ratio any cache could reach on scripts/bench-cache-zipf.lua's request mix.

A perfect cache (infinite, never expiring, never invalidated) still misses the first request of every
key. This replays the mix (70% product details Zipf(s) over N ids, 20% category pages Zipf(s) over C
ids, 10% the first page) for a warm-up pass and a measured pass of the given sizes, and prints the
fraction of the measured pass whose key had been requested before: the ceiling for the measured
hit ratio of bench-cache.sh's third figure.

usage: scripts/zipf-hit-ceiling.py PRODUCTS CATEGORIES WARMUP_REQUESTS MEASURED_REQUESTS [s=1.0]
"""
import bisect
import itertools
import random
import sys


def sampler(n, s, rng):
    cumulative = list(itertools.accumulate(1.0 / (i ** s) for i in range(1, n + 1)))
    total = cumulative[-1]
    return lambda: bisect.bisect_left(cumulative, rng.random() * total)


def main():
    products, categories, warmup, measured = (int(a) for a in sys.argv[1:5])
    s = float(sys.argv[5]) if len(sys.argv) > 5 else 1.0
    rng = random.Random(42)
    product, category = sampler(products, s, rng), sampler(categories, s, rng)

    def request():
        r = rng.random()
        if r < 0.7:
            return ("product", product())
        if r < 0.9:
            return ("category", category())
        return ("first-page", 0)

    seen = {request() for _ in range(warmup)}
    repeats = 0
    for _ in range(measured):
        key = request()
        if key in seen:
            repeats += 1
        else:
            seen.add(key)
    print(f"hit-ratio ceiling for {measured} requests after {warmup} (Zipf s={s}, {products} products, "
          f"{categories} categories): {100.0 * repeats / measured:.1f}%")


if __name__ == "__main__":
    main()
