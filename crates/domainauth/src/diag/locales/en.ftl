# English catalog. Message ids are diag::Code ids; `.fix` says what to change.
# Variables are named parameters of the finding.

spf-pass = { $ip } is authorised to send for { $domain } (matched { $term }).
spf-fail = { $ip } is not authorised to send for { $domain }: its SPF record matches it with { $term }, so receivers reject or discard this mail.
    .fix = { $cause ->
        [forwarded] { $ip } relayed this message on behalf of someone else (the forwarding finding above): do not add it to the SPF record of { $domain }; that record needs no change for this.
        [explicit] { $term } names { $ip } to be refused: the record's author chose this, it is not the closing all. If { $ip } is now your server or your delivery service, remove or narrow { $term } in the SPF record of { $domain }; adding { $suggest } in front of it would undo that decision without saying so.
       *[other] If { $ip } is your server or your delivery service, add { $suggest } before { $term } in the SPF record of { $domain }.
    }
spf-softfail = { $ip } is probably not authorised to send for { $domain } (matched { $term }); many receivers file such mail as spam.
    .fix = { $cause ->
        [forwarded] { $ip } relayed this message on behalf of someone else (the forwarding finding above): do not add it to the SPF record of { $domain }; that record needs no change for this.
        [explicit] { $term } names { $ip } to be treated as suspicious: the record's author chose this, it is not the closing all. If { $ip } now sends your mail, remove or narrow { $term } in the SPF record of { $domain }; adding { $suggest } in front of it would undo that decision without saying so.
       *[other] If { $ip } sends your mail, add { $suggest } before { $term } in the SPF record of { $domain }.
    }
spf-neutral = The SPF record of { $domain } says nothing about { $ip } ({ $implicit ->
        [yes] no term matched, so the default result applies
       *[no] { $term }
    }); receivers treat this like no SPF at all.
    .fix = { $cause ->
        [forwarded] { $ip } relayed this message on behalf of someone else (the forwarding finding above): do not add it to the SPF record of { $domain }. End that record with -all or ~all so forgeries fail.
        [explicit] { $term } gives { $ip } neutral on purpose. If { $ip } sends your mail, change { $term } in the SPF record of { $domain } so that it passes (without its ? qualifier), and end the record with -all or ~all.
       *[other] List your senders (for example { $suggest }, if that is your server) and end the record with -all or ~all.
    }
spf-none = { $domain } publishes no SPF record, so no receiver can tell which hosts may send for it.
    .fix = { $from_ip ->
        [yes] Publish a TXT record at { $domain } that lists every server and service that sends for it, for example "v=spf1 { $suggest } -all" if { $suggest } is your server; if it is not, this message did not come from you: list only your own servers.
       *[no] Publish a TXT record at { $domain }: "v=spf1 { $suggest } -all" (list every server and service that sends for { $domain }).
    }
domain-not-found = { $domain } does not exist in DNS (NXDOMAIN): it has no records at all, so it publishes no SPF, DMARC or DKIM key and has no MX or A record. Receivers refuse mail that uses a domain that does not exist, in From or in the envelope.
    .fix = Check the spelling of { $domain }. If you send mail from it, create it at your DNS provider with an MX (or A) record, an SPF record and a DMARC record.
spf-invalid-domain = "{ $domain }" cannot be checked with SPF: { $reason }.
    .fix = The sending server must give a fully qualified domain name in MAIL FROM and HELO (for example mail.your-domain), not a bare host name or an address literal.
spf-temperror = A DNS failure stopped the SPF check of { $domain }: { $error }. Receivers usually retry later or defer the mail.
    .fix = Check that the name servers of { $domain } answer (for example with dig TXT { $domain }); the failure may be temporary.
spf-syntax = The SPF record of { $domain } is invalid at "{ $term }" (offset { $pos }): { $error }. Receivers treat the whole record as broken (permerror).
    .fix = Correct "{ $term }" in the TXT record of { $domain }; every term must be valid for the record to work.
spf-multiple-records = { $domain } publishes { $count } SPF records; receivers must treat that as an error (permerror).
    .fix = Merge them into one TXT record starting with v=spf1 and delete the others.
spf-too-many-lookups = Checking { $domain } needs more than { $limit } DNS lookups (limit passed at { $term }, via { $chain }), so the result is permerror.
    .fix = Remove include: entries you no longer use, replace a or mx with ip4:/ip6: ranges, or ask providers for a flatter include.
spf-include-loop = The SPF records of { $members } include each other in a loop ({ $loop }): checking { $domain } goes round it until the limit of 10 DNS lookups, so every check ends in permerror.
    .fix = Break the loop: remove the include: (or redirect=) of { $target } from the SPF record of { $at }. A record must never include a domain that leads back to it.
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
spf-lint-lookups-over = The SPF tree of { $domain } needs { $count } DNS lookups; more than { $limit } makes every check permerror.{ $branch ->
        [none] {""}
       *[other] { " " }The costliest branch is { $branch }, with { $branch_count }.
    }
    .fix = Remove unused include: entries, replace a/mx with ip4:/ip6:, or move rarely used senders to a subdomain.
spf-lint-lookups-near = The SPF tree of { $domain } needs { $count } of the { $limit } DNS lookups allowed; one more provider could break it.{ $branch ->
        [none] {""}
       *[other] { " " }The costliest branch is { $branch }, with { $branch_count }.
    }
    .fix = Keep headroom: prefer ip4:/ip6: over a/mx, and remove include: entries you no longer use.
spf-lint-long-string = The SPF record of { $domain } is { $length } characters: a single TXT string holds at most 255.
    .fix = Split it into several quoted strings of at most 255 characters in one TXT record ("v=spf1 ... " "..."); receivers join them without spaces.
spf-lint-record-too-long = The SPF record of { $domain } is { $length } octets; RFC 7208 §3.4 advises staying under 450 so answers fit in one UDP packet.
    .fix = Shorten it: merge ranges into wider CIDR blocks, or move part of it behind an include.
spf-lint-redirect-ignored = The SPF record of { $domain } has both all and redirect=; redirect= is never used when all is present.
    .fix = Remove either the all term or redirect=.
spf-lint-after-all = The SPF record of { $domain } has terms after all ({ $terms }); evaluation stops at all, so they are never used and their lookups are not counted.
    .fix = Move { $terms } before the all term, or remove them.
spf-lint-broken-include = { $term } in the SPF tree of { $domain } points at { $target }, which has no SPF record: every check ends in permerror.
    .fix = Correct or remove { $term }.
spf-lint-void-lookups = The SPF tree of { $domain } has { $count } lookups that find nothing; more than { $limit } make checks permerror.{ $branch ->
        [none] {""}
       *[other] { " " }The record of { $branch } has { $branch_count } of them.
    }
    .fix = Remove terms that point at names without records.
spf-lint-dns-failure = A DNS failure while reading the SPF tree of { $domain }: { $error }.
    .fix = Check that the name servers of { $domain } answer TXT queries (dig TXT { $domain }); the failure may be temporary.
spf-lint-tree-truncated = The SPF tree of { $domain } is too large to read in full: reading stopped at { $nodes } included records or { $queries } DNS queries, so the counts shown are lower bounds. Evaluation gives permerror after { $limit } lookups, long before the end of it.
    .fix = Make the tree fit in { $limit } lookups: include each provider once, and replace nested includes with their ip4:/ip6: ranges.

dmarc-missing = There is no DMARC record at { $name }: receivers such as docomo and Gmail treat mail from { $domain } as unauthenticated even when SPF passes (docomo shows 「このメールは送信ドメイン認証が行われておりません」).
    .fix = Publish a TXT record at { $name }: "v=DMARC1; p=none; rua=mailto:dmarc-reports@{ $domain }", and tighten p= once the reports show every sender passing.
dmarc-several = { $name } publishes { $count } DMARC records; receivers ignore all of them.
    .fix = Keep a single TXT record starting with v=DMARC1 at { $name }.
dmarc-present = DMARC record at { $name }: { $record }

dkim-pass = The DKIM signature of { $domain } (s={ $selector }, { $algorithm }, { $bits }-bit key) verifies.
dkim-third-party = The valid signature is by { $domain }, not by the From domain { $from }: it proves the mail passed through { $domain } but does not align with { $from } for DMARC.
    .fix = Have mail signed with your own domain: create a key with "domainauth dkim keygen --domain { $from } --selector { $selector }", publish it at { $selector }._domainkey.{ $from } (2048-bit RSA), and set the sending service to sign with d={ $from }.
dkim-none = The message has no DKIM signature, so forwarded mail loses its authentication and DMARC can rely only on SPF.
    .fix = Sign outgoing mail: create a key with "domainauth dkim keygen --domain <your domain> --selector <name>", publish the TXT record it prints, and configure your server or sending service to sign with it.
dkim-body-hash = The body changed after { $domain } signed it (the body hash does not match).
    .fix = { $cause ->
        [forwarded] The list or forwarder changed the body (the forwarding finding above); nothing in the signing of { $domain } needs to change for this.
       *[other] The body changed after signing: a footer added by a mailing list or a gateway, a disclaimer or antivirus note, or a re-encoding. Sign after such changes, or exempt this path from them.
    }
dkim-header-mismatch = The signature of { $domain } does not verify over the signed header fields ({ $fields }).
    .fix = { $cause ->
        [forwarded] The list or forwarder changed a signed field such as Subject (the forwarding finding above); nothing in the signing of { $domain } needs to change for this.
       *[other] One of the signed fields ({ $fields }) changed in transit (a rewritten Subject, a second From?), or the key at { $selector }._domainkey.{ $domain } is not the one that signed.
    }
dkim-no-key = No DKIM key is published at { $name }.
    .fix = Publish a TXT record at { $name } with the public key ("v=DKIM1; k=rsa; p=…"), or correct the selector s={ $selector } that the sender uses.
dkim-revoked = The key at { $name } is revoked (its p= is empty).
    .fix = If selector { $selector } is still in use, publish its public key again; otherwise the sender must sign with a current selector.
