//! Containers: every shape reports arrive in (files, gzip, zip, mails),
//! the bombs and broken files they must survive, and the catalog text of
//! every error. Archives and mails are made here with other writers (the
//! `zip` crate, flate2, Python for the fixtures) and read back with ours.

use std::io::{Cursor, Read, Write};
use std::path::PathBuf;

use base64::Engine as _;
use domainauth::diag::{Lang, render_message_strict};
use domainauth_reports::container::{
    Budget, ContainerError, ContainerNote, Extraction, Format, Payload, PayloadKind, Rejected,
    extract, gunzip,
};
use domainauth_reports::{Explain, Limits};
use flate2::{Compress, Compression, Crc, FlushCompress};
use proptest::prelude::*;

// ---------------------------------------------------------------- helpers

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/containers")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn xml() -> Vec<u8> {
    fixture("aggregate.xml")
}

fn json() -> Vec<u8> {
    fixture("tlsrpt.json")
}

struct Run {
    payloads: Vec<Payload>,
    rejected: Vec<Rejected>,
    done: Extraction,
}

fn run_with(name: &str, bytes: &[u8], limits: &Limits) -> Run {
    let mut payloads = Vec::new();
    let mut rejected = Vec::new();
    let done = extract(name, bytes, limits, &mut |r| match r {
        Ok(p) => payloads.push(p),
        Err(r) => rejected.push(r),
    });
    assert_eq!(done.payloads, payloads.len());
    assert_eq!(done.rejected, rejected.len());
    Run {
        payloads,
        rejected,
        done,
    }
}

fn run(name: &str, bytes: &[u8]) -> Run {
    run_with(name, bytes, &Limits::default())
}

/// The only payload, with no rejection.
fn only(run: &Run) -> &Payload {
    assert!(run.rejected.is_empty(), "rejected: {:?}", run.rejected);
    assert_eq!(run.payloads.len(), 1, "payloads: {:?}", names(run));
    &run.payloads[0]
}

/// The only rejection, with no payload.
fn refused(run: &Run) -> &Rejected {
    assert!(run.payloads.is_empty(), "payloads: {:?}", names(run));
    assert_eq!(run.rejected.len(), 1, "rejected: {:?}", run.rejected);
    &run.rejected[0]
}

