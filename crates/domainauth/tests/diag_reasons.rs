//! Typed errors render from the catalogs in either language, whatever
//! values they carry: the English text is the error's own Display, the
//! Japanese text holds the values unchanged and no English word around
//! them, and a reason inside a finding is rendered in the finding's
//! language.

use domainauth::diag::{AsReason, Code, Finding, Lang, render_message_strict, render_strict};
use domainauth::dns::{BudgetLimit, DnsError, DomainNameError, RecordType};
use domainauth::spf::{MacroError, Problem, RecordError, RecordErrorKind};
use domainauth_testkit::ja::english_words;
use proptest::prelude::*;

/// The Japanese text of `error` has no English outside `values`, holds each
/// of them, and the English text is the error's Display.
fn check<E: AsReason + std::fmt::Display>(error: &E, values: &[&str]) -> Result<(), TestCaseError> {
    let reason = error.reason();
    let en = render_message_strict(Lang::En, reason.id, &reason.params)
        .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
    let ja = render_message_strict(Lang::Ja, reason.id, &reason.params)
        .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
    prop_assert_eq!(&en, &error.to_string());
    let mut rest = ja.clone();
    for v in values {
        prop_assert!(ja.contains(v), "{} lost {:?}: {}", reason.id, v, ja);
        rest = rest.replace(v, " ");
    }
    let words = english_words(&rest);
    prop_assert!(words.is_empty(), "{}: {:?} in {}", reason.id, words, ja);
    Ok(())
}

fn name() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9-]{0,10}(\\.[a-z][a-z0-9-]{0,10}){1,3}"
}

fn rtype() -> impl Strategy<Value = RecordType> {
    prop_oneof![
        Just(RecordType::A),
        Just(RecordType::Aaaa),
        Just(RecordType::Txt),
        Just(RecordType::Mx),
        Just(RecordType::Ptr),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn dns_errors_read_in_both_languages(name in name(), rtype in rtype(), n in 1u32..100_000) {
        let errors = [
            DnsError::NxDomain { name: name.clone() },
            DnsError::NoData { name: name.clone(), rtype },
            DnsError::Timeout { name: name.clone(), rtype },
            DnsError::ServFail { name: name.clone(), rtype, rcode: "SERVFAIL".into() },
            DnsError::OverBudget { name: name.clone(), rtype, limit: BudgetLimit::Queries { max: n } },
            DnsError::OverBudget { name: name.clone(), rtype, limit: BudgetLimit::Deadline { after_ms: u64::from(n) } },
        ];
        for e in &errors {
            check(e, &[&name])?;
        }
        // Inside a finding, in the finding's language.
        let finding = Finding::new(Code::SpfTempError)
            .param("domain", &name)
            .reason("error", &errors[2]);
        let (ja, _) = render_strict(Lang::Ja, &finding).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert!(ja.contains("タイムアウト"), "{}", ja);
        prop_assert!(!ja.contains("timed out"), "{}", ja);
        let (en, _) = render_strict(Lang::En, &finding).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let display = errors[2].to_string();
        prop_assert!(en.contains(&display), "{}", en);
    }

    #[test]
    fn name_and_record_errors_read_in_both_languages(
        name in name(),
        text in "[0-9]{1,3}\\.[a-z0-9.:]{1,16}",
        pos in 0usize..500,
    ) {
        check(&DomainNameError::SingleLabel { name: name.clone() }, &[&name])?;
        check(&DomainNameError::AddressLiteral { name: name.clone() }, &[&name])?;
        check(&DomainNameError::TooLong { len: pos }, &[])?;
        for kind in [
            RecordErrorKind::BadIp4 { text: text.clone() },
            RecordErrorKind::BadIp6 { text: text.clone() },
            RecordErrorKind::BadCidr { text: text.clone() },
            RecordErrorKind::BadDomainEnd { text: text.clone() },
            RecordErrorKind::Macro {
                error: MacroError::Unclosed { pos },
            },
        ] {
            let error = RecordError { pos, term: format!("ip4:{text}"), kind };
            check(&error, &[&text])?;
            let problem = Problem::Syntax { domain: name.clone(), record: String::new(), error };
            check(&problem, &[&name, &text])?;
        }
        check(&Problem::IncludeNoRecord {
            domain: name.clone(),
            term: format!("include:{text}"),
            target: text.clone(),
        }, &[&name])?;
    }
}

/// The errors a user meets creating and writing files have Japanese words
/// of their own, not the system's error number: a path through a file
/// (ENOTDIR), a read-only file system, a name too long …; the English text
/// stays the system's.
#[test]
fn file_errors_have_japanese_words() {
    use std::io::{Error, ErrorKind};
    let mut errors = vec![
        (
            Error::from(ErrorKind::NotADirectory),
            "ディレクトリではない",
        ),
        (Error::from(ErrorKind::IsADirectory), "ディレクトリです"),
        (Error::from(ErrorKind::ReadOnlyFilesystem), "読み取り専用"),
        (
            Error::from(ErrorKind::DirectoryNotEmpty),
            "空ではありません",
        ),
        (Error::from(ErrorKind::InvalidFilename), "ファイル名"),
        (Error::from(ErrorKind::QuotaExceeded), "上限"),
        (Error::from(ErrorKind::BrokenPipe), "パイプ"),
        (Error::from(ErrorKind::UnexpectedEof), "途中"),
    ];
    #[cfg(target_os = "linux")]
    errors.extend([
        // ENOTDIR, EROFS and ENAMETOOLONG as the system reports them.
        (Error::from_raw_os_error(20), "ディレクトリではない"),
        (Error::from_raw_os_error(30), "読み取り専用"),
        (Error::from_raw_os_error(36), "ファイル名"),
    ]);
    for (error, words) in errors {
        let reason = error.reason();
        assert_ne!(reason.id, "reason-io-os", "{error}");
        assert_ne!(reason.id, "reason-io-other", "{error}");
        let ja = render_message_strict(Lang::Ja, reason.id, &reason.params).unwrap();
        assert!(ja.contains(words), "{error}: {ja}");
        assert!(!ja.contains("エラー番号"), "{error}: {ja}");
        assert!(english_words(&ja).is_empty(), "{error}: {ja}");
        let en = render_message_strict(Lang::En, reason.id, &reason.params).unwrap();
        assert_eq!(en, error.to_string());
    }
}
