#!/usr/bin/env bash
# Sums the test-suite times of the Surefire reports per module (the <testsuite time="..."> of each
# target/surefire-reports/TEST-*.xml), slowest suites first, after a `./mvnw verify` or `test`.
#
#   tools/test-times.sh [ROOT] [TOP]   ROOT: a checkout (default: this one); TOP: suites to list (10)
#
# Failsafe reports (target/failsafe-reports, the *IT classes) are summed on a separate line: they
# are not part of the Surefire total that issue 10 budgets (120 s).
set -euo pipefail
root="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
top="${2:-10}"

suite_times() {   # prints "seconds<TAB>module<TAB>suite" for every report in $1
  local kind="$1" f module
  for f in "$root"/*/target/"$kind"/TEST-*.xml; do
    [ -e "$f" ] || continue
    module="$(basename "$(dirname "$(dirname "$(dirname "$f")")")")"
    # The first <testsuite ...> element carries the suite's name and time.
    sed -n '/<testsuite /{p;q}' "$f" |
      sed -E 's/.*<testsuite //' |
      awk -v m="$module" '{
        name = ""; time = "";
        if (match($0, /name="[^"]*"/)) name = substr($0, RSTART + 6, RLENGTH - 7);
        if (match($0, /time="[^"]*"/)) time = substr($0, RSTART + 6, RLENGTH - 7);
        gsub(/,/, "", time);
        printf "%s\t%s\t%s\n", time, m, name }'
  done
}

surefire="$(suite_times surefire-reports)"
failsafe="$(suite_times failsafe-reports)"
if [ -z "$surefire" ]; then
  echo "no Surefire reports under $root/*/target/surefire-reports; run ./mvnw verify first" >&2
  exit 1
fi

echo "Surefire test-suite time per module (s), from $root:"
printf '%s\n' "$surefire" | awk -F'\t' '{ t[$2] += $1; n[$2]++; all += $1 }
  END { for (m in t) printf "  %-14s %8.1f  (%d suites)\n", m, t[m], n[m];
        printf "  %-14s %8.1f\n", "TOTAL", all }' | sort -k2 -n -r | awk '/TOTAL/{total=$0; next} {print} END{print total}'
if [ "$top" -gt 0 ]; then
  echo "Slowest $top suites (s):"
  # awk stops printing, not reading: `head` would end the pipe early and fail it (pipefail).
  printf '%s\n' "$surefire" | sort -t$'\t' -k1 -g -r |
    awk -F'\t' -v top="$top" 'NR <= top { printf "  %8.1f  %-12s %s\n", $1, $2, $3 }'
fi
if [ -n "$failsafe" ]; then
  printf '%s\n' "$failsafe" | awk -F'\t' '{ all += $1; n++ } END { printf "Failsafe (ITs, not in the total): %.1f s in %d suites\n", all, n }'
fi
