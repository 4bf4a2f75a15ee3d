//! [`ReportFilter`] as SQL conditions: fixed text with numbered
//! placeholders (`$1`, `$2` … — PostgreSQL's form, which SQLite accepts
//! too) and the values to bind, in order.

use super::ReportFilter;

/// A value to bind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Bind {
    Text(String),
    Int(i64),
}

/// Conditions joined with `AND` (`TRUE` when there are none) and their
/// values.
#[derive(Debug, Default)]
pub(crate) struct Conditions {
    pub(crate) sql: String,
    pub(crate) binds: Vec<Bind>,
}

impl Conditions {
    /// Adds `condition`, where `{}` stands for the placeholder of `value`.
    fn push(&mut self, condition: &str, value: Bind) {
        self.binds.push(value);
        let placeholder = format!("${}", self.binds.len());
        if !self.sql.is_empty() {
            self.sql.push_str(" AND ");
        }
        self.sql.push('(');
        self.sql.push_str(&condition.replace("{}", &placeholder));
        self.sql.push(')');
    }

    /// The placeholder the next bound value will have.
    pub(crate) fn next_placeholder(&self) -> String {
        format!("${}", self.binds.len() + 1)
    }

    /// The `WHERE` clause's text.
    pub(crate) fn clause(&self) -> &str {
        if self.sql.is_empty() {
            "TRUE"
        } else {
            &self.sql
        }
    }
}

/// Aggregate records, with the report as `a` and the record as `r`.
pub(crate) fn records(filter: &ReportFilter) -> Conditions {
    let mut c = Conditions::default();
    if let Some(domain) = &filter.domain {
        c.push(
            "a.policy_domain = {} OR r.header_from = {}",
            Bind::Text(crate::domain::normalize(domain)),
        );
    }
    dates(&mut c, filter, "a.date_begin");
    c
}

/// Failure reports, as `f`.
pub(crate) fn failures(filter: &ReportFilter) -> Conditions {
    let mut c = Conditions::default();
    if let Some(domain) = &filter.domain {
        c.push(
            "EXISTS (SELECT 1 FROM failure_values v WHERE v.failure_id = f.id \
             AND v.field = 'reported_domain' AND v.value = {})",
            Bind::Text(crate::domain::normalize(domain)),
        );
    }
    dates(&mut c, filter, "COALESCE(f.arrival_time, f.ingested_at)");
    c
}

/// TLS reports, as `t`.
pub(crate) fn tls(filter: &ReportFilter) -> Conditions {
    let mut c = Conditions::default();
    if let Some(domain) = &filter.domain {
        c.push(
            "EXISTS (SELECT 1 FROM tls_policies p WHERE p.tls_id = t.id AND p.policy_domain = {})",
            Bind::Text(crate::domain::normalize(domain)),
        );
    }
    dates(&mut c, filter, "COALESCE(t.start_time, t.ingested_at)");
    c
}

fn dates(c: &mut Conditions, filter: &ReportFilter, column: &str) {
    if let Some(since) = filter.since {
        c.push(&format!("{column} >= {{}}"), Bind::Int(since));
    }
    if let Some(until) = filter.until {
        c.push(&format!("{column} < {{}}"), Bind::Int(until));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_number_in_order() {
        let c = records(&ReportFilter {
            domain: Some("Example.COM".into()),
            since: Some(10),
            until: Some(20),
        });
        assert_eq!(
            c.clause(),
            "(a.policy_domain = $1 OR r.header_from = $1) AND (a.date_begin >= $2) AND (a.date_begin < $3)"
        );
        assert_eq!(
            c.binds,
            vec![
                Bind::Text("example.com".into()),
                Bind::Int(10),
                Bind::Int(20)
            ]
        );
        assert_eq!(c.next_placeholder(), "$4");
        // The stored form: no final dot, Unicode as A-labels.
        for (given, kept) in [
            ("EXAMPLE.com.", "example.com"),
            ("例え.JP", "xn--r8jz45g.jp"),
        ] {
            let c = records(&ReportFilter {
                domain: Some(given.into()),
                ..ReportFilter::default()
            });
            assert_eq!(c.binds, vec![Bind::Text(kept.into())]);
        }
        assert_eq!(records(&ReportFilter::default()).clause(), "TRUE");
    }
}
