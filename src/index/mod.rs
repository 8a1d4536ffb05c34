//! The on-disk index: opening it, writing documents into it, reading them back.
//!
//! `schema` is the only place field names live; `writer` turns `Document`s
//! into tantivy documents and commits atomically; `reader` turns stored
//! tantivy documents back into [`StoredDoc`]s for output.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use tantivy::directory::MmapDirectory;
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{Index, IndexSettings};

pub mod reader;
pub mod schema;
pub mod stem;
pub mod writer;

pub use reader::StoredDoc;
pub use schema::Fields;

/// Why the index could not be opened or written, for the messages a user sees.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("no index at {0} (run `undex ingest` first)")]
    Missing(PathBuf),
    #[error("index is being written by another undex process ({0})")]
    Locked(PathBuf),
    #[error("{path} is not an undex index: {reason}")]
    Incompatible { path: PathBuf, reason: String },
}

/// zstd level for the document store (stored bodies are most of an index).
const DOCSTORE_ZSTD_LEVEL: i32 = 1;

/// Settings of a new index: the document store is compressed with zstd,
/// which keeps stored bodies at about a third of the raw text (lz4, the
/// default, at about two thirds); reading a hit back stays well under a
/// millisecond.
fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(DOCSTORE_ZSTD_LEVEL),
        }),
        ..IndexSettings::default()
    }
}

/// An opened index with its field handles.
pub struct UndexIndex {
    pub index: Index,
    pub fields: Fields,
    pub path: PathBuf,
}

impl UndexIndex {
    /// Opens an existing index for reading.
    pub fn open(path: &Path) -> anyhow::Result<UndexIndex> {
        if !path.join("meta.json").is_file() {
            return Err(IndexError::Missing(path.to_path_buf()).into());
        }
        let dir = MmapDirectory::open(path)
            .with_context(|| format!("cannot open index folder {}", path.display()))?;
        let index = Index::open(dir).map_err(|e| IndexError::Incompatible {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        Self::from_index(index, path)
    }

    /// Opens the index, creating the folder and an empty index if needed.
    pub fn open_or_create(path: &Path) -> anyhow::Result<UndexIndex> {
        if path.join("meta.json").is_file() {
            return Self::open(path);
        }
        std::fs::create_dir_all(path)
            .with_context(|| format!("cannot create index folder {}", path.display()))?;
        let dir = MmapDirectory::open(path)
            .with_context(|| format!("cannot open index folder {}", path.display()))?;
        let index = Index::create(dir, schema::build_schema(), index_settings())
            .with_context(|| format!("cannot create index in {}", path.display()))?;
        Self::from_index(index, path)
    }

    fn from_index(index: Index, path: &Path) -> anyhow::Result<UndexIndex> {
        schema::register_tokenizers(&index);
        let fields = Fields::new(&index.schema()).map_err(|e| IndexError::Incompatible {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        Ok(UndexIndex {
            index,
            fields,
            path: path.to_path_buf(),
        })
    }

    pub fn searcher(&self) -> anyhow::Result<tantivy::Searcher> {
        let reader = self
            .index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()
            .context("cannot open index reader")?;
        Ok(reader.searcher())
    }
}
