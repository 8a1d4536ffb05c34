//! Bytes → [`RawDocument`]: one module per format.
//!
//! Every extractor is a pure function of the file's bytes and path, so a bad
//! file can only produce an [`ExtractError`], which the ingester reports,
//! counts and skips. PDF parsing runs in worker processes (see `pdf_pool`)
//! because PDF libraries can panic or loop on malformed files.

use std::time::Duration;

use crate::document::RawDocument;

pub mod akn;
pub(crate) mod date;
pub mod html;
pub(crate) mod marcxml;
pub(crate) mod mojibake;
pub mod pdf;
pub mod pdf_pool;
pub(crate) mod records;
pub(crate) mod text;
pub(crate) mod un_meta;

/// Why a file (or one record of a records file) could not be extracted.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("cannot read file: {0}")]
    Io(#[from] std::io::Error),
    #[error("empty file")]
    Empty,
    #[error("file too large: {size} bytes (limit {limit})")]
    TooLarge { size: u64, limit: u64 },
    #[error("unsupported file type (expected pdf, html, txt, jsonl or xml)")]
    Unsupported,
    #[error("not a PDF (no %PDF- header)")]
    NotPdf,
    #[error("PDF is encrypted")]
    Encrypted,
    #[error("PDF has no text layer (scanned image?)")]
    NoText,
    #[error("PDF extractor failed: {0}")]
    Pdf(String),
    #[error("extraction took longer than {0:?}, abandoned")]
    Timeout(Duration),
    #[error("line {line}: {reason}")]
    Record { line: usize, reason: String },
    #[error("malformed XML: {0}")]
    Xml(String),
    #[error("no text found")]
    NoContent,
    /// What the UN's document server sends for a symbol it has no file for:
    /// a one-page PDF saying so. Not a failure: there is no document.
    #[error("ODS placeholder: the document does not exist")]
    Placeholder,
    #[error("binary data, not text ({percent}% of the bytes are control codes)")]
    Binary { percent: u8 },
    #[error("extractor crashed: {0}")]
    Crashed(String),
}

impl ExtractError {
    /// The input is not a document at all (a placeholder): it is reported
    /// as skipped, not as a failure.
    pub fn is_not_a_document(&self) -> bool {
        matches!(self, ExtractError::Placeholder)
    }
}

/// Every extractor returns zero or more documents, and zero or more
/// per-record failures (a records file can be partly good).
pub type Extracted = Vec<Result<RawDocument, ExtractError>>;

/// The formats the ingester reads, told by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Html,
    Text,
    /// JSON Lines (or a JSON array) of records.
    Records,
    /// XML: UN Digital Library MARCXML, or AKN4UN when the root element
    /// is `akomaNtoso` (told apart by content, see `extract_file`).
    MarcXml,
}

impl Format {
    pub fn of(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "pdf" => Format::Pdf,
            "html" | "htm" | "xhtml" => Format::Html,
            "txt" | "text" => Format::Text,
            "jsonl" | "ndjson" | "json" => Format::Records,
            "xml" => Format::MarcXml,
            _ => return None,
        })
    }

    /// Largest file accepted: generous for real documents, small enough that
    /// one bad file cannot exhaust memory.
    pub fn max_bytes(self) -> u64 {
        match self {
            Format::Pdf => pdf::PDF_MAX_BYTES,
            Format::Html => html::MAX_HTML_BYTES,
            Format::Text => 50_000_000,
            Format::Records | Format::MarcXml => 1_000_000_000,
        }
    }
}

/// Extracts one file. PDFs go to a worker of `pdfs`.
pub fn extract_file(path: &std::path::Path, pdfs: &pdf_pool::PdfPool) -> Extracted {
    let Some(format) = Format::of(path) else {
        return vec![Err(ExtractError::Unsupported)];
    };
    let size = match std::fs::metadata(path) {
        Ok(m) => m.len(),
        Err(e) => return vec![Err(ExtractError::Io(e))],
    };
    if size > format.max_bytes() {
        return vec![Err(ExtractError::TooLarge {
            size,
            limit: format.max_bytes(),
        })];
    }
    if size == 0 {
        return vec![Err(ExtractError::Empty)];
    }
    if format == Format::Pdf {
        // Read in the worker: the ingest never parses PDF bytes.
        return vec![pdf::extract(pdfs, path)];
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return vec![Err(ExtractError::Io(e))],
    };
    match format {
        Format::Html => vec![html::extract(path, &bytes)],
        Format::Text => vec![text::extract(path, &bytes)],
        Format::Records => records::extract(path, &bytes),
        Format::MarcXml if akn::is_akn(&bytes) => akn::extract(path, &bytes),
        Format::MarcXml => {
            let mut out = marcxml::extract(path, &bytes);
            // Neither format: say what the file is instead.
            if let [Err(ExtractError::Xml(msg))] = out.as_mut_slice() {
                if let Some(root) = akn::root_element(&bytes) {
                    if !matches!(root.as_str(), "collection" | "record") {
                        msg.push_str(&format!(
                            " (root element is <{root}>; expected a MARC <collection> or AKN4UN <{}>)",
                            akn::ROOT
                        ));
                    }
                }
            }
            out
        }
        Format::Pdf => unreachable!("handled above"),
    }
}