dkim-key-invalid = The key record at { $name } cannot be used: { $reason }.
    .fix = { $cause ->
        [service] Remove s= from the TXT record at { $name } (or write s=email): as it is, the key may sign nothing that is mail.
        [hash] Remove h= from the TXT record at { $name } (or write h=sha256): as it is, it refuses SHA-256, so no rsa-sha256 or ed25519-sha256 signature can use the key, and RFC 8301 forbids SHA-1.
       *[other] Correct the TXT record at { $name }: v=DKIM1 first if present, k=rsa or k=ed25519 matching the key, and p= the base64 public key without spaces.
    }
dkim-signature-invalid = The DKIM-Signature field is malformed: { $reason }.
    .fix = The signing software writes invalid signatures; update or reconfigure it.
dkim-key-too-short = The RSA key at { $name } has { $bits } bits; receivers reject keys shorter than 1024 bits (RFC 8301).
    .fix = Create a 2048-bit key under a new selector ("domainauth dkim keygen --domain <domain> --selector <new name> --algorithm rsa-2048"), publish the record it prints and switch the signer to it.
dkim-key-weak = The RSA key at { $name } has { $bits } bits: it still verifies, but 2048 bits is the recommended size.
    .fix = Rotate to a 2048-bit key under a new selector ("domainauth dkim keygen --domain <domain> --selector <new name> --algorithm rsa-2048"), publish the record it prints and switch the signer to it.
dkim-sha1 = The signature of { $domain } uses rsa-sha1, which RFC 8301 forbids; receivers treat it as invalid.
    .fix = Configure the signer to use rsa-sha256.
dkim-expired = The signature of { $domain } expired on { $date } (x={ $expiration }).
    .fix = Sign with a longer validity (x=) or none, and check the signing server's clock.
dkim-future = The signature of { $domain } is dated in the future, { $date } (t={ $timestamp }).
    .fix = Check the signing server's clock (NTP).
dkim-temperror = The key at { $name } could not be fetched: { $error }.
    .fix = Check that the name servers of { $domain } answer; receivers usually retry later.
dkim-testing = The key at { $name } is marked as testing (t=y): receivers may treat failures as if unsigned.
    .fix = Remove t=y from the key record once signing works.
dkim-length-tail = { $tail } octets at the end of the body are not covered by the signature of { $domain } (l=): anyone could append content.
    .fix = Sign without l=.
dkim-too-many = { $count } signatures were not checked: the message carries more than { $limit } signatures, and those beyond were not read.
    .fix = Legitimate mail carries one signature per signing hop; check which systems add signatures to this mail, and sign once per domain.
dkim-bare-lf = The message uses LF line ends; they were read as CRLF, as mail servers send them.

## User interface
dmarc-pass = DMARC passes for { $from }: { $via ->
        [both] SPF and DKIM both
        [spf] SPF
       *[dkim] DKIM
    } authenticated a domain aligned with the From domain (policy record at { $domain }).
dmarc-fail = DMARC fails for { $from }: neither SPF nor DKIM authenticated a domain aligned with the From domain. The owner asks for p={ $policy } (record at { $domain }); receivers apply { $disposition }.
    .fix = { $cause ->
        [forwarded] Nothing in the records of { $from } has to change for this: the failure comes from the forwarding described in the finding above ("This looks like forwarding or a mailing list"). Receivers that trust the forwarder's ARC seal can still accept such mail.
        [not-aligned] Follow the "Authenticated but not aligned" finding above: either of its two ways makes DMARC pass for { $from }.
       *[other] Fix one of the causes in the findings above: one method that passes for a domain aligned with { $from } is enough, and a DKIM signature with d={ $from } is the one that survives forwarding.
    }
dmarc-temperror = A DNS failure stopped DMARC policy discovery for { $from } ({ $name }): { $error }. Receivers may defer the mail or deliver it without DMARC.
    .fix = Check that the name servers of { $from } answer TXT queries for { $name } (dig TXT { $name }); the failure may be temporary.
dmarc-record-unusable = The DMARC record at { $name } gives no usable policy ("{ $record }"): its p= (or sp=/np=) is missing or invalid and there is no valid rua=, so receivers apply no DMARC at all.
    .fix = Correct the record, for example "v=DMARC1; p=none; rua=mailto:dmarc-reports@{ $from }", then tighten p= once the reports show every sender passing.
dmarc-inherited = { $from } has no DMARC record of its own: the record of { $domain } applies, with { $tag }={ $policy }.
dmarc-inherited-np = { $from } does not exist in DNS (no A, AAAA or MX): the record of { $domain } applies its np={ $policy } policy for non-existent subdomains.
    .fix = If { $from } is a real sending domain, give it an A or MX record; otherwise this mail is forged.
dmarc-aligned-relaxed = { $method } authenticated { $domain }, which is not { $from } but has the same organizational domain { $org }: aligned in relaxed mode (the default). This holds in both directions, parent to child and child to parent.
dmarc-spf-only = DMARC passes only through SPF: when the mail is forwarded (mailing lists, university or company forwarding), SPF fails at the next hop and DMARC fails with it.
    .fix = { $signed ->
        [yes] The message is signed with d={ $from }, but the signature did not verify: the DKIM finding above gives the cause; once it verifies, DMARC also survives forwarding.
       *[no] Also sign with DKIM as d={ $from }: "domainauth dkim keygen --domain { $from } --selector <name>", publish the record it prints, and configure the signer.
    }
dmarc-not-aligned = Authenticated but not aligned: SPF or DKIM passed, but for another domain than { $from }, the domain readers see in From. DMARC needs a pass for { $from } itself (or a domain under the same organizational domain).
    .fix = If this mail was sent for you (by your delivery service), two ways, either is enough: (1) an author signature: publish a 2048-bit DKIM key for { $from } (for example at mmmg._domainkey.{ $from }, "domainauth dkim keygen --domain { $from } --selector mmmg") and have the sending service sign with d={ $from }; (2) a custom envelope From (Return-Path) under { $from }, such as bounce.{ $from }, whose SPF record includes the sending service. If you did not send it, it is a forgery that DMARC caught: change nothing.