fn names(run: &Run) -> Vec<&str> {
    run.payloads.iter().map(|p| p.name.as_str()).collect()
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// A zip written by the `zip` crate (deflate), entries in order.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, options).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// An entry of a zip written byte by byte, to say what a writer would
/// not: a lying size, a flag, a method, a shared local header.
#[derive(Clone)]
struct Raw {
    name: &'static str,
    method: u16,
    flags: u16,
    /// The data as stored (compressed for method 8).
    data: Vec<u8>,
    crc: u32,
    /// The uncompressed size the headers declare.
    size: u32,
    /// Point the central directory at this earlier entry's local header.
    local_of: Option<usize>,
}

impl Raw {
    fn stored(name: &'static str, content: &[u8]) -> Self {
        Self {
            name,
            method: 0,
            flags: 0,
            data: content.to_vec(),
            crc: crc(content),
            size: content.len() as u32,
            local_of: None,
        }
    }

    fn deflated(name: &'static str, content: &[u8]) -> Self {
        Self {
            method: 8,
            data: deflate(content),
            ..Self::stored(name, content)
        }
    }
}

fn crc(data: &[u8]) -> u32 {
    let mut c = Crc::new();
    c.update(data);
    c.sum()
}

/// A zip in the layout of APPNOTE §4.3.6: local headers and data, the
/// central directory, the end record.
fn raw_zip(entries: &[Raw]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut locals = Vec::new();
    for e in entries {
        if e.local_of.is_some() {
            locals.push(None);
            continue;
        }
        locals.push(Some(out.len() as u32));
        out.extend(0x0403_4b50u32.to_le_bytes());
        out.extend(20u16.to_le_bytes());
        out.extend(e.flags.to_le_bytes());
        out.extend(e.method.to_le_bytes());
        out.extend([0u8; 4]);
        out.extend(e.crc.to_le_bytes());
        out.extend((e.data.len() as u32).to_le_bytes());
        out.extend(e.size.to_le_bytes());
        out.extend((e.name.len() as u16).to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out.extend(e.name.as_bytes());
        out.extend(&e.data);
    }
    let cd_start = out.len() as u32;
    for (i, e) in entries.iter().enumerate() {
        let local = match e.local_of {
            Some(j) => locals[j].unwrap(),
            None => locals[i].unwrap(),
        };
        let compressed = match e.local_of {
            Some(j) => entries[j].data.len(),
            None => e.data.len(),
        } as u32;
        out.extend(0x0201_4b50u32.to_le_bytes());
        out.extend(20u16.to_le_bytes());
        out.extend(20u16.to_le_bytes());
        out.extend(e.flags.to_le_bytes());
        out.extend(e.method.to_le_bytes());
        out.extend([0u8; 4]);
        out.extend(e.crc.to_le_bytes());
        out.extend(compressed.to_le_bytes());
        out.extend(e.size.to_le_bytes());
        out.extend((e.name.len() as u16).to_le_bytes());
        out.extend([0u8; 12]);
        out.extend(local.to_le_bytes());
        out.extend(e.name.as_bytes());
    }
    let cd_len = out.len() as u32 - cd_start;
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend(cd_len.to_le_bytes());
    out.extend(cd_start.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

fn b64(data: &[u8]) -> String {
    let text = base64::engine::general_purpose::STANDARD.encode(data);
    let lines: Vec<&str> = text
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    lines.join("\r\n")
}

/// A base64 attachment part.
fn attachment(content_type: &str, filename: &str, data: &[u8]) -> String {
    format!(
        "Content-Type: {content_type}; name=\"{filename}\"\r\n\
         Content-Disposition: attachment; filename=\"{filename}\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}",
        b64(data)
    )
}

fn text_part(text: &str) -> String {
    format!("Content-Type: text/plain; charset=us-ascii\r\n\r\n{text}")
}

/// A multipart body (RFC 2046 §5.1.1) of `parts`, each "headers CRLF CRLF body".
fn multipart(subtype: &str, boundary: &str, parts: &[String]) -> String {
    let mut out = format!(
        "Content-Type: multipart/{subtype}; boundary=\"{boundary}\"\r\n\r\nThis is a multi-part message in MIME format.\r\n"
    );
    for p in parts {
        out.push_str(&format!("--{boundary}\r\n{p}\r\n"));
    }
    out.push_str(&format!("--{boundary}--\r\n"));
    out
}

fn mail(body_entity: &str) -> Vec<u8> {
    format!(
        "From: noreply-dmarc-support@google.com\r\n\
         To: dmarc@example.jp\r\n\
         Subject: Report domain: example.jp\r\n\
         Date: Wed, 15 Nov 2023 10:00:00 +0000\r\n\
         MIME-Version: 1.0\r\n{body_entity}"
    )
    .into_bytes()
}

// ------------------------------------------------------- files and archives

#[test]
fn an_xml_file_is_an_aggregate_payload() {
    let r = run("reports/a.xml", &xml());
    let p = only(&r);
    assert_eq!(p.name, "reports/a.xml");
    assert_eq!(p.kind, PayloadKind::Aggregate);
    assert_eq!(p.bytes, xml());
    assert!(p.notes.is_empty());
    assert_eq!(r.done.inflated, 0);
}

#[test]
fn a_json_file_is_a_tls_payload() {
    let p = only(&run("tls.json", &json())).clone();
    assert_eq!(p.kind, PayloadKind::Tls);
    assert_eq!(p.bytes, json());
}

#[test]
fn xml_gz_and_json_gz_are_decompressed() {
    let r = run("a.xml.gz", &gz(&xml()));
    let p = only(&r);
    assert_eq!((p.kind, &p.bytes), (PayloadKind::Aggregate, &xml()));
    assert_eq!(p.name, "a.xml.gz");
    assert_eq!(r.done.inflated, xml().len() as u64);
    let p = only(&run("t.json.gz", &gz(&json()))).clone();
    assert_eq!((p.kind, p.bytes), (PayloadKind::Tls, json()));
}

#[test]
fn a_utf16_xml_file_is_xml() {
    let mut utf16 = vec![0xff, 0xfe];
    for c in "<feedback/>".encode_utf16() {
        utf16.extend(c.to_le_bytes());
    }
    assert_eq!(only(&run("u.xml", &utf16)).kind, PayloadKind::Aggregate);
}

#[test]
fn a_zip_gives_each_report_entry_and_skips_the_rest() {
    let data = zip_of(&[
        ("google.com!example.jp!1700000000!1700086399.xml", &xml()),
        ("readme.txt", b"Reports attached."),
        ("tls/report.json", &json()),
        ("empty.xml", b""),
    ]);
    let r = run("g.zip", &data);
    assert!(r.rejected.is_empty(), "{:?}", r.rejected);
    assert_eq!(
        names(&r),
        [
            "g.zip › google.com!example.jp!1700000000!1700086399.xml",
            "g.zip › tls/report.json"
        ]
    );
    assert_eq!(r.payloads[0].bytes, xml());
    assert_eq!(r.payloads[0].kind, PayloadKind::Aggregate);
    assert_eq!(r.payloads[1].bytes, json());
    assert_eq!(r.payloads[1].kind, PayloadKind::Tls);
}

#[test]
fn a_stored_zip_entry_is_read() {
    let data = raw_zip(&[Raw::stored("r.xml", &xml())]);
    assert_eq!(only(&run("s.zip", &data)).bytes, xml());
}

#[test]
fn a_zip_with_a_data_descriptor_is_read() {
    // The `zip` crate's streaming writer puts sizes in a data descriptor
    // after the data (APPNOTE §4.3.9, flag bit 3).
    let mut w = zip::ZipWriter::new_stream(Vec::new());
    w.start_file("r.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    w.write_all(&xml()).unwrap();
    let data = w.finish().unwrap().into_inner();
    assert_ne!(data[6] & 0x08, 0, "flag bit 3 set");
    assert_eq!(only(&run("d.zip", &data)).bytes, xml());
    // Without its central directory, the descriptor is where the walk of
    // local headers finds the CRC-32.
    let directory = memchr::memmem::find(&data, b"PK\x01\x02").unwrap();
    let r = run("d.zip", &data[..directory]);
    assert_eq!(only(&r).bytes, xml());
    assert_eq!(only(&r).notes, [ContainerNote::ZipDirectoryMissing]);
}

#[test]
fn a_zip_of_nothing_but_other_files_is_no_report() {
    let data = zip_of(&[("photo.jpg", b"\xff\xd8\xff\xe0JFIF")]);
    assert_eq!(
        refused(&run("x.zip", &data)).error,
        ContainerError::NoReportInArchive
    );
    let empty = zip_of(&[]);
    assert_eq!(
        refused(&run("e.zip", &empty)).error,
        ContainerError::NoReportInArchive
    );
}

#[test]
fn one_archive_inside_another_is_read_and_no_deeper() {
    let inner = zip_of(&[("r.xml", &xml())]);
    let outer = zip_of(&[("inner.zip", &inner), ("r.json.gz", &gz(&json()))]);
    let r = run("n.zip", &outer);
    assert!(r.rejected.is_empty(), "{:?}", r.rejected);
    assert_eq!(
        names(&r),
        ["n.zip › inner.zip › r.xml", "n.zip › r.json.gz"]
    );
    assert_eq!(r.payloads[0].bytes, xml());
    assert_eq!(r.payloads[1].bytes, json());

    let third = zip_of(&[("outer.zip", &outer)]);
    let r = run("t.zip", &third);
    assert!(r.payloads.is_empty());
    let errors: Vec<_> = r
        .rejected
        .iter()
        .map(|x| (x.name.as_str(), &x.error))
        .collect();
    assert_eq!(
        errors,
        [
            (
                "t.zip › outer.zip › inner.zip",
                &ContainerError::NestedTooDeep { limit: 1 }
            ),
            (
                "t.zip › outer.zip › r.json.gz",
                &ContainerError::NestedTooDeep { limit: 1 }
            )
        ]
    );
    // A gzip of a zip of a gzip: three levels too.
    let r = run("g.gz", &gz(&zip_of(&[("r.xml.gz", &gz(&xml()))])));
    assert_eq!(
        refused(&r).error,
        ContainerError::NestedTooDeep { limit: 1 }
    );
}

#[test]
fn the_name_never_decides_the_format() {
    // A zip named .xml.gz: read as the zip it is, the name noted.
    let data = zip_of(&[("r.xml", &xml())]);
    let r = run("report.xml.gz", &data);
    let p = only(&r);
    assert_eq!(p.bytes, xml());
    assert_eq!(
        p.notes,
        [ContainerNote::NameMismatch {
            name: "report.xml.gz".into(),
            claimed: Format::Gzip,
            found: Format::Zip
        }]
    );
    // A gzip named .zip inside a mail, declared application/octet-stream
    // (fixture written by Python).
    let r = run("y#msg 1", &fixture("octet-stream-wrong-name.eml"));
    let p = only(&r);
    assert_eq!(
        p.name,
        "y#msg 1 › yahoo.com!example.jp!1700000000!1700086399.zip"
    );
    assert_eq!(p.bytes, xml());
    assert_eq!(
        p.notes,
        [ContainerNote::NameMismatch {
            name: "yahoo.com!example.jp!1700000000!1700086399.zip".into(),
            claimed: Format::Zip,
            found: Format::Gzip
        }]
    );
}

#[test]
fn unknown_and_empty_inputs_are_refused() {
    assert_eq!(
        refused(&run("a.pdf", b"%PDF-1.7\n%...")).error,
        ContainerError::NotAReport
    );
    assert_eq!(
        refused(&run(
            "page.html",
            b"<!DOCTYPE html><html><body>hi</body></html>"
        ))
        .error,
        ContainerError::NotAReport
    );
    assert_eq!(refused(&run("e.xml", b"")).error, ContainerError::Empty);
    let mut limits = Limits::default();
    limits.max_input = 100;
    assert_eq!(
        refused(&run_with("big.xml", &[b' '; 101], &limits)).error,
        ContainerError::InputTooLarge { limit: 100 }
    );
}

// ------------------------------------------------------------------ mails

#[test]
fn google_mail_with_a_zip_names_every_level() {
    let r = run("inbox.mbox#msg 12", &fixture("google-zip.eml"));
    let p = only(&r);
    assert_eq!(
        p.name,
        "inbox.mbox#msg 12 › google.com!example.jp!1700000000!1700086399.zip › google.com!example.jp!1700000000!1700086399.xml"
    );
    assert_eq!(p.kind, PayloadKind::Aggregate);
    assert_eq!(p.bytes, xml());
    assert!(p.notes.is_empty());
}

#[test]
fn microsoft_mail_with_a_gzip_skips_its_text_part() {
    let p = only(&run("m.eml", &fixture("microsoft-gzip.eml"))).clone();
    assert_eq!(
        p.name,
        "m.eml › enterprise.protection.outlook.com!example.jp!1700000000!1700086399.xml.gz"
    );
    assert_eq!(p.bytes, xml());
}

#[test]
fn tls_report_mail_with_tlsrpt_gzip() {
    let p = only(&run("t.eml", &fixture("tlsrpt-gzip.eml"))).clone();
    assert_eq!(p.kind, PayloadKind::Tls);
    assert_eq!(p.bytes, json());
    // application/tlsrpt+json, not compressed, base64.
    let m = mail(&multipart(
        "report; report-type=tlsrpt",
        "b",
        &[
            text_part("TLS report"),
            attachment("application/tlsrpt+json", "r.json", &json()),
        ],
    ));
    let p = only(&run("t2.eml", &m)).clone();
    assert_eq!((p.kind, p.bytes), (PayloadKind::Tls, json()));
}

#[test]
fn quoted_printable_xml_inline() {
    // Soft line breaks and =3D as RFC 2045 §6.7 writes them.
    let qp = "<?xml version=3D\"1.0\"?><feedback><report_metadata><org_name>x</org_=\r\nname></report_metadata></feedback>";
    let m = mail(&format!(
        "Content-Type: text/xml\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{qp}"
    ));
    let p = only(&run("q.eml", &m)).clone();
    assert_eq!(
        p.bytes,
        b"<?xml version=\"1.0\"?><feedback><report_metadata><org_name>x</org_name></report_metadata></feedback>"
    );
    assert_eq!(p.name, "q.eml › part 1");
}

#[test]
fn a_wrong_content_type_is_tolerated_and_noted() {
    let m = mail(&multipart(
        "mixed",
        "b",
        &[attachment("application/zip", "r.xml.gz", &gz(&xml()))],
    ));
    let p = only(&run("w.eml", &m)).clone();
    assert_eq!(p.bytes, xml());
    assert_eq!(
        p.notes,
        [ContainerNote::ContentTypeMismatch {
            content_type: "application/zip".into(),
            found: Format::Gzip
        }]
    );
}

#[test]
fn non_report_attachments_are_skipped() {
    let m = mail(&multipart(
        "mixed",
        "b",
        &[
            text_part("Hello"),
            attachment("application/pdf", "invoice.pdf", b"%PDF-1.4 ..."),
            attachment("image/png", "logo.png", b"\x89PNG\r\n\x1a\n...."),
            attachment("application/octet-stream", "r.xml", &xml()),
            "Content-Type: text/html\r\n\r\n<html><body>Report</body></html>".into(),
        ],
    ));
    let r = run("n.eml", &m);
    let p = only(&r);
    assert_eq!(p.name, "n.eml › r.xml");
    assert_eq!(p.bytes, xml());
}

#[test]
fn a_mail_without_a_report_is_one_rejection() {
    let m = mail(&multipart(
        "alternative",
        "b",
        &[
            text_part("Lunch on Friday?"),
            "Content-Type: text/html\r\n\r\n<html><p>Lunch on Friday?</p></html>".into(),
        ],
    ));
    let r = run("inbox.mbox#msg 3", &m);
    let x = refused(&r);
    assert_eq!(x.name, "inbox.mbox#msg 3");
    assert_eq!(x.error, ContainerError::NoReport);
    assert_eq!(x.to_string(), "inbox.mbox#msg 3: no report in this message");
}

#[test]
fn a_forwarded_mail_is_walked() {
    let fwd = mail(&multipart(
        "mixed",
        "outer",
        &[
            text_part("FYI, see the attached report."),
            format!(
                "Content-Type: message/rfc822\r\n\r\n{}",
                String::from_utf8(fixture("google-zip.eml")).unwrap()
            ),
        ],
    ));
    let p = only(&run("f.eml", &fwd)).clone();
    assert_eq!(
        p.name,
        "f.eml › part 2 › google.com!example.jp!1700000000!1700086399.zip › google.com!example.jp!1700000000!1700086399.xml"
    );
    assert_eq!(p.bytes, xml());
}

#[test]
fn an_arf_failure_report_is_one_failure_payload() {
    let arf = fixture("arf-failure.eml");
    let p = only(&run("ruf#msg 1", &arf)).clone();
    assert_eq!(p.kind, PayloadKind::Failure);
    assert_eq!(p.name, "ruf#msg 1");
    assert_eq!(p.bytes, arf);
}

#[test]
fn a_feedback_report_part_in_a_mixed_mail_is_a_failure_report() {
    let m = mail(&multipart(
        "mixed",
        "b",
        &[
            text_part("An authentication failure report."),
            "Content-Type: message/feedback-report\r\n\r\nFeedback-Type: auth-failure\r\nAuth-Failure: dmarc\r\n".into(),
        ],
    ));
    let p = only(&run("m", &m)).clone();
    assert_eq!((p.kind, p.bytes), (PayloadKind::Failure, m));
}

#[test]
fn a_plain_text_failure_report_is_a_failure_payload() {
    let exim = fixture("exim-plain-failure.eml");
    let p = only(&run("x", &exim)).clone();
    assert_eq!((p.kind, p.bytes), (PayloadKind::Failure, exim));
    // The phrase alone decides too, quoted-printable in a multipart.
    let m = mail(&multipart(
        "mixed",
        "b",
        &["Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nA message claiming to be from you has failed the published DMARC=\r\n policy.".into()],
    ));
    assert_eq!(only(&run("y", &m)).kind, PayloadKind::Failure);
}

#[test]
fn text_opening_with_a_bracket_is_not_xml_but_inline_feedback_is() {
    let m = mail(
        "Content-Type: text/plain\r\n\r\n<https://example.jp/unsubscribe> to stop these mails",
    );
    assert_eq!(refused(&run("t", &m)).error, ContainerError::NoReport);
    let m = mail(&format!(
        "Content-Type: text/plain\r\n\r\n{}",
        String::from_utf8(xml()).unwrap()
    ));
    let p = only(&run("i", &m)).clone();
    assert_eq!((p.kind, p.bytes), (PayloadKind::Aggregate, xml()));
}

#[test]
fn an_html_body_is_not_an_xml_report() {
    let m = mail("Content-Type: text/html\r\n\r\n<html><body>Your report</body></html>");
    assert_eq!(refused(&run("h", &m)).error, ContainerError::NoReport);
}

// ------------------------------------------------------------------- bombs

/// A gzip of `gib` GiB of zeros, made on the fly: one megabyte of zeros
/// compressed by flate2 with a full flush (a byte-aligned, self-contained
/// run of blocks), repeated; a final empty block; the trailer's CRC-32
/// combined per megabyte. About 1 KiB per MiB: 10 MiB for 10 GiB.
fn zeros_gzip(gib: u64) -> Vec<u8> {
    zeros_gzip_mib(gib * 1024)
}

/// As [`zeros_gzip`], `count` MiB.
fn zeros_gzip_mib(count: u64) -> Vec<u8> {
    const MIB: usize = 1 << 20;
    let zeros = vec![0u8; MIB];
    let mut c = Compress::new(Compression::best(), false);
    let mut chunk = Vec::with_capacity(64 << 10);
    c.compress_vec(&zeros, &mut chunk, FlushCompress::Full)
        .unwrap();
    assert_eq!(c.total_in(), MIB as u64);
    assert!(
        chunk.ends_with(&[0, 0, 0xff, 0xff]),
        "a full flush ends aligned"
    );
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    out.reserve(chunk.len() * count as usize + 10);
    for _ in 0..count {
        out.extend_from_slice(&chunk);
    }
    // BFINAL=1, BTYPE=01, end-of-block: an empty final block (RFC 1951 §3.2.6).
    out.extend([0x03, 0x00]);
    let mut one = Crc::new();
    one.update(&zeros);
    let mut all = Crc::new();
    for _ in 0..count {
        all.combine(&one);
    }
    out.extend(all.sum().to_le_bytes());
    out.extend(((count * MIB as u64) as u32).to_le_bytes());
    out
}

#[test]
fn the_bomb_generator_makes_a_real_gzip() {
    // A peer decoder (flate2's GzDecoder) checks the construction: the
    // 1 MiB variant to its end, trailer included; the 10 GiB one for its
    // first 16 MiB (all of it would take minutes unoptimised).
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&zeros_gzip_mib(1)[..])
        .read_to_end(&mut out)
        .unwrap();
    assert_eq!(out, vec![0u8; 1 << 20]);
    let bomb = zeros_gzip(10);
    assert!(bomb.len() < 16 << 20, "10 GiB in {} bytes", bomb.len());
    let mut head = vec![1u8; 16 << 20];
    flate2::read::GzDecoder::new(&bomb[..])
        .read_exact(&mut head)
        .unwrap();
    assert!(head.iter().all(|&b| b == 0));
}

#[test]
fn a_10_gib_gzip_bomb_is_refused_near_the_ratio_cap() {
    let bomb = zeros_gzip(10);
    let limits = Limits::default();
    let r = run_with("bomb.xml.gz", &bomb, &limits);
    let x = refused(&r);
    assert_eq!(x.name, "bomb.xml.gz");
    assert_eq!(x.error, ContainerError::RatioTooHigh { limit: 1000 });
    // Stopped just past the ratio floor: one 64 KiB chunk at most beyond.
    // Zeros expand just over 1000 times: the cap bites a few 64 KiB
    // chunks past the floor.
    assert!(
        r.done.inflated <= 2 * limits.ratio_floor,
        "{}",
        r.done.inflated
    );
    assert!(
        r.done.inflated >= limits.ratio_floor / 2,
        "{}",
        r.done.inflated
    );
}

#[test]
fn a_gzip_bomb_without_the_ratio_cap_stops_at_the_size_cap() {
    let bomb = zeros_gzip(10);
    let mut limits = Limits::default();
    limits.max_ratio = u64::MAX;
    limits.max_decompressed = 4 << 20;
    let r = run_with("bomb.gz", &bomb, &limits);
    assert_eq!(
        refused(&r).error,
        ContainerError::TooLarge { limit: 4 << 20 }
    );
    assert!(r.done.inflated <= 4 << 20);
    assert!(r.done.inflated > 3 << 20);
    // The building block says the same, and what it spent.
    let mut budget = Budget::new(&limits);
    assert_eq!(
        gunzip(&bomb, &mut budget).unwrap_err(),
        ContainerError::TooLarge { limit: 4 << 20 }
    );
    assert!(budget.inflated() <= 4 << 20);
}

#[test]
fn a_zip_entry_expanding_past_the_cap_is_refused_and_the_rest_goes_on() {
    let mut limits = Limits::default();
    limits.max_decompressed = 1 << 20;
    // Honest headers: the entry really is 3 MiB.
    let data = zip_of(&[("big.xml", &vec![b' '; 3 << 20]), ("r.xml", &xml())]);
    let r = run_with("z.zip", &data, &limits);
    assert_eq!(names(&r), ["z.zip › r.xml"]);
    assert_eq!(r.rejected.len(), 1);
    assert_eq!(r.rejected[0].name, "z.zip › big.xml");
    assert_eq!(
        r.rejected[0].error,
        ContainerError::TooLarge { limit: 1 << 20 }
    );
    assert!(r.done.inflated <= (1 << 20) + xml().len() as u64);
}

#[test]
fn a_zip_whose_header_lies_about_the_size() {
    // Declares 1000 bytes, expands to 8 MiB: stopped at the first chunk.
    let content = vec![b'a'; 8 << 20];
    let lying = Raw {
        size: 1000,
        ..Raw::deflated("lie.xml", &content)
    };
    let r = run("l.zip", &raw_zip(&[lying, Raw::deflated("ok.xml", &xml())]));
    assert_eq!(names(&r), ["l.zip › ok.xml"]);
    assert_eq!(
        r.rejected[0].error,
        ContainerError::SizeExceeded {
            format: Format::Zip,
            declared: 1000
        }
    );
    assert!(r.done.inflated < (64 << 10) + xml().len() as u64);
    // Declares 4 GiB, holds a few bytes: nothing is allocated by the
    // header, the size is refused as a lie.
    let huge = Raw {
        size: u32::MAX - 1,
        ..Raw::deflated("huge.xml", &xml())
    };
    let r = run("h.zip", &raw_zip(&[huge]));
    assert_eq!(
        refused(&r).error,
        ContainerError::SizeMismatch {
            format: Format::Zip,
            declared: u64::from(u32::MAX - 1),
            actual: xml().len() as u64
        }
    );
}

#[test]
fn a_zip_of_many_entries_is_read_up_to_the_cap() {
    let entries: Vec<(String, Vec<u8>)> = (0..100)
        .map(|i| {
            (
                format!("r{i:03}.xml"),
                format!("<feedback>{i}</feedback>").into_bytes(),
            )
        })
        .collect();
    let refs: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    let r = run("m.zip", &zip_of(&refs));
    assert_eq!(r.payloads.len(), 64);
    assert_eq!(r.payloads[63].name, "m.zip › r063.xml");
    assert_eq!(r.payloads[63].bytes, b"<feedback>63</feedback>");
    assert_eq!(r.rejected.len(), 1);
    assert_eq!(r.rejected[0].name, "m.zip");
    assert_eq!(
        r.rejected[0].error,
        ContainerError::ZipTooManyEntries { limit: 64 }
    );
}

#[test]
fn overlapping_zip_entries_are_refused() {
    // Three central directory entries sharing one local entry: the shape
    // of overlapping-file zip bombs.
    let first = Raw::deflated("a.xml", &xml());
    let shared = |name| Raw {
        name,
        local_of: Some(0),
        ..first.clone()
    };
    let r = run(
        "o.zip",
        &raw_zip(&[first.clone(), shared("b.xml"), shared("c.xml")]),
    );
    assert_eq!(names(&r), ["o.zip › a.xml"]);
    let errors: Vec<_> = r
        .rejected
        .iter()
        .map(|x| (x.name.as_str(), &x.error))
        .collect();
    assert_eq!(
        errors,
        [
            ("o.zip › b.xml", &ContainerError::ZipOverlap),
            ("o.zip › c.xml", &ContainerError::ZipOverlap)
        ]
    );
}

#[test]
fn encrypted_and_unsupported_entries_are_named_and_the_rest_goes_on() {
    let encrypted = Raw {
        flags: 1,
        ..Raw::deflated("secret.xml", &xml())
    };
    let bzip2 = Raw {
        method: 12,
        ..Raw::stored("b.xml", b"BZh91AY&SY")
    };
    let r = run(
        "e.zip",
        &raw_zip(&[encrypted, bzip2, Raw::deflated("ok.xml", &xml())]),
    );
    assert_eq!(names(&r), ["e.zip › ok.xml"]);
    let errors: Vec<_> = r
        .rejected
        .iter()
        .map(|x| (x.name.as_str(), &x.error))
        .collect();
    assert_eq!(
        errors,
        [
            ("e.zip › secret.xml", &ContainerError::ZipEncrypted),
            ("e.zip › b.xml", &ContainerError::ZipMethod { method: 12 })
        ]
    );
}

#[test]
fn corrupt_data_and_checksums_are_refused() {
    let mut bad = Raw::deflated("c.xml", &xml());
    bad.data[0] = 0xff; // BTYPE=11: reserved (RFC 1951 §3.2.3)
    let r = run("c.zip", &raw_zip(&[bad]));
    assert!(matches!(
        refused(&r).error,
        ContainerError::Corrupt {
            format: Format::Zip,
            ..
        }
    ));
    let wrong = Raw {
        crc: 0xdead_beef,
        ..Raw::deflated("w.xml", &xml())
    };
    assert_eq!(
        refused(&run("w.zip", &raw_zip(&[wrong]))).error,
        ContainerError::Checksum {
            format: Format::Zip
        }
    );
}

#[test]
fn the_total_per_input_is_capped() {
    let mut limits = Limits::default();
    limits.max_ratio = u64::MAX;
    limits.max_total_decompressed = 3 << 20;
    let mut report = b"<feedback>".to_vec();
    report.resize(1 << 20, b' ');
    let mib = gz(&report);
    let parts: Vec<String> = (0..5)
        .map(|i| attachment("application/gzip", &format!("r{i}.xml.gz"), &mib))
        .collect();
    let r = run_with("t.eml", &mail(&multipart("mixed", "b", &parts)), &limits);
    assert_eq!(r.payloads.len(), 3, "{:?}", r.rejected);
    let errors: Vec<_> = r
        .rejected
        .iter()
        .map(|x| (x.name.as_str(), &x.error))
        .collect();
    let cap = ContainerError::TotalTooLarge { limit: 3 << 20 };
    assert_eq!(
        errors,
        [("t.eml › r3.xml.gz", &cap), ("t.eml › r4.xml.gz", &cap)]
    );
    assert!(r.done.inflated <= 3 << 20);
}

#[test]
fn deep_mime_is_cut_at_the_depth_cap() {
    // A report at depth 1, then multiparts nested 40 deep.
    let mut inner = text_part("bottom");
    for level in (0..40).rev() {
        inner = multipart("mixed", &format!("b{level}"), &[inner]);
    }
    let m = mail(&multipart(
        "mixed",
        "top",
        &[attachment("application/xml", "r.xml", &xml()), inner],
    ));
    let r = run("d.eml", &m);
    assert_eq!(names(&r), ["d.eml › r.xml"]);
    assert_eq!(r.rejected.len(), 1);
    assert_eq!(
        r.rejected[0].error,
        ContainerError::MimeTooDeep { limit: 8 }
    );
    assert_eq!(r.rejected[0].name, "d.eml › part 2.1.1.1.1.1.1.1");
}

#[test]
fn many_mime_parts_are_cut_at_the_part_cap() {
    let mut parts = vec![attachment("application/xml", "first.xml", &xml())];
    parts.extend((0..400).map(|i| text_part(&format!("part {i}"))));
    parts.push(attachment("application/xml", "last.xml", &xml()));
    let r = run("p.eml", &mail(&multipart("mixed", "b", &parts)));
    assert_eq!(names(&r), ["p.eml › first.xml"]);
    assert_eq!(r.rejected.len(), 1);
    assert_eq!(
        r.rejected[0].error,
        ContainerError::MimeTooManyParts { limit: 256 }
    );
}

// ------------------------------------------------------------- truncation

#[test]
fn a_gzip_cut_anywhere_is_truncated() {
    let data = gz(&xml());
    for cut in 2..data.len() {
        let r = run("c.xml.gz", &data[..cut]);
        let x = refused(&r);
        assert!(
            matches!(
                x.error,
                ContainerError::Truncated {
                    format: Format::Gzip,
                    ..
                }
            ),
            "cut at {cut}: {:?}",
            x.error
        );
    }
}

#[test]
fn a_zip_cut_anywhere_keeps_the_entries_before_the_cut() {
    let second = (0..300u32)
        .map(|i| format!("<record>{i}</record>"))
        .collect::<String>();
    let data = zip_of(&[("a.xml", &xml()), ("b.xml", second.as_bytes())]);
    let local_b = memchr::memmem::rfind(&data, b"PK\x03\x04").unwrap();
    let directory = memchr::memmem::find(&data, b"PK\x01\x02").unwrap();
    let b_data = local_b + 30 + "b.xml".len();
    for cut in 5..data.len() {
        let r = run("c.zip", &data[..cut]);
        assert!(r.done.payloads + r.done.rejected >= 1, "cut {cut}");
        if (b_data + 1..directory).contains(&cut) {
            assert_eq!(names(&r), ["c.zip › a.xml"], "cut {cut}");
            assert_eq!(r.payloads[0].bytes, xml());
            assert_eq!(r.payloads[0].notes, [ContainerNote::ZipDirectoryMissing]);
            assert_eq!(r.rejected.len(), 1, "cut {cut}");
            assert_eq!(r.rejected[0].name, "c.zip › b.xml");
            assert!(
                matches!(
                    r.rejected[0].error,
                    ContainerError::Truncated { .. } | ContainerError::Corrupt { .. }
                ),
                "cut {cut}: {:?}",
                r.rejected[0].error
            );
        }
        if (directory..data.len() - 22).contains(&cut) {
            assert_eq!(names(&r), ["c.zip › a.xml", "c.zip › b.xml"], "cut {cut}");
            assert!(r.rejected.is_empty(), "cut {cut}: {:?}", r.rejected);
        }
    }
}

#[test]
fn a_mail_cut_anywhere_never_gives_a_wrong_report() {
    let m = fixture("google-zip.eml");
    for cut in 0..m.len() {
        let r = run("c.eml", &m[..cut]);
        assert!(r.done.payloads + r.done.rejected >= 1, "cut {cut}");
        // A payload, when there is one, is the whole report: the zip's
        // CRC-32 vouches for it.
        for p in &r.payloads {
            assert_eq!(p.bytes, xml(), "cut {cut}");
        }
    }
}

// ---------------------------------------------------------------- catalog

fn every_error() -> Vec<ContainerError> {
    vec![
        ContainerError::Empty,
        ContainerError::NotAReport,
        ContainerError::NoReport,
        ContainerError::NoReportInArchive,
        ContainerError::InputTooLarge { limit: 67108864 },
        ContainerError::TooLarge { limit: 67108864 },
        ContainerError::RatioTooHigh { limit: 1000 },
        ContainerError::TotalTooLarge { limit: 268435456 },
        ContainerError::NestedTooDeep { limit: 1 },
        ContainerError::MimeTooDeep { limit: 8 },
        ContainerError::MimeTooManyParts { limit: 256 },
        ContainerError::Truncated {
            format: Format::Gzip,
            offset: 1234,
        },
        ContainerError::Corrupt {
            format: Format::Zip,
            offset: 77,
        },
        ContainerError::Checksum {
            format: Format::Gzip,
        },
        ContainerError::SizeMismatch {
            format: Format::Zip,
            declared: 10,
            actual: 9,
        },
        ContainerError::SizeExceeded {
            format: Format::Zip,
            declared: 1000,
        },
        ContainerError::ZipUnreadable,
        ContainerError::ZipEncrypted,
        ContainerError::ZipMethod { method: 12 },
        ContainerError::ZipOverlap,
        ContainerError::ZipTooManyEntries { limit: 64 },
    ]
}

fn every_note() -> Vec<ContainerNote> {
    vec![
        ContainerNote::NameMismatch {
            name: "a\u{1b}[31m.zip".into(),
            claimed: Format::Zip,
            found: Format::Gzip,
        },
        ContainerNote::ContentTypeMismatch {
            content_type: "application/zip".into(),
            found: Format::Xml,
        },
        ContainerNote::TrailingData {
            format: Format::Gzip,
            count: 7,
        },
        ContainerNote::ZipDirectoryMissing,
    ]
}

fn check_catalog(item: &(impl Explain + std::fmt::Display)) {
    let params = item
        .args()
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    let en = render_message_strict(Lang::En, item.message_id(), &params)
        .unwrap_or_else(|e| panic!("{}: {e:?}", item.message_id()));
    assert_eq!(en, item.to_string(), "{}", item.message_id());
    let ja = render_message_strict(Lang::Ja, item.message_id(), &params)
        .unwrap_or_else(|e| panic!("{}: {e:?}", item.message_id()));
    assert_ne!(ja, en);
    assert!(!ja.chars().any(char::is_control), "{ja:?}");
}

#[test]
fn every_error_and_note_has_its_catalog_text() {
    for e in every_error() {
        check_catalog(&e);
    }
    for n in every_note() {
        check_catalog(&n);
    }
    // Escaped where it came from the input.
    assert_eq!(
        every_note()[0].to_string(),
        "the name a\\x1b[31m.zip suggests application/zip but the content is application/gzip"
    );
}

// -------------------------------------------------------------- properties

fn seeds() -> Vec<Vec<u8>> {
    vec![
        zip_of(&[("a.xml", &xml()), ("b.json.gz", &gz(&json()))]),
        gz(&xml()),
        fixture("google-zip.eml"),
        fixture("arf-failure.eml"),
        mail(&multipart(
            "mixed",
            "b",
            &[
                text_part("x"),
                attachment("application/zip", "z.zip", &zip_of(&[("r.xml", &xml())])),
                "Content-Type: message/rfc822\r\n\r\nFrom: a@b\r\nContent-Type: multipart/mixed; boundary=c\r\n\r\n--c\r\nContent-Type: text/xml\r\n\r\n<feedback/>\r\n--c--\r\n".into(),
            ],
        )),
    ]
}

fn small_limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_decompressed = 1 << 20;
    limits.max_total_decompressed = 2 << 20;
    limits
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn extract_never_panics_on_arbitrary_bytes(
        prefix in prop::sample::select(vec![
            &b""[..], b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b\x08", b"<", b"{", b"\xff\xfe<\0",
            b"From: a@b\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n",
        ]),
        body in prop::collection::vec(any::<u8>(), 0..1024),
    ) {
        let mut bytes = prefix.to_vec();
        bytes.extend(body);
        let limits = small_limits();
        let done = extract("p", &bytes, &limits, &mut |_| {});
        prop_assert!(done.payloads + done.rejected >= 1);
        prop_assert!(done.inflated <= limits.max_total_decompressed);
    }

    #[test]
    fn extract_never_panics_on_mutated_containers(
        seed in 0..5usize,
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 1..6),
        cut in any::<prop::sample::Index>(),
        cutting in any::<bool>(),
    ) {
        let mut bytes = seeds().swap_remove(seed);
        for (at, byte, kind) in edits {
            let i = at.index(bytes.len());
            match kind {
                0 => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                _ => { bytes.remove(i); }
            }
        }
        if cutting && !bytes.is_empty() {
            bytes.truncate(cut.index(bytes.len()));
        }
        let limits = small_limits();
        let done = extract("m", &bytes, &limits, &mut |_| {});
        prop_assert!(done.payloads + done.rejected >= 1);
        prop_assert!(done.inflated <= limits.max_total_decompressed);
    }
}
