#!/usr/bin/env python3
"""CPU per search and per suggest of a running server: a figure that survives a loaded machine.

One keep-alive client sends requests one after another (no concurrency, so no queueing), first a
discarded warm-up pass, then the measured pass; it reads the CPU time (user + system, /proc) of the
server JVM and of every process of its embedded PostgreSQL before and after, and prints CPU per request
beside the client-side latency percentiles and the load average. The query mix is SearchSimulation's
(load-tests SearchQueries: nouns, adjective/colour/material + noun, misspellings) drawn Zipf(1.0) with a
fixed seed; suggest sends 2-6 character prefixes of drawn queries.

Run it against a server whose search caches hold nothing, to measure the uncached path:
  java -jar app/target/emporium.jar --server.port=18093 --emporium.embedded-db.dir=data/bench-scale1 \\
      --emporium.cache.redis-url= --emporium.cache.caches.search.l1-max-size=0 \\
      --emporium.cache.caches.search-suggest.l1-max-size=0 --emporium.cache.caches.search-corrections.l1-max-size=0 \\
      --emporium.rate-limit.multiplier=1000 &   # one address sends everything: widen the per-address budget
  scripts/bench-search-cpu.py --port 18093 --pid $! --data data/bench-scale1
Compare two builds by running each against the same data in turn (same command, other jar).
"""
import argparse
import http.client
import math
import os
import random
import time
import urllib.parse

NOUNS = ("headphones lamp kettle speaker backpack chair blender jacket drill mug tent watch keyboard bottle "
         "camera scarf router pan").split()
ADJECTIVES = "compact classic ultra eco smart pro lite rugged premium portable deluxe quiet".split()
COLORS = "black white red blue green grey".split()
MATERIALS = "steel cotton wood glass leather".split()
TYPOS = "lmap kettel headphnoes speakr backpak blendr jakcet keybaord camrea routr bottel portabel".split()


def queries():
    """SearchQueries' list, most frequent first (the same construction)."""
    out = list(NOUNS)
    for i in range(len(ADJECTIVES) * len(NOUNS)):
        out.append(ADJECTIVES[i % len(ADJECTIVES)] + " " + NOUNS[(i * 7) % len(NOUNS)])
        if i % 3 == 0:
            out.append(TYPOS[(i // 3) % len(TYPOS)])
        if i % 2 == 0:
            out.append(COLORS[i % len(COLORS)] + " " + NOUNS[(i * 5) % len(NOUNS)])
        if i % 4 == 0:
            out.append(MATERIALS[i % len(MATERIALS)] + " " + NOUNS[(i * 11) % len(NOUNS)])
    return out


def zipf_draws(items, count, rng):
    n = len(items)
    return [items[min(n, max(1, int(math.pow(n + 1.0, rng.random())))) - 1] for _ in range(count)]


def ticks(pid):
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except OSError:
        return 0


def database_pids(data_dir):
    """The postmaster serving data_dir (matched by its -D argument) and its children."""
    target = os.path.realpath(data_dir)
    pids = []
    for p in filter(str.isdigit, os.listdir("/proc")):
        try:
            args = open(f"/proc/{p}/cmdline", "rb").read().split(b"\0")
            if b"-D" in args and os.path.realpath(args[args.index(b"-D") + 1].decode()) == target:
                pids.append(int(p))
        except (OSError, IndexError, ValueError):
            pass
    children = []
    for p in filter(str.isdigit, os.listdir("/proc")):
        try:
            if int(open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()[1]) in pids:
                children.append(int(p))
        except OSError:
            pass
    return pids + children


def run(port, paths):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    latencies = []
    for path in paths:
        start = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        latencies.append((time.perf_counter() - start) * 1000)
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status}")
    return sorted(latencies)


def measure(label, port, pid, data_dir, paths):
    run(port, paths)  # warm-up: JIT, connections' catalog caches, buffers
    db = database_pids(data_dir)
    jvm0, db0 = ticks(pid), sum(ticks(p) for p in db)
    latencies = run(port, paths)
    jvm1, db1 = ticks(pid), sum(ticks(p) for p in db)
    n, hz = len(latencies), os.sysconf("SC_CLK_TCK")
    print(f"  {label}: {n} requests, p50 {latencies[n // 2]:.1f} ms, p95 {latencies[int(n * 0.95)]:.1f} ms;"
          f" CPU per request: server JVM {1000 * (jvm1 - jvm0) / hz / n:.2f} ms,"
          f" PostgreSQL {1000 * (db1 - db0) / hz / n:.2f} ms; load {open('/proc/loadavg').read().split()[0]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pid", type=int, required=True, help="the server JVM's process id")
    parser.add_argument("--data", required=True, help="the embedded database directory the server uses")
    parser.add_argument("--searches", type=int, default=400)
    parser.add_argument("--suggests", type=int, default=800)
    args = parser.parse_args()
    rng = random.Random(7)
    mix = queries()
    searches = ["/api/v1/search?limit=24&q=" + urllib.parse.quote(q) for q in zipf_draws(mix, args.searches, rng)]
    suggests = []
    for q in zipf_draws(mix, args.suggests, rng):
        prefix = q[:rng.randint(2, max(2, min(6, len(q))))]
        suggests.append("/api/v1/search/suggest?q=" + urllib.parse.quote(prefix))
    print(f"== search CPU benchmark: {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}, {os.cpu_count()} cores,"
          f" load {' '.join(open('/proc/loadavg').read().split()[:3])}; one client, sequential, each pass warmed once")
    measure("search", args.port, args.pid, args.data, searches)
    measure("suggest", args.port, args.pid, args.data, suggests)


if __name__ == "__main__":
    main()
