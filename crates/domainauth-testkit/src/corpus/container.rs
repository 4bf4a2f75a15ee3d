//! The containers reports travel in: gzip (RFC 1952), zip, MIME mail
//! (RFC 2045–2049) with the report attached, mbox and Maildir.

use std::io::Write as _;

use base64::Engine as _;

use super::calendar;

/// gzip with the original file name in the header (RFC 1952 §2.3.1 FNAME)
/// and a fixed modification time, so the bytes depend only on the input.
pub fn gzip(name: &str, mtime: i64, data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::GzBuilder::new()
        .filename(name.as_bytes())
        .mtime(u32::try_from(mtime).unwrap_or(0))
        .write(
            Vec::with_capacity(data.len() / 8 + 64),
            flate2::Compression::default(),
        );
    enc.write_all(data).expect("writing to a Vec");
    enc.finish().expect("writing to a Vec")
}

/// A zip archive holding `entries` (deflated), each dated `mtime`.
pub fn zip(entries: &[(&str, &[u8])], mtime: i64) -> Vec<u8> {
    let c = calendar::civil(mtime);
    let when = zip::DateTime::from_date_and_time(
        u16::try_from(c.year).unwrap_or(1980),
        c.month as u8,
        c.day as u8,
        c.hour as u8,
        c.minute as u8,
        c.second as u8,
    )
    .unwrap_or_default();
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(when);
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        w.start_file(*name, options).expect("zip entry");
        w.write_all(data).expect("writing to a Vec");
    }
    w.finish().expect("writing to a Vec").into_inner()
}

/// How a part's body is encoded (RFC 2045 §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// `7bit`: ASCII lines as they are.
    SevenBit,
    /// `quoted-printable` (RFC 2045 §6.7).
    QuotedPrintable,
    /// `base64`, 76 characters a line (RFC 2045 §6.8).
    Base64,
}

/// One MIME body part.
#[derive(Debug, Clone)]
pub struct Part {
    /// `Content-Type` with its parameters.
    pub content_type: String,
    /// `Content-Disposition`, if any.
    pub disposition: Option<String>,
    /// Encoding of the body.
    pub encoding: Encoding,
    /// The body before encoding.
    pub body: Vec<u8>,
}

/// A mail message carrying reports.
#[derive(Debug, Clone)]
pub struct Mail {
    /// Header fields before the MIME ones, in order.
    pub headers: Vec<(String, String)>,
    /// The parts; one part means a single-part message.
    pub parts: Vec<Part>,
    /// The multipart subtype and its extra parameters
    /// (`mixed`, `report; report-type=feedback-report`).
    pub multipart: String,
    /// The boundary.
    pub boundary: String,
}

fn base64_lines(data: &[u8], eol: &str) -> String {
    let text = base64::engine::general_purpose::STANDARD.encode(data);
    let mut out = String::with_capacity(text.len() + text.len() / 76 * eol.len() + eol.len());
    for chunk in text.as_bytes().chunks(76) {
        // Base64 output is ASCII.
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push_str(eol);
    }
    out
}

fn quoted_printable(data: &[u8], eol: &str) -> String {
    let mut out = String::new();
    for line in data.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let mut width = 0;
        for (i, &b) in line.iter().enumerate() {
            let last = i + 1 == line.len();
            let literal = (b == b' ' || b == b'\t') && !last || (b.is_ascii_graphic() && b != b'=');
            let piece = if literal {
                (b as char).to_string()
            } else {
                format!("={b:02X}")
            };
            if width + piece.len() > 75 {
                out.push('=');
                out.push_str(eol);
                width = 0;
            }
            width += piece.len();
            out.push_str(&piece);
        }
        out.push_str(eol);
    }
    // The split gives one empty piece after a final newline.
    if data.ends_with(b"\n") {
        out.truncate(out.len() - eol.len());
    }
    out
}

fn encode_body(part: &Part, eol: &str) -> String {
    match part.encoding {
        Encoding::Base64 => base64_lines(&part.body, eol),
        Encoding::QuotedPrintable => quoted_printable(&part.body, eol),
        Encoding::SevenBit => {
            let text = String::from_utf8_lossy(&part.body);
            let mut out = text.replace("\r\n", "\n").replace('\n', eol);
            if !out.ends_with(eol) {
                out.push_str(eol);
            }
            out
        }
    }
}

