//! A pool of long-lived PDF extraction worker processes.
//!
//! PDF libraries panic, recurse without bound or loop on malformed files, so
//! the ingester never parses a PDF in its own process. Starting a process
//! per PDF was affordable but wasteful; instead each ingest thread borrows a
//! worker (`undex __extract-pdf --worker`, started on first use, so at most
//! one per ingest thread, i.e. one per core) and sends it one path at a
//! time over a pipe. Every guarantee of a process per file is kept:
//!
//! * a worker that crashes (a signal, an abort, a stack overflow) or closes
//!   its pipe makes that one file a counted failure; the worker is reaped
//!   and the next file starts a fresh one;
//! * a file that takes longer than the time limit ([`PDF_TIMEOUT`], or
//!   [`PDF_TIMEOUT_ENV`]) is a counted failure, and its worker is killed;
//! * panics inside the libraries are caught in the worker and answered as a
//!   failure of that file, so the worker goes on;
//! * a worker serves at most [`FILES_PER_WORKER`] files, then is replaced,
//!   so a slow leak in a library cannot grow without bound;
//! * workers end when the ingest does: their stdin closes, and a worker
//!   whose ingest was killed exits within a second, even if busy.
//!
//! The protocol: a request is `<byte length>\n<path bytes>` on the worker's
//! stdin; the answer on its stdout is a frame, `UNDEX-PDF/2 <code> <n>\n`
//! then `n` items, each `<byte length>\n<bytes>`. Code 0: the items are the
//! pages; otherwise the code names the [`ExtractError`] and the one item is
//! the reason. Anything a library prints goes to stderr, not into the frame
//! (the worker points its fd 1 at stderr and keeps the pipe for frames);
//! bytes before the magic are skipped anyway.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossbeam_channel::{bounded, Receiver, RecvTimeoutError};

use crate::extract::pdf::{self, PDF_MAX_BYTES, PDF_TIMEOUT};
use crate::extract::ExtractError;

/// Hidden override of [`PDF_TIMEOUT`] in milliseconds, for tests that need a
/// hung worker killed quickly: `UNDEX_PDF_TIMEOUT_MS=1000 undex ingest ...`.
pub const PDF_TIMEOUT_ENV: &str = "UNDEX_PDF_TIMEOUT_MS";

/// Hidden test hook, read by the worker: when set, a PDF whose bytes
/// contain `%undex-test-hang` makes the worker hang, and one containing
/// `%undex-test-crash` makes it abort, standing in for the hostile files
/// that do so in a library (the integration tests check that both are
/// counted and the rest indexed). Without the variable the markers mean
/// nothing.
pub const TEST_FAULTS_ENV: &str = "UNDEX_PDF_TEST_FAULTS";
const HANG_MARKER: &[u8] = b"%undex-test-hang";
const CRASH_MARKER: &[u8] = b"%undex-test-crash";

/// Files one worker serves before it is replaced.
pub const FILES_PER_WORKER: usize = 500;

const FRAME_MAGIC: &str = "UNDEX-PDF/2 ";
/// Answer codes; each names an [`ExtractError`] variant.
const CODE_OK: u32 = 0;
const CODE_PDF: u32 = 2;
const CODE_NOT_PDF: u32 = 3;
const CODE_ENCRYPTED: u32 = 4;
const CODE_NO_TEXT: u32 = 5;
const CODE_IO: u32 = 6;
const CODE_EMPTY: u32 = 7;
const CODE_TOO_LARGE: u32 = 8;
const CODE_PANIC: u32 = 9;
/// Largest item (page or reason) and item count read from a frame: a
/// corrupted frame is an error, not a huge allocation.
const MAX_ITEM_BYTES: usize = 1 << 30;
const MAX_ITEMS: usize = 1_000_000;
/// How much of a worker's stderr is kept to explain a crash.
const STDERR_TAIL_BYTES: usize = 4096;

/// The time limit per PDF: `$UNDEX_PDF_TIMEOUT_MS` when it is a positive
/// number, else [`PDF_TIMEOUT`].
pub fn pdf_timeout() -> Duration {
    std::env::var(PDF_TIMEOUT_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&ms| ms > 0)
        .map(Duration::from_millis)
        .unwrap_or(PDF_TIMEOUT)
}

// ---------------------------------------------------------------------------
// The parent's side
// ---------------------------------------------------------------------------

