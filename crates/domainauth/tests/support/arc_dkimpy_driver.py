#!/usr/bin/env python3
"""Validates or seals ARC chains with dkimpy, for domainauth's interop tests.

usage:
  arc_dkimpy_driver.py verify MESSAGE DNS.json
      -> prints dkimpy's chain status (pass, fail, none; "terminated" when
         dkimpy ends a chain whose newest seal says cv=fail) and its reason
  arc_dkimpy_driver.py seal MESSAGE DNS.json KEYFILE DOMAIN SELECTOR SRV_ID TIMESTAMP
      -> validates the chain, records the status as arc= in an
         Authentication-Results field of SRV_ID (where dkimpy's sealer reads
         it), adds dkimpy's ARC set on top and prints the whole message
DNS.json maps query names to TXT record text.
"""
import json
import sys

import dkim


def dns(path):
    with open(path) as f:
        zone = json.load(f)

    def dnsfunc(name, timeout=5):
        name = name.decode() if isinstance(name, bytes) else name
        value = zone.get(name) or zone.get(name.rstrip("."))
        return value.encode() if value else None

    return dnsfunc


def status(message, dnsfunc):
    cv, _results, reason = dkim.arc_verify(message, dnsfunc=dnsfunc)
    cv = cv.decode() if cv else "terminated"
    reason = reason.decode() if isinstance(reason, bytes) else reason
    return cv, reason


def main():
    mode = sys.argv[1]
    with open(sys.argv[2], "rb") as f:
        message = f.read()
    dnsfunc = dns(sys.argv[3])
    if mode == "verify":
        cv, reason = status(message, dnsfunc)
        print(cv, reason)
    elif mode == "seal":
        key_file, domain, selector, srv_id, timestamp = sys.argv[4:9]
        with open(key_file, "rb") as f:
            key = f.read()
        cv, _ = status(message, dnsfunc)
        if cv == "terminated":
            cv = "fail"
        ar = "Authentication-Results: %s; arc=%s;\r\n spf=pass smtp.mailfrom=origin.example\r\n" % (srv_id, cv)
        message = ar.encode() + message
        fields = dkim.arc_sign(
            message, selector.encode(), domain.encode(), key, srv_id.encode(),
            include_headers=[b"from", b"to", b"subject", b"date", b"message-id"],
            timestamp=int(timestamp))
        sys.stdout.buffer.write(b"".join(fields) + message)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
