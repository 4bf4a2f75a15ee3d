//! The `Received-SPF` header field (RFC 7208 §9.1).

use std::fmt::Write as _;

use super::result::{Evaluation, SpfResult};

/// RFC 5322 `atext` plus `.` in the middle: values that need no quotes.
fn is_dot_atom(value: &str) -> bool {
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
    !value.is_empty()
        && !value.starts_with('.')
        && !value.ends_with('.')
        && !value.contains("..")
        && value.chars().all(|c| atext(c) || c == '.')
}

/// Appends ` key=value;`, the value as a dot-atom when it is one, else as
/// a quoted-string with control characters escaped (RFC 7208 §9.1
/// `key-value-pair`).
fn push_pair(out: &mut String, key: &str, value: &str) {
    let _ = write!(out, " {key}=");
    if is_dot_atom(value) {
        out.push_str(value);
    } else {
        crate::mail::push_quoted_string(out, value);
    }
    out.push(';');
}

impl Evaluation {
    /// The RFC 7208 §9.1 comment for this result ("domain of … designates …"),
    /// also written in Authentication-Results.
    pub fn comment(&self) -> String {
        let ip = self.client_ip;
        let who = &self.sender;
        match self.result {
            SpfResult::Pass => format!("domain of {who} designates {ip} as permitted sender"),
            SpfResult::Fail => {
                format!("domain of {who} does not designate {ip} as permitted sender")
            }
            SpfResult::SoftFail => {
                format!("domain of transitioning {who} does not designate {ip} as permitted sender")
            }
            SpfResult::Neutral => {
                format!("{ip} is neither permitted nor denied by domain of {who}")
            }
            SpfResult::None => match &self.problem {
                Some(crate::spf::Problem::InvalidDomain { .. }) => {
                    format!("{who} has no domain that SPF can check")
                }
                _ => format!("domain of {who} does not provide an SPF record"),
            },
            SpfResult::TempError | SpfResult::PermError => match &self.problem {
                Some(p) => format!("error in processing during lookup of {who}: {p}"),
                None => format!("error in processing during lookup of {who}"),
            },
        }
    }

    /// The `Received-SPF` header field for this evaluation, folded on one
    /// line, with the comment RFC 7208 §9.1 suggests.
    ///
    /// ```
    /// # use domainauth::dns::{ZoneEntry, ZoneResolver, Txt};
    /// # use domainauth::spf::{Envelope, Verifier};
    /// # let mut zone = ZoneResolver::new();
    /// # zone.add("example.com", ZoneEntry::Txt(Txt { strings: vec![b"v=spf1 ip4:192.0.2.1 -all".to_vec()] }));
    /// # let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
    /// let env = Envelope { client_ip: "192.0.2.1".parse().unwrap(), helo: "foo.example.com".into(), mail_from: "myname@example.com".into() };
    /// let eval = rt.block_on(Verifier::new(zone).check_mail_from(&env));
    /// assert_eq!(
    ///     eval.received_spf("mybox.example.org"),
    ///     "Received-SPF: pass (mybox.example.org: domain of myname@example.com designates 192.0.2.1 as permitted sender) \
    ///      receiver=mybox.example.org; client-ip=192.0.2.1; envelope-from=\"myname@example.com\"; helo=foo.example.com; \
    ///      identity=mailfrom; mechanism=\"ip4:192.0.2.1\";"
    /// );
    /// ```
    ///
    /// Every value that comes from input (the receiver name, the envelope,
    /// the record's mechanism, the problem text) has its control characters
    /// escaped by [`escape_controls`](crate::escape::escape_controls): the
    /// result is always one unfolded header field.
    pub fn received_spf(&self, receiver: &str) -> String {
        let mut out = format!("Received-SPF: {} ", self.result);
        crate::escape::push_comment(&mut out, &format!("{receiver}: {}", self.comment()));
        push_pair(&mut out, "receiver", receiver);
        push_pair(&mut out, "client-ip", &self.client_ip.to_string());
        out.push_str(" envelope-from=");
        crate::mail::push_quoted_string(&mut out, &self.sender);
        out.push(';');
        push_pair(&mut out, "helo", &self.helo);
        push_pair(&mut out, "identity", self.identity.as_str());
        if let Some(m) = &self.matched {
            out.push_str(" mechanism=");
            crate::mail::push_quoted_string(&mut out, &m.term);
            out.push(';');
        }
        if let Some(p) = &self.problem
            && matches!(self.result, SpfResult::PermError | SpfResult::TempError)
        {
            push_pair(&mut out, "problem", &p.to_string());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert!(is_dot_atom("foo.example.com"));
        assert!(!is_dot_atom("a b"));
        let mut s = String::new();
        push_pair(&mut s, "problem", "bad \"x\"");
        assert_eq!(s, " problem=\"bad \\\"x\\\"\";");
    }
}