dmarc-forwarded = This looks like forwarding or a mailing list (the message carries { $evidence }): the envelope and the signature are { $from }'s own, but SPF failed because { $relay ->
        [none] another server
       *[other] another server ({ $relay })
    } relayed the mail, and the DKIM signature broke because the message was changed on the way (a Subject tag, a footer). The records of { $from } are not the cause.{ $arc ->
        [pass] {" "}The message carries an ARC chain that validates: the hops below recorded what they saw before the changes.
        [fail] {" "}The message carries an ARC chain, but it is broken (below), so it shows nothing of the earlier hops.
       *[other] {""}
    }
    .fix = { $arc ->
        [pass] If you run the list or forwarder: it already seals with ARC; receivers that trust its seal can accept such mail on what it recorded, and not changing messages (or rewriting From to the list's own address) makes DMARC pass everywhere else. If you receive this mail: trust a sealer you know with "domainauth verify … --trusted-sealer DOMAIN". If you are the sender: nothing to change in DNS; a p=reject policy makes such mail bounce at receivers that do not trust the sealers. If no list or forwarder you know handled this message, treat it as forged: keep p=reject and change nothing.
        [fail] If you run the list or forwarder: do not change messages, or rewrite From to the list's own address, and seal with ARC keys that are published and do not change the message after sealing. If you are the sender: nothing to change in DNS; a p=reject policy makes such mail bounce at receivers that do not trust the forwarder's ARC. If no list or forwarder you know handled this message, treat it as forged: keep p=reject and change nothing.
       *[other] If you run the list or forwarder: do not change messages, or rewrite From to the list's own address, and add ARC seals so receivers can see the original pass. If you are the sender: nothing to change in DNS; a p=reject policy makes such mail bounce at receivers that do not trust the forwarder's ARC. If no list or forwarder you know handled this message, treat it as forged: keep p=reject and change nothing.
    }
dmarc-spf-not-aligned = SPF passed for the { $identity } domain { $domain }, which does not align with the From domain { $from }.
    .fix = { $summary ->
        [yes] Way (2) of the "Authenticated but not aligned" finding above fixes this one: a custom envelope From under { $from }.
       *[no] Ask the sending service for a custom envelope From (Return-Path, bounce domain) under { $from }, for example bounce.{ $from }, and publish the SPF record it gives there.
    }
dmarc-spf-strict = SPF passed for { $domain }, which shares { $from }'s organizational domain, but the DMARC record asks strict SPF alignment (aspf=s), so only { $from } itself counts.
    .fix = Send with an envelope From exactly at { $from }, or relax the record (remove aspf=s).
dmarc-spf-not-pass = SPF did not pass for the { $identity } domain { $domain } (result { $result }), so SPF cannot make DMARC pass.
    .fix = { $result ->
        [permerror] The SPF record of { $domain } is broken, so no server can pass: the SPF finding above names the term to fix (an include or redirect to a name without a record, too many lookups, a syntax error); adding servers cannot fix it.
        [temperror] The DNS lookups for { $domain }'s SPF record failed or timed out (the SPF finding above names the lookup): check that its name servers answer, then try again; nothing in the record needs to change for this.
        [none] The SPF finding above for { $domain } says what to publish.
       *[other] Do what the SPF finding above for { $domain } says: list the sending server in that record if it is yours, or send through a server it already lists.
    }
dmarc-spf-not-checked = SPF was not evaluated (no client IP), so only DKIM was considered for DMARC.
    .fix = Give the envelope (--ip, --helo, --mail-from) or a message with its Received fields to include SPF.
dmarc-dkim-none = The message has no DKIM signature, so DMARC could rely only on SPF.
    .fix = { $summary ->
        [yes] Way (1) of the "Authenticated but not aligned" finding above fixes this one: a DKIM signature with d={ $from }.
       *[no] Sign outgoing mail with DKIM as d={ $from } ("domainauth dkim keygen --domain { $from } --selector <name>").
    }
dmarc-dkim-not-aligned = DKIM passed for { $domain } (s={ $selector }), which does not align with the From domain { $from }: a third-party signature.
    .fix = { $summary ->
        [yes] Way (1) of the "Authenticated but not aligned" finding above fixes this one: a second signature with d={ $from }.
       *[no] Add an author signature: publish a 2048-bit key for { $from } (for example "domainauth dkim keygen --domain { $from } --selector mmmg", TXT at mmmg._domainkey.{ $from }) and have the sending service sign with d={ $from }.
    }
dmarc-dkim-strict = DKIM passed for { $domain } (s={ $selector }), which shares { $from }'s organizational domain, but the record asks strict DKIM alignment (adkim=s).
    .fix = Sign with d={ $from } exactly, or relax the record (remove adkim=s).
dmarc-dkim-not-pass = The DKIM signature of { $domain } (s={ $selector }) did not verify ({ $result }), so it cannot make DMARC pass.
    .fix = { $aligned ->
        [yes] The DKIM finding above for d={ $domain } s={ $selector } gives the cause and its fix; once that signature verifies, it makes DMARC pass.
       *[no] The DKIM finding above for d={ $domain } s={ $selector } gives the cause. Even verified, d={ $domain } does not align with { $from }: sign with d={ $from } as well.
    }
dmarc-testing = The DMARC record of { $from } has t=y: the owner is testing, so receivers do not apply p={ $policy }.
    .fix = Remove t=y when the reports show every legitimate sender passing.
dmarc-pct-sampled = pct={ $pct }: this message fell outside the sample, so receivers apply { $disposition } instead of { $policy } (RFC 7489 §6.6.4).
    .fix = Raise pct= to 100 once the reports show every legitimate sender passing.
dmarc-policy-none = The policy of { $domain } is p=none: failing mail is delivered as usual; the record only requests reports.
    .fix = When the aggregate reports show all your senders passing, move to p=quarantine, then p=reject.
dmarc-org-disagree = The organizational domain of { $from } differs by method: the DNS tree walk gives { $tree }, the Public Suffix List gives { $psl } (this evaluation follows { $mode ->
        [rfc7489] RFC 7489
       *[rfc9989] RFC 9989
    }). Receivers using the other method may align differently.
dmarc-from-missing = The message has no From field, so DMARC cannot name an author domain (RFC 5322 requires exactly one From).
    .fix = Make the sending software write a From field with the sender's address.
dmarc-from-several = The message has { $count } From fields; RFC 5322 allows one, so DMARC cannot name one author domain. The domains of every field are still evaluated below to explain them.
    .fix = Make the sending software write a single From field.
dmarc-from-hidden = Header line { $line } reads as a From field but is malformed (a stray byte in its name, or a leading space) and was ignored; a mail client may still show it as the sender, so DMARC cannot name one author domain.
    .fix = Make the sending software write one well-formed "From:" line.
dmarc-from-skipped = Line { $line }, in the text above the header that was skipped, reads as a From field naming { $from }, which is not the From of the header; a reader may take it for the sender, so DMARC cannot name one author domain.
    .fix = If you pasted a web page, check that the page shows this message, or save the message source itself (Gmail: "Download original"). If the message itself begins with this text, it was made to mislead: treat it as forged.
dmarc-from-no-address = The From field holds no address ("{ $value }"), so DMARC cannot name an author domain; many receivers refuse such mail.
    .fix = Write a From field with an address, for example: From: Shop <info@your-domain>.
dmarc-from-invalid = The From field "{ $value }" is not a valid address list (RFC 5322 §3.4): at character { $pos } ("{ $tail }") { $reason ->
        [unexpected-char] a character stands where none of its kind may
        [unclosed-quote] a quoted string is not closed
        [unclosed-comment] a comment in parentheses is not closed
        [unclosed-angle] "<" is not closed by ">"
        [unclosed-literal] "[" is not closed by "]"
        [unclosed-group] a group is not closed by ";"
        [text-after-address] text follows a complete address where a comma or the end must come
        [missing-at] words stand without "@domain" (a display name needs the address in angle brackets)
        [local-part] the part before "@" is missing or malformed
        [missing-domain] nothing follows "@"
        [domain-char] a character stands that a domain name cannot hold (RFC 5321: letters, digits, hyphens)
        [empty-label] the domain has a leading, trailing or doubled dot
        [label-hyphen] a domain label starts or ends with a hyphen
        [empty-angle] "<>" holds no address
       *[other] the syntax breaks
    }. No author domain can be taken from such a field, not even one that looks like a domain.
    .fix = Make the sending software write a valid From field, for example: From: Shop <info@your-domain>; put a display name with special characters in double quotes.
dmarc-from-no-domain = The From address "{ $value }" has no domain DMARC can evaluate: { $reason ->
        [address-literal] an address literal such as [192.0.2.1] names no domain
        [single-label] a single-label name such as localhost is no registered domain
        [numeric-tld] its top-level label is all digits (RFC 3696 §2)
        [idna] the internationalised name cannot be converted to A-labels (RFC 5890)
        [too-long] the name is longer than DNS allows
       *[other] the domain cannot be used
    }. The other author domains are still evaluated.
    .fix = Use an address with a registered domain in From.
dmarc-from-too-many-domains = The From field names { $count } distinct domains; only the first { $limit } are evaluated, the others are not looked up (a limit against denial of service, RFC 9989 §11.5), so the evaluation is incomplete.
    .fix = Put one author address in From.
dmarc-from-local-policy = Because the author domain cannot be fully determined, DMARC gives permerror for this part and local policy applies { $disposition } (RFC 7489 §6.6.1: messages with no From field, several From fields or several author addresses are typically rejected).
    .fix = Correct the From problem named above, so that the message has exactly one author domain.
dmarc-from-idn = The From domain { $value } is internationalised: DNS is queried with its A-label form { $domain }.
dmarc-from-multiple-domains = The From field has addresses in { $count } domains ({ $domains }): each is evaluated and the strictest policy among those that fail applies (RFC 7489 §6.6.1, RFC 9989 §11.5). { $domain ->
        [none] The From problems decide: { $result }, { $disposition }.
       *[other] { $domain } decides: { $result }, { $disposition }.
    } Some receivers reject such mail outright.
    .fix = Put one author address in From.
dmarc-lint-unknown-tag = The DMARC record of { $domain } has an unknown tag "{ $tag }"; receivers ignore it.
    .fix = Remove "{ $tag }" or correct its name.
dmarc-lint-unknown-tag-suggest = The DMARC record of { $domain } has an unknown tag "{ $tag }": did you mean { $suggestion }? Receivers ignore "{ $tag }".
    .fix = Rename "{ $tag }" to { $suggestion }.
dmarc-lint-unknown-tag-removed = The DMARC record of { $domain } has an unknown tag "{ $tag }": did you mean { $suggestion }? Note { $suggestion } was removed in RFC 9989; to trial a policy use t=y.
    .fix = Remove "{ $tag }". To try a stricter policy on part of the traffic, publish it with t=y until the reports look right.
dmarc-lint-removed-tag = The DMARC record of { $domain } uses { $tag }={ $value }, which RFC 9989 removed; receivers following RFC 9989 ignore it.
    .fix = Remove { $tag }=. Instead of pct, use t=y while testing a policy; rf and ri have no replacement.
dmarc-lint-duplicate-tag = The DMARC record of { $domain } has the tag { $tag } twice; receivers may reject the record or use either value.
    .fix = Keep one { $tag }= tag.
dmarc-lint-case = The DMARC record of { $domain } writes { $tag }={ $value } with capitals; tag names and values are case-insensitive, but some receivers compare them exactly.
    .fix = Write tag names and values in lower case.
dmarc-lint-invalid-value = The DMARC record of { $domain } has { $tag }={ $value }, which is not valid (allowed: { $allowed }).
    .fix = Set { $tag }= to one of: { $allowed }.
dmarc-lint-invalid-value-suggest = The DMARC record of { $domain } has { $tag }={ $value }, which is not valid: did you mean { $tag }={ $suggestion }?
    .fix = Write { $tag }={ $suggestion } (allowed: { $allowed }).
dmarc-lint-separator = The value of { $tag } in the DMARC record of { $domain } is "{ $value }": tags must be separated by semicolons, so receivers read this as one invalid value.
    .fix = Separate every tag with ";", for example "v=DMARC1; p=none; rua=mailto:…".
dmarc-lint-p-missing = The DMARC record of { $domain } has no p= tag ({ $mode ->
        [rfc7489] under RFC 7489 that means p=none when a valid rua= is given, and no policy at all otherwise
       *[rfc9989] under RFC 9989 that means p=none; under RFC 7489 it means no policy at all unless a valid rua= is given
    }).
    .fix = Put p= right after v=DMARC1, for example "v=DMARC1; p=none; rua=mailto:…".
dmarc-lint-no-policy = The DMARC record of { $domain } gives no policy: receivers apply no DMARC to its mail at all.
    .fix = Give a valid p= (none, quarantine or reject) and a valid rua=mailto: address.
dmarc-lint-invalid-uri = The { $tag } destination "{ $uri }" in the DMARC record of { $domain } is not a valid URI; reports cannot be sent to it.
    .fix = Write it as mailto:address@domain (the "mailto:" is required).
dmarc-lint-no-rua = The DMARC record of { $domain } has no valid rua=, so no receiver sends you aggregate reports and you cannot see who sends as { $domain }.
    .fix = Add rua=mailto:dmarc-reports@{ $domain } (or the address of your report service).
dmarc-lint-policy-none = The DMARC record of { $domain } has p=none: monitoring only; forged mail is delivered as usual.
    .fix = When the aggregate reports show all your senders passing, move to p=quarantine, then p=reject.
dmarc-lint-pct = The DMARC record of { $domain } has pct={ $pct }: the policy applies to { $pct }% of failing mail (RFC 7489 mode).
    .fix = Raise pct to 100 once the reports look right (RFC 9989 removed pct; use t=y while testing).
dmarc-lint-sp-weaker = The DMARC record of { $domain } has sp={ $sp }, weaker than p={ $p }: forgers can use any subdomain.
    .fix = Set sp= to { $p } (or remove sp= so subdomains inherit p=).
dmarc-lint-not-record = { $name } holds "{ $record }", which looks like a DMARC record but is not one to receivers (the record must start exactly with v=DMARC1 followed by ";").
    .fix = Rewrite it starting "v=DMARC1; " with semicolons between tags.
dmarc-lint-external-unauthorized = The { $tag } address { $uri } is outside { $domain }, and { $target } has not authorised reports for { $domain }: receivers will not send them (no TXT record at { $name }).
    .fix = Ask the operator of { $target } to publish "v=DMARC1;" at { $name } (report services do this when you register the domain).
dmarc-lint-external-authorized = The { $tag } address { $uri } is outside { $domain } and authorised at { $name }.
dmarc-lint-too-many-destinations = The DMARC record of { $domain } names { $count } report destinations outside it; the first { $limit } were checked for their authorisation record, the others were not looked up.
    .fix = Keep the report addresses to one or two: a reporting service gives one address for all your domains.
check-dkim-key = DKIM key published at { $name } ({ $algorithm }, { $bits } bits).
check-dkim-no-key = No DKIM key was found for { $domain } at the selectors tried ({ $selectors }): without DKIM, forwarded mail loses its authentication, and docomo and Gmail expect it.
    .fix = Create a key ("domainauth dkim keygen --domain { $domain } --selector <name>"), publish the TXT record it prints, and sign with it. If you already sign with another selector, name it with --selector.
check-dkim-parent-key = { $domain } has no DKIM key of its own at the selectors tried ({ $selectors }), but its organizational domain { $org } has one at { $selector }: mail from { $domain } signed with d={ $org } aligns under DMARC's relaxed alignment (adkim=r, the default). A key of its own is needed only with adkim=s.
check-no-address = { $domain } has neither an A/AAAA nor an MX record; receivers such as docomo refuse mail from such a domain.
    .fix = Publish an MX record (or an A record) for { $domain }.
dns-deadline = DNS lookups for { $domain } stopped after { $elapsed } ms, past the deadline of { $limit } ms ({ $queries } queries sent): the result is incomplete, and what still needed DNS was not checked.
    .fix = The name servers answered slowly or not at all. Check that the name servers of { $domain } and of the domains its records name answer quickly, then check again.
check-dns-timeout = The { $rtype } lookup of { $name } timed out: what depends on it was not checked, so this report is partial (a timeout is not a missing record).
    .fix = Check that the name servers of { $name } answer { $rtype } queries quickly (dig { $rtype } { $name }), then check again.
check-dns-failure = The { $rtype } lookup of { $name } failed ({ $error }): what depends on it was not checked, so this report is partial.
    .fix = Check that the name servers of { $name } answer { $rtype } queries (dig { $rtype } { $name }); the failure may be temporary, so check again later.
check-null-mx = { $domain } publishes a null MX ("MX 0 ."): it says it receives no mail (RFC 7505). { $sends ->
        [yes] Yet it publishes SPF or DKIM for sending: receivers may refuse mail from a domain that cannot receive replies, and bounces and DMARC reports addressed to it cannot come back.
       *[no] Mail sent from it may be refused, and bounces and DMARC reports addressed to it cannot come back.
    }
    .fix = { $sends ->
        [yes] If { $domain } sends mail, replace the null MX with MX records for the servers that receive its mail (bounces and replies need them).
       *[other] If { $domain } sends no mail, keep the null MX and also publish "v=spf1 -all" and a DMARC record with p=reject, so that nobody can send as it.
    }
check-null-mx-mixed = { $domain } publishes a null MX ("MX 0 .") beside { $count } other MX records; RFC 7505 §3 forbids this, and senders cannot tell whether it receives mail.
    .fix = If { $domain } receives mail, delete the "MX 0 ." record; if it does not, delete the other MX records.
check-mta-sts-missing = { $domain } publishes no MTA-STS record (TXT at { $name }): sending servers may deliver to it without TLS, or to a forged MX, without noticing (RFC 8461).
    .fix = To require TLS for mail to { $domain }, serve a policy file at https://mta-sts.{ $domain }/.well-known/mta-sts.txt ("version: STSv1", "mode: testing", one "mx:" line per MX host, "max_age: 86400"), then publish TXT "v=STSv1; id=<date-and-number>" at { $name }.
check-mta-sts-invalid = The MTA-STS record at { $name } cannot be used ({ $problem ->
        [several] { $count } records start with "v=STSv1"; there must be exactly one
        [no-id] it has no id= field
        [bad-id] its id "{ $value }" is not 1 to 32 letters and digits
       *[syntax] "{ $value }" is not a field of the form name=value
    }): sending servers act as if { $domain } had no MTA-STS policy.
    .fix = Publish exactly one TXT record at { $name } of the form "v=STSv1; id=20260101T000000", with an id of 1 to 32 letters and digits that you change whenever the policy file changes.
check-mta-sts-not-fetched = MTA-STS record at { $name } (id={ $value }); policy file not fetched: offline. Whether https://mta-sts.{ $domain }/.well-known/mta-sts.txt is served and valid was not checked.
check-mta-sts-fetch-failed = The MTA-STS record at { $name } announces a policy, but { $uri } could not be fetched ({ $error }): sending servers that cannot fetch it send as if there were no policy.
    .fix = Serve the policy file at { $uri } over HTTPS with a valid certificate for mta-sts.{ $domain }, as text/plain (RFC 8461 §3.3).
check-mta-sts-policy-invalid = The MTA-STS policy file { $uri } cannot be used ({ $problem ->
        [version] no "version: STSv1" line
        [mode] the mode "{ $value }" is not enforce, testing or none
        [max-age] the max_age "{ $value }" is not a number of seconds up to 31557600
        [no-mx] no "mx:" line, which modes enforce and testing need
       *[syntax] the line "{ $value }" is not of the form key: value
    }): sending servers ignore it.
    .fix = Serve a policy file of lines "key: value": "version: STSv1", "mode: enforce" (or testing or none), one "mx: <host or *.domain>" per MX host, and "max_age: <seconds>" (RFC 8461 §3.2).
check-mta-sts-policy = MTA-STS policy of { $domain }: mode { $mode }, max_age { $value } seconds, MX patterns { $mx }.
check-mta-sts-mx-not-covered = The MX host { $name } of { $domain } matches none of the MTA-STS policy's mx patterns ({ $mx }): sending servers that apply the policy ({ $mode }) { $mode ->
        [enforce] will not deliver to it.
       *[other] report delivery to it as a failure.
    }
    .fix = Add "mx: { $name }" (or a "*.domain" pattern covering it) to the policy file, change its id= in the TXT record at _mta-sts.{ $domain }, or remove the MX record if the host no longer receives mail.
