//! The imported configuration as a commented TOML file.

use std::fmt::Write as _;

use super::{Import, Note};
use crate::config::{Action, OnFailure};

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list<T: ToString>(items: &[T]) -> String {
    let items: Vec<String> = items.iter().map(|i| quote(&i.to_string())).collect();
    format!("[{}]", items.join(", "))
}

fn action(a: Action) -> &'static str {
    match a {
        Action::Reject => "\"reject\"",
        Action::Quarantine => "\"quarantine\"",
        Action::Header => "\"header\"",
        Action::None => "\"none\"",
    }
}

/// A comment line; a note is one line whatever it holds.
fn comment(out: &mut String, text: &str) {
    let one: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let _ = writeln!(out, "# {one}");
}

pub(super) fn toml(import: &Import, note: &dyn Fn(&Note) -> String) -> String {
    let c = &import.config;
    let mut out = String::new();
    let sources: Vec<String> = import
        .sources
        .iter()
        .map(|s| s.display().to_string())
        .collect();
    comment(
        &mut out,
        &format!(
            "domainauth milter configuration, imported from {}",
            sources.join(", ")
        ),
    );
    if !import.notes.is_empty() {
        out.push_str("#\n");
        for n in &import.notes {
            comment(&mut out, &note(n));
        }
    }
    out.push('\n');
    comment(
        &mut out,
        "Where the MTA connects: inet:HOST:PORT or unix:/PATH.",
    );
    let _ = writeln!(out, "listen = {}", quote(&c.listen.to_string()));
    comment(
        &mut out,
        "The authserv-id of the Authentication-Results field (RFC 8601).",
    );
    let _ = writeln!(out, "authserv_id = {}", quote(&c.authserv_id));

    out.push_str("\n[policy]\n");
    comment(
        &mut out,
        "A DMARC failure under p=reject: \"reject\" (550 5.7.1), \"quarantine\" (held), \"header\" (X-Spam-Flag: YES) or \"none\" (only recorded).",
    );
    let _ = writeln!(out, "reject = {}", action(c.policy.reject));
    comment(&mut out, "A DMARC failure under p=quarantine.");
    let _ = writeln!(out, "quarantine = {}", action(c.policy.quarantine));
    comment(&mut out, "Author domains whose failures are only recorded.");
    let _ = writeln!(out, "allow = {}", list(&c.policy.allow));

    out.push_str("\n[errors]\n");
    comment(
        &mut out,
        "When DNS or the milter fails: \"accept\" or \"tempfail\" (451 4.7.0).",
    );
    let _ = writeln!(
        out,
        "on_failure = {}",
        match c.errors.on_failure {
            OnFailure::Accept => "\"accept\"",
            OnFailure::Tempfail => "\"tempfail\"",
        }
    );

    if let Some(server) = c.dns.server {
        out.push_str("\n[dns]\n");
        comment(
            &mut out,
            "The resolver to ask instead of /etc/resolv.conf's.",
        );
        let _ = writeln!(out, "server = {}", quote(&server.to_string()));
    }

    let s = &c.signing;
    out.push_str("\n[signing]\n");
    comment(
        &mut out,
        "Clients whose mail is signed (and not verified): addresses and networks.",
    );
    let _ = writeln!(out, "internal_hosts = {}", list(&s.internal_hosts));
    comment(
        &mut out,
        "Sign mail of senders who logged in with SMTP AUTH.",
    );
    let _ = writeln!(out, "authenticated = {}", s.authenticated);
    if !s.daemons.is_empty() {
        comment(
            &mut out,
            "Mail through these MTA services ({daemon_name}) is signed too.",
        );
        let _ = writeln!(out, "daemons = {}", list(&s.daemons));
    }
    comment(
        &mut out,
        "Sign with every matching key (true) or only the first (false).",
    );
    let _ = writeln!(out, "multiple = {}", s.multiple);
    if let Some(headers) = &s.headers {
        comment(&mut out, "Header fields signed when present.");
        let _ = writeln!(out, "headers = {}", list(headers));
    }
    comment(
        &mut out,
        "Header fields signed once more than they occur (RFC 6376 §8.15).",
    );
    let _ = writeln!(out, "oversign = {}", list(&s.oversign));
    for k in &s.keys {
        out.push_str("\n[[signing.keys]]\n");
        comment(
            &mut out,
            "d= and s=: the public key is at SELECTOR._domainkey.DOMAIN.",
        );
        let _ = writeln!(out, "domain = {}", quote(&k.domain));
        let _ = writeln!(out, "selector = {}", quote(&k.selector));
        comment(&mut out, "The private key, readable by its owner only.");
        let _ = writeln!(out, "key = {}", quote(&k.key.display().to_string()));
        comment(
            &mut out,
            "From addresses signed (* matches anything); [] = exactly the domain.",
        );
        let _ = writeln!(out, "senders = {}", list(&k.senders));
    }
    out
}
