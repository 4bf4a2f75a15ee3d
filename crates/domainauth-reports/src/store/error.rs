//! What can go wrong opening, writing or reading the store.

use std::path::PathBuf;

use crate::explain::Explain;

/// An error of the report store. Input is never the cause of a panic:
/// values a report carries that the store cannot keep are refused with
/// [`StoreError::TooLarge`], before anything is written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The target names a database this store does not support (a URL
    /// scheme other than `sqlite:`, `postgres:` and `postgresql:`).
    #[error("{target} is neither a SQLite file nor a PostgreSQL URL (postgres://…)")]
    UnsupportedTarget {
        /// The target as given (a password in it is hidden).
        target: String,
    },
    /// The folder that is to hold a new SQLite file could not be created.
    #[error("cannot create the folder {} for the store: {source}", path.display())]
    CreateDir {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The database could not be opened (or, for SQLite, created), or the
    /// server could not be reached.
    #[error("cannot open the store {target}: {source}")]
    Open {
        /// The target (a password in it is hidden).
        target: String,
        /// Why.
        source: sqlx::Error,
    },
    /// The schema migrations could not be applied at open.
    #[error("cannot bring the schema of the store {target} up to date: {source}")]
    Migrate {
        /// The target (a password in it is hidden).
        target: String,
        /// Why.
        source: sqlx::migrate::MigrateError,
    },
    /// A query failed (connection lost, disk full, database locked for
    /// longer than the busy timeout …).
    #[error("the store's database failed: {0}")]
    Database(#[from] sqlx::Error),
    /// A count in a report is larger than the database's 64-bit signed
    /// integers hold (2^63 − 1); the report is not stored.
    #[error("{field} is {value}, more than the store can hold (at most {max})", max = i64::MAX)]
    TooLarge {
        /// The element or member of the report (`<count>`,
        /// `failed-session-count` …).
        field: &'static str,
        /// The value sent.
        value: u64,
    },
    /// A stored value is not what this version of the store writes (the
    /// database was changed by hand, or by a newer version).
    #[error("the store holds a value it cannot read: {table}.{column} = {value}")]
    Corrupt {
        /// The table.
        table: &'static str,
        /// The column.
        column: &'static str,
        /// The value (shortened to 100 characters).
        value: String,
    },
}

impl Explain for StoreError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::UnsupportedTarget { .. } => "reports-store-unsupported-target",
            Self::CreateDir { .. } => "reports-store-create-dir",
            Self::Open { .. } => "reports-store-open",
            Self::Migrate { .. } => "reports-store-migrate",
            Self::Database(_) => "reports-store-database",
            Self::TooLarge { .. } => "reports-store-too-large",
            Self::Corrupt { .. } => "reports-store-corrupt",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::UnsupportedTarget { target } => vec![("target", target.clone())],
            Self::CreateDir { path, source } => vec![
                ("path", path.display().to_string()),
                ("reason", source.to_string()),
            ],
            Self::Open { target, source } => {
                vec![("target", target.clone()), ("reason", source.to_string())]
            }
            Self::Migrate { target, source } => {
                vec![("target", target.clone()), ("reason", source.to_string())]
            }
            Self::Database(source) => vec![("reason", source.to_string())],
            Self::TooLarge { field, value } => vec![
                ("field", (*field).to_string()),
                ("value", value.to_string()),
                ("max", i64::MAX.to_string()),
            ],
            Self::Corrupt {
                table,
                column,
                value,
            } => vec![
                ("table", (*table).to_string()),
                ("column", (*column).to_string()),
                ("value", value.clone()),
            ],
        }
    }
}

impl StoreError {
    /// A [`StoreError::Corrupt`] for `value` read from `table.column`.
    pub(crate) fn corrupt(table: &'static str, column: &'static str, value: &str) -> Self {
        Self::Corrupt {
            table,
            column,
            value: value.chars().take(100).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use domainauth::diag::Lang;

    use super::*;

    fn every_variant() -> Vec<StoreError> {
        vec![
            StoreError::UnsupportedTarget {
                target: "mysql://db.example/reports".into(),
            },
            StoreError::CreateDir {
                path: PathBuf::from("/nonexistent/reports"),
                source: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
            },
            StoreError::Open {
                target: "postgres://reports@127.0.0.1:1/reports".into(),
                source: sqlx::Error::PoolTimedOut,
            },
            StoreError::Migrate {
                target: "reports.db".into(),
                source: sqlx::migrate::MigrateError::VersionMissing(1),
            },
            StoreError::Database(sqlx::Error::RowNotFound),
            StoreError::TooLarge {
                field: "<count>",
                value: u64::MAX,
            },
            StoreError::corrupt("aggregate_records", "disposition", "maybe"),
        ]
    }

    /// The English catalog text is the Display text, and the Japanese one
    /// exists and uses every parameter.
    #[test]
    fn catalog_text_is_display() {
        for error in every_variant() {
            assert_eq!(error.text(Lang::En), error.to_string(), "{error:?}");
            let ja = error.text(Lang::Ja);
            assert_ne!(ja, error.message_id(), "no Japanese text for {error:?}");
            for (name, value) in error.args() {
                assert!(ja.contains(&value), "{name} missing from {ja:?}");
            }
        }
    }

    #[test]
    fn too_large_names_the_limit() {
        let error = StoreError::TooLarge {
            field: "<count>",
            value: 1 << 63,
        };
        assert_eq!(
            error.to_string(),
            "<count> is 9223372036854775808, more than the store can hold (at most 9223372036854775807)"
        );
    }

    #[test]
    fn corrupt_values_are_shortened() {
        let error = StoreError::corrupt("t", "c", &"x".repeat(500));
        let StoreError::Corrupt { value, .. } = error else {
            unreachable!()
        };
        assert_eq!(value.chars().count(), 100);
    }
}