check-tls-rpt-missing = { $domain } publishes no TLS-RPT record (TXT at { $name }): sending servers cannot tell you when TLS to your MX hosts fails (RFC 8460).
    .fix = Publish TXT "v=TLSRPTv1; rua=mailto:tls-reports@{ $domain }" at { $name }, with an address that receives the reports.
check-tls-rpt-invalid = The TLS-RPT record at { $name } cannot be used ({ $problem ->
        [several] { $count } records start with "v=TLSRPTv1"; there must be exactly one
        [no-rua] it has no rua= field
        [bad-uri] the report address "{ $value }" is neither a mailto: address nor an https: URL with a domain name (no spaces, control or non-ASCII characters)
       *[syntax] "{ $value }" is not a field of the form name=value
    }): sending servers send no TLS reports.
    .fix = Publish exactly one TXT record at { $name } of the form "v=TLSRPTv1; rua=mailto:tls-reports@{ $domain }" (rua may list mailto: and https: URIs, separated by commas; RFC 8460 §3).
check-bimi-invalid = The BIMI record at { $name } cannot be used ({ $problem ->
        [several] { $count } records start with "v=BIMI1"; there must be exactly one
        [no-logo] it has no l= field
        [not-https] "{ $value }" is not an https: URL
        [not-svg] the logo "{ $value }" is not an SVG file (.svg)
        [bad-url] "{ $value }" is not a usable URL (its host is not a domain name, or it holds spaces, control or non-ASCII characters)
       *[syntax] "{ $value }" is not a field of the form name=value
    }): receivers show no logo.
    .fix = Publish one TXT record at { $name } of the form "v=BIMI1; l=https://{ $domain }/logo.svg; a=https://{ $domain }/vmc.pem": the logo as SVG Tiny PS over https, and the mark certificate (a=) that Gmail and others ask for.
check-bimi-dmarc-weak = { $domain } publishes a BIMI record, but its DMARC policy ({ $policy }) is not enforced: receivers show BIMI logos only under p=quarantine or p=reject applied to all mail.
    .fix = Move the DMARC record at _dmarc.{ $domain } to p=quarantine or p=reject without pct= (or pct=100), once the reports show all your mail passes.
check-dnssec = DNSSEC for { $domain }: { $state ->
        [signed] the zone is signed (DNSKEY records at { $domain }).
        [unsigned] the zone is not signed (no DNSKEY records at { $domain }).
       *[unknown] unknown (the resolver cannot tell, or { $domain } is not the apex of its zone).
    }
check-ptr-missing = The sending IP { $ip } has no PTR (reverse DNS) record; Gmail, Yahoo and many others expect one.
    .fix = Ask the owner of { $ip } (your provider) to set a PTR record naming your mail server, whose A/AAAA record points back to { $ip }.
check-fcrdns-mismatch = The PTR name of { $ip } ({ $name }) does not resolve back to { $ip } (no forward-confirmed reverse DNS).
    .fix = Add an A/AAAA record for { $name } pointing to { $ip }, or change the PTR to a name that does.
verify-envelope-inferred = Envelope taken from the message ({ $source }): client IP { $ip }, HELO { $helo }, MAIL FROM { $mailfrom }.
verify-no-envelope = { $why ->
        [no-mail-from] The trusted Received field records the client IP { $ip }, but no field the receiver wrote records the MAIL FROM (no Return-Path, no envelope-from), so SPF was not evaluated.
       *[other] The envelope (client IP and MAIL FROM) was not given, and no field a trusted receiver wrote records it, so SPF was not evaluated.
    }
    .fix = { $why ->
        [no-mail-from] Give --mail-from (with --ip { $ip }), or use the message as it was delivered, with the Return-Path field the final server adds.
       *[other] Give --ip, --helo and --mail-from, or use the whole message as received (with its Received and Return-Path fields) and --trust-authserv-id for your receiver.
    }
