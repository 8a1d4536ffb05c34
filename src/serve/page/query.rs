//! The search page's state as a URL: the query, the filters, the sort and
//! the page, read from the query string once and written back into every
//! link the page shows (a facet value, a removable filter, a page number),
//! so each view is a stable, shareable link.

use std::fmt::Write as _;

use crate::search::FilterSpec;

use super::super::params::Params;
use super::super::ApiError;

/// The page's state as a URL: query, filters, sort and page.
#[derive(Clone, Default)]
pub(super) struct PageQuery {
    pub(super) q: String,
    pub(super) topic: Vec<String>,
    pub(super) symbol: Vec<String>,
    pub(super) family: bool,
    pub(super) doc_type: Option<String>,
    pub(super) lang: Option<String>,
    pub(super) from: Option<String>,
    pub(super) to: Option<String>,
    pub(super) subject: Vec<String>,
    pub(super) sponsor: Vec<String>,
    pub(super) has_text: Option<bool>,
    pub(super) country: Vec<String>,
    pub(super) sort: Option<String>,
    pub(super) page: usize,
}

const PAGE_KEYS: [&str; 14] = [
    "q", "topic", "symbol", "family", "type", "lang", "from", "to", "subject", "sponsor",
    "has_text", "country", "sort", "page",
];

impl PageQuery {
    pub(super) fn parse(params: &Params) -> Result<PageQuery, ApiError> {
        params.check_names(&PAGE_KEYS)?;
        let spec = params.filters()?;
        Ok(PageQuery {
            q: params.one("q")?.unwrap_or_default(),
            topic: spec.topic,
            symbol: spec.symbol,
            family: spec.family,
            doc_type: spec.doc_type,
            lang: spec.lang,
            from: spec.from,
            to: spec.to,
            subject: spec.subject,
            sponsor: spec.sponsor,
            has_text: spec.has_text,
            country: spec.country,
            sort: params.one("sort")?,
            page: params.count("page", 1)?.max(1),
        })
    }

    pub(super) fn spec(&self) -> FilterSpec {
        FilterSpec {
            topic: self.topic.clone(),
            symbol: self.symbol.clone(),
            family: self.family,
            doc_type: self.doc_type.clone(),
            lang: self.lang.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            subject: self.subject.clone(),
            sponsor: self.sponsor.clone(),
            has_text: self.has_text,
            country: self.country.clone(),
        }
    }

    pub(super) fn has_filters(&self) -> bool {
        !(self.topic.is_empty()
            && self.symbol.is_empty()
            && self.doc_type.is_none()
            && self.lang.is_none()
            && self.from.is_none()
            && self.to.is_none()
            && self.subject.is_empty()
            && self.sponsor.is_empty()
            && self.has_text.is_none()
            && self.country.is_empty())
    }

    pub(super) fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if !self.q.is_empty() {
            out.push(("q", self.q.clone()));
        }
        out.extend(self.topic.iter().map(|t| ("topic", t.clone())));
        out.extend(self.symbol.iter().map(|s| ("symbol", s.clone())));
        if self.family {
            out.push(("family", "1".to_string()));
        }
        out.extend(self.subject.iter().map(|s| ("subject", s.clone())));
        out.extend(self.sponsor.iter().map(|s| ("sponsor", s.clone())));
        out.extend(self.country.iter().map(|c| ("country", c.clone())));
        if let Some(t) = self.has_text {
            out.push(("has_text", if t { "1" } else { "0" }.to_string()));
        }
        for (k, v) in [
            ("type", &self.doc_type),
            ("lang", &self.lang),
            ("from", &self.from),
            ("to", &self.to),
            ("sort", &self.sort),
        ] {
            if let Some(v) = v {
                out.push((k, v.clone()));
            }
        }
        if self.page > 1 {
            out.push(("page", self.page.to_string()));
        }
        out
    }

    pub(super) fn href_at(&self, base: &str) -> String {
        let pairs = self.pairs();
        if pairs.is_empty() {
            return base.to_string();
        }
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs {
            s.append_pair(k, &v);
        }
        format!("{base}?{}", s.finish())
    }

    pub(super) fn href(&self) -> String {
        self.href_at("/")
    }

    /// A changed copy, back on page 1 (a new filter means new results).
    pub(super) fn with(&self, change: impl FnOnce(&mut PageQuery)) -> PageQuery {
        let mut next = self.clone();
        next.page = 1;
        change(&mut next);
        next
    }
}

pub(super) fn query_for_api(p: &PageQuery) -> String {
    if p.q.trim().is_empty() {
        "*".into()
    } else {
        p.q.clone()
    }
}

/// The same search as a `/api/search` link.
pub(super) fn api_href(p: &PageQuery, offset: usize) -> String {
    let mut href = p.href_at("/api/search");
    let sep = if href.contains('?') { '&' } else { '?' };
    href.push(sep);
    let _ = write!(href, "offset={offset}&facets=1");
    href
}
