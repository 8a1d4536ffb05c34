//! `undex votes SYMBOL` and `undex votes --state NAME [QUERY]`: a
//! resolution's vote, and how one State (or two, compared) voted on every
//! matching resolution adopted by a recorded vote.

use std::collections::HashMap;
use std::io::Write;

use serde::Serialize;

use crate::cli::{FilterArgs, Format, GlobalArgs, VotesArgs};
use crate::exit_codes::ExitCode;
use crate::index::StoredDoc;
use crate::output::facets::natural_cmp;
use crate::output::{csv_out, Style};
use crate::search::{FilterSpec, Filters};
use crate::symbol;
use crate::votes::{agreement, states, Vote, VoteRecord};

/// Width of text output when the terminal's is unknown.
const TEXT_WIDTH: usize = 100;

/// The language whose version of a resolution gives titles, when present.
const PREFERRED_LANG: &str = "en";

#[derive(Serialize)]
struct VoteLists<'a> {
    in_favour: &'a [String],
    against: &'a [String],
    abstaining: &'a [String],
}

#[derive(Serialize)]
struct SymbolVotes<'a> {
    symbol: String,
    title: &'a str,
    date: Option<&'a str>,
    meeting: Option<&'a str>,
    outcome: &'a str,
    in_favour: Option<u32>,
    against: Option<u32>,
    abstaining: Option<u32>,
    states: VoteLists<'a>,
}

#[derive(Serialize)]
struct StateRow<'a> {
    symbol: &'a str,
    date: Option<&'a str>,
    title: &'a str,
    vote: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    compare_vote: Option<&'a str>,
    /// Both voted and voted alike (null when either did not vote).
    #[serde(skip_serializing_if = "Option::is_none")]
    agree: Option<Option<bool>>,
}

#[derive(Serialize)]
struct Agreement {
    same: usize,
    both_voted: usize,
    rate: f64,
}

#[derive(Serialize)]
struct StateOutput<'a> {
    state: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    compare: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    agreement: Option<Option<Agreement>>,
    votes: Vec<StateRow<'a>>,
}

pub fn run(global: &GlobalArgs, args: &VotesArgs) -> anyhow::Result<ExitCode> {
    match &args.state {
        Some(state) => by_state(global, args, state),
        None => by_symbol(global, args),
    }
}

fn has_filters(f: &FilterArgs) -> bool {
    !(f.topics.is_empty()
        && f.symbols.is_empty()
        && f.doc_type.is_none()
        && f.lang.is_none()
        && f.from.is_none()
        && f.to.is_none()
        && f.subjects.is_empty()
        && f.sponsors.is_empty())
}

