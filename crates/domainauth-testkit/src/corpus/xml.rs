//! Writes an aggregate report's XML exactly as its truth says, in the
//! layout of a given receiver, with the quirks the truth lists.

use super::rng::Rng;
use super::truth::{AggregateTruth, Quirk, RecordTruth};

/// The RFC 9990 namespace (RFC 9990 §5, IANA XML namespace registry).
pub const DMARC2_NS: &str = "urn:ietf:params:xml:ns:dmarc-2.0";

/// The XML declaration a receiver writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decl {
    /// `<?xml version="1.0"?>` (Microsoft, Yahoo).
    Plain,
    /// `<?xml version="1.0" encoding="UTF-8" ?>` (Google).
    Utf8Spaced,
    /// `<?xml version="1.0" encoding="UTF-8"?>`.
    Utf8,
    /// `<?xml version="1.0" encoding="UTF-8" standalone="no"?>` (Zoho).
    Utf8Standalone,
}

/// A receiver's layout.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// The declaration.
    pub decl: Decl,
    /// One level of indentation.
    pub indent: &'static str,
    /// `<identifiers>`: envelope_to and envelope_from before header_from
    /// (Microsoft) rather than header_from first.
    pub envelope_first: bool,
    /// `<dkim>`: `<result>` before `<domain>` (Zoho) rather than after the
    /// selector.
    pub dkim_result_first: bool,
}

struct Writer<'a> {
    out: String,
    indent: &'static str,
    compact: bool,
    prefix: &'static str,
    depth: usize,
    rng: &'a mut Rng,
    upper: bool,
    empty_elements: bool,
}

impl Writer<'_> {
    fn newline(&mut self) {
        if !self.compact {
            self.out.push('\n');
            for _ in 0..self.depth {
                self.out.push_str(self.indent);
            }
        }
    }

    fn open(&mut self, name: &str) {
        self.newline();
        self.out.push('<');
        self.out.push_str(self.prefix);
        self.out.push_str(name);
        self.out.push('>');
        self.depth += 1;
    }

    fn close(&mut self, name: &str) {
        self.depth -= 1;
        self.newline();
        self.out.push_str("</");
        self.out.push_str(self.prefix);
        self.out.push_str(name);
        self.out.push('>');
    }

    fn leaf(&mut self, name: &str, value: &str) {
        self.newline();
        self.out.push('<');
        self.out.push_str(self.prefix);
        self.out.push_str(name);
        self.out.push('>');
        escape_into(&mut self.out, value);
        self.out.push_str("</");
        self.out.push_str(self.prefix);
        self.out.push_str(name);
        self.out.push('>');
    }

    /// An optional element: written when present; when absent and the
    /// report has the empty-elements quirk, sometimes written empty.
    fn opt(&mut self, name: &str, value: Option<&str>) {
        match value {
            Some(v) => self.leaf(name, v),
            None if self.empty_elements && self.rng.percent(50) => {
                self.newline();
                if self.rng.percent(50) {
                    self.out.push_str(&format!("<{}{name}/>", self.prefix));
                } else {
                    self.out
                        .push_str(&format!("<{p}{name}></{p}{name}>", p = self.prefix));
                }
            }
            None => {}
        }
    }

    /// An enumerated value, in the case the receiver writes it.
    fn enum_value(&mut self, value: &str) -> String {
        if !self.upper || value.is_empty() {
            return value.to_string();
        }
        match self.rng.below(3) {
            0 => value.to_ascii_uppercase(),
            1 => {
                let mut c = value.chars();
                c.next()
                    .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                    .unwrap_or_default()
            }
            _ => value.to_string(),
        }
    }

    fn raw(&mut self, text: &str) {
        self.newline();
        self.out.push_str(text);
    }
}

/// Escapes `&`, `<` and `>` (XML 1.0 §2.4).
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