verify-dns-query-limit = DNS lookups for this message stopped at the limit of { $limit } queries ({ $queries } sent in { $elapsed } ms): every result that still needed DNS is temperror.
    .fix = Legitimate mail needs far fewer lookups. Check the SPF record's include chain (domainauth spf record) and how many From domains and DKIM signatures the message has; receivers stop in the same way.
verify-dns-deadline = DNS lookups for this message stopped after { $elapsed } ms, past the deadline of { $limit } ms ({ $queries } queries sent): every result that still needed DNS is temperror.
    .fix = The name servers answered slowly or not at all. Check that the name servers of the domains involved answer quickly; RFC 7208 lets receivers give up on SPF after 20 seconds.
verify-trace-ignored = { $name } (header field { $pos }) was not used for the envelope: { $reason ->
        [below-trusted-hop] it lies below the Received field of the hop into the trusted receiver, so the sender could have written it.
        [no-trusted-hop] no Received field names a trusted receiver (--trust-authserv-id), so no trace field can be believed.
        [no-receiver] it does not name its writer (no receiver=, RFC 7208 §9.1), so it cannot be attributed to a trusted receiver.
        [untrusted-writer] its writer, { $authserv }, is not a trusted receiver (--trust-authserv-id).
        [ip-mismatch] it states client IP { $value }, but the trusted receiver's Received field recorded { $ip }.
       *[unreadable] it could not be read ({ $error }).
    }
verify-trace-capped = Only the first { $limit } trace fields that were not used are listed; the message was not searched for more.
arc-pass = The ARC chain validates: { $count ->
        [one] one ARC set, sealed by { $sealers }.
       *[other] { $count } ARC sets, sealed by { $sealers }.
    } { $oldest ->
        [0] Every hop's message signature still verifies: the message is as the first sealer passed it on.
       *[other] The message signatures verify from hop i={ $oldest } on{ $before ->
            [key] ; the one before could not be checked, as its sealer's key was not found or could not be used.
           *[other] : the message was changed before that hop sealed it.
        }
    } What each hop recorded (below) counts only for sealers you trust: anyone can seal with a domain of their own.
arc-fail = The ARC chain is broken{ $instance ->
        [none] {""}
       *[other] {" "}at i={ $instance }
    }: { $reason }. Nothing it records can be used, whoever sealed it.
    .fix = If you run a forwarder or list in this chain: seal with a key published at its selector, and do not change the message after sealing. Otherwise there is nothing to do: a broken chain changes nothing, and a forged one is caught this way.
arc-hop = ARC hop i={ $instance }: sealed by { $sealer } (cv={ $cv }; seal { $seal ->
        [yes] verified
        [no] did not verify
       *[other] not checked
    }, message signature { $ams ->
        [yes] verified
        [no] no longer verifies
        [key] not checked, as its key was not found or could not be used
       *[other] not checked
    }); { $authserv } recorded: { $results }.
