//! Links out of an HTML page, with what the page says about each.
//!
//! Index pages like MOSAIC's list a module once and link it per language
//! (`05.30 Marking and recordkeeping [EN] [FR]`): the link text is then a
//! language label, so the language comes from it and the title from the
//! row around it.

use scraper::{ElementRef, Html, Selector};
use url::Url;

use crate::text::collapse_whitespace;

/// A link found on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Absolute, not yet normalised.
    pub url: Url,
    /// The link text, or the text of its row when the link text is only a
    /// language label. None when empty.
    pub title: Option<String>,
    /// ISO 639-1, from `hreflang` or a language-label link text.
    pub lang: Option<String>,
}

/// Longest title kept: enough for a module title, not a whole page.
const MAX_TITLE: usize = 200;

/// Every `<a href>` of an HTML page, resolved against the page URL (or its
/// `<base href>`), http(s) only, in document order.
pub fn extract_links(html: &str, page_url: &Url) -> Vec<Link> {
    let doc = Html::parse_document(html);
    let (Ok(base_sel), Ok(a_sel)) = (Selector::parse("base[href]"), Selector::parse("a[href]"))
    else {
        return Vec::new();
    };
    let base = doc
        .select(&base_sel)
        .next()
        .and_then(|b| b.value().attr("href"))
        .and_then(|h| page_url.join(h.trim()).ok())
        .unwrap_or_else(|| page_url.clone());
    let mut out = Vec::new();
    for a in doc.select(&a_sel) {
        let Some(href) = a.value().attr("href") else {
            continue;
        };
        let href = href.trim();
        let lower = href.to_ascii_lowercase();
        if href.is_empty()
            || href.starts_with('#')
            || ["javascript:", "mailto:", "tel:", "data:"]
                .iter()
                .any(|p| lower.starts_with(p))
        {
            continue;
        }
        let Ok(url) = base.join(href) else { continue };
        if !matches!(url.scheme(), "http" | "https") {
            continue;
        }
        let text = collapse_whitespace(&a.text().collect::<String>());
        let label_lang = lang_from_label(&text);
        let lang = a
            .value()
            .attr("hreflang")
            .and_then(lang_from_label)
            .or(label_lang.clone());
        let title = if label_lang.is_some() || text.is_empty() {
            row_text(a)
        } else {
            Some(text)
        };
        out.push(Link {
            url,
            title: title.map(|t| truncate(&t, MAX_TITLE)),
            lang,
        });
    }
    out
}

/// The text of the nearest enclosing list item, table row or paragraph.
fn row_text(a: ElementRef<'_>) -> Option<String> {
    let row = a.ancestors().filter_map(ElementRef::wrap).find(|e| {
        matches!(
            e.value().name(),
            "li" | "tr" | "p" | "dt" | "dd" | "h2" | "h3" | "h4"
        )
    })?;
    let text = collapse_whitespace(&row.text().collect::<String>());
    (!text.is_empty()).then_some(text)
}

/// A language label as sites write it (`EN`, `[FR]`, `Español`, `fr-CA`)
/// → ISO 639-1 (see `crate::lang`).
pub fn lang_from_label(label: &str) -> Option<String> {
    crate::lang::Lang::parse(label)
        .filter(|l| *l != crate::lang::Lang::Und)
        .map(|l| l.code().to_string())
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_links_languages_and_row_titles() {
        let page = Url::parse("https://disarmament.unoda.org/salw/mosaic").unwrap();
        let html = r##"<html><body><ul>
          <li>05.30 Marking and recordkeeping
            <a href="/wp-content/uploads/MOSAIC-05.30-EN.pdf">[EN]</a>
            <a href="https://disarmament.unoda.org/wp-content/uploads/MOSAIC-05.30-FR.pdf">[FR]</a></li>
          <li><a href="../information-bulletin-issue-no-8-jun-2022">Information Bulletin 8</a></li>
          <li><a href="#top">top</a><a href="mailto:x@un.org">mail</a><a href="ftp://x/y">f</a></li>
        </ul></body></html>"##;
        let links = extract_links(html, &page);
        assert_eq!(links.len(), 3);
        assert_eq!(
            links[0].url.as_str(),
            "https://disarmament.unoda.org/wp-content/uploads/MOSAIC-05.30-EN.pdf"
        );
        assert_eq!(links[0].lang.as_deref(), Some("en"));
        assert_eq!(links[1].lang.as_deref(), Some("fr"));
        assert!(links[0]
            .title
            .as_deref()
            .unwrap()
            .starts_with("05.30 Marking and recordkeeping"));
        assert_eq!(
            links[2].url.as_str(),
            "https://disarmament.unoda.org/information-bulletin-issue-no-8-jun-2022"
        );
        assert_eq!(links[2].title.as_deref(), Some("Information Bulletin 8"));
        assert_eq!(links[2].lang, None);
    }

    #[test]
    fn honours_base_href() {
        let page = Url::parse("http://x.org/a/b").unwrap();
        let links = extract_links(
            r#"<base href="http://y.org/docs/"><a href="f.pdf">f</a>"#,
            &page,
        );
        assert_eq!(links[0].url.as_str(), "http://y.org/docs/f.pdf");
    }
}
