//! What a fetched body is, judged from its first bytes.
//!
//! Servers mislabel documents (a PDF as `application/octet-stream`, an
//! error page as `application/pdf`), so the bytes decide and the
//! Content-Type only breaks ties for text.

/// How many leading bytes the sniffer looks at.
pub const SNIFF_LEN: usize = 1024;

/// The kinds of document the corpus stores, plus everything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Html,
    Text,
    Other,
}

impl Kind {
    /// The file extension the corpus uses for this kind.
    pub fn extension(self) -> &'static str {
        match self {
            Kind::Pdf => "pdf",
            Kind::Html => "html",
            Kind::Text => "txt",
            Kind::Other => "bin",
        }
    }
}

/// Judges a body from its first bytes (up to [`SNIFF_LEN`]) and the
/// Content-Type the server claimed.
pub fn sniff(head: &[u8], content_type: Option<&str>) -> Kind {
    let head = &head[..head.len().min(SNIFF_LEN)];
    // The PDF spec lets readers accept junk before the header, and some
    // servers prepend a BOM or whitespace; searching the first KiB is what
    // PDF readers do too.
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Kind::Pdf;
    }
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    if head.contains(&0) || !looks_like_text(head) {
        return Kind::Other;
    }
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    let start = lower.trim_start_matches('\u{feff}').trim_start();
    let html_start = [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<meta",
        "<title",
    ];
    if html_start.iter().any(|p| start.starts_with(p))
        || lower.contains("<html")
        || (ct.contains("html") && start.starts_with('<'))
    {
        return Kind::Html;
    }
    if ct.is_empty() || ct.starts_with("text/") || ct.contains("octet-stream") {
        return Kind::Text;
    }
    Kind::Other
}

/// UTF-8 (allowing a character cut at the end of the sample) or mostly
/// printable single-byte text.
fn looks_like_text(head: &[u8]) -> bool {
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) if e.error_len().is_none() => true,
        Err(_) => {
            let printable = head
                .iter()
                .filter(|&&b| b >= 0x20 || matches!(b, b'\n' | b'\r' | b'\t'))
                .count();
            printable * 100 >= head.len() * 95
        }
    }
}

/// True for a body that is empty or only whitespace: the UN symbol API's
/// answer for a document not yet published.
pub fn is_blank(size: u64, head: &[u8]) -> bool {
    size == 0 || (size as usize <= head.len() && head.iter().all(u8::is_ascii_whitespace))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content_not_label() {
        assert_eq!(
            sniff(b"%PDF-1.7\n%\xe2\xe3", Some("application/octet-stream")),
            Kind::Pdf
        );
        assert_eq!(sniff(b"\r\n%PDF-1.4", None), Kind::Pdf);
        assert_eq!(
            sniff(b"<!DOCTYPE html><html>", Some("application/pdf")),
            Kind::Html
        );
        assert_eq!(sniff(b"\xef\xbb\xbf  <html lang=en>", None), Kind::Html);
        assert_eq!(
            sniff(b"Information Bulletin", Some("text/plain; charset=utf-8")),
            Kind::Text
        );
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n\0\0", Some("image/png")),
            Kind::Other
        );
        assert_eq!(sniff(b"PK\x03\x04\x14\0\x06\0", None), Kind::Other);
        assert_eq!(sniff(b"{\"a\":1}", Some("application/json")), Kind::Other);
    }

    #[test]
    fn blank_bodies() {
        assert!(is_blank(0, b""));
        assert!(is_blank(3, b" \r\n"));
        assert!(!is_blank(4, b"%PDF"));
    }
}