fn by_symbol(global: &GlobalArgs, args: &VotesArgs) -> anyhow::Result<ExitCode> {
    let Some(written) = args.target.as_deref() else {
        anyhow::bail!("give a resolution's symbol (undex votes A/RES/79/16) or --state NAME");
    };
    if has_filters(&args.filters) {
        anyhow::bail!(
            "filters (--subject, --from, ...) apply with --state NAME, not to one symbol"
        );
    }
    let format = args.format.unwrap_or(Format::Text);
    if matches!(format, Format::Jsonl | Format::Csv) {
        anyhow::bail!(
            "--format {}: `votes SYMBOL` prints text or json",
            if format == Format::Csv {
                "csv"
            } else {
                "jsonl"
            }
        );
    }
    let symbol = symbol::parse_written(written)?;
    let engine = super::open_engine(global)?;
    let docs = engine.get(&symbol)?;
    if docs.is_empty() {
        eprintln!("undex: no document with symbol {symbol} in the index");
        return Ok(ExitCode::NoMatch);
    }
    let Some((doc, votes)) = preferred(&docs) else {
        eprintln!("undex: {symbol} is in the index but no vote is recorded for it (ingest the UN's metadata extract or its AKN4UN text)");
        return Ok(ExitCode::NoMatch);
    };
    let tallies = votes.tallies;
    let out_obj = SymbolVotes {
        symbol: doc
            .symbols
            .first()
            .cloned()
            .unwrap_or_else(|| symbol.to_string()),
        title: &doc.title,
        date: votes.date.as_deref().or(doc.date.as_deref()),
        meeting: votes.meeting.as_deref(),
        outcome: votes.outcome.as_str(),
        in_favour: tallies.map(|t| t.in_favour),
        against: tallies.map(|t| t.against),
        abstaining: tallies.map(|t| t.abstaining),
        states: VoteLists {
            in_favour: &votes.states.in_favour,
            against: &votes.states.against,
            abstaining: &votes.states.abstaining,
        },
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if format == Format::Json {
        serde_json::to_writer(&mut out, &out_obj)?;
        writeln!(out)?;
    } else {
        let style = Style::new(global.color);
        writeln!(
            out,
            "{}  {}",
            style.symbol(&out_obj.symbol),
            style.bold(&doc.title)
        )?;
        let mut line = votes.outcome.describe().to_string();
        if let Some(d) = out_obj.date {
            line.push_str(&format!(" on {d}"));
        }
        if let Some(m) = out_obj.meeting {
            line.push_str(&format!(" ({m})"));
        }
        writeln!(out, "  {line}")?;
        if let Some(t) = tallies {
            writeln!(
                out,
                "  in favour {} · against {} · abstaining {}",
                t.in_favour, t.against, t.abstaining
            )?;
            for note in votes.mismatches() {
                writeln!(
                    out,
                    "  {}",
                    style.dim(&format!("note: {note} (as published)"))
                )?;
            }
            let width = text_width();
            for (name, list) in [
                ("In favour", &votes.states.in_favour),
                ("Against", &votes.states.against),
                ("Abstaining", &votes.states.abstaining),
            ] {
                writeln!(out, "\n  {} ({})", style.bold(name), list.len())?;
                write_columns(&mut out, list, width)?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::Success)
}

/// The version of a resolution that speaks for it: English if present.
fn preferred(docs: &[StoredDoc]) -> Option<(&StoredDoc, VoteRecord)> {
    let with_votes: Vec<(&StoredDoc, VoteRecord)> = docs
        .iter()
        .filter_map(|d| Some((d, d.catalogue()?.votes?)))
        .collect();
    let pos = with_votes
        .iter()
        .position(|(d, _)| d.lang == PREFERRED_LANG)
        .unwrap_or(0);
    with_votes.into_iter().nth(pos)
}

/// Names in as many columns as fit in `width`, indented. Column-major, like
/// `ls`: alphabetical order reads down each column, and each column is as
/// wide as its longest name.
fn write_columns(w: &mut dyn Write, names: &[String], width: usize) -> std::io::Result<()> {
    const INDENT: &str = "    ";
    const GAP: usize = 2;
    if names.is_empty() {
        return writeln!(w, "{INDENT}-");
    }
    let len = |n: &String| n.chars().count();
    let room = width.saturating_sub(INDENT.len());
    let layout = |cols: usize| -> Option<(usize, Vec<usize>)> {
        let rows = names.len().div_ceil(cols);
        let widths: Vec<usize> = names
            .chunks(rows)
            .map(|c| c.iter().map(len).max().unwrap_or(0) + GAP)
            .collect();
        (widths.iter().sum::<usize>() - GAP <= room).then_some((rows, widths))
    };
    let (rows, widths) = (1..=names.len())
        .rev()
        .find_map(layout)
        .unwrap_or_else(|| (names.len(), vec![0]));
    for r in 0..rows {
        let mut line = String::from(INDENT);
        for (c, cw) in widths.iter().enumerate() {
            if let Some(n) = names.get(c * rows + r) {
                line.push_str(n);
                line.push_str(&" ".repeat(cw.saturating_sub(len(n))));
            }
        }
        writeln!(w, "{}", line.trim_end())?;
    }
    Ok(())
}

fn text_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c >= 40)
        .unwrap_or(TEXT_WIDTH)
}

/// One resolution in `--state` output.
struct Row {
    symbol: String,
    date: Option<String>,
    title: String,
    votes: VoteRecord,
}

fn by_state(global: &GlobalArgs, args: &VotesArgs, state: &str) -> anyhow::Result<ExitCode> {
    let format = args.format.unwrap_or(Format::Text);
    let state = states::resolve(state).map_err(|e| anyhow::anyhow!("--state: {e}"))?;
    let compare = args
        .compare
        .as_deref()
        .map(|c| states::resolve(c).map_err(|e| anyhow::anyhow!("--compare: {e}")))
        .transpose()?;
    let filters = Filters::check(&FilterSpec::from(&args.filters))?;
    let query = args.target.as_deref().unwrap_or("*");
    let engine = super::open_query_engine(global)?;
    let docs = engine.recorded_votes(query, &filters)?;
    let rows = one_per_resolution(docs);

    let pairs: Vec<(Vote, Vote)> = match compare {
        Some(c) => rows
            .iter()
            .filter_map(|r| Some((r.votes.vote_of(state)?, r.votes.vote_of(c)?)))
            .collect(),
        None => Vec::new(),
    };
    let rate = compare.map(|_| {
        agreement(&pairs).map(|(same, both)| Agreement {
            same,
            both_voted: both,
            rate: (same as f64 / both as f64 * 1000.0).round() / 1000.0,
        })
    });
    let out_rows: Vec<StateRow> = rows
        .iter()
        .map(|r| {
            let v = r.votes.vote_of(state).unwrap_or(Vote::Absent);
            let cv = compare.map(|c| r.votes.vote_of(c).unwrap_or(Vote::Absent));
            StateRow {
                symbol: &r.symbol,
                date: r.date.as_deref(),
                title: &r.title,
                vote: v.as_str(),
                compare_vote: cv.map(Vote::as_str),
                agree: cv.map(|cv| (v != Vote::Absent && cv != Vote::Absent).then_some(v == cv)),
            }
        })
        .collect();

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        Format::Json => {
            serde_json::to_writer(
                &mut out,
                &StateOutput {
                    state,
                    compare,
                    agreement: rate,
                    votes: out_rows,
                },
            )?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            for r in &out_rows {
                serde_json::to_writer(&mut out, r)?;
                writeln!(out)?;
            }
        }
        Format::Csv => write_state_csv(&mut out, &out_rows, compare.is_some())?,
        Format::Text => {
            let style = Style::new(global.color);
            if out_rows.is_empty() {
                writeln!(out, "No recorded votes match {query:?}.")?;
            } else {
                let who = match compare {
                    Some(c) => format!("How {state} and {c} voted"),
                    None => format!("How {state} voted"),
                };
                write_state_text(&mut out, &style.bold(&who), &out_rows, rate.as_ref())?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::from_count(rows.len()))
}

/// `votes --state --format csv`: one row per resolution.
fn write_state_csv(out: &mut dyn Write, rows: &[StateRow], compare: bool) -> anyhow::Result<()> {
    let mut w = csv_out::writer(out);
    let mut header = vec!["symbol", "date", "title", "vote"];
    if compare {
        header.extend(["compare_vote", "agree"]);
    }
    w.write_record(&header)?;
    for r in rows {
        let mut rec = vec![
            r.symbol.to_string(),
            r.date.unwrap_or("").to_string(),
            r.title.to_string(),
            r.vote.to_string(),
        ];
        if let Some(cv) = r.compare_vote {
            rec.push(cv.to_string());
            rec.push(match r.agree.flatten() {
                Some(true) => "yes".into(),
                Some(false) => "no".into(),
                None => String::new(),
            });
        }
        w.write_record(&rec)?;
    }
    w.flush()?;
    Ok(())
}

/// `votes --state` for people: the heading `who`, a line per resolution,
/// and the agreement with `--compare`.
fn write_state_text(
    out: &mut dyn Write,
    who: &str,
    rows: &[StateRow],
    rate: Option<&Option<Agreement>>,
) -> std::io::Result<()> {
    writeln!(out, "{who} ({} recorded votes, newest first)\n", rows.len())?;
    let sym_w = rows.iter().map(|r| r.symbol.len()).max().unwrap_or(0);
    for r in rows {
        let mut line = format!(
            "{:<10}  {:<sym_w$}  {:<7}",
            r.date.unwrap_or("no date"),
            r.symbol,
            r.vote
        );
        if let Some(cv) = r.compare_vote {
            line.push_str(&format!("  {cv:<7}"));
        }
        line.push_str("  ");
        line.push_str(r.title);
        writeln!(out, "{}", truncate(&line, text_width()))?;
    }
    if let Some(rate) = rate {
        writeln!(out)?;
        match rate {
            Some(a) => writeln!(
                out,
                "Agreement: {:.1}% ({} of {} resolutions on which both voted)",
                a.rate * 100.0,
                a.same,
                a.both_voted
            )?,
            None => writeln!(out, "Agreement: none of these votes was cast by both")?,
        }
    }
    Ok(())
}

fn truncate(line: &str, width: usize) -> String {
    if line.chars().count() <= width {
        return line.to_string();
    }
    let mut s: String = line.chars().take(width.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// One row per resolution (its language versions share one vote), the
/// English version's title when present; newest first, then by symbol.
fn one_per_resolution(docs: Vec<StoredDoc>) -> Vec<Row> {
    let mut by_symbol: HashMap<String, Row> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for d in docs {
        let Some(symbol) = d.symbols.first().cloned() else {
            continue;
        };
        let Some(votes) = d.catalogue().and_then(|c| c.votes) else {
            continue;
        };
        let row = Row {
            symbol: symbol.clone(),
            date: votes.date.clone().or_else(|| d.date.clone()),
            title: d.title.clone(),
            votes,
        };
        match by_symbol.get_mut(&symbol) {
            Some(existing) => {
                if d.lang == PREFERRED_LANG {
                    *existing = row;
                }
            }
            None => {
                order.push(symbol.clone());
                by_symbol.insert(symbol, row);
            }
        }
    }
    let mut rows: Vec<Row> = order
        .into_iter()
        .filter_map(|s| by_symbol.remove(&s))
        .collect();
    rows.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| natural_cmp(&a.symbol, &b.symbol))
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_sort_by_number() {
        let mut v = vec!["A/RES/79/10", "A/RES/79/9", "A/RES/80/1", "A/RES/79/100"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            v,
            ["A/RES/79/9", "A/RES/79/10", "A/RES/79/100", "A/RES/80/1"]
        );
    }

    #[test]
    fn columns_read_down() {
        let names: Vec<String> = ["A", "B", "C", "D", "E"]
            .iter()
            .map(ToString::to_string)
            .collect();
        let mut out = Vec::new();
        write_columns(&mut out, &names, 4 + 3 * 3 - 2).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "    A  C  E\n    B  D\n");
        let mut out = Vec::new();
        write_columns(&mut out, &names, 1).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap().lines().count(),
            5,
            "one a line when nothing fits"
        );
    }
}