/// The report as bytes.
pub fn write(report: &AggregateTruth, layout: &Layout, rng: &mut Rng) -> Vec<u8> {
    let has = |q: Quirk| report.quirks.contains(&q);
    let prefix = if has(Quirk::Prefixed) { "dmarc:" } else { "" };
    let mut w = Writer {
        out: String::with_capacity(512 + report.records.len() * 700),
        indent: layout.indent,
        compact: has(Quirk::Compact),
        prefix,
        depth: 0,
        rng,
        upper: has(Quirk::UpperCase),
        empty_elements: has(Quirk::EmptyElements),
    };
    if !has(Quirk::NoDeclaration) {
        w.out
            .push_str(match (has(Quirk::Windows1252), layout.decl) {
                (true, _) => "<?xml version=\"1.0\" encoding=\"windows-1252\"?>",
                (false, Decl::Plain) => "<?xml version=\"1.0\"?>",
                (false, Decl::Utf8Spaced) => "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>",
                (false, Decl::Utf8) => "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                (false, Decl::Utf8Standalone) => {
                    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>"
                }
            });
        if !w.compact {
            w.out.push('\n');
        }
    }
    w.out.push('<');
    w.out.push_str(prefix);
    w.out.push_str("feedback");
    if has(Quirk::Prefixed) {
        w.out.push_str(&format!(" xmlns:dmarc=\"{DMARC2_NS}\""));
    } else if has(Quirk::Namespace) {
        w.out.push_str(&format!(" xmlns=\"{DMARC2_NS}\""));
    }
    if has(Quirk::SchemaInstance) {
        w.out.push_str(
            " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" \
             xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
        );
    }
    w.out.push('>');
    w.depth = 1;
    if let Some(v) = &report.version {
        w.leaf("version", v);
    }
    w.open("report_metadata");
    w.leaf("org_name", &report.org_name);
    w.leaf("email", &report.email);
    w.opt("extra_contact_info", report.extra_contact_info.as_deref());
    w.leaf("report_id", &report.report_id);
    w.open("date_range");
    w.leaf("begin", &report.begin.to_string());
    w.leaf("end", &report.end.to_string());
    w.close("date_range");
    if let Some(g) = &report.generator {
        w.leaf("generator", g);
    }
    if has(Quirk::UnknownElements) {
        w.leaf("x_reporting_host", "mx-report-03");
    }
    w.close("report_metadata");

    let p = &report.policy;
    w.open("policy_published");
    w.leaf("domain", &p.domain);
    if let Some(d) = &p.discovery_method {
        w.leaf("discovery_method", d);
    }
    if let Some(a) = p.adkim {
        w.leaf("adkim", &a.to_string());
    }
    if let Some(a) = p.aspf {
        w.leaf("aspf", &a.to_string());
    }
    let pv = w.enum_value(&p.p);
    w.leaf("p", &pv);
    w.opt("sp", p.sp.as_deref());
    if let Some(np) = &p.np {
        w.leaf("np", np);
    }
    if let Some(pct) = p.pct {
        w.leaf("pct", &pct.to_string());
    }
    w.opt("fo", p.fo.as_deref());
    if let Some(t) = p.testing {
        w.leaf("testing", if t { "y" } else { "n" });
    }
    if has(Quirk::UnknownElements) {
        w.leaf("rua", "mailto:dmarc-rua@example.invalid");
    }
    w.close("policy_published");

    if has(Quirk::Extensions) {
        w.open("extensions");
        w.raw(
            "<ext:reporter_stats xmlns:ext=\"urn:example:dmarc:ext:stats\">\
             <ext:messages_seen>1</ext:messages_seen></ext:reporter_stats>",
        );
        w.close("extensions");
    }

    let empty_reason_every = if has(Quirk::EmptyReason) { 3 } else { 0 };
    for (i, record) in report.records.iter().enumerate() {
        write_record(
            &mut w,
            record,
            layout,
            empty_reason_every != 0 && i % empty_reason_every == 0,
            has(Quirk::Extensions) && i == 0,
            has(Quirk::UnknownElements) && i == 0,
        );
    }
    w.depth = 0;
    w.newline();
    w.out.push_str("</");
    w.out.push_str(prefix);
    w.out.push_str("feedback>");
    if !w.compact {
        w.out.push('\n');
    }

    let mut bytes = Vec::with_capacity(w.out.len() + 3);
    if has(Quirk::Bom) {
        bytes.extend_from_slice(b"\xEF\xBB\xBF");
    }
    encode(
        &w.out,
        has(Quirk::Windows1252),
        has(Quirk::InvalidUtf8),
        &mut bytes,
    );
    bytes
}

