# Typed errors (diag::Reason): the text of an error shown inside a finding
# or a message. Ids are reason-<area>-<variant>; variables are the error's
# fields. The English text is the error's own Display (a test keeps them equal).

## Files
reason-io-not-found = { $error }
reason-io-permission-denied = { $error }
reason-io-is-a-directory = { $error }
reason-io-already-exists = { $error }
reason-io-invalid-data = { $error }
reason-io-storage-full = { $error }
reason-io-too-large = larger than 256 MiB
reason-io-not-regular = not a regular file (devices, pipes, sockets and /proc or /sys files are not read)
reason-io-not-a-directory = { $error }
reason-io-directory-not-empty = { $error }
reason-io-read-only = { $error }
reason-io-quota-exceeded = { $error }
reason-io-invalid-filename = { $error }
reason-io-busy = { $error }
reason-io-too-many-links = { $error }
reason-io-unexpected-eof = { $error }
reason-io-broken-pipe = { $error }
reason-io-timed-out = { $error }
reason-io-interrupted = { $error }
reason-io-out-of-memory = { $error }
reason-io-os = { $error }
reason-io-other = { $error }

## DNS
reason-dns-nxdomain = { $name } does not exist (NXDOMAIN)
reason-dns-nodata = { $name } has no { $rtype } record
reason-dns-timeout = { $rtype } lookup of { $name } timed out
reason-dns-servfail = { $rtype } lookup of { $name } failed: server answered { $rcode }
reason-dns-network = { $rtype } lookup of { $name } failed: { $reason }
reason-dns-unreachable = { $rtype } lookup of { $name } not answered: { $unreachable }
reason-dns-over-budget = { $rtype } lookup of { $name } not sent: { $limit } was reached
reason-dns-invalid-name = "{ $name }" cannot be looked up: { $error }
reason-resolver-unreachable = the DNS server { $servers } { $cause ->
        [refused] refused the query (nothing listens there)
        [network] cannot be reached ({ $reason })
        [silent] did not answer within { $waited_ms } ms
       *[other] { $reason }
    }
reason-budget-queries = the limit of { $max } DNS queries per message
reason-budget-deadline = the { $after_ms } ms deadline for DNS lookups per message
reason-resolver-setup = cannot set up the DNS resolver: { $reason }

## Domain names
reason-name-empty = the domain name is empty
reason-name-label-too-long = label "{ $label }" is { $len } octets long; at most 63 are allowed
reason-name-empty-label = the name has an empty label
reason-name-too-long = the name is { $len } octets long; at most 253 are allowed
reason-name-single-label = "{ $name }" is not a fully qualified (multi-label) domain name
reason-name-invalid-character = "{ $name }" holds '{ $ch }' at octet { $pos }, which a host name cannot hold
reason-name-address-literal = "{ $name }" is an address literal, not a domain name
reason-name-ip-address = "{ $name }" is an IP address, not a domain name
reason-name-numeric-tld = "{ $name }" ends in an all-numeric label, which no top-level domain is (a mistyped address?)
reason-name-invalid-idn = "{ $name }" is not a valid internationalised domain name
reason-fetch-status = the server answered HTTP status { $status }
reason-fetch-content-type = the server answered Content-Type "{ $value }", not text/plain
reason-fetch-too-large = the policy file is longer than { $limit } octets
reason-fetch-transport = { $reason }

## Zone files
reason-zone-io = cannot read zone file { $path }: { $error }
reason-zone-parse = { $path }:{ $line }:{ $column }: invalid zone file: { $error }
reason-zone-unterminated-string = a quoted string is not closed on its line
reason-zone-parenthesis = unbalanced parentheses
reason-zone-bad-escape = "{ $text }" is not an escape (\X, or \DDD from \000 to \255)
reason-zone-unknown-directive = unknown directive { $directive }
reason-zone-directive-arguments = { $directive } takes { $expected }
reason-zone-bad-ttl = "{ $text }" is not a TTL
reason-zone-no-owner = the record has no owner name (no earlier record to take it from)
reason-zone-no-origin = @ used without an origin
reason-zone-bad-name = "{ $name }" is not a domain name: { $error }
reason-zone-unrepresentable-name = "{ $name }" has a label with a dot or with octets that are not UTF-8
reason-zone-class = class { $class } is not supported (only IN)
reason-zone-unknown-type = "{ $text }" is not a record type
reason-zone-bad-rdata = { $rtype } record: "{ $text }" is not { $expected }
reason-zone-relative-include = $INCLUDE with a relative path needs a zone file to be relative to
reason-zone-include-depth = $INCLUDE nested more than 16 files deep
reason-zone-include-unreadable = cannot read the included file { $file }: { $error }

