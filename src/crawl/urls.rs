//! URL normalisation, host keys, and the corpus file name of a URL.
//!
//! Two spellings of one URL must be one frontier entry, or a document is
//! fetched twice; and a URL must map to the same file name in every run, or
//! a resumed crawl would not find what it already has.

use sha2::{Digest, Sha256};
use url::Url;

/// Query parameters that only track clicks; dropping them merges duplicates.
const TRACKING_PARAMS: [&str; 4] = ["fbclid", "gclid", "mc_cid", "mc_eid"];

/// The canonical form of a URL: scheme and host lowercased, default port
/// and fragment dropped (the `url` crate does the first two), tracking
/// parameters removed, an empty `?` removed.
pub fn normalize(url: &Url) -> Url {
    let mut url = url.clone();
    url.set_fragment(None);
    if let Some(query) = url.query() {
        if query.is_empty() {
            url.set_query(None);
        } else {
            let is_tracking = |k: &str| k.starts_with("utm_") || TRACKING_PARAMS.contains(&k);
            let pairs: Vec<(String, String)> = url
                .query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            // Rewrite only when something is dropped: re-serialising would
            // change the encoding of URLs (like the UN API's %2F) that are fine.
            if pairs.iter().any(|(k, _)| is_tracking(k)) {
                let kept: Vec<_> = pairs.into_iter().filter(|(k, _)| !is_tracking(k)).collect();
                if kept.is_empty() {
                    url.set_query(None);
                } else {
                    url.query_pairs_mut().clear().extend_pairs(kept);
                }
            }
        }
    }
    url
}

/// `host` or `host:port`: the unit of politeness (robots.txt, delay).
pub fn host_key(url: &Url) -> String {
    let host = url.host_str().unwrap_or("");
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}

/// The host's folder under `raw/`: the host key with `:` made safe.
pub fn host_dir(url: &Url) -> String {
    sanitize(&host_key(url).replace(':', "_"), 100)
}

/// Extensions of files a crawl of documents never wants.
const ASSET_EXTENSIONS: [&str; 22] = [
    "jpg", "jpeg", "png", "gif", "svg", "webp", "ico", "bmp", "tif", "tiff", "css", "js", "mp3",
    "mp4", "m4v", "mov", "avi", "woff", "woff2", "ttf", "eot", "zip",
];

/// True when the URL's path names an image, style sheet, script, media or
/// archive file: those are not followed.
pub fn is_asset(url: &Url) -> bool {
    let path = url.path().to_ascii_lowercase();
    match path.rsplit_once('.') {
        Some((_, ext)) if !ext.contains('/') => ASSET_EXTENSIONS.contains(&ext),
        _ => false,
    }
}

/// Document extensions dropped from a URL's path before the sniffed one is added.
const DOC_EXTENSIONS: [&str; 9] = [
    "pdf", "html", "htm", "txt", "php", "asp", "aspx", "jsp", "shtml",
];

/// File name (without extension) for a web page: the path flattened
/// (`/salw/mosaic` → `salw_mosaic`), plus a hash of the whole URL, so two
/// URLs can never share a file and the name is the same in every run.
pub fn web_file_stem(url: &Url) -> String {
    let mut path = url.path().trim_matches('/').to_string();
    if let Some((base, ext)) = path.rsplit_once('.') {
        if DOC_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()) {
            path = base.to_string();
        }
    }
    let flat = if path.is_empty() {
        "index".to_string()
    } else {
        sanitize(&path.replace('/', "_"), 80)
    };
    format!("{flat}-{}", short_hash(url.as_str()))
}

/// File name (without extension) for a symbol and language:
/// `A/RES/73/69` + `en` → `A_RES_73_69.en`. A symbol with characters that
/// do not survive in a file name gets a hash too, to stay unique.
pub fn symbol_file_stem(symbol: &str, lang: &str) -> String {
    let compact: String = symbol.chars().filter(|c| !c.is_whitespace()).collect();
    let flat = compact.replace('/', "_");
    let safe = sanitize(&flat, 120);
    if safe == flat {
        format!("{safe}.{lang}")
    } else {
        format!("{safe}-{}.{lang}", short_hash(symbol))
    }
}

/// Keeps ASCII letters, digits and `._-()+,`; anything else becomes `_`.
/// Truncated to `max` characters.
fn sanitize(s: &str, max: usize) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-()+,".contains(c) {
                c
            } else {
                '_'
            }
        })
        .take(max)
        .collect::<String>()
        .trim_start_matches('.')
        .to_string()
}

/// First 10 hex digits of the SHA-256 of `s`.
pub fn short_hash(s: &str) -> String {
    let digest = Sha256::digest(s.as_bytes());
    hex::encode(&digest[..5])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn normalises_spellings_of_one_url() {
        let a = normalize(&u("HTTPS://Disarmament.UNODA.org:443/salw/mosaic#top"));
        let b = normalize(&u("https://disarmament.unoda.org/salw/mosaic?utm_source=x"));
        let c = normalize(&u("https://disarmament.unoda.org/salw/./x/../mosaic?"));
        assert_eq!(a.as_str(), "https://disarmament.unoda.org/salw/mosaic");
        assert_eq!(a, b);
        assert_eq!(a, c);
        let api = "https://documents.un.org/api/symbol/access?s=A%2FRES%2F73%2F69&l=E&t=pdf";
        assert_eq!(normalize(&u(api)).as_str(), api);
        let kept = normalize(&u("http://x.org/a?b=1&utm_medium=m&c=2"));
        assert_eq!(kept.as_str(), "http://x.org/a?b=1&c=2");
    }

    #[test]
    fn host_keys_keep_explicit_ports() {
        assert_eq!(host_key(&u("http://127.0.0.1:8080/a")), "127.0.0.1:8080");
        assert_eq!(host_dir(&u("http://127.0.0.1:8080/a")), "127.0.0.1_8080");
        assert_eq!(host_key(&u("https://www.un.org/a")), "www.un.org");
    }

    #[test]
    fn file_names_are_safe_and_stable() {
        assert_eq!(symbol_file_stem("A/RES/73/69", "en"), "A_RES_73_69.en");
        assert_eq!(
            symbol_file_stem("S/RES/2220 (2015)", "fr"),
            "S_RES_2220(2015).fr"
        );
        assert!(symbol_file_stem("A/B*C", "en").starts_with("A_B_C-"));
        let s = web_file_stem(&u("https://disarmament.unoda.org/salw/mosaic"));
        assert!(s.starts_with("salw_mosaic-"), "{s}");
        assert_eq!(
            s,
            web_file_stem(&u("https://disarmament.unoda.org/salw/mosaic"))
        );
        assert_ne!(
            web_file_stem(&u("http://x.org/a/b")),
            web_file_stem(&u("http://x.org/a_b"))
        );
        assert!(web_file_stem(&u("http://x.org/")).starts_with("index-"));
        assert!(web_file_stem(&u("http://x.org/f/MOSAIC_05.30.pdf")).starts_with("f_MOSAIC_05.30-"));
        assert!(!web_file_stem(&u("http://x.org/../../etc/passwd")).contains('/'));
    }

    #[test]
    fn recognises_assets() {
        assert!(is_asset(&u("http://x.org/a/logo.PNG")));
        assert!(!is_asset(&u("http://x.org/a/module.pdf")));
        assert!(!is_asset(&u("http://x.org/v1.2/page")));
    }
}