fn write_record(
    w: &mut Writer<'_>,
    r: &RecordTruth,
    layout: &Layout,
    empty_reason: bool,
    extension: bool,
    unknown: bool,
) {
    w.open("record");
    w.open("row");
    w.leaf("source_ip", &r.source_ip.to_string());
    w.leaf("count", &r.count.to_string());
    w.open("policy_evaluated");
    let d = w.enum_value(r.disposition);
    w.leaf("disposition", &d);
    let dk = w.enum_value(if r.dkim_aligned { "pass" } else { "fail" });
    w.leaf("dkim", &dk);
    let sp = w.enum_value(if r.spf_aligned { "pass" } else { "fail" });
    w.leaf("spf", &sp);
    for (kind, comment) in &r.reasons {
        w.open("reason");
        w.leaf("type", kind);
        if let Some(c) = comment {
            w.leaf("comment", c);
        }
        w.close("reason");
    }
    if empty_reason {
        w.open("reason");
        w.raw(&format!("<{p}type></{p}type>", p = w.prefix));
        w.raw(&format!("<{p}comment></{p}comment>", p = w.prefix));
        w.close("reason");
    }
    w.close("policy_evaluated");
    if unknown {
        w.leaf("x_sampled", "false");
    }
    w.close("row");
    w.open("identifiers");
    if layout.envelope_first {
        if let Some(t) = &r.envelope_to {
            w.leaf("envelope_to", t);
        }
        w.opt("envelope_from", r.envelope_from.as_deref());
        w.leaf("header_from", &r.header_from);
    } else {
        w.leaf("header_from", &r.header_from);
        w.opt("envelope_from", r.envelope_from.as_deref());
        if let Some(t) = &r.envelope_to {
            w.leaf("envelope_to", t);
        }
    }
    w.close("identifiers");
    w.open("auth_results");
    for d in &r.dkim {
        w.open("dkim");
        let result = w.enum_value(d.result);
        if layout.dkim_result_first {
            w.leaf("result", &result);
            w.leaf("domain", &d.domain);
            if let Some(s) = &d.selector {
                w.leaf("selector", s);
            }
        } else {
            w.leaf("domain", &d.domain);
            if let Some(s) = &d.selector {
                w.leaf("selector", s);
            }
            w.leaf("result", &result);
        }
        w.opt("human_result", d.human_result.as_deref());
        w.close("dkim");
    }
    for s in &r.spf {
        w.open("spf");
        w.leaf("domain", &s.domain);
        if let Some(scope) = s.scope {
            w.leaf("scope", scope);
        }
        let result = w.enum_value(s.result);
        w.leaf("result", &result);
        w.close("spf");
    }
    w.close("auth_results");
    if extension {
        w.open("extensions");
        w.raw(
            "<ext:arc xmlns:ext=\"urn:example:dmarc:ext:arc\">\
             <ext:result>none</ext:result></ext:arc>",
        );
        w.close("extensions");
    }
    w.close("record");
}

/// UTF-8, or windows-1252 for the characters it shares with Latin-1; with
/// `stray`, U+FFFD becomes the lone byte 0xE9 (not UTF-8 before ASCII).
fn encode(text: &str, windows_1252: bool, stray: bool, out: &mut Vec<u8>) {
    if !windows_1252 && !stray {
        out.extend_from_slice(text.as_bytes());
        return;
    }
    let mut buf = [0u8; 4];
    for c in text.chars() {
        if stray && c == '\u{FFFD}' {
            out.push(0xE9);
        } else if windows_1252 && !c.is_ascii() {
            let code = u32::from(c);
            out.push(if (0xA0..=0xFF).contains(&code) {
                code as u8
            } else {
                b'?'
            });
        } else {
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
    }
}
