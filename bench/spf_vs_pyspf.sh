#!/usr/bin/env bash
# SPF evaluation speed: domainauth against pyspf, the same openspf rfc7208
# cases with in-memory zones on both sides, measured in one run.
# usage: bench/spf_vs_pyspf.sh [ROUNDS_OURS] [ROUNDS_PYSPF] [RUNS]
# Needs: Debian python3-spf and python3-yaml (or DOMAINAUTH_PYTHON pointing
# at a Python with pyspf and PyYAML), and ../shared/testdata/spf.
set -euo pipefail
cd "$(dirname "$0")/.."
suite="${DOMAINAUTH_TESTDATA:-../shared/testdata}/spf/rfc7208-tests.yml"
[ -f "$suite" ] || { echo "spf_vs_pyspf: $suite not found" >&2; exit 2; }
python="${DOMAINAUTH_PYTHON:-/usr/bin/python3}"
"$python" -c "import spf, yaml" 2>/dev/null || { echo "spf_vs_pyspf: $python cannot import spf and yaml (apt-get install python3-spf python3-yaml)" >&2; exit 2; }
rounds_ours="${1:-2000}"
rounds_py="${2:-30}"
runs="${3:-5}"

cargo build -q --profile bench -p domainauth-bench --bin spf_suite_timing
# Interleave the runs so that both sides meet the same machine noise, and
# compare medians.
results=()
for _ in $(seq "$runs"); do
  results+=("$(target/release/spf_suite_timing "$suite" "$rounds_ours" notrace)")
  results+=("$(target/release/spf_suite_timing "$suite" "$rounds_ours" trace)")
  results+=("$(target/release/spf_suite_timing "$suite" "$rounds_ours" notrace nocache)")
  results+=("$("$python" bench/pyspf_suite_timing.py "$suite" "$rounds_py")")
done
printf '%s\n' "${results[@]}"
printf '%s\n' "${results[@]}" | "$python" -c '
import json, statistics, sys
rows = [json.loads(l) for l in sys.stdin if l.strip()]
def pick(impl, trace=None, cache=True):
    return [r for r in rows if r["impl"] == impl and (trace is None or r.get("trace") == trace)
            and (impl != "domainauth" or (r.get("record_cache", 0) > 0) == cache)]
ours, traced, theirs = pick("domainauth", False), pick("domainauth", True), pick("pyspf")
uncached = pick("domainauth", False, cache=False)
med = lambda rs: statistics.median(r["ns_per_eval"] for r in rs)
for name, rs in (("domainauth", ours), ("domainauth (with trace)", traced),
                 ("domainauth (no record cache)", uncached), ("pyspf", theirs)):
    ok = min(r["matched"] for r in rs)
    print(f"{name:30} {med(rs) / 1000:8.2f} us/eval median of {len(rs)}  ({ok}/203 suite results as expected)")
print(f"ratio: domainauth is {med(theirs) / med(ours):.1f}x pyspf ({med(theirs) / med(traced):.1f}x with trace, "
      f"{med(theirs) / med(uncached):.1f}x without the record cache); target >= 50x")
'
