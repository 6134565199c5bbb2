#!/usr/bin/env bash
# Runs the fuzz targets one after another, SECONDS each (default 600), on one core.
# Usage: fuzz/run.sh [SECONDS] [TARGET...]   (needs the nightly toolchain and cargo-fuzz)
# Each run starts from seeds/TARGET (kept in git) plus corpus/TARGET (grown locally),
# stops on the first crash, hang (10 s) or memory blow-up (1 GiB), and leaves its log in
# logs/TARGET.log; crashes land in artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(ls seeds)
fi
mkdir -p logs
cargo +nightly fuzz build
# The binaries are run directly: `cargo fuzz run` would rebuild on every source change.
bin=target/x86_64-unknown-linux-gnu/release
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  status=ok
  "$bin/$t" "corpus/$t" "seeds/$t" -artifact_prefix="artifacts/$t/" \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 \
    >"logs/$t.log" 2>&1 || status=FAILED
  execs=$(grep -oP 'stat::number_of_executed_units:\s*\K\d+' "logs/$t.log" || echo "?")
  echo "$t: $status, $execs executions in ${secs}s"
done
