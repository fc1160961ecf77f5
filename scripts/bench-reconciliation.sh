#!/usr/bin/env bash
# The supply reconciliation at the scale-1 supply shape (5,000 suppliers, 200,000 deliveries, ~66,000
# monthly payouts through the ledger), side by side with the naive approach of the system it replaces
# (two full aggregates pulled into the application, joined and filtered there), alternating on one
# connection in one run: 30- and 366-day windows, four thresholds, first page / every page / naive.
# Prints median and p90 wall time, rows that reached the application, application CPU and PostgreSQL
# backend CPU per run (the last two survive a busy machine), the EXPLAIN ANALYZE of each window, the
# load average and the commit.
#
#   scripts/bench-reconciliation.sh [RUNS]      (default 15 measured runs per cell after 3 warm-up runs)
#
# Runs as a JUnit benchmark in the test JVM (ReconciliationBenchmark) on the suite's embedded
# PostgreSQL 17: the shared test catalog (250,000 products) plus the supply data, loaded by the data
# generator's own code. About 3 minutes on 2 quiet cores.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-15}
source scripts/java-home.sh
echo "commit $(git rev-parse --short HEAD), $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
./mvnw -B -ntp -q -pl app test -Dtest=ReconciliationBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.runs="$RUNS" >/dev/null
grep '^bench' app/target/surefire-reports/dev.emporium.supply.ReconciliationBenchmark-output.txt | sed 's/^bench //'
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
