//! `undex batch [FILE|-]`: many queries, one result line per query line.
//!
//! Each input line is a plain query, or a JSON object with `query` and
//! optionally `id`, `limit`, `offset`, `sort` and the filters of `search`
//! (`topic`, `symbol`, `type`, `lang`, `from`, `to`). Blank lines are
//! passed over. Output keeps input order (lines are numbered from 1) even
//! though queries run on all cores. A bad line yields an error line and the
//! run goes on; the exit code is then 2.

use std::io::{BufRead, Write};

use serde_json::Value;

use crate::cli::{BatchArgs, BatchFormat, GlobalArgs};
use crate::exit_codes::ExitCode;
use crate::output::{self, csv_out};
use crate::search::batch::{run_chunk, Answer, Job};

/// Lines read and run together; output is written after each chunk, so
/// memory stays bounded on long inputs and results stream out.
const CHUNK_LINES: usize = 512;

pub fn run(global: &GlobalArgs, args: &BatchArgs) -> anyhow::Result<ExitCode> {
    let fields = output::check_fields(args.fields.as_deref(), &output::DEFAULT_CSV_FIELDS)?;
    let input: Box<dyn BufRead> = match &args.file {
        None => Box::new(std::io::stdin().lock()),
        Some(p) if p.as_os_str() == "-" => Box::new(std::io::stdin().lock()),
        Some(p) => Box::new(std::io::BufReader::new(std::fs::File::open(p).map_err(
            |e| anyhow::anyhow!("cannot read batch file \"{}\": {e}", p.display()),
        )?)),
    };
    let mut engine = super::open_query_engine(global)?;
    // Many queries: "did you mean" reads merged vocabularies, built once.
    engine.keep_vocabularies();
    let threads = args
        .threads
        .unwrap_or_else(crate::threads::default_threads)
        .max(1);
    let stdout = std::io::stdout();
    // Buffered: stdout alone flushes at every newline, a write per result
    // line; the buffer is flushed after each chunk, so results still stream.
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut csv = (args.format == BatchFormat::Csv).then(|| csv_out::writer(Vec::new()));
    if let Some(w) = csv.as_mut() {
        let mut header = vec!["line", "id", "rank"];
        header.extend(fields.iter());
        header.push("error");
        w.write_record(&header)?;
    }
    let (mut failed, mut found) = (0usize, 0usize);
    let mut jobs = Vec::new();
    // Split on bytes, not `lines()`: a line that is not valid UTF-8 is one
    // bad line (its bad bytes become U+FFFD), not the end of the run.
    let mut lines = input.split(b'\n').enumerate();
    loop {
        jobs.clear();
        for (i, line) in lines.by_ref() {
            let bytes = line
                .map_err(|e| anyhow::anyhow!("cannot read batch input at line {}: {e}", i + 1))?;
            let text =
                String::from_utf8_lossy(bytes.strip_suffix(b"\r").unwrap_or(&bytes)).into_owned();
            if !text.trim().is_empty() {
                jobs.push(Job { line: i + 1, text });
            }
            if jobs.len() == CHUNK_LINES {
                break;
            }
        }
        if jobs.is_empty() {
            break;
        }
        let answers = run_chunk(&engine, &jobs, args.limit, threads);
        for a in &answers {
            match &a.result {
                Ok(r) if r.total > 0 => found += 1,
                Ok(_) => {}
                Err(msg) => {
                    failed += 1;
                    eprintln!("undex: batch line {}: {msg}", a.line);
                }
            }
            write_answer(&mut out, csv.as_mut(), a, &fields)?;
        }
        if let Some(w) = csv.as_mut() {
            let done = std::mem::replace(w, csv_out::writer(Vec::new()));
            let bytes = done
                .into_inner()
                .map_err(|e| anyhow::anyhow!("cannot write CSV: {}", e.error()))?;
            out.write_all(&bytes)?;
        }
        out.flush()?;
    }
    Ok(if failed > 0 {
        ExitCode::Error
    } else {
        ExitCode::from_count(found)
    })
}

/// One answer: a JSON line, or CSV rows (one a hit, or one error row).
fn write_answer(
    mut out: &mut dyn Write,
    csv: Option<&mut csv::Writer<Vec<u8>>>,
    a: &Answer,
    fields: &[&str],
) -> anyhow::Result<()> {
    let Some(w) = csv else {
        a.write_json(&mut out)?;
        writeln!(out)?;
        return Ok(());
    };
    match &a.result {
        Ok(r) => {
            for (rank, hit) in r.hits.iter().enumerate() {
                let mut row = vec![a.line.to_string(), id_text(&a.id), (rank + 1).to_string()];
                row.extend(csv_out::hit_row(hit, fields));
                row.push(String::new());
                w.write_record(&row)?;
            }
        }
        Err(msg) => {
            let mut row = vec![a.line.to_string(), id_text(&a.id), String::new()];
            row.extend(fields.iter().map(|_| String::new()));
            row.push(msg.clone());
            w.write_record(&row)?;
        }
    }
    Ok(())
}

fn id_text(id: &Option<Value>) -> String {
    match id {
        None => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    }
}
