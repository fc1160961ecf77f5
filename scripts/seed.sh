#!/usr/bin/env bash
# Generates a data set into the configured database and exits.
#   scripts/seed.sh 1                 reference set: 1,000,000 products, 2,000 categories, 200,000 customers
#   scripts/seed.sh 0                 demo set (what the first start loads by itself)
# Uses the embedded PostgreSQL in ./data/postgres unless SPRING_DATASOURCE_URL is set; existing
# catalog and account data are replaced. Extra arguments go to the application.
set -euo pipefail
scale="${1:?usage: scripts/seed.sh SCALE [app args...]}"
shift
cd "$(dirname "$0")/.."
exec scripts/start.sh --server.port=0 --emporium.seed.scale="$scale" --emporium.seed.replace=true \
  --emporium.seed.exit=true "$@"
