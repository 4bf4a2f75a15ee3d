//! Caps applied to every report, container and message, so that hostile
//! input (zip and gzip bombs, huge or deeply nested XML, giant mails) is
//! refused with a reason instead of exhausting memory or time.

/// The caps. [`Limits::default`] suits real receivers' reports with a wide
/// margin; each field can be raised for an unusual source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Largest input read from one file or one mail (bytes).
    pub max_input: u64,
    /// Largest decompressed payload (one XML or JSON report), bytes.
    pub max_decompressed: u64,
    /// Largest ratio of decompressed to compressed size accepted for a
    /// payload larger than [`Limits::ratio_floor`].
    pub max_ratio: u64,
    /// Payloads smaller than this are never refused for their ratio (a tiny
    /// file compresses well legitimately).
    pub ratio_floor: u64,
    /// Most bytes decompressed from one input (one file or one mail), over
    /// all its archives and entries: a mail of many small bombs, or a zip
    /// of many entries each just under [`Limits::max_decompressed`], stops
    /// here.
    pub max_total_decompressed: u64,
    /// Most entries read from one zip archive.
    pub max_zip_entries: usize,
    /// Most MIME parts walked in one mail (nested parts included).
    pub max_mime_parts: usize,
    /// Deepest MIME nesting followed.
    pub max_mime_depth: usize,
    /// Deepest XML element nesting accepted.
    pub max_xml_depth: usize,
    /// Longest text or attribute value kept from XML or JSON (bytes).
    pub max_text: usize,
    /// Most `<record>` elements accepted in one aggregate report.
    pub max_records: usize,
    /// Most header fields kept from a failure report's original message.
    pub max_original_headers: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_input: 64 << 20,
            max_decompressed: 64 << 20,
            max_ratio: 1000,
            ratio_floor: 1 << 20,
            max_total_decompressed: 256 << 20,
            max_zip_entries: 64,
            max_mime_parts: 256,
            max_mime_depth: 8,
            max_xml_depth: 32,
            max_text: 64 << 10,
            max_records: 1_000_000,
            max_original_headers: 200,
        }
    }
}