## SPF records
reason-spf-not-spf = the record does not start with "v=spf1"
reason-spf-unknown-mechanism = unknown mechanism "{ $name }"
reason-spf-missing-value = { $mechanism } needs a value after ':'
reason-spf-trailing = unexpected text "{ $text }" after { $mechanism }
reason-spf-bad-cidr = invalid CIDR prefix "{ $text }" (IPv4 0-32, IPv6 0-128)
reason-spf-bad-ip4 = "{ $text }" is not an IPv4 address
reason-spf-bad-ip6 = "{ $text }" is not an IPv6 address
reason-spf-bad-domain-end = "{ $text }" does not end in a valid top-level label or a macro
reason-spf-macro = invalid macro: { $error }
reason-spf-duplicate-modifier = the { $name }= modifier appears more than once
reason-spf-bad-term = "{ $text }" is not a mechanism or modifier
reason-spf-bad-char = character '{ $ch }' is not allowed in a record
reason-spf-macro-bad-percent = '%' at offset { $pos } must be followed by '{"{"}', '%', '_' or '-'
reason-spf-macro-unclosed = macro at offset { $pos } is not closed with '{"}"}'
reason-spf-macro-bad-letter = '{ $letter }' at offset { $pos } is not a macro letter here
reason-spf-macro-bad-transformer = invalid transformer in macro at offset { $pos }
reason-spf-macro-bad-char = character '{ $ch }' at offset { $pos } is not allowed
reason-spf-record-error = { $kind } (term "{ $term }" at offset { $pos })

## SPF results
reason-spf-problem-invalid-domain = "{ $domain }" cannot be checked: { $error }
reason-spf-problem-no-record = { $domain } publishes no SPF record
reason-spf-problem-no-such-domain = { $domain } does not exist (NXDOMAIN)
reason-spf-problem-include-loop = { $domain } leads back into a loop: { $chain }
reason-spf-problem-multiple-records = { $domain } publishes { $count } SPF records; exactly one is allowed
reason-spf-problem-syntax = the SPF record of { $domain } is invalid: { $error }
reason-spf-problem-dns = DNS failure: { $error }
reason-spf-problem-too-many-dns-terms = more than { $limit } DNS-querying terms; the limit was passed at "{ $term }" in { $domain }
reason-spf-problem-too-many-void-lookups = more than { $limit } lookups returned no records; the last was "{ $term }" in { $domain }
reason-spf-problem-too-many-mx-names = { $target } has { $count } MX records; at most { $limit } are allowed in "{ $term }"
reason-spf-problem-include-no-record = "{ $term }" in { $domain }: { $target } has no SPF record
reason-spf-problem-redirect-no-record = redirect from { $domain }: { $target } has no SPF record

