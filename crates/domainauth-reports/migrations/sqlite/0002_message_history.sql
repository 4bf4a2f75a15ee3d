-- Messages this host evaluated (the milter's per-message history): one
-- row per message, with what a DMARC aggregate report's <record> holds
-- (RFC 9990 §3.1.3–§3.1.5) and the <policy_published> that applied, so
-- that reports can be generated from it. auth_dkim, auth_spf and reasons
-- are JSON arrays of the model's DkimAuth, SpfAuth and OverrideReason.
CREATE TABLE message_history (
    id INTEGER PRIMARY KEY,
    received_at BIGINT NOT NULL,
    reporter TEXT NOT NULL,
    queue_id TEXT,
    action TEXT NOT NULL,
    source_ip TEXT NOT NULL,
    header_from TEXT NOT NULL,
    envelope_from TEXT,
    envelope_to TEXT,
    disposition TEXT NOT NULL,
    dkim TEXT,
    spf TEXT,
    reasons TEXT NOT NULL,
    policy_domain TEXT,
    policy_adkim TEXT,
    policy_aspf TEXT,
    policy_p TEXT,
    policy_sp TEXT,
    policy_np TEXT,
    policy_testing BOOLEAN,
    policy_discovery_method TEXT,
    auth_dkim TEXT NOT NULL,
    auth_spf TEXT NOT NULL
);
CREATE INDEX message_history_received_at ON message_history (received_at);
CREATE INDEX message_history_header_from ON message_history (header_from);
