#!/usr/bin/env python3
"""Times pyspf over every case of an openspf suite with in-memory zones.

usage: pyspf_suite_timing.py SUITE.yml [ROUNDS]
Prints one JSON line: evaluations, seconds, ns_per_eval, matched.
The zone rules are the ones domainauth's suite loader applies: SPF records
are served as TXT at names with no TXT record, `TXT: NONE` means no TXT
record, TIMEOUT times out the types not listed at that name.
"""
import json
import sys
import time

import spf
import yaml


def build_zone(zonedata):
    zone = {}
    for name, records in (zonedata or {}).items():
        name = name.lower().rstrip(".")
        entries = []
        has_txt = any(isinstance(r, dict) and "TXT" in r for r in records)
        timeout = False
        for r in records:
            if r == "TIMEOUT":
                timeout = True
                continue
            for t, v in r.items():
                if t == "TXT" and v == "NONE":
                    continue
                if t == "SPF":
                    if has_txt:
                        continue
                    t = "TXT"
                if t == "TXT":
                    parts = v if isinstance(v, list) else [v]
                    v = tuple(str(p).encode() for p in parts)
                elif t == "MX":
                    v = (int(v[0]), str(v[1]))
                else:
                    v = str(v)
                entries.append((t, v))
        zone[name] = (entries, timeout)
    return zone


def make_lookup(zone):
    def lookup(name, qtype, strict=True, timeout=None, **_):
        key = name.lower().rstrip(".")
        found = zone.get(key)
        if found is None:
            return []
        entries, times_out = found
        out = [((key, t), v) for t, v in entries if t == qtype or t == "CNAME"]
        if times_out and not any(t == qtype for t, _ in entries):
            raise spf.TempError("DNS timeout")
        return out
    return lookup


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with open(sys.argv[1]) as f:
        docs = [d for d in yaml.safe_load_all(f) if d]
    prepared = []
    for doc in docs:
        lookup = make_lookup(build_zone(doc.get("zonedata")))
        cases = []
        for case in (doc.get("tests") or {}).values():
            want = case["result"]
            want = want if isinstance(want, list) else [want]
            cases.append((str(case["host"]), str(case.get("mailfrom") or ""), str(case["helo"]), want))
        prepared.append((lookup, cases))
    matched = 0
    evaluations = 0
    start = time.perf_counter()
    for rnd in range(rounds):
        for lookup, cases in prepared:
            spf.DNSLookup = lookup
            for ip, sender, helo, want in cases:
                q = spf.query(i=ip, s=sender, h=helo, receiver="domainauth.localhost", strict=True)
                result = q.check()[0]
                evaluations += 1
                if rnd == 0 and result in want:
                    matched += 1
    seconds = time.perf_counter() - start
    print(json.dumps({"impl": "pyspf", "evaluations": evaluations, "seconds": round(seconds, 6),
                      "ns_per_eval": round(seconds * 1e9 / evaluations, 1), "matched": matched}))


if __name__ == "__main__":
    main()