/// Extraction workers shared by the ingest threads. Workers are started on
/// demand and kept while idle; dropping the pool ends them.
pub struct PdfPool {
    /// The program run as a worker, with `args`.
    exe: PathBuf,
    args: Vec<String>,
    timeout: Duration,
    idle: Mutex<Vec<Worker>>,
}

impl PdfPool {
    /// A pool of `undex __extract-pdf --worker` processes, `exe` being the
    /// undex binary, each file limited to `timeout`.
    pub fn new(exe: PathBuf, timeout: Duration) -> PdfPool {
        PdfPool::with_command(exe, &["__extract-pdf", "--worker"], timeout)
    }

    /// A pool running `exe args...` as its workers (tests use stand-ins).
    pub fn with_command(exe: PathBuf, args: &[&str], timeout: Duration) -> PdfPool {
        PdfPool {
            exe,
            args: args.iter().map(std::string::ToString::to_string).collect(),
            timeout,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// The text of each page of the PDF at `path`, extracted by a worker.
    /// The size limit and the `%PDF-` check come first, so junk never
    /// costs a worker.
    pub fn extract_pages(&self, path: &Path) -> Result<Vec<String>, ExtractError> {
        let size = std::fs::metadata(path)?.len();
        if size == 0 {
            return Err(ExtractError::Empty);
        }
        if size > PDF_MAX_BYTES {
            return Err(ExtractError::TooLarge {
                size,
                limit: PDF_MAX_BYTES,
            });
        }
        let mut head = Vec::with_capacity(1024);
        std::fs::File::open(path)?
            .take(1024)
            .read_to_end(&mut head)?;
        if !pdf::has_pdf_header(&head) {
            return Err(ExtractError::NotPdf);
        }

        // An idle worker may have died since its last file (its pipe is
        // then closed): such a request is sent once more, to a new worker.
        for attempt in 0..2 {
            let mut worker = match self.checkout() {
                Ok(w) => w,
                Err(e) => {
                    return Err(ExtractError::Pdf(format!(
                        "cannot start {}: {e}",
                        self.exe.display()
                    )))
                }
            };
            let fresh = worker.served == 0;
            worker.clear_stderr();
            if let Err(e) = worker.send(path) {
                let reason = worker.end();
                if attempt == 0 && !fresh {
                    continue;
                }
                return Err(ExtractError::Pdf(format!(
                    "cannot send the file to the extractor: {e} {reason}"
                )));
            }
            return match worker.answers.recv_timeout(self.timeout) {
                Ok(Ok(frame)) => {
                    worker.served += 1;
                    let result = frame.into_result(size);
                    self.checkin(worker);
                    result
                }
                Ok(Err(e)) if e.kind() == std::io::ErrorKind::InvalidData => {
                    worker.end();
                    Err(ExtractError::Pdf(e.to_string()))
                }
                Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => {
                    Err(ExtractError::Pdf(worker.end()))
                }
                Err(RecvTimeoutError::Timeout) => {
                    worker.end();
                    Err(ExtractError::Timeout(self.timeout))
                }
            };
        }
        unreachable!("the loop returns on its second attempt")
    }

    fn checkout(&self) -> std::io::Result<Worker> {
        let idle = self
            .idle
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .pop();
        match idle {
            Some(w) => Ok(w),
            None => Worker::spawn(&self.exe, &self.args),
        }
    }

    fn checkin(&self, mut worker: Worker) {
        if worker.served >= FILES_PER_WORKER {
            worker.finish();
        } else {
            self.idle
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(worker);
        }
    }
}

impl Drop for PdfPool {
    fn drop(&mut self) {
        let idle = std::mem::take(self.idle.get_mut().unwrap_or_else(|p| p.into_inner()));
        for mut w in idle {
            w.finish();
        }
    }
}

/// One worker process and the threads that read its pipes.
struct Worker {
    child: Child,
    stdin: Option<ChildStdin>,
    answers: Receiver<std::io::Result<Frame>>,
    stderr_tail: Arc<Mutex<Vec<u8>>>,
    /// Disconnected when the stderr reader has read everything.
    stderr_done: Receiver<()>,
    served: usize,
}

impl Worker {
    fn spawn(exe: &Path, args: &[String]) -> std::io::Result<Worker> {
        let mut child = Command::new(exe)
            .args(args)
            // One worker per core already: lopdf's parallel object-stream
            // parsing would only add threads that spin while they wait.
            .env("RAYON_NUM_THREADS", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("stdout is piped");
        let stderr = child.stderr.take().expect("stderr is piped");
        let (tx, answers) = bounded(1);
        // The readers end by themselves when the pipes close (the worker
        // exited or was killed); nobody joins them, since a grandchild
        // could hold a pipe open.
        std::thread::Builder::new()
            .name("undex-pdf-out".into())
            .spawn(move || {
                let mut reader = BufReader::new(stdout);
                loop {
                    let frame = read_frame(&mut reader);
                    let end = frame.is_err();
                    if tx.send(frame).is_err() || end {
                        break;
                    }
                }
            })?;
        let stderr_tail = Arc::new(Mutex::new(Vec::new()));
        let tail = stderr_tail.clone();
        let (done, stderr_done) = bounded::<()>(0);
        std::thread::Builder::new()
            .name("undex-pdf-err".into())
            .spawn(move || {
                let _done = done;
                let mut stderr = stderr;
                let mut buf = [0u8; 4096];
                while let Ok(n) = stderr.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    let mut t = tail
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    t.extend_from_slice(&buf[..n]);
                    if t.len() > STDERR_TAIL_BYTES {
                        let cut = t.len() - STDERR_TAIL_BYTES;
                        t.drain(..cut);
                    }
                }
            })?;
        Ok(Worker {
            child,
            stdin,
            answers,
            stderr_tail,
            stderr_done,
            served: 0,
        })
    }

    fn send(&mut self, path: &Path) -> std::io::Result<()> {
        let bytes = path_bytes(path);
        let stdin = self
            .stdin
            .as_mut()
            .ok_or_else(|| std::io::Error::other("worker stdin closed"))?;
        let mut request = format!("{}\n", bytes.len()).into_bytes();
        request.extend_from_slice(&bytes);
        stdin.write_all(&request)?;
        stdin.flush()
    }

    fn clear_stderr(&self) {
        self.stderr_tail
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clear();
    }

    /// Kills and reaps the worker; says how it ended (for a crash: the
    /// signal or exit code, and the last of its stderr).
    fn end(&mut self) -> String {
        self.stdin = None;
        // It may have exited already (a crash): then kill does nothing.
        let _ = self.child.kill();
        let status = self.child.wait();
        // Let the stderr reader take the last bytes (it ends when the pipe
        // closes, unless a grandchild holds it).
        let _ = self.stderr_done.recv_timeout(Duration::from_millis(500));
        let tail = self
            .stderr_tail
            .lock()
            .map(|t| String::from_utf8_lossy(&t).trim().to_string())
            .unwrap_or_default();
        match status {
            Ok(status) => crash_reason(&status, &tail),
            Err(e) => format!("extractor worker lost: {e} {tail}")
                .trim()
                .to_string(),
        }
    }

    /// Ends an idle worker: its stdin closes and it exits by itself; one
    /// that does not within a moment is killed.
    fn finish(&mut self) {
        self.stdin = None;
        let start = Instant::now();
        while start.elapsed() < Duration::from_millis(500) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(unix)]
fn path_bytes(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> Vec<u8> {
    path.to_string_lossy().into_owned().into_bytes()
}

#[cfg(unix)]
fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(bytes))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(unix)]
fn crash_reason(status: &std::process::ExitStatus, tail: &str) -> String {
    use std::os::unix::process::ExitStatusExt;
    let how = match (status.signal(), status.code()) {
        (Some(signal), _) => format!("signal {signal}"),
        (None, Some(code)) => format!("exit code {code}"),
        (None, None) => "?".into(),
    };
    format!("extractor worker crashed ({how}) {tail}")
        .trim()
        .to_string()
}

#[cfg(not(unix))]
fn crash_reason(status: &std::process::ExitStatus, tail: &str) -> String {
    format!("extractor worker crashed ({status}) {tail}")
        .trim()
        .to_string()
}

// ---------------------------------------------------------------------------
// Frames
// ---------------------------------------------------------------------------

/// One answer: a code and its items.
#[derive(Debug, PartialEq)]
struct Frame {
    code: u32,
    items: Vec<String>,
}

impl Frame {
    fn of(result: Result<Vec<String>, ExtractError>) -> Frame {
        match result {
            Ok(pages) => Frame {
                code: CODE_OK,
                items: pages,
            },
            Err(e) => {
                let code = match &e {
                    ExtractError::NotPdf => CODE_NOT_PDF,
                    ExtractError::Encrypted => CODE_ENCRYPTED,
                    ExtractError::NoText => CODE_NO_TEXT,
                    ExtractError::Io(_) => CODE_IO,
                    ExtractError::Empty => CODE_EMPTY,
                    ExtractError::TooLarge { .. } => CODE_TOO_LARGE,
                    ExtractError::Crashed(_) => CODE_PANIC,
                    _ => CODE_PDF,
                };
                let reason = match e {
                    ExtractError::Pdf(reason) | ExtractError::Crashed(reason) => reason,
                    ExtractError::Io(e) => e.to_string(),
                    other => other.to_string(),
                };
                Frame {
                    code,
                    items: vec![reason],
                }
            }
        }
    }

    /// The answer as the caller's result; `size` is the file's, for the
    /// too-large error.
    fn into_result(self, size: u64) -> Result<Vec<String>, ExtractError> {
        let reason = || self.items.first().cloned().unwrap_or_default();
        match self.code {
            CODE_OK => Ok(self.items),
            CODE_NOT_PDF => Err(ExtractError::NotPdf),
            CODE_ENCRYPTED => Err(ExtractError::Encrypted),
            CODE_NO_TEXT => Err(ExtractError::NoText),
            CODE_EMPTY => Err(ExtractError::Empty),
            CODE_TOO_LARGE => Err(ExtractError::TooLarge {
                size,
                limit: PDF_MAX_BYTES,
            }),
            CODE_IO => Err(ExtractError::Io(std::io::Error::other(reason()))),
            _ => Err(ExtractError::Pdf(reason())),
        }
    }

    fn write_to(&self, out: &mut impl Write) -> std::io::Result<()> {
        let mut frame = format!("{FRAME_MAGIC}{} {}\n", self.code, self.items.len()).into_bytes();
        for item in &self.items {
            frame.extend_from_slice(format!("{}\n", item.len()).as_bytes());
            frame.extend_from_slice(item.as_bytes());
        }
        out.write_all(&frame)?;
        out.flush()
    }
}

fn bad_frame(what: &str) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!("extractor worker wrote a malformed frame ({what})"),
    )
}

