#!/usr/bin/env python3
"""Times dkimpy verification of one signed message, for bench/dkim_vs_peers.sh.

usage: dkimpy_timing.py MESSAGE KEYFILE ITERATIONS
KEYFILE holds "<name> <record>" lines; dkimpy's dnsfunc answers from it.
prints: {"impl":"dkimpy","op":"verify","bytes":N,"us":T}
"""
import json
import sys
import time

import dkim


def main():
    message_file, key_file, iterations = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(message_file, "rb") as f:
        message = f.read()
    records = {}
    with open(key_file) as f:
        for line in f:
            name, _, record = line.strip().partition(" ")
            records[name.rstrip(".") + "."] = record.encode()

    def dnsfunc(name, timeout=5):
        name = name.decode() if isinstance(name, bytes) else name
        return records.get(name if name.endswith(".") else name + ".")

    if not dkim.verify(message, dnsfunc=dnsfunc):
        sys.exit("dkimpy does not verify the message")
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(iterations):
            dkim.verify(message, dnsfunc=dnsfunc)
        best = min(best, (time.perf_counter() - start) / iterations)
    print(json.dumps({"impl": "dkimpy", "op": "verify", "bytes": len(message), "us": round(best * 1e6, 2)}))


if __name__ == "__main__":
    main()
