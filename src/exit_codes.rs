//! Process exit codes, as DESIGN.md's command-line contract states them.
//!
//! Scripts branch on these, so they live in one place: 0 when the command
//! found something (or did its work without a failed input), 1 when it ran
//! fine but nothing matched, 2 when the command failed or some inputs failed.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// Results found, or the work done with no failed input.
    Success,
    /// Ran fine, nothing matched.
    NoMatch,
    /// The command failed, or (ingest, crawl, batch) at least one input failed.
    Error,
}

impl ExitCode {
    pub fn code(self) -> u8 {
        match self {
            ExitCode::Success => 0,
            ExitCode::NoMatch => 1,
            ExitCode::Error => 2,
        }
    }

    /// Success when `found` is non-zero, NoMatch otherwise.
    pub fn from_count(found: usize) -> ExitCode {
        if found > 0 {
            ExitCode::Success
        } else {
            ExitCode::NoMatch
        }
    }
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        std::process::ExitCode::from(code.code())
    }
}
