//! The on-disk index: opening it, writing documents into it, reading them back.
//!
//! `schema` is the only place field names live; `convert` turns `Document`s
//! into tantivy documents; `writer` writes them and commits atomically;
//! `reader` turns stored tantivy documents back into [`StoredDoc`]s for
//! output.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, FileSlice, Lock, MmapDirectory, WatchCallback,
    WatchHandle, WritePtr, META_LOCK,
};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{Index, IndexSettings};

pub(crate) mod analysis;
pub mod convert;
pub(crate) mod date_key;
pub(crate) mod history;
pub(crate) mod lower_words;
pub(crate) mod reader;
pub mod schema;
pub(crate) mod spelling;
pub(crate) mod stem;
pub mod writer;

pub use reader::StoredDoc;
pub use schema::Fields;

/// The file tantivy writes last on commit: a folder holding it is an index.
pub const META_FILE: &str = "meta.json";

/// The index folder when `--index` and `UNDEX_INDEX` say nothing; the
/// only one that a read command fills from the demo corpus on first use.
pub const DEFAULT_DIR: &str = "index";

/// Why the index could not be opened or written, for the messages a user sees.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("no index at \"{}\" (run `undex ingest` first)", .0.display())]
    Missing(PathBuf),
    #[error("index is being written by another undex process (\"{}\")", .0.display())]
    Locked(PathBuf),
    #[error("\"{}\" is not an undex index: {reason}", path.display())]
    Incompatible { path: PathBuf, reason: String },
    #[error("\"{}\" was made by an older undex ({reason}): delete the folder and ingest again", path.display())]
    Outdated { path: PathBuf, reason: String },
}

/// Decompressed document-store blocks kept per segment (16 KB each, or
/// one long document): a batch that meets the same documents again reads
/// them without decompressing (tantivy's default keeps 100).
const DOCSTORE_CACHE_BLOCKS: usize = 1000;

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

/// An opened index with its field handles (cloning shares the open index).
#[derive(Clone)]
pub struct UndexIndex {
    pub index: Index,
    pub fields: Fields,
    pub path: PathBuf,
}

impl UndexIndex {
    /// Opens an existing index for reading.
    pub fn open(path: &Path) -> anyhow::Result<UndexIndex> {
        if !path.join(META_FILE).is_file() {
            return Err(IndexError::Missing(path.to_path_buf()).into());
        }
        let dir = MmapDirectory::open(path)
            .with_context(|| format!("cannot open index folder \"{}\"", path.display()))?;
        let index = Index::open(IndexDir(dir)).map_err(|e| IndexError::Incompatible {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        Self::from_index(index, path)
    }

    /// Opens the index, creating the folder and an empty index if needed.
    pub fn open_or_create(path: &Path) -> anyhow::Result<UndexIndex> {
        if path.join(META_FILE).is_file() {
            return Self::open(path);
        }
        std::fs::create_dir_all(path)
            .with_context(|| format!("cannot create index folder \"{}\"", path.display()))?;
        let dir = MmapDirectory::open(path)
            .with_context(|| format!("cannot open index folder \"{}\"", path.display()))?;
        let index = match Index::create(IndexDir(dir), schema::build_schema(), index_settings()) {
            Ok(index) => index,
            // Another ingest created it just now: open theirs (its writer
            // lock then says who is writing).
            Err(_) if path.join(META_FILE).is_file() => return Self::open(path),
            Err(e) => {
                return Err(anyhow::Error::new(e)
                    .context(format!("cannot create index in \"{}\"", path.display())))
            }
        };
        Self::from_index(index, path)
    }

    fn from_index(index: Index, path: &Path) -> anyhow::Result<UndexIndex> {
        // Words analysed differently from the index's own terms would
        // silently miss ("programme" is no longer "programm").
        if let Some(why) = schema::analysis_mismatch(&index.schema()) {
            return Err(IndexError::Outdated {
                path: path.to_path_buf(),
                reason: why,
            }
            .into());
        }
        schema::register_tokenizers(&index);
        let fields = Fields::new(&index.schema()).map_err(|e| IndexError::Incompatible {
            path: path.to_path_buf(),
            // An index made before the per-language fields (issue 9) lacks them.
            reason: format!("{e} (made by an older undex? delete the folder and ingest again)"),
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
            .doc_store_cache_num_blocks(DOCSTORE_CACHE_BLOCKS)
            .try_into()
            .context("cannot open index reader")?;
        Ok(reader.searcher())
    }

    /// A reader for a long-running process (`undex serve`): it watches the
    /// index and picks up each commit of a concurrent ingest on its own,
    /// so every new searcher sees the latest committed state.
    pub fn live_reader(&self) -> anyhow::Result<tantivy::IndexReader> {
        self.index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::OnCommitWithDelay)
            .doc_store_cache_num_blocks(DOCSTORE_CACHE_BLOCKS)
            .try_into()
            .context("cannot open index reader")
    }
}

/// The index folder as tantivy sees it: an mmap directory that can also be
/// read when it cannot be written (a read-only mount, another user's
/// index). tantivy's readers take `.tantivy-meta.lock` so that a writer's
/// clean-up does not delete segment files while they are being opened; that
/// lock needs write access. Where it cannot be had for that reason, no
/// writer can run either, so a reader goes on without it.
#[derive(Clone, Debug)]
struct IndexDir(MmapDirectory);

impl Directory for IndexDir {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.0.get_file_handle(path)
    }

    fn open_read(&self, path: &Path) -> Result<FileSlice, OpenReadError> {
        self.0.open_read(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.0.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.0.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.0.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.0.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.0.atomic_write(path, data)
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        self.0.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.0.acquire_lock(lock) {
            Err(LockError::IoError(e))
                if lock.filepath == META_LOCK.filepath
                    && matches!(
                        e.kind(),
                        std::io::ErrorKind::ReadOnlyFilesystem
                            | std::io::ErrorKind::PermissionDenied
                    ) =>
            {
                Ok(DirectoryLock::from(Box::new(())))
            }
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.0.watch(watch_callback)
    }
}
