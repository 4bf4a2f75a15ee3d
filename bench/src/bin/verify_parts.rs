//! The whole verify and its parts (DKIM, SPF, DMARC) on the 4 KiB message of
//! `benches/verify.rs`, for instruction counts under callgrind, which repeat
//! exactly where wall time on a shared machine does not.
//!
//! usage: verify_parts PART ITERATIONS   (PART: dkim, spf, dmarc, whole,
//! or dkim-100k: DKIM on a 100 KiB message, for the body canonicalizer)
//! `bench/verify_vs_parts.sh --instructions` runs it under callgrind with
//! collection on only inside `measure`, after one warm-up call.

use std::hint::black_box;
use std::sync::Arc;

use domainauth::dkim::{DkimResult, DkimVerifier};
use domainauth::dmarc::{DkimAuth, DmarcResult, Evaluator, SpfAuth};
use domainauth::dns::ZoneResolver;
use domainauth::mail::{Message, author};
use domainauth::spf::{Envelope, Identity, SpfResult, Verifier};
use domainauth::verify::{MessageVerifier, VerifyOptions};
use domainauth_testkit::fixtures::{signed_shop_message, sized_message};

struct Setup {
    signed: Vec<u8>,
    /// A 100 KiB message signed with the same key, for `dkim-100k`.
    large: Vec<u8>,
    envelope: Envelope,
    dkim: DkimVerifier<Arc<ZoneResolver>>,
    spf: Verifier<Arc<ZoneResolver>>,
    dmarc: Evaluator<Arc<ZoneResolver>>,
    whole: MessageVerifier<Arc<ZoneResolver>>,
    rt: tokio::runtime::Runtime,
}

fn setup() -> Setup {
    let m = signed_shop_message();
    Setup {
        large: m.resign(&sized_message(100 * 1024)),
        signed: m.signed,
        envelope: m.envelope,
        dkim: DkimVerifier::new(m.zone.clone()),
        spf: Verifier::new(m.zone.clone()),
        dmarc: Evaluator::new(m.zone.clone()),
        whole: MessageVerifier::new(m.zone, VerifyOptions::new("mx.example.net")),
        rt: tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime"),
    }
}

fn once(s: &Setup, part: &str) {
    match part {
        "dkim" => {
            let r =
                s.rt.block_on(s.dkim.verify_message(black_box(&s.signed)))
                    .expect("message");
            assert_eq!(r[0].result, DkimResult::Pass);
        }
        "dkim-100k" => {
            let r =
                s.rt.block_on(s.dkim.verify_message(black_box(&s.large)))
                    .expect("message");
            assert_eq!(r[0].result, DkimResult::Pass);
        }
        "spf" => {
            let e = s.rt.block_on(s.spf.check_mail_from(black_box(&s.envelope)));
            assert_eq!(e.result, SpfResult::Pass);
        }
        "dmarc" => {
            let spf = SpfAuth {
                result: SpfResult::Pass,
                domain: "shop.example".into(),
                identity: Identity::MailFrom,
            };
            let dkim = [DkimAuth {
                result: DkimResult::Pass,
                domain: "shop.example".into(),
                selector: "bench".into(),
            }];
            let m = Message::parse(black_box(&s.signed)).expect("message");
            let v =
                s.rt.block_on(s.dmarc.evaluate(author(&m), Some(&spf), &dkim));
            assert_eq!(v.result, DmarcResult::Pass);
        }
        "whole" => {
            let v =
                s.rt.block_on(
                    s.whole
                        .verify(black_box(&s.signed), Some(s.envelope.clone())),
                )
                .expect("message");
            assert_eq!(v.dmarc.result, DmarcResult::Pass);
        }
        other => panic!("unknown part {other}"),
    }
}

#[inline(never)]
fn measure(s: &Setup, part: &str, iterations: u32) {
    for _ in 0..iterations {
        once(s, part);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let part = args.get(1).map_or("whole", String::as_str);
    let iterations: u32 = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(100);
    let s = setup();
    once(&s, part); // warm: key cache, tree walk cache, SPF record cache
    measure(&s, part, iterations);
}
