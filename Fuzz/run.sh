#!/usr/bin/env bash
# Builds the libFuzzer harnesses (with AddressSanitizer) and runs each for a bounded time on a
# copy of its committed corpus. A crash stops the run with libFuzzer's report and exit code;
# the input that crashed is kept in Fuzz/crashes/ (add it to Tests/PodiumCoreTests/Fixtures/fuzz/).
# usage: bash Fuzz/run.sh [SECONDS_EACH] [HARNESS...]   (default: 30 s, every harness)
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-30}
shift || true
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(csv submission manifest bundle)
swift build -c release --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address >/dev/null
bin=$(swift build -c release --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address --show-bin-path)
mkdir -p crashes
for name in "${harnesses[@]}"; do
  case $name in
    csv) target=FuzzCSV; maxlen=8192 ;;
    submission) target=FuzzSubmission; maxlen=65536 ;;
    manifest) target=FuzzManifest; maxlen=8192 ;;
    bundle) target=FuzzBundle; maxlen=262144 ;;
    *) echo "unknown harness $name (csv, submission, manifest, bundle)" >&2; exit 64 ;;
  esac
  work=$(mktemp -d)
  cp -R "Corpus/$name/." "$work/"
  echo "== $target: $seconds s"
  status=0
  ASAN_OPTIONS=detect_leaks=0 "$bin/$target" "$work" -max_total_time="$seconds" -max_len="$maxlen" -rss_limit_mb=4096 \
    -timeout=20 -artifact_prefix="crashes/$name-" -print_final_stats=1 >"$work.log" 2>&1 || status=$?
  if [ "$status" -eq 0 ]; then
    grep -E '^(#[0-9]+ +DONE|stat::(number_of_executed_units|average_exec_per_sec|new_units_added))' "$work.log" || true
  else
    tail -n 60 "$work.log"
  fi
  rm -rf "$work" "$work.log"
  [ "$status" -eq 0 ] || { echo "$target failed (exit $status); see Fuzz/crashes/" >&2; exit 1; }
done
