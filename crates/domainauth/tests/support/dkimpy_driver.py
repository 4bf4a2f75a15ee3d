#!/usr/bin/env python3
"""Signs or verifies with dkimpy, for domainauth's interop tests.

usage:
  dkimpy_driver.py verify MESSAGE DNS.json         -> prints "pass" or "fail" per signature (first: overall)
  dkimpy_driver.py sign MESSAGE KEYFILE DOMAIN SELECTOR CANON ALGORITHM
                                                     -> prints the DKIM-Signature field
  dkimpy_driver.py canon-body BODY simple|relaxed    -> prints dkimpy's canonical body, hex
DNS.json maps query names (with trailing dot) to TXT record text.
"""
import json
import sys

import dkim


def main():
    mode = sys.argv[1]
    with open(sys.argv[2], "rb") as f:
        message = f.read()
    if mode == "canon-body":
        from dkim.canonicalization import ALGORITHMS
        print(ALGORITHMS[sys.argv[3].encode()].canonicalize_body(message).hex())
    elif mode == "verify":
        with open(sys.argv[3]) as f:
            zone = json.load(f)

        def dnsfunc(name, timeout=5):
            name = name.decode() if isinstance(name, bytes) else name
            value = zone.get(name) or zone.get(name.rstrip("."))
            return value.encode() if value else None

        d = dkim.DKIM(message)
        count = len([l for l in message.split(b"\n") if l.lower().startswith(b"dkim-signature:")])
        results = []
        for idx in range(max(count, 1)):
            try:
                ok = d.verify(idx=idx, dnsfunc=dnsfunc)
            except dkim.DKIMException as e:
                ok = False
            results.append("pass" if ok else "fail")
        print(" ".join(results))
    elif mode == "sign":
        key_file, domain, selector, canon, algorithm = sys.argv[3:8]
        with open(key_file, "rb") as f:
            key = f.read()
        header, body = canon.split("/")
        sig = dkim.sign(message, selector.encode(), domain.encode(), key,
                        canonicalize=(header.encode(), body.encode()),
                        signature_algorithm=algorithm.encode(),
                        include_headers=[b"from", b"to", b"subject", b"date", b"message-id"])
        sys.stdout.write(sig.decode())
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
