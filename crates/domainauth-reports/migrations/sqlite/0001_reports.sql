-- The report store, SQLite dialect (migrations/postgres holds the same
-- schema for PostgreSQL). Integers are BIGINT, lists of short strings are
-- JSON arrays in TEXT, IP addresses are TEXT in their canonical form.

-- DMARC aggregate reports (RFC 9990 §3; RFC 7489 Appendix C): one row per
-- report, unique by reporting organisation, report id and date range.
-- report_key is the SHA-256 of those four (see store::codec::report_key):
-- a fixed-size key, because a B-tree index entry is limited in size and
-- the values come from the report.
CREATE TABLE aggregate_reports (
    id INTEGER PRIMARY KEY,
    report_key TEXT NOT NULL UNIQUE,
    org_name TEXT NOT NULL,
    report_id TEXT NOT NULL,
    date_begin BIGINT NOT NULL,
    date_end BIGINT NOT NULL,
    email TEXT NOT NULL,
    extra_contact_info TEXT,
    errors TEXT NOT NULL,
    generator TEXT,
    report_schema TEXT NOT NULL,
    version TEXT,
    policy_domain TEXT NOT NULL,
    policy_adkim TEXT,
    policy_aspf TEXT,
    policy_p TEXT,
    policy_sp TEXT,
    policy_np TEXT,
    policy_pct BIGINT,
    policy_fo TEXT,
    policy_testing BOOLEAN,
    policy_discovery_method TEXT,
    notes TEXT NOT NULL,
    record_count BIGINT NOT NULL,
    message_count BIGINT NOT NULL,
    origin TEXT NOT NULL,
    ingested_at BIGINT NOT NULL
);
CREATE INDEX aggregate_reports_date_begin ON aggregate_reports (date_begin);
CREATE INDEX aggregate_reports_report_id ON aggregate_reports (report_id);
CREATE INDEX aggregate_reports_policy_domain ON aggregate_reports (policy_domain);

-- <record>: idx is its position in the report.
CREATE TABLE aggregate_records (
    aggregate_id BIGINT NOT NULL REFERENCES aggregate_reports (id) ON DELETE CASCADE,
    idx BIGINT NOT NULL,
    source_ip TEXT NOT NULL,
    message_count BIGINT NOT NULL,
    disposition TEXT NOT NULL,
    dkim TEXT,
    spf TEXT,
    header_from TEXT NOT NULL,
    envelope_from TEXT,
    envelope_to TEXT,
    PRIMARY KEY (aggregate_id, idx)
) WITHOUT ROWID;
CREATE INDEX aggregate_records_header_from ON aggregate_records (header_from);
-- No index on source_ip: no query selects records by address, and an index
-- of addresses in random order costs a third of an ingest's time.

-- <auth_results><dkim>.
CREATE TABLE aggregate_dkim (
    aggregate_id BIGINT NOT NULL,
    record_idx BIGINT NOT NULL,
    idx BIGINT NOT NULL,
    domain TEXT NOT NULL,
    selector TEXT,
    result TEXT NOT NULL,
    human_result TEXT,
    PRIMARY KEY (aggregate_id, record_idx, idx),
    FOREIGN KEY (aggregate_id, record_idx)
        REFERENCES aggregate_records (aggregate_id, idx) ON DELETE CASCADE
) WITHOUT ROWID;

-- <auth_results><spf>.
CREATE TABLE aggregate_spf (
    aggregate_id BIGINT NOT NULL,
    record_idx BIGINT NOT NULL,
    idx BIGINT NOT NULL,
    domain TEXT NOT NULL,
    scope TEXT,
    result TEXT NOT NULL,
    human_result TEXT,
    PRIMARY KEY (aggregate_id, record_idx, idx),
    FOREIGN KEY (aggregate_id, record_idx)
        REFERENCES aggregate_records (aggregate_id, idx) ON DELETE CASCADE
) WITHOUT ROWID;

-- <policy_evaluated><reason>: kind is the type's name, or 'other' with the
-- value as sent in other_value.
CREATE TABLE aggregate_reasons (
    aggregate_id BIGINT NOT NULL,
    record_idx BIGINT NOT NULL,
    idx BIGINT NOT NULL,
    kind TEXT NOT NULL,
    other_value TEXT,
    comment TEXT,
    PRIMARY KEY (aggregate_id, record_idx, idx),
    FOREIGN KEY (aggregate_id, record_idx)
        REFERENCES aggregate_records (aggregate_id, idx) ON DELETE CASCADE
) WITHOUT ROWID;