/// Reads one frame; lines before the magic (a library printing to stdout)
/// are skipped. End of file or a malformed frame is an error.
fn read_frame(reader: &mut impl BufRead) -> std::io::Result<Frame> {
    let mut line = Vec::new();
    let header = loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if let Some(at) = line
            .windows(FRAME_MAGIC.len())
            .position(|w| w == FRAME_MAGIC.as_bytes())
        {
            break String::from_utf8_lossy(&line[at + FRAME_MAGIC.len()..]).into_owned();
        }
    };
    let mut fields = header.split_whitespace().map(str::parse::<usize>);
    let (Some(Ok(code)), Some(Ok(count))) = (fields.next(), fields.next()) else {
        return Err(bad_frame("header"));
    };
    if count > MAX_ITEMS {
        return Err(bad_frame("item count"));
    }
    let mut items = Vec::with_capacity(count.min(1024));
    for _ in 0..count {
        line.clear();
        reader.read_until(b'\n', &mut line)?;
        let len: usize = std::str::from_utf8(&line)
            .ok()
            .and_then(|l| l.trim().parse().ok())
            .filter(|&n| n <= MAX_ITEM_BYTES)
            .ok_or_else(|| bad_frame("item length"))?;
        let mut item = vec![0; len];
        reader.read_exact(&mut item)?;
        items.push(String::from_utf8(item).map_err(|_| bad_frame("not UTF-8"))?);
    }
    Ok(Frame {
        code: code as u32,
        items,
    })
}

