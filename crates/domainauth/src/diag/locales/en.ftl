# English catalog. Message ids are diag::Code ids; `.fix` says what to change.
# Variables are named parameters of the finding.

spf-pass = { $ip } is authorised to send for { $domain } (matched { $term }).
spf-fail = { $ip } is not authorised to send for { $domain }: its SPF record matches it with { $term }, so receivers reject or discard this mail.
    .fix = If { $ip } is your server or your delivery service, add { $suggest } before { $term } in the SPF record of { $domain }.
spf-softfail = { $ip } is probably not authorised to send for { $domain } (matched { $term }); many receivers file such mail as spam.
    .fix = If { $ip } sends your mail, add { $suggest } before { $term } in the SPF record of { $domain }.
spf-neutral = The SPF record of { $domain } says nothing about { $ip } ({ $term }); receivers treat this like no SPF at all.
    .fix = List your senders (for example { $suggest }) and end the record with -all or ~all.
spf-none = { $domain } publishes no SPF record, so no receiver can tell which hosts may send for it.
    .fix = Publish a TXT record at { $domain }: "v=spf1 { $suggest } -all" (list every server and service that sends for { $domain }).
spf-invalid-domain = "{ $domain }" cannot be checked with SPF: { $reason }.
spf-temperror = A DNS failure stopped the SPF check of { $domain }: { $error }. Receivers usually retry later or defer the mail.
    .fix = Check that the name servers of { $domain } answer (for example with dig TXT { $domain }); the failure may be temporary.
spf-syntax = The SPF record of { $domain } is invalid at "{ $term }" (offset { $pos }): { $error }. Receivers treat the whole record as broken (permerror).
    .fix = Correct "{ $term }" in the TXT record of { $domain }; every term must be valid for the record to work.
spf-multiple-records = { $domain } publishes { $count } SPF records; receivers must treat that as an error (permerror).
    .fix = Merge them into one TXT record starting with v=spf1 and delete the others.
spf-too-many-lookups = Checking { $domain } needs more than { $limit } DNS lookups (limit passed at { $term }, via { $chain }), so the result is permerror.
    .fix = Remove include: entries you no longer use, replace a or mx with ip4:/ip6: ranges, or ask providers for a flatter include.
spf-too-many-void-lookups = More than { $limit } lookups while checking { $domain } found nothing (the last at { $term }), so the result is permerror.
    .fix = Remove terms that point at names without records (old providers, typos).
spf-too-many-mx-names = { $target } has { $count } MX records; an mx term may use at most { $limit }, so the result is permerror.
    .fix = Replace the mx term with ip4:/ip6: ranges of the hosts that send mail.
spf-include-no-record = { $domain } includes { $target }, which publishes no SPF record, so the result is permerror.
    .fix = Fix the name in include:{ $target } or remove it; check the provider's documentation for the right include.
spf-redirect-no-record = { $domain } redirects to { $target }, which publishes no SPF record, so the result is permerror.
    .fix = Point redirect= at a domain that publishes an SPF record, or replace it with the record itself.
spf-lint-plus-all = The SPF record of { $domain } ends in +all: every host on the Internet may send as { $domain }.
    .fix = Replace +all with -all (or ~all while you check your senders).
spf-lint-neutral-all = The SPF record of { $domain } ends in ?all, which gives no protection against forgery.
    .fix = Replace ?all with ~all, then -all once every sender is listed.
spf-lint-softfail-all = The SPF record of { $domain } ends in ~all: unlisted hosts get softfail, which receivers treat as suspicious rather than rejecting it.
    .fix = When every sender is listed and DMARC reports show no legitimate failures, change ~all to -all. With DMARC enforcing, ~all is also acceptable.
spf-lint-no-all = The SPF record of { $domain } has neither an all term nor redirect=, so unlisted hosts get neutral.
    .fix = End the record with -all (or ~all).
spf-lint-ptr = The SPF record of { $domain } uses { $term }; RFC 7208 §5.5 says not to use ptr: it is slow, unreliable and some receivers ignore it.
    .fix = Replace { $term } with ip4:/ip6: ranges or an a: term.
spf-lint-lookups-over = The SPF tree of { $domain } needs { $count } DNS lookups; more than { $limit } makes every check permerror.
    .fix = Remove unused include: entries, replace a/mx with ip4:/ip6:, or move rarely used senders to a subdomain.
spf-lint-lookups-near = The SPF tree of { $domain } needs { $count } of the { $limit } DNS lookups allowed; one more provider could break it.
    .fix = Keep headroom: prefer ip4:/ip6: over a/mx, and remove include: entries you no longer use.
spf-lint-long-string = The SPF record of { $domain } is { $length } characters: a single TXT string holds at most 255.
    .fix = Split it into several quoted strings of at most 255 characters in one TXT record ("v=spf1 ... " "..."); receivers join them without spaces.
spf-lint-record-too-long = The SPF record of { $domain } is { $length } octets; RFC 7208 §3.4 advises staying under 450 so answers fit in one UDP packet.
    .fix = Shorten it: merge ranges into wider CIDR blocks, or move part of it behind an include.
spf-lint-redirect-ignored = The SPF record of { $domain } has both all and redirect=; redirect= is never used when all is present.
    .fix = Remove either the all term or redirect=.
spf-lint-broken-include = { $term } in the SPF tree of { $domain } points at { $target }, which has no SPF record: every check ends in permerror.
    .fix = Correct or remove { $term }.
spf-lint-void-lookups = The SPF tree of { $domain } has { $count } lookups that find nothing; more than { $limit } make checks permerror.
    .fix = Remove terms that point at names without records.
