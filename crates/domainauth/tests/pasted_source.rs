//! A message's source pasted from a web mail page, with the text the page
//! shows above it: Gmail's "Show original" (「メッセージのソースを表示」)
//! summary in English and Japanese (examples/s3/show-original-*.txt),
//! a title line as other pages add. The text above the header is skipped,
//! and what is read afterwards is exactly the message: same fields, same
//! body, same author. A line of the skipped text that reads as a From
//! naming another address is a From problem, never the author.

use domainauth::mail::{FromProblem, MAX_PREAMBLE_LINES, Message, author};
use proptest::prelude::*;

fn example(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/s3")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Name and value of every field, in order.
fn fields(m: &Message<'_>) -> Vec<(String, Vec<u8>)> {
    m.fields()
        .map(|f| (f.name.to_string(), f.value.to_vec()))
        .collect()
}

/// The summary Gmail shows, in English and in Japanese, is skipped: the
/// fields, the body and the author are those of the message alone.
#[test]
fn gmail_show_original_page_reads_as_the_message() {
    let original = example("message.eml");
    let message = Message::parse(&original).unwrap();
    assert!(message.preamble().is_none());
    for page in ["show-original-en.txt", "show-original-ja.txt"] {
        let raw = example(page);
        let pasted = Message::parse(&raw).unwrap();
        let preamble = pasted.preamble().unwrap_or_else(|| panic!("{page}"));
        // Title, 7 summary rows, an empty line, the buttons, an empty line.
        assert_eq!(preamble.lines, 11, "{page}");
        assert_eq!(fields(&pasted), fields(&message), "{page}");
        assert_eq!(pasted.body(), message.body(), "{page}");
        assert!(
            pasted.problems().is_empty(),
            "{page}: {:?}",
            pasted.problems()
        );
        let a = author(&pasted);
        assert_eq!(a, author(&message), "{page}");
        assert!(a.problems.is_empty(), "{page}: {:?}", a.problems);
        assert_eq!(a.domains, ["company.example"]);
    }
    // The English summary repeats the From: it is kept to be compared.
    let raw = example("show-original-en.txt");
    let pasted = Message::parse(&raw).unwrap();
    assert_eq!(
        pasted.preamble().unwrap().from_lines,
        [(4, "Company Info <info@company.example>".to_string())]
    );
}

/// Other pages add a title, or start with an empty line; an mbox "From "
/// line is no header field either. Line numbers count the skipped lines.
#[test]
fn a_title_or_empty_lines_above_the_header_are_skipped() {
    for (prefix, lines) in [
        ("Message source\r\n\r\n", 2),
        ("\r\n", 1),
        ("メッセージのソース\n", 1),
        ("From someone@example.com Fri Nov 20 01:02:03 2026\n", 1),
    ] {
        let raw = format!(
            "{prefix}Return-Path: <b@example.com>\r\nFrom: A <a@example.com>\r\nbroken line\r\nDate: Fri, 20 Nov 2026 01:02:03 +0000\r\n\r\nbody\r\n"
        );
        let m = Message::parse(raw.as_bytes()).unwrap();
        assert_eq!(m.preamble().map(|p| p.lines), Some(lines), "{prefix:?}");
        assert_eq!(m.fields().count(), 3, "{prefix:?}");
        assert_eq!(m.problems()[0].line, lines + 3, "{prefix:?}");
        assert_eq!(m.body(), b"body\r\n");
        assert!(author(&m).problems.is_empty());
    }
}

/// Nothing is skipped in a message that starts with a field, nor when no
/// run of fields holding a message's field (Received, Date, …) follows the
/// text: the input is read as before, every line that is not a field
/// ignored and reported.
#[test]
fn nothing_is_skipped_without_a_header_to_skip_to() {
    let normal = b"Subject: x\r\nnot a field\r\nReceived: by mx\r\nFrom: a@example.com\r\n\r\n";
    let m = Message::parse(normal).unwrap();
    assert!(m.preamble().is_none());
    assert_eq!(m.fields().count(), 3);
    // A summary with no header below it.
    let summary =
        b"Original message\r\nFrom:\ta@example.com\r\nSubject:\tx\r\nDownload original\r\n\r\n";
    let m = Message::parse(summary).unwrap();
    assert!(m.preamble().is_none());
    assert_eq!(m.fields().count(), 2);
    // The header run begins too far down.
    let far = format!(
        "{}Received: by mx\r\nFrom: a@example.com\r\n\r\n",
        "Download original\r\n".repeat(MAX_PREAMBLE_LINES + 1)
    );
    let m = Message::parse(far.as_bytes()).unwrap();
    assert!(m.preamble().is_none());
    assert_eq!(m.ignored_lines(), MAX_PREAMBLE_LINES + 1);
}

/// The header begins with the first line of the run that holds a
/// message's field, so summary rows that run straight into the header are
/// read as header fields: a second From there makes two From fields.
#[test]
fn summary_rows_next_to_the_header_stay_fields() {
    let raw = b"Original message\r\nFrom:\tA <a@example.com>\r\nDelivered-To: b@example.com\r\nFrom: A <a@example.com>\r\n\r\n";
    let m = Message::parse(raw).unwrap();
    assert_eq!(m.preamble().map(|p| p.lines), Some(1));
    assert_eq!(author(&m).problems, [FromProblem::Several { count: 2 }]);
}

/// A skipped line that reads as a From naming another address than the
/// header's From is reported, wherever its address is: in angle brackets,
/// bare, folded onto the next line, in another case, or with a name that
/// holds an "@"; the same address in another spelling is no problem.
#[test]
fn a_skipped_from_must_name_the_author() {
    let header = "Received: by mx\r\nFrom: \"A\" <a@xn--wgv71a119e.example>\r\n\r\nbody";
    let check = |summary: &str| {
        let raw = format!("Original message\r\n{summary}\r\nDownload original\r\n{header}");
        let m = Message::parse(raw.as_bytes()).unwrap();
        assert!(m.preamble().is_some(), "{summary:?}");
        author(&m).problems
    };
    for same in [
        "From:\tA <a@xn--wgv71a119e.example>",
        "From:\tA <A@XN--WGV71A119E.EXAMPLE>",
        "From:\tA <a@日本語.example>",
        "From: a@xn--wgv71a119e.example",
        "Sender: ceo@other.example",
        "送信者:\tceo@other.example",
        "From:\t(no address)",
    ] {
        assert_eq!(check(same), [], "{same:?}");
    }
    for other in [
        ("From:\tA <ceo@other.example>", "ceo@other.example"),
        ("FROM: ceo@other.example", "ceo@other.example"),
        ("\u{feff}From: ceo@other.example", "ceo@other.example"),
        ("From:\tCEO\r\n <ceo@other.example>", "ceo@other.example"),
        (
            "From:\t\"a@xn--wgv71a119e.example\" <ceo@other.example>",
            "ceo@other.example",
        ),
        (
            "From:\tA <a@xn--wgv71a119e.example>, B <ceo@other.example>",
            "ceo@other.example",
        ),
    ] {
        let problems = check(other.0);
        assert!(
            matches!(problems.as_slice(), [FromProblem::Skipped { line: 2, address }] if address == other.1),
            "{other:?}: {problems:?}"
        );
    }
}

/// One line of text above a header, with what it says about the author:
/// `Some(true)` when it reads as a From naming an address that is not the
/// author's.
fn preamble_line() -> impl Strategy<Value = (String, Option<bool>)> {
    let address = prop_oneof![
        Just(("author@good.example", false)),
        Just(("AUTHOR@Good.Example", false)),
        Just(("ceo@evil.example", true)),
    ];
    prop_oneof![
        // Rows of Gmail's summary, English and Japanese, and its buttons.
        Just(("Original message".to_string(), None)),
        Just(("元のメッセージ".to_string(), None)),
        Just(("Message ID\t<x@mail.example>".to_string(), None)),
        Just((
            "Created at:\tFri, Nov 20, 2026 at 1:02 AM".to_string(),
            None
        )),
        Just(("作成日:\t2026年11月20日 1:02".to_string(), None)),
        Just(("To:\tuser@gmail.example".to_string(), None)),
        Just(("宛先:\tuser@gmail.example".to_string(), None)),
        Just(("Subject:\tNovember".to_string(), None)),
        Just((
            "SPF:\tPASS with IP 198.51.100.20 Learn more".to_string(),
            None
        )),
        Just(("DMARC:\t'PASS' Learn more".to_string(), None)),
        Just(("Download original\tCopy to clipboard".to_string(), None)),
        Just((
            "元のメッセージをダウンロード\tクリップボードにコピー".to_string(),
            None
        )),
        Just((String::new(), None)),
        // A line of spaces: a continuation to mail parsers, not an end.
        Just(("   ".to_string(), None)),
        Just(("\tLearn more".to_string(), None)),
        // Junk without a colon: never a field.
        "[ -9;-~]{0,30}".prop_map(|junk| (junk, None)),
        // Lines that read as a From, in the forms a reader may accept.
        (address.clone(), 0usize..5).prop_map(|((a, foreign), form)| {
            let line = match form {
                0 => format!("From:\tName <{a}>"),
                1 => format!("FROM: {a}"),
                2 => format!("\u{feff}From: {a}"),
                3 => format!("From:\tName\r\n <{a}>"),
                _ => format!("送信者:\t{a}"),
            };
            // The Japanese label reads as no From to anyone.
            (line, (form < 4).then_some(foreign))
        }),
    ]
}

fn real_header() -> &'static str {
    "Received: from mx.good.example by mx.google.com; Fri, 20 Nov 2026 01:02:03 -0800\r\n\
     Date: Fri, 20 Nov 2026 18:02:00 +0900\r\n\
     From: Author <author@good.example>\r\n\
     To: user@gmail.example\r\n\r\nbody\r\n"
}