// ---------------------------------------------------------------------------
// The worker's side
// ---------------------------------------------------------------------------

/// `undex __extract-pdf --worker`: answers requests on stdin until it
/// closes. Returns the process exit code.
pub fn run_worker() -> i32 {
    // The library's panics are answered once, by us, not by the default hook.
    std::panic::set_hook(Box::new(|_| {}));
    let mut out = protocol_stdout();
    die_with_parent();
    let faults = std::env::var_os(TEST_FAULTS_ENV).is_some();
    let mut stdin = BufReader::new(std::io::stdin().lock());
    let mut line = Vec::new();
    loop {
        line.clear();
        match stdin.read_until(b'\n', &mut line) {
            Ok(0) => return 0,
            Ok(_) => {}
            Err(_) => return 1,
        }
        let Some(len) = std::str::from_utf8(&line)
            .ok()
            .and_then(|l| l.trim().parse::<usize>().ok())
            .filter(|&n| n <= 1 << 20)
        else {
            eprintln!("malformed request");
            return 1;
        };
        let mut path = vec![0; len];
        if stdin.read_exact(&mut path).is_err() {
            return 1;
        }
        let frame = Frame::of(extract_file(&path_from_bytes(path), faults));
        if frame.write_to(&mut out).is_err() {
            return 1;
        }
    }
}

