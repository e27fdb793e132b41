#!/usr/bin/env bash
# Runs the README's test command (./mvnw verify, in batch mode) N times, each on a fresh `git clone`
# of the current commit, while a second process keeps every core busy, the way a newcomer's machine
# or a shared CI runner is. Prints pass/fail and wall time per run; exits non-zero if any run failed.
#
#   tools/stress-ci.sh [N] [--load=busy|build|none] [--keep]
#
#   N            runs (default 5)
#   --load=busy  one busy loop per core (default)
#   --load=build a second ./mvnw verify, over and over, on its own clone
#   --load=none  no extra load (for timing on idle cores)
#   --keep       keep the clones of passing runs too (failed runs are always kept)
#
# Tests the committed HEAD, not uncommitted changes. Logs and clones go to $STRESS_DIR (default: a
# new directory under ${TMPDIR:-/tmp}); each run's Surefire times are summed by tools/test-times.sh.
# Needs what the README needs (Java 17+, Node 20+ with npm, network access to Maven Central and npm).
set -euo pipefail

runs=5
load=busy
keep=false
for arg in "$@"; do
  case "$arg" in
    --load=busy | --load=build | --load=none) load="${arg#--load=}" ;;
    --keep) keep=true ;;
    '' | *[!0-9]*) echo "usage: $0 [N] [--load=busy|build|none] [--keep]" >&2; exit 2 ;;
    *) runs="$arg" ;;
  esac
done

repo="$(cd "$(dirname "$0")/.." && pwd)"
commit="$(git -C "$repo" rev-parse HEAD)"
if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no)" ]; then
  echo "note: uncommitted changes are not tested; testing HEAD $commit" >&2
fi
out="${STRESS_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/idv-stress.XXXXXX")}"
mkdir -p "$out"
cores="$(nproc 2>/dev/null || echo 2)"

fresh_clone() {   # fresh_clone DIR: a clone of $commit in DIR, sharing nothing with the worktree
  rm -rf "$1"
  git clone -q --no-checkout "$repo" "$1"
  git -C "$1" checkout -q --detach "$commit"
}

load_pids=()
stop_load() {
  local pid
  for pid in "${load_pids[@]}"; do
    # Each load process leads its own process group (setsid), so this ends it and its children only.
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
  for pid in "${load_pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  load_pids=()
}
trap stop_load EXIT
trap 'echo "stress-ci: interrupted" >&2; exit 130' INT TERM

start_load() {
  case "$load" in
    busy)
      for _ in $(seq "$cores"); do
        setsid bash -c 'while :; do :; done' &
        load_pids+=("$!")
      done
      ;;
    build)
      fresh_clone "$out/load-build"
      setsid bash -c 'cd "$1" && while :; do ./mvnw -B -ntp -q verify >"$2" 2>&1 || true; done' \
        _ "$out/load-build" "$out/load-build.log" &
      load_pids+=("$!")
      ;;
    none) ;;
  esac
}

echo "stress-ci: $runs run(s) of ./mvnw -B -ntp verify on fresh clones of $commit"
echo "  load: $load on $cores core(s); logs: $out; machine: $(uptime | sed 's/.*load/load/')"
start_load

failed=0
for i in $(seq "$runs"); do
  dir="$out/run-$i"
  fresh_clone "$dir"
  start=$(date +%s)
  if (cd "$dir" && ./mvnw -B -ntp verify) >"$out/run-$i.log" 2>&1; then
    result=PASS
  else
    result=FAIL
    failed=$((failed + 1))
  fi
  seconds=$(($(date +%s) - start))
  tests="$(grep -E '^\[(INFO|ERROR|WARNING)\] Tests run: [0-9]+, Failures' "$out/run-$i.log" | grep -v ' -- in ' |
    awk -F'[:,]' '{ t += $2; f += $4; e += $6; s += $8 } END { printf "%d tests, %d failures, %d errors, %d skipped", t, f, e, s }' || true)"
  surefire="$("$repo/tools/test-times.sh" "$dir" 0 2>/dev/null | awk '/TOTAL/ { print $2 }' || true)"
  printf 'run %d/%d: %s in %dm%02ds (%s; Surefire suites %s s; %s)\n' \
    "$i" "$runs" "$result" $((seconds / 60)) $((seconds % 60)) "$tests" "${surefire:-?}" \
    "$(uptime | sed 's/.*load/load/')"
  if [ "$result" = FAIL ]; then
    grep -E '^\[ERROR\] (Tests run:.*FAIL|  [A-Za-z].*:[0-9]+ |Failed to execute)|<<< (FAILURE|ERROR)' "$out/run-$i.log" |
      awk 'NR <= 10 { print "    " $0 }' || true
    echo "    log: $out/run-$i.log; clone kept: $dir"
  elif [ "$keep" = false ]; then
    rm -rf "$dir"
  fi
done
stop_load

echo "stress-ci: $((runs - failed)) of $runs run(s) passed"
[ "$failed" -eq 0 ]
