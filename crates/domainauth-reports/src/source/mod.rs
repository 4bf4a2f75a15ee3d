//! Where reports come from: files, folders, Maildir, mbox and IMAP.

pub mod imap;