/// `undex __extract-pdf PATH`: one file, its frame on stdout (for looking
/// at what the extractor makes of a file). Exit code 0, or the frame's code.
pub fn run_once(path: &Path) -> i32 {
    std::panic::set_hook(Box::new(|_| {}));
    let frame = Frame::of(extract_file(path, false));
    let code = frame.code as i32;
    match frame.write_to(&mut std::io::stdout().lock()) {
        Ok(()) => code,
        Err(_) => CODE_IO as i32,
    }
}

/// Reads and extracts one file, panics caught.
fn extract_file(path: &Path, faults: bool) -> Result<Vec<String>, ExtractError> {
    std::panic::catch_unwind(|| {
        let size = std::fs::metadata(path)?.len();
        if size > PDF_MAX_BYTES {
            return Err(ExtractError::TooLarge {
                size,
                limit: PDF_MAX_BYTES,
            });
        }
        let bytes = std::fs::read(path)?;
        if faults {
            let has = |marker: &[u8]| bytes.windows(marker.len()).any(|w| w == marker);
            if has(HANG_MARKER) {
                loop {
                    std::thread::sleep(Duration::from_secs(3600));
                }
            }
            if has(CRASH_MARKER) {
                std::process::abort();
            }
        }
        pdf::extract_pages(&bytes)
    })
    .unwrap_or_else(|panic| {
        Err(ExtractError::Crashed(format!(
            "extractor panicked: {}",
            pdf::panic_message(&*panic)
        )))
    })
}

/// The frame pipe, kept apart from fd 1: fd 1 is pointed at stderr so that
/// whatever a library prints cannot land inside a frame.
#[cfg(unix)]
fn protocol_stdout() -> Box<dyn Write> {
    use std::os::fd::FromRawFd;
    // SAFETY: dup/dup2 on the process's own standard descriptors; the new
    // descriptor is owned by the File alone.
    unsafe {
        let fd = libc::dup(1);
        if fd >= 0 && libc::dup2(2, 1) >= 0 {
            return Box::new(std::io::BufWriter::new(std::fs::File::from_raw_fd(fd)));
        }
    }
    Box::new(std::io::stdout())
}

#[cfg(not(unix))]
fn protocol_stdout() -> Box<dyn Write> {
    Box::new(std::io::stdout())
}

/// A worker whose ingest has died (even by SIGKILL) ends within a second,
/// even while a hostile file keeps its main thread busy: a watchdog thread
/// exits the process once the worker has been handed to another parent.
/// (`PR_SET_PDEATHSIG` would not do: it fires when the parent *thread*
/// that started the worker ends, and ingest threads come and go.)
fn die_with_parent() {
    #[cfg(unix)]
    {
        // SAFETY: getppid has no preconditions.
        let parent = unsafe { libc::getppid() };
        let _ = std::thread::Builder::new()
            .name("undex-pdf-watchdog".into())
            .spawn(move || loop {
                std::thread::sleep(Duration::from_secs(1));
                // SAFETY: as above.
                if unsafe { libc::getppid() } != parent {
                    std::process::exit(1);
                }
            });
    }
}