proptest! {
    /// Whatever text comes above it, the header's From is the author: it
    /// is always read, no other address is the author without a problem
    /// being reported, and when all the text is skipped a problem is
    /// reported exactly when a skipped line reads as a From naming another
    /// address. Input that starts with a field is a message: nothing is
    /// skipped.
    #[test]
    fn a_skipped_prefix_never_changes_the_author(
        lines in proptest::collection::vec(preamble_line(), 0..14),
        ends_with_button in any::<bool>(),
    ) {
        let real = Message::parse(real_header().as_bytes()).unwrap();
        let real_author = author(&real);
        prop_assert!(real_author.problems.is_empty());
        let mut text: String = lines.iter().map(|(l, _)| format!("{l}\r\n")).collect();
        if ends_with_button {
            text.push_str("Download original\tCopy to clipboard\r\n");
        }
        let raw = format!("{text}{}", real_header());
        let pasted = Message::parse(raw.as_bytes()).unwrap();
        let a = author(&pasted);
        let starts_with_field = text.lines().next().is_some_and(|l| {
            l.split_once(':').is_some_and(|(n, _)| {
                let n = n.trim_end_matches([' ', '\t']);
                !n.is_empty() && n.bytes().all(|b| (33..=126).contains(&b))
            })
        });
        if text.is_empty() || starts_with_field {
            // A message: nothing is skipped.
            prop_assert!(pasted.preamble().is_none());
            return Ok(());
        }
        prop_assert!(pasted.preamble().is_some());
        // The header's From is always read, and nothing else is the author
        // without a problem being reported.
        for address in &real_author.addresses {
            prop_assert!(a.addresses.contains(address), "{:?}", a.addresses);
        }
        if a.problems.is_empty() {
            prop_assert_eq!(&a.addresses, &real_author.addresses);
        }
        // With a line that cannot be a field just above the header, the
        // whole text is skipped: the header is read as it is alone, and a
        // problem is reported exactly when a skipped line reads as a From
        // naming another address.
        if ends_with_button {
            prop_assert_eq!(fields(&pasted), fields(&real));
            let foreign = lines.iter().any(|(_, f)| *f == Some(true));
            let skipped: Vec<usize> = a
                .problems
                .iter()
                .map(|p| match p {
                    FromProblem::Skipped { line, .. } => *line,
                    other => panic!("{other:?}"),
                })
                .collect();
            prop_assert_eq!(!skipped.is_empty(), foreign, "{:?}", a.problems);
        }
    }
}

