#!/bin/bash
# `bash bench/full-then-daily.sh WORLD PROJECT_DIR [CPM_DIR]`: `cpm run` on the initial export of a
# world (`cpm generate --days N`), then again after its daily files land, on the engine in the
# environment: PostgreSQL when $CPM_BENCH_POSTGRES_URL names a database, DuckDB otherwise. Prints
# each run's seconds per step. CPM_DIR is the checkout to run (default: this one), so two versions
# can be compared on the same world and server.
set -euo pipefail
world=$(realpath "$1"); dir=$2; cpm_dir=$(realpath "${3:-$(dirname "$0")/..}")
cpm() { node "$cpm_dir/bin/cpm.js" "$@"; }
rm -rf "$dir" && cpm init "$dir" >/dev/null 2>&1
if [ -n "${CPM_BENCH_POSTGRES_URL:-}" ]; then warehouse="{ type: postgres, url: \"$CPM_BENCH_POSTGRES_URL\" }"; else warehouse='{ type: duckdb, path: warehouse/cpm.duckdb }'; fi
printf 'name: bench\nwarehouse: %s\ndata_dir: data\n' "$warehouse" > "$dir/cpm.yaml"
land() { (cd "$world" && find . -path ./_truth -prune -o -type f -name "$1" -exec cp --parents {} "$dir/data/" \;); }
mkdir -p "$dir/data"
for run in full daily; do
  if [ $run = full ]; then land '*_initial.*'; else land '*_20[0-9][0-9]-*'; fi
  cpm run --project "$dir" --json -q > "$dir/$run.json"
  node -e "const s = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8')).seconds;
    const total = Object.values(s).reduce((a, b) => a + b, 0);
    console.log(process.argv[2], total.toFixed(1), 's', Object.entries(s).map(([k, v]) => k + ' ' + v.toFixed(1)).join(', '))" "$dir/$run.json" $run
done
