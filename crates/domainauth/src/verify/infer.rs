//! The SMTP envelope read back from a delivered message: the client IP,
//! HELO name and MAIL FROM of the hop into the receiver, from the
//! `Received-SPF` (RFC 7208 §9.1), `Authentication-Results` (RFC 8601),
//! `Return-Path` (RFC 5321 §4.4) and `Received` (RFC 5321 §4.4) fields the
//! receiver added at the top.

use std::net::IpAddr;

use crate::authres::parse as parse_authres;
use crate::diag::{Code, Finding};
use crate::mail::Message;
use crate::spf::Envelope;

/// An envelope, in a form that can be printed and serialised.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EnvelopeInfo {
    /// The SMTP client's address.
    pub client_ip: IpAddr,
    /// HELO/EHLO name.
    pub helo: String,
    /// MAIL FROM (empty for `<>`).
    pub mail_from: String,
}

impl From<Envelope> for EnvelopeInfo {
    fn from(e: Envelope) -> Self {
        Self {
            client_ip: e.client_ip,
            helo: e.helo,
            mail_from: e.mail_from,
        }
    }
}

impl EnvelopeInfo {
    /// As an SPF envelope.
    pub fn to_envelope(&self) -> Envelope {
        Envelope {
            client_ip: self.client_ip,
            helo: self.helo.clone(),
            mail_from: self.mail_from.clone(),
        }
    }
}

/// Where the envelope used came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EnvelopeSource {
    /// Given by the caller.
    Given {
        /// The envelope.
        envelope: EnvelopeInfo,
    },
    /// Read from the message.
    Inferred {
        /// The envelope.
        envelope: EnvelopeInfo,
        /// Which fields gave it, e.g. `Received-SPF, Return-Path`.
        sources: Vec<String>,
    },
    /// Neither given nor found: SPF is not evaluated.
    Missing,
}

impl EnvelopeSource {
    /// The envelope, if any.
    pub fn envelope(&self) -> Option<Envelope> {
        match self {
            Self::Given { envelope } | Self::Inferred { envelope, .. } => {
                Some(envelope.to_envelope())
            }
            Self::Missing => None,
        }
    }

    /// The finding that says what was inferred.
    pub fn finding(&self) -> Finding {
        match self {
            Self::Inferred { envelope, sources } => Finding::new(Code::VerifyEnvelopeInferred)
                .param("ip", envelope.client_ip)
                .param("helo", &envelope.helo)
                .param(
                    "mailfrom",
                    if envelope.mail_from.is_empty() {
                        "<>"
                    } else {
                        &envelope.mail_from
                    },
                )
                .param("source", sources.join(", ")),
            _ => Finding::new(Code::VerifyNoEnvelope),
        }
    }
}

/// `key=value` pairs of a Received-SPF field (RFC 7208 §9.1 `key-value-list`).
fn received_spf_pairs(value: &str) -> Vec<(String, String)> {
    // Drop the result keyword and the comment before the pairs.
    let mut text = value.trim();
    if let Some(close) = text.find(')')
        && text[..close].contains('(')
    {
        text = &text[close + 1..];
    } else if let Some((_, rest)) = text.split_once(char::is_whitespace) {
        text = rest;
    }
    text.split(';')
        .filter_map(|p| {
            let (k, v) = p.split_once('=')?;
            Some((
                k.trim().to_ascii_lowercase(),
                v.trim().trim_matches('"').to_string(),
            ))
        })
        .collect()
}

/// The client IP in `[…]` and the HELO after `from` in a Received field.
fn received_hop(value: &str) -> (Option<IpAddr>, Option<String>, Option<String>) {
    let text = value.replace(['\r', '\n'], " ");
    let mut ip = None;
    let mut rest = text.as_str();
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']') else {
            break;
        };
        let inner = &rest[open + 1..open + close];
        let inner = inner
            .strip_prefix("IPv6:")
            .or_else(|| inner.strip_prefix("ipv6:"))
            .unwrap_or(inner);
        if let Ok(parsed) = inner.parse::<IpAddr>() {
            ip = Some(parsed);
            break;
        }
        rest = &rest[open + close..];
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let after = |key: &str| {
        words
            .iter()
            .position(|w| w.eq_ignore_ascii_case(key))
            .and_then(|i| words.get(i + 1))
            .map(|w| w.trim_end_matches(';').to_string())
    };
    (ip, after("from"), after("by"))
}