-- DMARC failure reports (RFC 9991; ARF, RFC 5965 and RFC 6591), unique by
-- the SHA-256 of their content.
CREATE TABLE failure_reports (
    id INTEGER PRIMARY KEY,
    content_sha256 TEXT NOT NULL UNIQUE,
    feedback_type TEXT,
    user_agent TEXT,
    version TEXT,
    arrival_date TEXT,
    arrival_time BIGINT,
    source_ip TEXT,
    original_mail_from TEXT,
    dkim_domain TEXT,
    dkim_selector TEXT,
    dkim_identity TEXT,
    delivery_result TEXT,
    identity_alignment TEXT,
    reporting_mta TEXT,
    incidents BIGINT,
    reporter TEXT,
    description TEXT,
    plain_text BOOLEAN NOT NULL,
    notes TEXT NOT NULL,
    origin TEXT NOT NULL,
    ingested_at BIGINT NOT NULL
);
CREATE INDEX failure_reports_arrival_time ON failure_reports (arrival_time);

-- The fields of a failure report that may repeat: field is
-- 'reported_domain', 'original_rcpt_to', 'authentication_results' or
-- 'auth_failure'.
CREATE TABLE failure_values (
    failure_id BIGINT NOT NULL REFERENCES failure_reports (id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    idx BIGINT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (failure_id, field, idx)
) WITHOUT ROWID;

-- The original message's header fields a failure report carried.
CREATE TABLE failure_headers (
    failure_id BIGINT NOT NULL REFERENCES failure_reports (id) ON DELETE CASCADE,
    idx BIGINT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (failure_id, idx)
) WITHOUT ROWID;

-- SMTP TLS reports (RFC 8460 §4), unique by organisation, report id and
-- date range as sent (report_key: their SHA-256, as for aggregate reports).
CREATE TABLE tls_reports (
    id INTEGER PRIMARY KEY,
    report_key TEXT NOT NULL UNIQUE,
    organization_name TEXT NOT NULL,
    report_id TEXT NOT NULL,
    date_start TEXT NOT NULL,
    date_end TEXT NOT NULL,
    start_time BIGINT,
    end_time BIGINT,
    contact_info TEXT,
    notes TEXT NOT NULL,
    origin TEXT NOT NULL,
    ingested_at BIGINT NOT NULL
);
CREATE INDEX tls_reports_start_time ON tls_reports (start_time);

-- policies[].
CREATE TABLE tls_policies (
    tls_id BIGINT NOT NULL REFERENCES tls_reports (id) ON DELETE CASCADE,
    idx BIGINT NOT NULL,
    policy_type TEXT NOT NULL,
    policy_strings TEXT NOT NULL,
    policy_domain TEXT NOT NULL,
    mx_hosts TEXT NOT NULL,
    successful_sessions BIGINT NOT NULL,
    failed_sessions BIGINT NOT NULL,
    PRIMARY KEY (tls_id, idx)
) WITHOUT ROWID;
CREATE INDEX tls_policies_policy_domain ON tls_policies (policy_domain);

-- policies[].failure-details[].
CREATE TABLE tls_failures (
    tls_id BIGINT NOT NULL,
    policy_idx BIGINT NOT NULL,
    idx BIGINT NOT NULL,
    result_type TEXT NOT NULL,
    sending_mta_ip TEXT,
    receiving_mx_hostname TEXT,
    receiving_mx_helo TEXT,
    receiving_ip TEXT,
    failed_session_count BIGINT NOT NULL,
    additional_information TEXT,
    failure_reason_code TEXT,
    PRIMARY KEY (tls_id, policy_idx, idx),
    FOREIGN KEY (tls_id, policy_idx)
        REFERENCES tls_policies (tls_id, idx) ON DELETE CASCADE
) WITHOUT ROWID;

-- What enrichment learned about a source IP: reverse DNS (PTR name and
-- whether it resolves back to the IP) and, from an MMDB file, country and
-- autonomous system.
CREATE TABLE sources (
    ip TEXT PRIMARY KEY,
    ptr_name TEXT,
    forward_confirmed BOOLEAN NOT NULL,
    looked_up_at BIGINT NOT NULL,
    country TEXT,
    asn BIGINT,
    as_org TEXT
) WITHOUT ROWID;