/// An mbox "From " line, then fields an attacker added above a genuine
/// signed header, separated from it by a line of spaces: mail parsers read
/// that line as a continuation, so the added fields belong to the header.
/// They are not skipped as a web page's summary (which would hide a second
/// From and a Subject from the verdict): the header starts right after the
/// "From " line, and its two From fields are a From problem.
#[test]
fn fields_above_a_header_are_not_skipped_across_a_line_of_spaces() {
    let raw = format!(
        "From attacker@evil.example Mon Nov 30 10:00:00 2026\r\n\
         Subject: URGENT: wire the money\r\n\
         From: \"CEO (urgent)\" <author@good.example>\r\n\
         Reply-To: ceo@evil.example\r\n   \r\n{}",
        real_header()
    );
    let m = Message::parse(raw.as_bytes()).unwrap();
    assert_eq!(m.preamble().map(|p| p.lines), Some(1));
    let a = author(&m);
    assert!(
        a.problems
            .iter()
            .any(|p| matches!(p, FromProblem::Several { count: 2 })),
        "{:?}",
        a.problems
    );
}

/// A From hidden in the skipped text behind a bare CR (some readers show
/// it as a line of its own), or written so that only one reading names the
/// intruder (an address inside a comment, an address list), is a From
/// problem like any other skipped From naming another address.
#[test]
fn a_skipped_from_cannot_hide_behind_a_cr_a_comment_or_a_list() {
    for summary in [
        "Original message\rFrom: Boss <boss@evil.example>\rSubject: URGENT\r\n",
        "Original message\r\nFrom: (<author@good.example>) boss@evil.example\r\n",
        "Original message\r\nFrom: \"Author\" <author@good.example>, boss@evil.example\r\n",
    ] {
        let raw = format!("{summary}Download original\r\n{}", real_header());
        let m = Message::parse(raw.as_bytes()).unwrap();
        assert!(m.preamble().is_some(), "{summary:?}");
        let a = author(&m);
        assert_eq!(a.addresses, ["author@good.example"], "{summary:?}");
        assert!(
            a.problems.iter().any(|p| matches!(
                p,
                FromProblem::Skipped { address, .. } if address.contains("boss@evil.example")
            )),
            "{summary:?}: {:?}",
            a.problems
        );
    }
    // The author's own address, however written, is no problem.
    for summary in [
        "Original message\rFrom: Author <author@good.example>\r\n",
        "Original message\r\nFrom: \"Author\" <author@good.example>\r\n",
    ] {
        let raw = format!("{summary}Download original\r\n{}", real_header());
        let a = author(&Message::parse(raw.as_bytes()).unwrap());
        assert!(a.problems.is_empty(), "{summary:?}: {:?}", a.problems);
    }
}
