//! How many worker threads a parallel stage (ingest's extractors, batch's
//! queries) uses when the user does not say: one per core.

/// The number of cores, or 2 when the system cannot tell.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(2, std::num::NonZero::get)
}