/// A stand-in worker for tests: a shell script reading requests as the
/// real one does and running `body` for each (`$p` is the path).
#[cfg(all(test, unix))]
pub(crate) fn fake_worker(dir: &Path, name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    let script =
        format!("#!/bin/bash\nwhile read -r n; do IFS= read -r -N \"$n\" p; {body}; done\n");
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_skip_stray_output() {
        let frames = [
            Frame::of(Ok(vec!["one\n".into(), String::new(), "∂ three".into()])),
            Frame::of(Err(ExtractError::Encrypted)),
            Frame::of(Err(ExtractError::Pdf("bad xref".into()))),
        ];
        let mut bytes = b"library noise\n".to_vec();
        for f in &frames {
            f.write_to(&mut bytes).unwrap();
        }
        let mut reader = &bytes[..];
        for f in &frames {
            assert_eq!(&read_frame(&mut reader).unwrap(), f);
        }
        assert!(read_frame(&mut reader).is_err(), "end of the pipe");
        let mut cut = &bytes[..bytes.len() - 2];
        read_frame(&mut cut).unwrap();
        read_frame(&mut cut).unwrap();
        assert!(read_frame(&mut cut).is_err(), "a frame cut short");
        assert!(matches!(
            frames[1].clone_result(),
            Err(ExtractError::Encrypted)
        ));
        assert!(matches!(frames[2].clone_result(), Err(ExtractError::Pdf(m)) if m == "bad xref"));
    }

    impl Frame {
        fn clone_result(&self) -> Result<Vec<String>, ExtractError> {
            Frame {
                code: self.code,
                items: self.items.clone(),
            }
            .into_result(0)
        }
    }

    #[cfg(unix)]
    #[test]
    fn pool_maps_worker_outcomes_and_replaces_dead_workers() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("x.pdf");
        std::fs::write(&pdf, b"%PDF-1.7\n(not really)").unwrap();
        let short = Duration::from_millis(500);
        let pool = |name: &str, body: &str| {
            PdfPool::with_command(fake_worker(dir.path(), name, body), &[], short)
        };
        let ok = pool(
            "ok",
            r#"echo noise; printf 'UNDEX-PDF/2 0 2\n3\none5\nthree'"#,
        );
        for _ in 0..3 {
            assert_eq!(
                ok.extract_pages(&pdf).unwrap(),
                vec!["one".to_string(), "three".to_string()]
            );
        }
        assert_eq!(
            ok.idle.lock().unwrap().len(),
            1,
            "one worker served all three"
        );

        let started = Instant::now();
        let hang = pool("hang", "sleep 30");
        assert!(matches!(
            hang.extract_pages(&pdf),
            Err(ExtractError::Timeout(_))
        ));
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "timeout honoured"
        );
        assert!(
            hang.idle.lock().unwrap().is_empty(),
            "the hung worker is gone"
        );

        let crash = pool("crash", "echo dying >&2; kill -SEGV $$");
        assert!(
            matches!(crash.extract_pages(&pdf), Err(ExtractError::Pdf(m)) if m.contains("crashed (signal 11)") && m.contains("dying"))
        );
        // the next file gets a new worker
        assert!(
            matches!(crash.extract_pages(&pdf), Err(ExtractError::Pdf(m)) if m.contains("crashed"))
        );
        let garbage = pool("garbage", "printf 'UNDEX-PDF/2 0 1\nxx\n'");
        assert!(
            matches!(garbage.extract_pages(&pdf), Err(ExtractError::Pdf(m)) if m.contains("malformed"))
        );
        let enc = pool(
            "enc",
            &format!("printf 'UNDEX-PDF/2 {CODE_ENCRYPTED} 1\\n9\\nencrypted'"),
        );
        assert!(matches!(
            enc.extract_pages(&pdf),
            Err(ExtractError::Encrypted)
        ));
        let panic = pool(
            "panic",
            &format!("printf 'UNDEX-PDF/2 {CODE_PANIC} 1\\n4\\nboom'"),
        );
        assert!(matches!(panic.extract_pages(&pdf), Err(ExtractError::Pdf(m)) if m == "boom"));

        // checked before any worker is started
        let never = PdfPool::with_command(dir.path().join("no-such-worker"), &[], short);
        let html = dir.path().join("page.pdf");
        std::fs::write(&html, b"<html></html>").unwrap();
        assert!(matches!(
            never.extract_pages(&html),
            Err(ExtractError::NotPdf)
        ));
        let empty = dir.path().join("empty.pdf");
        std::fs::write(&empty, b"").unwrap();
        assert!(matches!(
            never.extract_pages(&empty),
            Err(ExtractError::Empty)
        ));
        assert!(matches!(
            never.extract_pages(&dir.path().join("missing.pdf")),
            Err(ExtractError::Io(_))
        ));
        assert!(
            matches!(never.extract_pages(&pdf), Err(ExtractError::Pdf(m)) if m.contains("cannot start"))
        );
    }
}