arc-trusted-sealer = DMARC fails for { $from }, but { $sealer }, a sealer you trust (--trusted-sealer), recorded { $recorded } at ARC hop i={ $instance }, and every hop from it to the one that handed the message to you is sealed by a sealer you trust: local policy overrides the { $policy } disposition and delivers the message (override reason { $override }, as aggregate reports record it). The DMARC result stays fail.
arc-not-trusted = The ARC chain validates and { $sealer } recorded { $recorded } for { $from } at hop i={ $instance }, but { $trust }, which handed the message on after that hop, is not a sealer you trust: ARC changes nothing, and the { $policy } disposition stands.
    .fix = If { $trust } is a forwarder or list you know (your university's forwarding, your own list server), trust it: "domainauth verify … --trusted-sealer { $trust }". Trusting a sealer means trusting everything it forwards: what it records, what it changed or added, and the chain it says it received. A chain from a sealer you do not know proves nothing: anyone can seal.
mail-preamble-skipped = The text before line { $line } is not part of the message (the summary a web mail page shows above the source, such as Gmail's "Show original") and was skipped: the header starts on line { $line }.
mail-bare-lf = The message uses LF line ends; they were read as CRLF, as on the wire.
mail-no-separator = There is no empty line between header and body: everything was read as header fields.
    .fix = Save the whole message (header, empty line, body) as the mail client shows it in "show original".
mail-header-line-ignored = Header line { $line } is not a header field (no colon, or an invalid field name) and was ignored.
    .fix = Correct the program that wrote the message: each header line must be "Name: value", or a continuation starting with a space or tab.
mail-header-unreadable = The header could not be read ({ $error }), so no author domain can be taken from it: the message is evaluated as one without header fields, and DMARC gives permerror with the local policy for an author that cannot be determined.
    .fix = Legitimate mail stays far below these limits; if this message is yours, check the program that built its header. Receivers reject such messages.
authres-seen = { $authserv } recorded: { $summary }.
authres-spf-not-aligned = { $authserv }: spf=pass smtp.mailfrom={ $domain } does not align with header.from={ $from }.
    .fix = If { $domain } is your delivery service's domain, use a custom envelope From under { $from }, or sign with DKIM as d={ $from }; if it is not yours, this message did not come from you.
authres-dkim-not-aligned = { $authserv }: dkim=pass header.d={ $domain } does not align with header.from={ $from }.
    .fix = If { $domain } is your delivery service's domain, have mail signed with d={ $from } as well; if it is not yours, this message did not come from you.
authres-dmarc-fail = { $authserv } recorded dmarc=fail for header.from={ $from } (policy { $policy }).
    .fix = The DMARC findings above say what to change; { $policy ->
        [reject] with p=reject, receivers refuse such mail.
        [quarantine] with p=quarantine, receivers put such mail in spam.
       *[other] with p={ $policy }, receivers deliver such mail as usual but report it.
    }
authres-unreadable = An Authentication-Results field could not be read: { $error }.
    .fix = The field was ignored and does not change this verdict; if your own receiver wrote it, correct the software that writes it.
authres-capped = { $fields } more Authentication-Results fields and { $identifiers } more identifiers were not explained (at most { $max_fields } fields and { $max_lookups } organizational-domain lookups per message).
profile-pass = All { $count } checks of the { $profile } profile pass.
profile-spf-not-pass = { $profile }: { $cause ->
        [domain] { $result ->
            [none] { $domain } must publish an SPF record covering the IPs its mail leaves from; it publishes none.
            [permerror] the SPF record of { $domain } is broken, so SPF gives permerror whatever the IP.
           *[other] the SPF record of { $domain } must pass for the sending IP { $ip }; it gives { $result }.
        }
       *[other] SPF must pass; here it is { $result } for { $domain }.
    }
    .fix = { $cause ->
        [domain] { $result ->
            [none] Publish one SPF record at { $domain } that lists every server and service sending for it (give their IPs with --ip, and --records prints the record).
            [permerror] Fix the SPF record of { $domain } first: the SPF finding above names the cause (when it needs more than 10 lookups, --records prints a flattened record).
            [temperror] Check that the name servers of { $domain } answer; the record itself may be fine.
           *[other] If { $ip } is your server, or a delivery service sending with a return path (envelope From) under { $domain }, add it to the SPF record of { $domain } (--records prints the merged record, which keeps every existing term; for a service, its documented include: term covers all its addresses). A service that sends with its own return path passes SPF for its own domain instead, which does not align with { $domain }: there, sign with DKIM d={ $domain }, or set up a custom return path under { $domain } with the service.
        }
        [refused] { $result ->
            [neutral] A term of the SPF record of { $domain } (or of a record it redirects to) other than its closing all gives { $ip } neutral on purpose (the SPF finding for { $ip } names it). If { $ip } is now yours, change that term so that it passes (without its ? qualifier); --records does not suggest a record that overrides it.
           *[other] A term of the SPF record of { $domain } (or of a record it redirects to) other than its closing all refuses { $ip } on purpose (the SPF finding for { $ip } names it). If { $ip } is now yours, remove or narrow that term; --records does not suggest a record that overrides it.
        }
        [forwarded] { $ip } relayed this message (the forwarding finding above), so this check says nothing about your own sending: run it on a copy received directly from your server. If you run the list or forwarder, rewrite From to the list's own address so its own SPF and DKIM count.
       *[other] { $result ->
            [permerror] Fix the SPF record of { $domain }: it is broken (the SPF finding above names the term), and listing { $ip } cannot help until it is.
            [temperror] Check that the name servers of { $domain } answer; the record itself may be fine.
            [none] Publish an SPF record at { $domain } that lists every server that sends for it ({ $ip } too, if it is yours).
           *[other] If { $ip } is your server or your delivery service, list it in the SPF record of { $domain }. If it is not, this message did not come from you and may be forged: change nothing.
        }
    }
profile-dkim-not-pass = { $profile }: { $cause ->
        [no-key] a DKIM key of { $domain } is required (receivers need a DKIM signature by the domain); none usable was found at the selectors tried ({ $selectors }).
       *[other] a valid DKIM signature is required; none verified.
    }
    .fix = { $cause ->
        [forwarded] The signature of { $domain } broke on the way (the forwarding finding above), so this check says nothing about your own sending: run it on a copy received directly from your server. If you run the list or forwarder, do not change messages, or sign them with the list's own domain.
        [broken] The message is signed, but no signature verified: the DKIM findings above give the cause and the fix.
       *[other] Sign with DKIM for { $domain } ("domainauth dkim keygen --domain { $domain } --selector <name>").
    }
profile-dmarc-record = { $profile }: the From domain { $domain } must publish a DMARC record; none found.
    .fix = Publish "v=DMARC1; p=none; rua=mailto:dmarc-reports@{ $domain }" at _dmarc.{ $domain }.
profile-dmarc-not-pass = { $profile }: DMARC must pass for { $domain }; here it is { $result }. Without a DMARC pass docomo shows 「このメールは送信ドメイン認証が行われておりません」 or does not deliver the mail.
    .fix = { $cause ->
        [forwarded] DMARC failed because the message was forwarded (the forwarding finding above), so this check says nothing about your own sending: run it on a copy received directly from your server.
        [none] { $domain } publishes no DMARC record, so DMARC cannot pass: publish one (the DMARC finding above gives the record).
       *[other] The DMARC findings above for { $domain } give the causes and what to change; a DKIM signature with d={ $domain } is the most robust way to pass.
    }
profile-from-not-aligned = { $profile }: { $cause ->
        [domain] the From domain { $domain } must align with the SPF or DKIM domain, and nothing it publishes can pass aligned: no usable DKIM key of { $domain } was found, and its SPF record does not cover the sending IPs.
       *[other] the From domain { $domain } must align with the SPF or DKIM domain; it aligns with neither.
    }
    .fix = { $cause ->
        [forwarded] Both identifiers are { $domain }'s own, but neither passed after forwarding (the forwarding finding above): run this check on a copy received directly from your server.
       *[other] Sign with d={ $domain } or send with an envelope From under { $domain }.
    }
profile-list-unsubscribe-missing = { $profile }: bulk mail needs List-Unsubscribe and "List-Unsubscribe-Post: List-Unsubscribe=One-Click" (RFC 8058); { $missing } missing.
    .fix = Add "List-Unsubscribe: <https://…>" with an HTTPS URI that unsubscribes on POST, and "List-Unsubscribe-Post: List-Unsubscribe=One-Click".
profile-list-unsubscribe-unsigned = { $profile }: List-Unsubscribe and List-Unsubscribe-Post must be covered by a valid DKIM signature (RFC 8058 §4); they are not.
    .fix = Add both fields to the signed header fields (h=) of the signature.
profile-ptr-missing = { $profile }: the sending IP { $ip } has no PTR (reverse DNS) record.
    .fix = { $cause ->
        [forwarded] { $ip } is the server that relayed this message (the forwarding finding above), not yours: run this check on a copy received directly from your server.
       *[other] If { $ip } is your server, ask its owner (your provider) to set a PTR record naming your mail server, whose A/AAAA record points back to { $ip }.
    }
profile-fcrdns-mismatch = { $profile }: the PTR name of { $ip } ({ $name }) does not resolve back to { $ip }.
    .fix = { $cause ->
        [forwarded] { $ip } is the server that relayed this message (the forwarding finding above), not yours: run this check on a copy received directly from your server.
       *[other] If { $ip } is your server, add an A/AAAA record for { $name } pointing to { $ip }, or change the PTR to a name that does.
    }
profile-header-from-spf = { $profile }: the SPF record of the From domain { $domain } gives { $result } for { $ip }; docomo checks SPF against the From domain too, not only the envelope.
    .fix = { $cause ->
        [forwarded] { $ip } relayed this message (the forwarding finding above): do not add it to the SPF record of { $domain }; run this check on a copy received directly from your server.
        [refused] { $result ->
            [neutral] A term of the SPF record of { $domain } (or of a record it redirects to) other than its closing all gives { $ip } neutral on purpose (the SPF finding for { $ip } names it). If { $ip } is now yours, change that term so that it passes (without its ? qualifier); --records does not suggest a record that overrides it.
           *[other] A term of the SPF record of { $domain } (or of a record it redirects to) other than its closing all refuses { $ip } on purpose (the SPF finding for { $ip } names it). If { $ip } is now yours, remove or narrow that term; --records does not suggest a record that overrides it.
        }
        [domain] If { $ip } is your server or your delivery service, add it to the SPF record of { $domain } (ip4:/ip6:, or the delivery service's include:); --records prints the merged record, which keeps every existing term.
       *[other] If { $ip } is your server or your delivery service, add it (for example ip4:{ $ip } or the delivery service's include:) to the SPF record of { $domain }. If it is not, this message did not come from you and may be forged: change nothing.
    }
profile-from-no-address = { $profile }: the From domain { $domain } has neither an A nor an MX record.
    .fix = Publish an MX record (or an A record) for { $domain }.
profile-from-empty = { $profile }: the From field is missing or empty; such mail is refused.
    .fix = Write a From field with the sender's address.
profile-message-id-missing = { $profile }: the message has no Message-ID field.
    .fix = Make the sending software add a Message-ID field.
profile-not-checked = { $profile }: { $check ->
        [spf] SPF
        [ptr] PTR
        [spf-header-from] SPF for the header From domain
        [dkim] DKIM
        [dmarc] DMARC
       *[other] { $check }
    } could not be checked: { $reason ->
        [no-client-ip] no client IP is known
        [no-ip-option] no sending IP was given
        [dns-failure] the DNS lookup failed (the finding above says how)
        [no-from-domain] the message has no From domain
       *[other] { $reason }
    }.
    .fix = { $reason ->
        [no-from-domain] Correct the From field (the From finding above names the problem).
        [no-ip-option] Give each IP address your mail leaves from with --ip (repeatable).
        [dns-failure] Check that the domain's name servers answer, then check again.
       *[other] Give the envelope (--ip, --helo, --mail-from), or the message as received with its Received fields and --trust-authserv-id.
    }
profile-not-checkable = { $profile }: { $requirement ->
        [tls] TLS cannot be checked from DNS: Gmail and Yahoo require your servers to send over TLS (STARTTLS), which shows only on an SMTP connection from them (the "with ESMTPS" of the receiver's Received field), not in any record; MTA-STS and TLS-RPT records concern mail you receive.
        [one-click-unsubscribe] one-click unsubscribe (RFC 8058) is a property of each bulk message, not checkable here: see verify --profile { $profile } on a sent message.
        [spam-rate] the spam rate (under 0.3%) is measured by the receiver alone, not checkable here: see Google Postmaster Tools or Yahoo Sender Hub; verify --profile { $profile } on a sent message checks the rest.
        [from-present] a non-empty From is a property of each message, not checkable here: see verify --profile { $profile } on a sent message.
        [message-id] a Message-ID is a property of each message, not checkable here: see verify --profile { $profile } on a sent message.
       *[other] { $requirement } is not checkable here: see verify --profile { $profile } on a sent message.
    }
report-source-unlisted = { $ip } ({ $ptr }) sent { $messages } messages as { $from } that failed DMARC: SPF gave { $result } for { $domain }, and no DKIM signature of { $from } passed. { $ptr } is a name in { $org } that resolves back to { $ip }, so this is a server of yours that SPF does not list.
    .fix = Add { $suggest } to the SPF record of { $domain } (before its all term), and { $dkim ->
        [fail] correct this server's DKIM signing: its signatures of { $from } fail (check that the key its selector names is published)
       *[none] sign its mail with DKIM for { $from } ("domainauth dkim keygen --domain { $from } --selector <name>", publish the TXT record it prints and configure the server)
    }. If you do not recognise { $ptr }, do not add { $ip }: remove the DNS record that points { $ptr } at it instead.
report-source-service = { $ip }{ $rdns ->
        [none] {""}
        [unconfirmed] { " " }(reverse DNS { $ptr }, which does not resolve back to it)
       *[confirmed] { " " }({ $ptr })
    } sent { $messages } messages as { $from } that passed for { $services } but do not align with { $from }. First check whether you use a service that sends with { $services }: if you do not, this is someone else's mail sent as { $from } — do not follow the fixes below, change nothing. If you do, it sends in your name without an author signature or custom envelope From, and the fixes below make it align.
report-source-forwarded = { $evidence ->
        [reason] Receivers did not apply the DMARC policy to mail from { $ip }{ $rdns ->
            [none] {""}
            [unconfirmed] { " " }(reverse DNS { $ptr }, which does not resolve back to it)
           *[confirmed] { " " }({ $ptr })
        } as { $from } and recorded why: "{ $reasons }". It forwards mail or runs a mailing list; { $messages } messages failed DMARC on the way, as forwarded mail does.
       *[signature] { $ip }{ $rdns ->
            [none] {""}
            [unconfirmed] { " " }(reverse DNS { $ptr }, which does not resolve back to it)
           *[confirmed] { " " }({ $ptr })
        } relayed { $messages } messages as { $from } that failed DMARC: SPF failed for { $domain } because a server outside { $org } sent them on, and the DKIM signatures of { $from } they carry failed because the messages were changed on the way (a Subject tag, a footer). These are the signs of forwarding or a mailing list.
    }
    .fix = Do not add { $ip } to the SPF record of { $domain }: a forwarder is not your server, and the record needs no change for this. Receivers that trust the forwarder's ARC seals (RFC 8617) can still accept this mail; if you run this list or forwarder, add ARC seals and do not change messages (or rewrite From to the list's own address). If no list or forwarder you know handled this mail, treat it as forged and change nothing.
report-source-spoofed = { $ip } sent { $messages } messages as { $from } that failed DMARC: SPF gave { $result } for { $domain }, no DKIM signature passed, and { $rdns ->
        [none] it has no reverse DNS name
       *[other] its reverse DNS name { $ptr } is outside { $org }
    }. Nothing links it to { $from }: someone else sends mail as your domain (spoofing).
    .fix = Do not add { $ip } to the SPF record of { $domain }, and do not weaken the DMARC policy for this mail. (If it is a server of yours after all, give it a reverse DNS name in { $org } that resolves back to it, list it in SPF and sign its mail with DKIM.)
report-source-unknown = { $ip }{ $rdns ->
        [none] {""}
        [unconfirmed] { " " }(reverse DNS { $ptr }, which does not resolve back to it)
       *[confirmed] { " " }({ $ptr })
    } sent { $messages } messages as { $from } that failed DMARC (SPF { $result } for { $domain }, no DKIM signature of { $from } passed), and the reports do not show whose server it is.
    .fix = { $result ->
        [permerror] The SPF record of { $domain } is broken (permerror), so no server passes it: check it with "domainauth check { $domain }" first. Then, if { $ip } is your server, list it there and sign its mail with DKIM for { $from }; otherwise change nothing for it.
       *[other] If { $ip } is your server or your delivery service, add { $suggest } to the SPF record of { $domain } and sign its mail with DKIM for { $from }. If a list or forwarder you use relays your mail through it, nothing needs to change. Otherwise someone else sends as { $from }: do not add it, and change nothing.
    }
report-policy-tighten = The DMARC policy of { $domain } is p={ $policy }: receivers { $policy ->
        [quarantine] file mail that fails DMARC as spam instead of refusing it
       *[none] deliver mail that fails DMARC as usual
    }, including the mail others send as { $domain }.
    .fix = Once every legitimate source in these reports passes DMARC, tighten the policy step by step: { $policy ->
        [quarantine] move to p=reject.
       *[none] move to p=quarantine, then to p=reject.
    }
report-policy-enforced = The DMARC policy of { $domain } is p=reject: receivers that apply DMARC already refuse this mail; nothing needs to change.

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
ui-tree-lookup = 1 lookup
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
ui-method = Method
ui-auth = Auth
ui-aligned = Aligned with From
ui-yes = yes
ui-no = no
ui-dmarc-policy = p={ $policy } ({ $domain }) → { $disposition }
ui-dmarc-override = { $detail }; local policy: { $disposition } ({ $reason })
ui-dmarc-no-policy = no policy applies
ui-dmarc-author = · author
ui-dmarc-from-problems = · From field
ui-dmarc-local-policy = local policy → { $disposition }
ui-more-addresses = … and { $count } more
ui-envelope-given = Envelope: client IP { $ip }, HELO { $helo }, MAIL FROM { $mailfrom }
ui-envelope-inferred = Envelope (read from { $source }): client IP { $ip }, HELO { $helo }, MAIL FROM { $mailfrom }
ui-envelope-missing = Envelope: unknown (no --ip, and the message does not record all of it): SPF not evaluated
ui-error-resolver-unreachable = { $source ->
        [system] the system resolver ({ $servers })
       *[given] the DNS server { $servers }
    } { $cause ->
        [refused] refused every query: nothing listens at that address and port
        [silent] did not answer any query within { $seconds } s
       *[network] cannot be reached ({ $reason })
    }. No DNS lookup could be made, so nothing was checked: give a working server with --resolver IP:PORT { $source ->
        [system] (or correct /etc/resolv.conf)
       *[given] (or leave it out to use the system resolver)
    }, or check offline with --zone FILE.
ui-verdict-title = Authentication verdict — { $message } (DNS: { $dns })
ui-header-from = Header From: { $from }
ui-profile = Profile { $profile }: { $failed } of { $checks } checks fail
ui-authres-add = Authentication-Results to add:
ui-org-domain = Organizational domain
ui-dmarc-record = DMARC record
ui-check-title = What { $domain } publishes (DNS: { $dns })
ui-dns-zone = zone files { $files }
ui-dns-server = DNS server { $server }
ui-dns-system = system resolver
ui-spf-check-title = SPF { $result } — { $ip } { $sender } (Identity { $identity }, DNS: { $dns })
ui-term-of = { $term } ({ $domain })
ui-spf-record-title = SPF { $domain } (DNS: { $dns })
ui-tree-problem = ({ $problem })
ui-tree-repeated = (shown above; its lookups count again here)
ui-dmarc-check-title = DMARC — { $domain } (DNS: { $dns })
ui-dmarc-lint-title = DMARC — { $record }
ui-org-tree-walk = { $domain } (tree walk)
ui-org-psl = { $domain } (PSL)
ui-stdin = standard input
ui-arc-verify-title = ARC — { $message } (DNS: { $dns })
ui-arc-none = No ARC set: no forwarder or list sealed this message on the way.
ui-dkim-verify-title = DKIM — { $message } (DNS: { $dns })
ui-key = key
ui-record-count = { $count } records
ui-check-dkim-key = { $name } ({ $type } { $bits })
ui-check-dkim-parent-key = the organizational domain's { $name } ({ $type } { $bits })
ui-profile-checklist = Profile { $profile }: { $missing ->
        [0] every requirement DNS can show is met
       *[other] { $missing } of { $checked } requirements DNS can show are not met
    }
ui-checklist-not-checked = { " " }(not checked)
ui-checklist-not-checkable = { " " }(not checkable here)
ui-requirement-from-present = A non-empty From field
ui-requirement-dmarc-pass = DMARC passes (a DMARC record for the From domain)
ui-requirement-dmarc-record = A DMARC record, p=none at least
ui-requirement-dkim = DKIM for the From domain
ui-requirement-spf = SPF for the domain, covering the sending IPs
ui-requirement-header-from-spf = SPF of the header From domain covers the sending IPs
ui-requirement-from-address = An A or MX record for the From domain
ui-requirement-alignment = SPF or DKIM can align with From
ui-requirement-reverse-dns = Forward-confirmed reverse DNS of the sending IPs
ui-requirement-tls = TLS for sending
ui-requirement-one-click-unsubscribe = One-click unsubscribe (bulk mail)
ui-requirement-spam-rate = Spam rate under 0.3%
ui-requirement-message-id = A Message-ID field
ui-records-title = Records to publish (zone-file lines)
ui-records-none = No record to publish for what was checked.
ui-record-dmarc = DMARC for { $domain }: a starting record. Aggregate reports go to dmarc-reports@{ $domain }: create that mailbox or change rua=. Once the reports show every sender passing, tighten p= to quarantine, then reject.
ui-record-dmarc-fix = DMARC for { $domain }: the published record "{ $old }" is not read as a DMARC record (it must start with v=DMARC1 written so, with ";" between tags); this is the same policy written so that it is. Publish it instead of the old one.
ui-record-spf-add = SPF for { $domain }: a new record listing { $ips }; add every other server or service that sends for { $domain } before -all.
ui-record-spf-merge = SPF for { $domain }: replaces the record "{ $old }" with the same terms and { $ips } added in front. Publish it instead of the old one: a domain must have one SPF record only.
ui-record-spf-flat = SPF for { $domain }, flattened: the addresses { $includes } publish today stand in place of those includes, so the record needs { $after } DNS lookups instead of { $before } (the limit is 10, RFC 7208 §4.6.4). Replaces "{ $old }".
ui-record-spf-flat-caveat = Caveat: the providers change their addresses without notice. A flattened record must be refreshed (check again and republish) whenever they do, or mail from their new addresses fails SPF; asking a provider for a smaller include is the lasting fix.
ui-record-spf-flat-long = This record is over 450 octets: some receivers' DNS answers may not fit in UDP (RFC 7208 §3.4).
ui-record-dkim-keygen = DKIM for { $domain }: no usable key is known, and none is made up here. Run "domainauth dkim keygen --domain { $domain } --selector { $selector }", publish the TXT record it prints at { $selector }._domainkey.{ $domain }, and sign with the private key it writes.
ui-check-unknown = unknown (the lookup failed)
ui-check-invalid = { $record } (cannot be used)
ui-check-several = { $count } records (cannot be used)
ui-check-policy-not-fetched = policy file not fetched: offline
ui-check-policy-fetch-failed = policy file could not be fetched
ui-check-policy-invalid = policy file cannot be used
ui-check-policy = policy: mode { $mode }
ui-check-dnssec = { $state ->
        [signed] signed
        [unsigned] not signed
       *[unknown] unknown
    }
ui-check-partial = Partial report: some DNS lookups timed out or failed; the findings name them.
ui-check-many-title = { $count ->
        [1] 1 domain
       *[other] { $count } domains
    } (DNS: { $dns })
ui-check-many-domain = Domain
ui-check-many-spf = SPF lookups
ui-check-many-dmarc = DMARC policy
ui-check-many-dkim = DKIM keys
ui-check-many-worst = Worst finding
ui-check-many-profiles = Profiles: requirements not met
ui-check-many-counts = Errors / warnings
ui-check-many-line = line { $line }
ui-usage = Usage: { $usage }
ui-usage-options = [OPTIONS]
ui-usage-command = <COMMAND>
ui-usage-help = For more information, try '--help'.

## Errors that stop a command (exit 2: the arguments; exit 3: the check could not run)
ui-error-runtime = cannot start the async runtime: { $error }
ui-error-invalid-domain = { $option ->
        [DOMAIN] domain
       *[other] { $option }
    } "{ $value }" is not a usable domain name: { $error }
ui-error-invalid-domain-in-list = domain "{ $value }" is not a usable domain name: { $error }
ui-error-invalid-ip = { $option } "{ $value }" is not an IPv4 or IPv6 address
ui-error-invalid-selector = --selector "{ $value }" is not a valid DNS label
ui-error-not-dmarc-record = "{ $record }" is not a DMARC record: it must start with v=DMARC1 followed by ';'
ui-error-read-file = cannot read { $path }: { $error }
ui-error-read-stdin = cannot read standard input: { $error }
ui-error-file-too-large = { $path } is larger than { $limit_mib } MiB, the most read for { $what ->
        [message] a message
        [psl] a Public Suffix List
        [domains] a list of domains
       *[key] a private key
    }
ui-error-stdin-too-large = standard input holds more than { $limit_mib } MiB, the most read for { $what ->
        [message] a message
        [psl] a Public Suffix List
        [domains] a list of domains
       *[key] a private key
    }
ui-error-not-a-file = cannot read { $path }: devices, sockets and the files of /proc and /sys are not read (their reads may never end)
ui-error-not-a-message = { $path }: not a message: { $error }
ui-error-stdin-not-a-message = standard input: not a message: { $error }
ui-error-read-key = cannot read key { $path }: { $error }
ui-error-key-readable = key { $path } can be read by other users (mode { $mode }); run chmod 600 on it, or pass --allow-readable-key
ui-error-key-invalid = key { $path }: { $error }
ui-error-expire-after-zero = --expire-after 0 would make the expiration (x=) equal to the signing time (t=); RFC 6376 section 3.5 requires x= to be later: give 1 second or more
ui-error-seal-failed = cannot seal the message: { $error }
ui-error-arc-no-results = no results to record: give --results "spf=pass smtp.mailfrom=…; dkim=…", or seal a message whose Authentication-Results field has the authserv-id { $authserv }
ui-error-sign-failed = cannot sign the message: { $error }
ui-error-json-output = cannot write the JSON document: { $error }
ui-error-write-stdout = cannot write to standard output: { $error }
ui-error-keygen-failed = cannot generate the key: { $error }
ui-error-key-exists = { $path } exists; pass --force to replace it
ui-error-too-many-ips = --ip is given { $count } times: at most { $limit } sending IP addresses are checked for one domain
ui-error-records-one-domain = --records prints the records of one domain: give one domain, or use --json to have each domain's records
ui-error-too-many-domains = { $count } domains to check: at most { $limit } are checked in one run; split the list
ui-error-no-domains = no domain to check: the list given with --domains is empty (only blank lines and comments)
ui-error-write-file = cannot write { $path }: { $error }
ui-error-write-symlink = { $path } is a symbolic link: not written, so that the file it points to is not overwritten (remove the link or choose another place)
ui-error-psl-invalid = { $path }: { $error }
ui-error-milter-config = the milter configuration { $path } is invalid at line { $line }, column { $column }: { $error }
ui-error-milter-config-other = the milter configuration { $path } is invalid: { $error }
ui-error-milter-socket-mode = the milter configuration { $path }: socket_mode { $mode } cannot be used: write the mode in octal with 0o, as 0o660 (the owner and its group); other users may not be given access, or any of them could have mail signed
ui-error-milter-limit-zero = the milter configuration { $path }: limits.{ $name } = 0 cannot be used: give at least 1
ui-error-milter-dns-both = the milter configuration { $path }: [dns] gives both server and zones; the zones answer instead of DNS, so the server would never be asked: keep one
ui-error-milter-serve = the milter cannot run: { $error }
ui-error-milter-key-readable = key { $path } has mode { $mode }: other users can read it, or its group can change it; the milter signs only with keys that their owner alone can change and their owner (and group) alone can read: run chmod 600 { $path } (or chmod 640 for a group the milter's user is in)
ui-milter-key-matches = { $name }: published, and the same key
ui-milter-key-differs = { $name }: another key is published there; signatures made with this key will fail (dkim=fail): publish this key's record there instead, "{ $record }", or configure the key that matches
ui-milter-key-missing = { $name }: no key record; signatures made with this key give dkim=permerror until this record is published there: "{ $record }"
ui-milter-key-missing-why = { $name }: no usable key record ({ $reason }); signatures made with this key give dkim=permerror until this record is published there: "{ $record }"
ui-milter-key-lookup-failed = { $name }: DNS did not answer; the key could not be checked
ui-milter-key-lookup-failed-why = { $name }: DNS did not answer ({ $reason }); the key could not be checked
ui-milter-config-valid = { $path }: valid; listens on { $listen }; { $keys ->
        [0] no signing keys
        [1] one signing key
       *[other] { $keys } signing keys
    }
ui-error-milter-config-missing = the milter needs --config FILE (or a subcommand such as import-opendkim)
ui-error-milter-import-too-large = { $path } is larger than 4 MiB: not a configuration file
ui-error-milter-import-include-depth = { $path }: Include files nest deeper than 8
ui-error-milter-import-no-value = { $path }, line { $line }: { $setting } has no value
ui-error-milter-import-boolean = { $path }, line { $line }: "{ $value }" is not a boolean (yes, no, true, false, 1, 0)
ui-error-milter-import-socket = { $path }, line { $line }: "{ $value }" is not a socket (inet:PORT@HOST, inet6:PORT@HOST or local:/PATH)
ui-error-milter-import-key-table = { $path }, line { $line }: "{ $entry }" is not a KeyTable entry (NAME DOMAIN:SELECTOR:KEYPATH)
ui-error-milter-import-signing-table = { $path }, line { $line }: "{ $entry }" is not a SigningTable entry (ADDRESS-OR-PATTERN KEYNAME)
ui-error-milter-import-action = { $path }, line { $line }: "{ $value }" is not an action (accept, discard, quarantine, reject, tempfail)
ui-error-milter-import-line = { $path }, line { $line }: { $error }
ui-error-milter-import-authserv-id = the imported AuthservID "{ $value }" is not a host name such as mx.example.net; correct it in the file and import again
ui-milter-import-written = { $path }: written; { $notes } settings not carried over as they were are listed at its top
ui-milter-import-unknown = not a setting { $program } knows; left out
ui-milter-import-unsupported = { $value }: no equivalent here; not carried over
ui-milter-import-service = running the process is the service manager's job here (docs/milter.md has a systemd unit); not carried over
ui-milter-import-builtin = this milter always does this; nothing to carry over
ui-milter-import-log-only = it only quietened a log message; nothing to carry over
ui-milter-import-canonicalization = { $value }: this milter always signs with relaxed/relaxed (c=)
ui-milter-import-signature-algorithm = { $value }: the algorithm follows each key (RSA: rsa-sha256, Ed25519: ed25519-sha256)
ui-milter-import-host-name = { $host } is a host name; internal_hosts takes only addresses and networks: add its addresses
ui-milter-import-negation = { $entry }: exceptions cannot be written here; left out, so a wider network listed still includes it
ui-milter-import-dataset-type = data sets of type { $kind } cannot be read; export the table to a file and import again
ui-milter-import-percent-domain = { $name }: "%" (the From domain) cannot be written here; add one [[signing.keys]] entry per domain
ui-milter-import-inline-key = key { $name } is written in the table itself; save it to a file only its owner can read and add a [[signing.keys]] entry
ui-milter-import-unused-key = key { $name } is in the KeyTable but no SigningTable entry uses it; left out
ui-milter-import-missing-key = the SigningTable names key { $name }, which the KeyTable does not have; entry left out
ui-milter-import-identity = signer identity { $identity } (i=) is not carried over; signatures have no i=
ui-milter-import-mode-sign-only = OpenDKIM only signed; this milter also verifies mail that is not from internal hosts or authenticated senders
ui-milter-import-mode-verify-only = OpenDKIM did not sign; no keys carried over
ui-milter-import-verdict = { $value }: one DKIM result does not decide a message's fate here; the DMARC policy does ([policy])
ui-milter-import-error-action = { $value }: on errors this milter accepts or defers (errors.on_failure); accept kept
ui-milter-import-dns-error-default = not set: OpenDKIM deferred mail on DNS errors; here it is accepted (errors.on_failure = "tempfail" for the old behaviour)
ui-milter-import-oversign-default = not set: OpenDKIM oversigned nothing; here From is oversigned (RFC 6376 §8.15)
ui-milter-import-relative-path = relative path read as { $path }
ui-milter-import-authserv-default = not set: { $value } (this host's name) used
ui-milter-import-conflict = { $value } differs from the other file's; { $kept } kept
ui-milter-import-ignore-hosts = these hosts are internal hosts here: their mail is not verified, and signed when a key matches
ui-milter-import-ignore-mail-from = these From domains are still verified and recorded; only their DMARC policy is not applied (policy.allow)
ui-milter-import-history = not carried over: this milter records each verdict in the report store that `domainauth reports` reads ([history] db = a SQLite file or a postgres:// URL)
ui-milter-import-no-dmarc-policy = no OpenDMARC configuration read: OpenDKIM applied no DMARC policy, so failures are only recorded here ([policy] reject and quarantine = "none"); set them to "reject" and "quarantine" to apply senders' policies, or import opendmarc.conf too (--opendmarc)
ui-error-zone-file = { $error }
ui-error-resolver-setup = { $error }
ui-error-dns-failure = DNS failure: { $error }
ui-error-dmarc-dns-failure = DNS failure reading the DMARC record: { $error }
ui-error-usage-invalid-value = invalid value "{ $value }" for { $argument } (possible values: { $valid })
ui-error-usage-missing-value = { $argument } needs a value
ui-error-usage-bad-value = invalid value "{ $value }" for { $argument }
ui-error-usage-unknown-argument = unexpected argument "{ $argument }"
ui-error-usage-invalid-subcommand = unrecognized subcommand "{ $subcommand }"
ui-did-you-mean = ; did you mean "{ $suggested }"?
ui-error-usage-no-equals = { $argument } needs its value after '=' ({ $argument }=VALUE)
ui-error-usage-value-validation = invalid value "{ $value }" for { $argument }: { $hint ->
        [lang] use en or ja
        [resolver] give IP:PORT, for example 127.0.0.1:5353
        [profile] use one of { $profiles }
        [canonicalization] give header/body canonicalization, for example relaxed/relaxed
        [mode] use rfc9989 or rfc7489
        [number] give a whole number of 0 or more
        [seconds] give a number of seconds from 1 to 300
        [concurrency] give a number from 1 to 256
        [socket] write inet:HOST:PORT (or inet:PORT@HOST) or unix:/PATH, as Postfix's smtpd_milters does (e.g. inet:127.0.0.1:8891)
       *[other] give a valid value
    }
ui-error-usage-number-of-values = wrong number of values for { $argument }
ui-error-usage-argument-conflict = { $argument } cannot be used with { $prior }
ui-error-usage-missing-argument = required arguments were not provided: { $arguments }
ui-error-usage-missing-subcommand = a subcommand is required (see --help for the list)
ui-error-usage-invalid-utf8 = an argument is not valid UTF-8
ui-error-usage-other = the arguments cannot be read

## The ARC command line (arc seal, verify --trusted-sealer)
ui-error-arc-domain-ip = { $option } "{ $value }" is an IP address: give a domain name
ui-error-arc-domain-chars = { $option } "{ $value }" is not a domain name: use letters, digits, "-" and "_" in dot-separated labels (no wildcard, no space)
ui-error-arc-domain-dot = { $option } "{ $value }" ends with a dot: d= is written without it
ui-error-arc-results-unreadable = --results "{ $value }" cannot be read: { $error }
ui-error-arc-own-results-unreadable = the Authentication-Results field of { $authserv } cannot be read: { $error }; give --results instead
ui-error-arc-chain-failed = the newest ARC-Seal of the message already says cv=fail: a broken chain is not extended (no later seal can make it pass). If you received it before it broke, give --cv with the status it had
ui-error-arc-instance-limit = cannot seal the message: { $error }
ui-error-key-not-a-file = cannot read key { $path }: not a regular file (a named pipe or device could block the read or never end it)
ui-arc-seal-cv-fail = warning: the seal written says cv=fail: { $why }
ui-arc-seal-cv-fail-given = warning: the seal written says cv=fail, as --cv fail gives