spf-lint-dns-failure = A DNS failure while reading the SPF tree of { $domain }: { $error }.

dmarc-missing = There is no DMARC record at { $name }: receivers such as docomo and Gmail treat mail from { $domain } as unauthenticated even when SPF passes (docomo shows 「このメールは送信ドメイン認証が行われておりません」).
    .fix = Publish a TXT record at { $name }: "v=DMARC1; p=none; rua=mailto:dmarc-reports@{ $domain }", sign your mail with DKIM for { $domain }, and tighten p= once the reports show every sender passing.
dmarc-several = { $name } publishes { $count } DMARC records; receivers ignore all of them.
    .fix = Keep a single TXT record starting with v=DMARC1 at { $name }.
dmarc-present = DMARC record at { $name }: { $record }

dkim-pass = The DKIM signature of { $domain } (s={ $selector }, { $algorithm }, { $bits }-bit key) verifies.
dkim-third-party = The valid signature is by { $domain }, not by the From domain { $from }: it proves the mail passed through { $domain } but does not align with { $from } for DMARC.
    .fix = Have mail signed with your own domain: create a key with "domainauth dkim keygen --domain { $from } --selector { $selector }", publish it at { $selector }._domainkey.{ $from } (2048-bit RSA), and set the sending service to sign with d={ $from }.
dkim-none = The message has no DKIM signature, so forwarded mail loses its authentication and DMARC can rely only on SPF.
    .fix = Sign outgoing mail: create a key with "domainauth dkim keygen --domain <your domain> --selector <name>", publish the TXT record it prints, and configure your server or sending service to sign with it.
dkim-body-hash = The body changed after { $domain } signed it (the body hash does not match).
    .fix = The body changed after signing: a footer added by a mailing list or a gateway, a disclaimer or antivirus note, or a re-encoding. Sign after such changes, or exempt this path from them.
dkim-header-mismatch = The signature of { $domain } does not verify over the signed header fields ({ $fields }).
    .fix = One of the signed fields ({ $fields }) changed in transit (a rewritten Subject, a second From?), or the key at { $selector }._domainkey.{ $domain } is not the one that signed.
dkim-no-key = No DKIM key is published at { $name }.
    .fix = Publish a TXT record at { $name } with the public key ("v=DKIM1; k=rsa; p=…"), or correct the selector s={ $selector } that the sender uses.
dkim-revoked = The key at { $name } is revoked (its p= is empty).
    .fix = If selector { $selector } is still in use, publish its public key again; otherwise the sender must sign with a current selector.
dkim-key-invalid = The key record at { $name } cannot be used: { $reason }.
    .fix = Correct the TXT record at { $name }: v=DKIM1 first if present, k=rsa or k=ed25519 matching the key, and p= the base64 public key without spaces.
dkim-signature-invalid = The DKIM-Signature field is malformed: { $reason }.
    .fix = The signing software writes invalid signatures; update or reconfigure it.
dkim-key-too-short = The RSA key at { $name } has { $bits } bits; receivers reject keys shorter than 1024 bits (RFC 8301).
    .fix = Create a 2048-bit key ("domainauth dkim keygen --algorithm rsa-2048"), publish it under a new selector and switch the signer to it.
dkim-key-weak = The RSA key at { $name } has { $bits } bits: it still verifies, but 2048 bits is the recommended size.
    .fix = Rotate to a 2048-bit key under a new selector ("domainauth dkim keygen --algorithm rsa-2048").
dkim-sha1 = The signature of { $domain } uses rsa-sha1, which RFC 8301 forbids; receivers treat it as invalid.
    .fix = Configure the signer to use rsa-sha256.
dkim-expired = The signature of { $domain } expired (x={ $expiration }).
    .fix = Sign with a longer validity (x=) or none, and check the signing server's clock.
dkim-future = The signature of { $domain } is dated in the future (t={ $timestamp }).
    .fix = Check the signing server's clock (NTP).
dkim-temperror = The key at { $name } could not be fetched: { $error }.
    .fix = Check that the name servers of { $domain } answer; receivers usually retry later.
dkim-testing = The key at { $name } is marked as testing (t=y): receivers may treat failures as if unsigned.
    .fix = Remove t=y from the key record once signing works.
dkim-length-tail = { $tail } octets at the end of the body are not covered by the signature of { $domain } (l=): anyone could append content.
    .fix = Sign without l=.
dkim-too-many = A signature was not checked: the message carries more than { $limit } signatures.
dkim-bare-lf = The message uses LF line ends; they were read as CRLF, as mail servers send them.

## User interface
ui-result = Result
ui-identity = Identity
ui-domain = Domain
ui-client-ip = Client IP
ui-record = Record
ui-matched = Matched
ui-no-match = no term matched
ui-lookups = { $used }/{ $limit } lookups, { $void }/{ $void_limit } void
ui-path = Evaluation path
ui-findings = Findings
ui-fix = Fix
ui-explanation = Explanation (exp=)
ui-header = Header
ui-tree = Include tree
ui-tree-lookups = { $count } lookups
ui-no-findings = No problems found.
ui-query = { $rtype } { $name } → { $answer }
ui-term-match = { $term } → match
ui-term-nomatch = { $term } → no match
ui-redirect = redirect → { $target }
ui-record-of = record of { $domain }: { $record }
ui-signature = Signature
ui-key-bits = { $bits } bits
ui-keygen-written = Wrote the private key to { $path } ({ $algorithm }, { $bits } bits, mode 0600). Keep it secret; the signer needs it.
ui-keygen-name = Publish a TXT record at:
ui-keygen-value = With this value:
ui-keygen-zone = Or, as zone-file lines (strings of at most 255 characters):