fn encoding_name(e: Encoding) -> &'static str {
    match e {
        Encoding::SevenBit => "7bit",
        Encoding::QuotedPrintable => "quoted-printable",
        Encoding::Base64 => "base64",
    }
}

impl Mail {
    /// The message, with CRLF line ends (as on the wire, and in `.eml`
    /// files) or LF (as an MDA stores it in mbox and Maildir).
    pub fn to_bytes(&self, crlf: bool) -> Vec<u8> {
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut out = String::new();
        for (name, value) in &self.headers {
            out.push_str(name);
            out.push_str(": ");
            out.push_str(&value.replace('\n', eol));
            out.push_str(eol);
        }
        out.push_str("MIME-Version: 1.0");
        out.push_str(eol);
        if let [part] = self.parts.as_slice() {
            push_part_headers(&mut out, part, eol);
            out.push_str(eol);
            out.push_str(&encode_body(part, eol));
            return out.into_bytes();
        }
        out.push_str(&format!(
            "Content-Type: multipart/{};{eol}\tboundary=\"{}\"{eol}{eol}",
            self.multipart, self.boundary
        ));
        for part in &self.parts {
            out.push_str(&format!("--{}{eol}", self.boundary));
            push_part_headers(&mut out, part, eol);
            out.push_str(eol);
            out.push_str(&encode_body(part, eol));
        }
        out.push_str(&format!("--{}--{eol}", self.boundary));
        out.into_bytes()
    }
}

fn push_part_headers(out: &mut String, part: &Part, eol: &str) {
    out.push_str(&format!(
        "Content-Type: {}{eol}",
        part.content_type.replace('\n', eol)
    ));
    if let Some(d) = &part.disposition {
        out.push_str(&format!(
            "Content-Disposition: {}{eol}",
            d.replace('\n', eol)
        ));
    }
    if part.encoding != Encoding::SevenBit || part.content_type.starts_with("text/") {
        out.push_str(&format!(
            "Content-Transfer-Encoding: {}{eol}",
            encoding_name(part.encoding)
        ));
    }
}

/// Appends one message to an mbox (mboxrd: a `From ` separator line, body
/// lines starting with `>*From ` quoted with one more `>`).
pub fn mbox_append(mbox: &mut Vec<u8>, sender: &str, time: i64, message_lf: &[u8]) {
    mbox.extend_from_slice(format!("From {sender} {}\n", calendar::asctime(time)).as_bytes());
    for line in message_lf.split_inclusive(|&b| b == b'\n') {
        let unquoted = line.iter().position(|&b| b != b'>').unwrap_or(line.len());
        if line[unquoted..].starts_with(b"From ") {
            mbox.push(b'>');
        }
        mbox.extend_from_slice(line);
    }
    if !message_lf.ends_with(b"\n") {
        mbox.push(b'\n');
    }
    mbox.push(b'\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    #[test]
    fn gzip_round_trips_and_is_stable() {
        let data = b"<feedback/>\n".repeat(100);
        let a = gzip("r.xml", 1_767_571_200, &data);
        assert_eq!(a, gzip("r.xml", 1_767_571_200, &data));
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&a[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, data);
    }

    #[test]
    fn zip_round_trips_and_is_stable() {
        let a = zip(&[("r.xml", b"<feedback/>")], 1_767_571_200);
        assert_eq!(a, zip(&[("r.xml", b"<feedback/>")], 1_767_571_200));
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(a)).unwrap();
        let mut back = String::new();
        archive
            .by_index(0)
            .unwrap()
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, "<feedback/>");
    }

    #[test]
    fn quoted_printable_encodes_what_it_must() {
        let eol = "\r\n";
        assert_eq!(
            quoted_printable("agrégé = x \n".as_bytes(), eol),
            "agr=C3=A9g=C3=A9 =3D x=20\r\n"
        );
        let long = "a".repeat(100);
        let qp = quoted_printable(long.as_bytes(), eol);
        assert!(qp.lines().all(|l| l.len() <= 76), "{qp}");
    }

    #[test]
    fn mbox_quotes_from_lines() {
        let mut m = Vec::new();
        mbox_append(
            &mut m,
            "a@example.com",
            0,
            b"Subject: x\n\nFrom here\n>From there\n",
        );
        let text = String::from_utf8(m).unwrap();
        assert!(text.starts_with("From a@example.com Thu Jan  1 00:00:00 1970\n"));
        assert!(text.contains("\n>From here\n>>From there\n\n"));
    }
}
