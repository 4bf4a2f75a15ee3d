# The report commands (domainauth reports …). Each part of the reports crate
# keeps its messages in its own section below.

## Parsers: aggregate (XML), failure (ARF) and TLS (JSON) reports

# Aggregate reports (XML)
reports-xml-too-large = the report is { $size } bytes, more than the limit of { $max } bytes
reports-xml-not-xml = not an XML document: no element starts it (byte { $offset })
reports-aggregate-not-feedback = not a DMARC aggregate report: the root element is <{ $root }>, not <feedback>
reports-xml-doctype = a DOCTYPE declaration at byte { $offset }: DTDs and entity declarations are never processed
reports-xml-unknown-entity = unknown entity reference &{ $name }; in { $path } at byte { $offset }: entities are never expanded
reports-xml-bad-char-ref = invalid character reference &{ $name }; in { $path } at byte { $offset }
reports-xml-too-deep = elements nested deeper than { $max } levels in { $path } at byte { $offset }
reports-xml-text-too-long = text longer than { $max } bytes in { $path } at byte { $offset }
reports-xml-attribute-too-long = attribute value longer than { $max } bytes in { $path } at byte { $offset }
reports-aggregate-too-many-records = more than { $max } records: the record starting at byte { $offset } is one too many
reports-xml-truncated = the document ends at byte { $offset } before { $path } is closed: truncated
reports-xml-mismatched-end = end tag </{ $found }> in { $path } at byte { $offset } does not close <{ $expected }>
reports-xml-unmatched-end = end tag </{ $found }> at byte { $offset } closes no open element
reports-xml-malformed = malformed XML in { $path } at byte { $offset }
reports-aggregate-missing = required element <{ $element }> missing or empty in { $path } (ending at byte { $offset })
reports-aggregate-bad-source-ip = invalid source IP address "{ $value }" in { $path } at byte { $offset }
reports-aggregate-bad-count = invalid message count "{ $value }" in { $path } at byte { $offset }
reports-aggregate-bad-value = invalid value "{ $value }" in { $path } at byte { $offset }
reports-aggregate-no-records = the report has no <record>: an aggregate report carries at least one

# Failure reports (ARF mail)
reports-failure-too-large = the mail is { $size } bytes, more than the limit of { $max } bytes
reports-failure-not-mail = not a mail message: no header fields
reports-failure-too-many-parts = the mail has { $parts } MIME parts, more than the limit of { $max }
reports-failure-too-deep = MIME parts nested deeper than { $max } levels
reports-failure-not-report = not a DMARC failure report: no message/feedback-report part and no report fields in the text
reports-failure-wrong-type = an ARF report of feedback type "{ $feedback_type }", not auth-failure

# SMTP TLS reports (JSON)
reports-tls-too-large = the report is { $size } bytes, more than the limit of { $max } bytes
reports-tls-not-json = not a JSON document: syntax error at line { $line }, column { $column }
reports-tls-truncated = the JSON document ends at line { $line }, column { $column } before it is complete: truncated
reports-tls-not-object = not an SMTP TLS report: the JSON document is not an object
reports-tls-missing = required field { $path } missing
reports-tls-bad-type = { $path } has the wrong type
reports-tls-bad-number = { $path } is "{ $value }", not a non-negative integer
reports-tls-text-too-long = text longer than { $max } bytes at { $path }
reports-tls-too-many = more than { $max } entries at { $path }


## Containers and sources: gzip, zip, MIME mail, folders, Maildir, mbox


## IMAP


## Store: SQLite and PostgreSQL
reports-store-unsupported-target = { $target } is neither a SQLite file nor a PostgreSQL URL (postgres://…)
reports-store-create-dir = cannot create the folder { $path } for the store: { $reason }
reports-store-open = cannot open the store { $target }: { $reason }
reports-store-migrate = cannot bring the schema of the store { $target } up to date: { $reason }
reports-store-database = the store's database failed: { $reason }
reports-store-too-large = { $field } is { $value }, more than the store can hold (at most { $max })
reports-store-corrupt = the store holds a value it cannot read: { $table }.{ $column } = { $value }


## Ingest: counts and progress

reports-geo-open = { $path }: not a usable MaxMind database: { $error }


## Summary: causes and fixes of failing sources
reports-summary-cause-authenticated = authenticated
reports-summary-cause-unlisted-own-server = a server of yours missing from SPF
reports-summary-cause-third-party-service = a sending service, not aligned
reports-summary-cause-forwarding = forwarding or a mailing list
reports-summary-cause-spoofing = spoofing
reports-summary-cause-unknown = unknown source


## Commands: labels, titles and errors of domainauth reports

reports-ui-all-domains = all domains
reports-ui-summary-title = DMARC reports for { $domain }, { $span } (UTC): { $reports } reports from { $orgs } organisations, in { $store }
reports-ui-summary-empty = No aggregate report in the store matches. Ingest reports with: domainauth reports ingest PATH
reports-ui-messages = Messages
reports-ui-messages-value = { $messages } ({ $records } records, { $sources } sources)
reports-ui-dmarc-pass = DMARC pass
reports-ui-spf-auth = SPF pass (any domain)
reports-ui-spf-aligned = SPF pass, aligned
reports-ui-dkim-auth = DKIM pass (any domain)
reports-ui-dkim-aligned = DKIM pass, aligned
reports-ui-dispositions = Disposition
reports-ui-overrides = Overrides
reports-ui-groups-title = By { $by ->
        [source] source
        [org] organisation
        [day] day
       *[domain] domain
    }
reports-ui-by-source = Source
reports-ui-by-org = Organisation
reports-ui-by-day = Day
reports-ui-by-domain = Domain
reports-ui-col-messages = Messages
reports-ui-col-dmarc = DMARC pass
reports-ui-col-spf-aligned = SPF aligned
reports-ui-col-dkim-aligned = DKIM aligned
reports-ui-no-failing = Every message passed DMARC: no failing source.
reports-ui-failing-title = Sources whose mail failed DMARC ({ $shown } of { $total }, most failing messages first)
reports-ui-col-source = Source
reports-ui-col-rdns = Reverse DNS
reports-ui-col-from = From domain
reports-ui-col-failing = Failing / all
reports-ui-col-cause = Likely cause
reports-ui-source-heading = { $ip } sending as { $from }: { $cause }
reports-ui-rdns-unconfirmed = { $name } (not confirmed)
reports-ui-rdns-offline = Reverse DNS names are unknown (?): the reports were ingested with --offline. Run the summary with --lookup to look them up; the causes use them.