/// Reads the envelope of the last hop from the top of `message`. With
/// `trusted` authserv-ids, only fields those receivers wrote are used;
/// otherwise the topmost of each kind.
pub fn infer_envelope(message: &Message<'_>, trusted: &[String]) -> EnvelopeSource {
    let trusted_id =
        |id: &str| trusted.is_empty() || trusted.iter().any(|t| t.eq_ignore_ascii_case(id));
    let mut sources = Vec::new();
    let mut ip: Option<IpAddr> = None;
    let mut helo: Option<String> = None;
    let mut mail_from: Option<String> = None;

    if let Some(f) = message.get("received-spf") {
        let pairs = received_spf_pairs(&f.text());
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        };
        let receiver_ok = get("receiver").is_none_or(|r| trusted_id(&r));
        if receiver_ok {
            if let Some(v) = get("client-ip").and_then(|v| v.parse().ok()) {
                ip = Some(v);
            }
            helo = get("helo");
            mail_from = get("envelope-from");
            if ip.is_some() {
                sources.push("Received-SPF".to_string());
            }
        }
    }
    for f in message.get_all("authentication-results") {
        let Ok(ar) = parse_authres(&String::from_utf8_lossy(f.value)) else {
            continue;
        };
        if !trusted_id(&ar.authserv_id) {
            continue;
        }
        for r in ar.method("spf") {
            let before = (ip.is_some(), mail_from.is_some(), helo.is_some());
            if mail_from.is_none() {
                mail_from = r.get("smtp", "mailfrom").map(str::to_string);
            }
            if helo.is_none() {
                helo = r.get("smtp", "helo").map(str::to_string);
            }
            if ip.is_none() {
                // Gmail: "(google.com: domain of … designates 192.0.2.1 as permitted sender)".
                ip = r
                    .comments
                    .iter()
                    .flat_map(|c| c.split_whitespace())
                    .find_map(|w| w.trim_matches(['(', ')', ',', ';']).parse().ok());
            }
            if before != (ip.is_some(), mail_from.is_some(), helo.is_some()) {
                sources.push(format!("Authentication-Results ({})", ar.authserv_id));
            }
        }
        if !trusted.is_empty() {
            break;
        }
    }
    if mail_from.is_none()
        && let Some(f) = message.get("return-path")
    {
        let text = f.text();
        let addr = text
            .trim()
            .trim_start_matches('<')
            .trim_end_matches('>')
            .trim()
            .to_string();
        mail_from = Some(addr);
        sources.push("Return-Path".to_string());
    }
    if ip.is_none() || helo.is_none() {
        let hop = message
            .get_all("received")
            .map(|f| received_hop(&f.text()))
            .find(|(_, _, by)| by.as_deref().is_none_or(&trusted_id));
        if let Some((hop_ip, hop_helo, _)) = hop {
            let before = (ip.is_some(), helo.is_some());
            ip = ip.or(hop_ip);
            helo = helo.or(hop_helo);
            if before != (ip.is_some(), helo.is_some()) {
                sources.push("Received".to_string());
            }
        }
    }
    match ip {
        Some(client_ip) => {
            let mail_from = mail_from.unwrap_or_default();
            let helo = helo.unwrap_or_else(|| {
                mail_from
                    .rsplit_once('@')
                    .map(|(_, d)| d.to_string())
                    .unwrap_or_default()
            });
            EnvelopeSource::Inferred {
                envelope: EnvelopeInfo {
                    client_ip,
                    helo,
                    mail_from,
                },
                sources,
            }
        }
        None => EnvelopeSource::Missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gmail_style_headers() {
        let raw = concat!(
            "Received: from mail.sendservice.example (mail.sendservice.example. [198.51.100.20])\r\n",
            "        by mx.google.com with ESMTPS id x1si123.2026.11.20.01.02.03\r\n",
            "        for <user@gmail.com>; Fri, 20 Nov 2026 01:02:03 -0800 (PST)\r\n",
            "Received-SPF: pass (google.com: domain of xxx@mail.sendservice.example designates 198.51.100.20 as permitted sender) client-ip=198.51.100.20;\r\n",
            "Authentication-Results: mx.google.com;\r\n",
            "       spf=pass (google.com: domain of xxx@mail.sendservice.example designates 198.51.100.20 as permitted sender) smtp.mailfrom=xxx@mail.sendservice.example;\r\n",
            "       dmarc=fail (p=QUARANTINE sp=QUARANTINE dis=QUARANTINE) header.from=company.example\r\n",
            "Return-Path: <xxx@mail.sendservice.example>\r\n",
            "From: info@company.example\r\n\r\nbody\r\n"
        );
        let m = Message::parse(raw.as_bytes()).unwrap();
        let EnvelopeSource::Inferred { envelope, sources } =
            infer_envelope(&m, &["mx.google.com".into()])
        else {
            panic!("not inferred")
        };
        assert_eq!(
            envelope.client_ip,
            "198.51.100.20".parse::<IpAddr>().unwrap()
        );
        assert_eq!(envelope.mail_from, "xxx@mail.sendservice.example");
        assert_eq!(envelope.helo, "mail.sendservice.example");
        assert!(sources.iter().any(|s| s == "Received-SPF"));
    }

    #[test]
    fn nothing_to_infer() {
        let m = Message::parse(b"From: a@b.example\r\n\r\n").unwrap();
        assert_eq!(infer_envelope(&m, &[]), EnvelopeSource::Missing);
    }
}
