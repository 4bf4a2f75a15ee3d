#!/usr/bin/env bash
# DKIM speed in one run: the crypto bound (one RSA-2048 operation plus
# SHA-256 over the message, aws-lc-rs), domainauth, mail-auth 0.13.3,
# libopendkim (Debian libopendkim-dev, through bench/opendkim_timing.c) and
# dkimpy (Debian python3-dkim), on the same signed 4 KiB and 100 KiB messages
# (rsa-sha256, 2048-bit key, relaxed/relaxed), keys answered from memory.
# usage: bench/dkim_vs_peers.sh [ITERATIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
iterations="${1:-2000}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
python="${DOMAINAUTH_PYTHON:-/usr/bin/python3}"

cargo build -q --profile bench -p domainauth-bench --bin dkim_peers_timing
"${CARGO_TARGET_DIR:-target}"/release/dkim_peers_timing "$out" "$iterations" > "$out/results.jsonl"
if command -v cc >/dev/null && [ -f /usr/include/opendkim/dkim.h ]; then
  cc -O2 -o "$out/opendkim_timing" bench/opendkim_timing.c -lopendkim
  "$out/opendkim_timing" "$out/signed-4096.eml" "$out/keys.txt" "$((iterations / 10 + 10))" >> "$out/results.jsonl"
  "$out/opendkim_timing" "$out/signed-102400.eml" "$out/keys.txt" "$((iterations / 40 + 10))" >> "$out/results.jsonl"
else
  echo "dkim_vs_peers: libopendkim-dev not installed, skipping libopendkim" >&2
fi
if "$python" -c "import dkim" 2>/dev/null; then
  "$python" bench/dkimpy_timing.py "$out/signed-4096.eml" "$out/keys.txt" "$((iterations / 50 + 5))" >> "$out/results.jsonl"
  "$python" bench/dkimpy_timing.py "$out/signed-102400.eml" "$out/keys.txt" "$((iterations / 400 + 3))" >> "$out/results.jsonl"
else
  echo "dkim_vs_peers: dkimpy not installed, skipping dkimpy" >&2
fi
cat "$out/results.jsonl"
"$python" - "$out/results.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
def get(impl, op, big):
    for r in rows:
        if r["impl"] == impl and r["op"] == op and (r["bytes"] > 20000) == big:
            return r["us"]
for op in ("verify", "sign"):
    for big, label in ((False, "4 KiB"), (True, "100 KiB")):
        bound, ours = get("bound", op, big), get("domainauth", op, big)
        if bound is None or ours is None:
            continue
        line = f"{op:6} {label:7}  bound {bound:8.1f} us  domainauth {ours:8.1f} us ({ours / bound:.2f}x bound)"
        for peer in ("mail-auth", "libopendkim", "dkimpy"):
            t = get(peer, op, big)
            if t is not None:
                line += f"  {peer} {t:9.1f} us ({t / ours:.1f}x ours)"
        print(line)
print("targets: verify <= 1.1x bound, >= 30x dkimpy, >= 7x libopendkim; sign <= 1.05x bound")
PY