## DKIM tag lists, keys and signatures
reason-tag-missing-equals = tag at offset { $pos } has no '='
reason-tag-bad-name = invalid tag name "{ $name }" at offset { $pos }
reason-tag-duplicate = tag { $name }= appears twice (second at offset { $pos })
reason-tag-too-many = more than { $limit } tags in one tag list, the most one may hold; the tag at offset { $pos } is one too many
reason-tag-bad-value-char = character '{ $ch }' at offset { $pos } is not allowed in the value of { $name }=
reason-qp-bad-hex-octet = '=' at offset { $pos } is not followed by two hexadecimal digits
reason-qp-not-utf8 = the decoded value is not UTF-8 text
reason-key-version = v= must be DKIM1 and come first
reason-key-missing-key = the key record has no p= tag
reason-key-base64 = p= is not valid base64
reason-key-too-many-items = { $tag }= lists { $count } entries; at most { $limit } are accepted
reason-key-unknown-type = unknown key type k={ $value }
reason-key-malformed = p= does not hold a valid { $key_type } public key
reason-private-key-format = not a PEM private key (PKCS#1 "RSA PRIVATE KEY" or PKCS#8 "PRIVATE KEY") nor a base64 Ed25519 seed
reason-private-key-rejected = the key was rejected: { $cause ->
    [encoding] its encoding is invalid
    [too-small] the key is too small
    [too-large] the key is too large
    [algorithm] it is not a key of the algorithm its file says
    [inconsistent] its parts do not belong together
   *[other] { $detail }
}
reason-private-key-algorithm = a key of type { $algorithm } cannot sign DKIM signatures: use RSA or Ed25519
reason-private-key-rsa-size = the key was rejected: RSA size { $bits } (use 2048, 3072 or 4096)
reason-private-key-too-short = an RSA key of { $bits } bits is too short; RFC 8301 requires at least 1024 (2048 recommended)
reason-sig-missing = the required tag { $tag }= is missing
reason-sig-version = v={ $value } is not a supported version (only 1)
reason-sig-algorithm = unknown algorithm a={ $value }
reason-sig-base64 = { $tag }= is not valid base64
reason-sig-canonicalization = c={ $value } is not a canonicalization
reason-sig-too-many-signed-headers = h= lists { $count } header field names; at most { $limit } are accepted
reason-sig-from-not-signed = h= does not include From
reason-sig-domain = d={ $value } is not a domain name
reason-sig-selector = s={ $value } is not a selector
reason-sig-identity-encoding = i={ $value } cannot be decoded: { $error }
reason-sig-identity = i={ $identity } is not in d={ $domain } or one of its subdomains
reason-sig-number = { $tag }={ $value } is not a number
reason-sig-expires-before-signed = x={ $expiration } is not after t={ $timestamp }
reason-sig-query-method = q={ $value } offers no query method this verifier supports (dns/txt)
reason-sig-error = { $kind } (at offset { $pos })

## DKIM results
reason-dkim-signature = invalid DKIM-Signature: { $error }
reason-dkim-too-many-signatures = { $skipped } signatures not checked: more than max_signatures = { $limit } on the message
reason-dkim-no-key = no DKIM key at { $name }
reason-dkim-key-dns = key lookup failed: { $error }
reason-dkim-several-keys = { $name } has { $count } TXT records and not exactly one of them is a key record
reason-dkim-key-syntax = invalid key record at { $name }: { $error }
reason-dkim-revoked = the key at { $name } is revoked (empty p=)
reason-dkim-bad-key = the key at { $name } is unusable: { $error }
reason-dkim-key-type-mismatch = a={ $algorithm } cannot be verified with a k={ $key_type } key
reason-dkim-hash-not-allowed = the key record does not allow { $hash }
reason-dkim-not-for-email = the key record is not for email (s=)
reason-dkim-key-too-short = the RSA key has { $bits } bits; at least { $min } are required
reason-dkim-sha1 = rsa-sha1 signatures are not accepted (RFC 8301)
reason-dkim-strict-identity = the key is restricted (t=s) to i= in exactly d=
reason-dkim-expired = the signature expired at { $expiration } (now { $now })
reason-dkim-future = the signature is dated { $timestamp }, in the future (now { $now })
reason-dkim-body-shorter = l={ $length } but the canonical body has only { $actual } octets
reason-dkim-unsigned-tail = { $tail } octets of the body are not covered by l=
reason-dkim-body-hash = the body hash does not match (the body changed after signing)
reason-dkim-signature-mismatch = the signature does not verify over the signed header fields ({ $fields })

## DKIM signing
reason-sign-mail = cannot read the message: { $error }
reason-sign-no-from = the message has no From header field; DKIM requires signing From
reason-sign-too-many-signed-headers = h= would list { $count } header field names; verifiers accept at most { $limit }
reason-sign-invalid-name = { $tag }="{ $value }" is not a valid { $tag }= value
reason-sign-invalid-header-name = "{ $name }" is not a header field name
reason-sign-zero-lifetime = an expiration 0 seconds after the signing time would make x= equal to t=; x= must be later (RFC 6376 section 3.5)

## Messages
reason-mail-header-too-large = the header block is larger than { $limit } bytes, the most a message's header may hold
reason-mail-too-many-fields = the header has more than { $limit } fields, the most a message may have
reason-mail-no-header = the message has no header fields
reason-received-empty = the Received field is empty
reason-received-too-long = the Received field is longer than { $limit } bytes
reason-received-unbalanced-parenthesis = ')' without '(' at byte { $position }
reason-received-unclosed = '{ $delimiter }' at byte { $position } is never closed
reason-received-repeated-clause = the '{ $clause }' clause appears twice
reason-received-clause-order = the '{ $clause }' clause comes after '{ $after }'
reason-received-ambiguous-client-address = two different client addresses in the 'from' clause: { $first } and { $second }
reason-received-no-clauses = no from, by, via, with, id or for clause
reason-authres-empty = the field is empty (no authserv-id)
reason-authres-no-authserv-id = no authserv-id at character { $position }
reason-authres-control-in-authserv-id = the authserv-id at character { $position } contains a control character
reason-authres-too-long = the field is longer than { $limit } bytes
reason-authres-skipped = "{ $text }": { $why }
reason-authres-second-authserv-id = "{ $text }": a second authserv-id (the field already names "{ $first }")
reason-authres-part-method = expected a method name, found "{ $found }"
reason-authres-part-version = bad method version "{ $found }"
reason-authres-part-no-equals = expected '=' after { $after }
reason-authres-part-result = expected a result after { $method }=, found "{ $found }"
reason-authres-part-unexpected = unexpected '{ $ch }' in { $method } result
reason-authres-part-no-semicolon = text after the authserv-id without ';'
reason-received-spf-too-long = longer than { $limit } bytes
reason-received-spf-no-result = no result keyword
reason-received-spf-no-key = expected a key at byte { $pos }
reason-received-spf-no-equals = expected '=' after { $key }
reason-received-spf-unclosed-quote = quote at byte { $pos } is never closed
reason-received-spf-unclosed-comment = comment at byte { $pos } is never closed
reason-received-spf-duplicate-key = the key { $key } appears twice
reason-received-spf-bad-client-ip = client-ip={ $text } is not an address
reason-received-spf-no-semicolon = expected ';' at byte { $pos }

## DMARC
reason-psl = the Public Suffix List cannot be read: { $detail }

## ARC (RFC 8617)
reason-arc-header = { $header }{ $instance ->
        [none] {""}
       *[other] {" "}i={ $instance }
    }: { $kind }{ $at ->
        [named] {""}
        [tag] {" "}(tag { $tag }= at offset { $pos })
       *[other] {" "}(at offset { $pos })
    }
reason-arc-no-authserv-id = no authserv-id after i=: the results start at once
reason-arc-empty-tag = empty tag (two ';' in a row)
reason-arc-missing-tag = the required tag { $tag }= is missing
reason-arc-instance = i={ $value } is not an instance number from 1 to 50
reason-arc-sha1 = a=rsa-sha1 is not allowed in ARC (RFC 8301)
reason-arc-cv-value = cv={ $value } is not a chain validation status (none, fail or pass)
reason-arc-seal-h = an ARC-Seal must not have an h= tag
reason-arc-failure = ARC set i={ $instance }: { $problem }
reason-arc-too-many-sets = { $count } { $header } fields: a chain holds at most 50 ARC sets (RFC 8617 section 4.2.1)
reason-arc-duplicate = more than one { $header } field with this instance
reason-arc-missing = no { $header } field with this instance
reason-arc-newest-failed = the newest ARC-Seal says cv=fail: the sealer found the chain broken
reason-arc-cv-order = the ARC-Seal says cv={ $cv }, where cv={ $expected } is required
reason-arc-signs-seal = the ARC-Message-Signature signs ARC-Seal fields (h= lists arc-seal)
reason-arc-ams = the ARC-Message-Signature does not verify: { $problem }
reason-arc-seal-key = the ARC-Seal cannot be verified: { $problem }
reason-arc-seal-mismatch = the ARC-Seal does not verify over the ARC sets up to its own
reason-arc-seal-instance-limit = the message already has an ARC set i={ $highest }; no set beyond i=50 may be added
reason-arc-seal-chain-mismatch = cv={ $cv } does not fit this message, which has { $fields } ARC fields (highest i={ $highest })
reason-arc-seal-invalid-name = { $tag }={ $value } is not a valid { $tag }= value
reason-arc-seal-header-name = { $name } is not a header field name
reason-arc-seal-signs-seal = an ARC-Message-Signature must not sign ARC-Seal
reason-arc-seal-too-many-headers = h= would list { $count } header field names; verifiers accept at most { $limit }
reason-arc-seal-authserv-id = { $value } is not an authserv-id
reason-arc-seal-results-control = the authentication results hold a control character at offset { $pos }
reason-arc-seal-results-syntax = the authentication results cannot be read: { $part }
reason-arc-seal-header-too-large = with the new ARC set the header would hold { $bytes } bytes, more than the { $limit } a message's header may hold
reason-arc-seal-too-many-fields = with the new ARC set the header would have { $fields } fields, more than the { $limit } a message may have
