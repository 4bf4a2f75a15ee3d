//! The `FromStr` impls of the crate's keyword types fail with typed errors
//! that name the rejected text, say what is accepted, and convert into
//! `Box<dyn Error + Send + Sync>` (what clap's value parsers take).

use std::error::Error;

use domainauth::diag::Lang;
use domainauth::dkim::Canonicalization;
use domainauth::dmarc::Mode;
use domainauth::spf::SpfResult;
use domainauth::verify::Profile;

fn boxed<E: Error + Send + Sync + 'static>(e: E) -> Box<dyn Error + Send + Sync> {
    Box::new(e)
}

#[test]
fn each_keyword_type_names_the_rejected_text() {
    let e = "rfc1234".parse::<Mode>().unwrap_err();
    assert_eq!(e.given(), "rfc1234");
    assert_eq!(
        e.to_string(),
        r#"unknown DMARC mode "rfc1234" (rfc9989 or rfc7489)"#
    );

    let e = "relaxed/loose".parse::<Canonicalization>().unwrap_err();
    assert_eq!(e.given(), "relaxed/loose");
    assert_eq!(
        e.to_string(),
        r#""relaxed/loose" is not a canonicalization (simple or relaxed, header/body)"#
    );

    // Lang and SpfResult compare case-insensitively and name the word in lower case.
    let e = "FR".parse::<Lang>().unwrap_err();
    assert_eq!(e.given(), "fr");
    assert_eq!(e.to_string(), r#"unknown language "fr"; use en or ja"#);

    let e = "hotmail".parse::<Profile>().unwrap_err();
    assert_eq!(e.given(), "hotmail");
    assert_eq!(
        e.to_string(),
        r#"unknown profile "hotmail" (gmail-bulk or gmail, yahoo-bulk or yahoo, docomo)"#
    );

    let e = "Hardfail".parse::<SpfResult>().unwrap_err();
    assert_eq!(e.given(), "hardfail");
    assert_eq!(e.to_string(), r#"unknown SPF result "hardfail""#);
    assert!(boxed(e).source().is_none());
}

#[test]
fn accepted_spellings_still_parse() {
    assert_eq!("DMARCbis".parse::<Mode>().ok(), Some(Mode::Rfc9989));
    assert_eq!(
        "relaxed"
            .parse::<Canonicalization>()
            .ok()
            .map(|c| c.to_string()),
        Some("relaxed/simple".to_string())
    );
    assert_eq!("Japanese".parse::<Lang>().ok(), Some(Lang::Ja));
    assert_eq!(
        "YAHOO-BULK".parse::<Profile>().ok(),
        Some(Profile::YahooBulk)
    );
    assert_eq!(
        "SoftFail".parse::<SpfResult>().ok(),
        Some(SpfResult::SoftFail)
    );
}
