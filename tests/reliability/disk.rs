//! A read-only index folder and a full disk: a clear error, the old index
//! intact (and, for a read-only index, still searchable).
//!
//! Tests run as root here, where `chmod` does not stop writes; both tests
//! then use mounts (a read-only bind mount, a small tmpfs). Where neither
//! permissions nor mounts can produce the condition, they say so loudly and
//! return: they never pass silently without having tested anything.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use super::{can_mount, committed_ids, copy_speeches, Mount};
use crate::util::{stderr, stdout, undex, Workspace};

fn demo() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/demo")
}

fn skip(why: &str) {
    eprintln!("\n!!!!!!!! SKIPPED: {why} !!!!!!!!\n");
}

/// `undex --index INDEX ARGS...`
fn run_on(index: &Path, args: &[&str]) -> std::process::Output {
    undex()
        .arg("--index")
        .arg(index)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn read_only_index_folder_is_a_clear_error_and_stays_searchable() {
    let ws = Workspace::new();
    let out = ws.ingest(&[&demo()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let before = committed_ids(&ws.index());
    let index = ws.index();

    // Read-only by permissions where that works (not root), else by a
    // read-only bind mount.
    std::fs::set_permissions(&index, std::fs::Permissions::from_mode(0o555)).unwrap();
    let chmod_works = std::fs::write(index.join("probe"), b"x").is_err();
    let _ = std::fs::remove_file(index.join("probe"));
    let mut mount: Option<Mount> = None;
    let how = if chmod_works {
        "chmod 555"
    } else {
        std::fs::set_permissions(&index, std::fs::Permissions::from_mode(0o755)).unwrap();
        if !can_mount() {
            skip("running as root, where chmod does not stop writes, and mounting is not permitted: the read-only index case is untested");
            return;
        }
        let bind =
            Mount::new(&["--bind", &index.display().to_string()], &index).expect("bind mount");
        assert!(
            std::process::Command::new("mount")
                .args(["-o", "remount,bind,ro"])
                .arg(&index)
                .status()
                .unwrap()
                .success(),
            "remount read-only"
        );
        mount = Some(bind);
        "a read-only bind mount"
    };
    assert!(
        std::fs::write(index.join("probe"), b"x").is_err(),
        "{how} did not make the folder read-only"
    );

    let second = ws.dir.path().join("more");
    copy_speeches(&second, 20);
    let out = ws.run(&["ingest", &second.display().to_string()]);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(2),
        "ingest into a read-only index ({how}): {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        !err.contains("another undex process"),
        "a read-only folder is not a concurrent writer: {err}"
    );
    assert!(
        err.contains(&format!(
            "cannot open index {} for writing",
            index.display()
        )) && (err.contains("Read-only file system") || err.contains("Permission denied")),
        "unclear error ({how}): {err}"
    );
    // Still readable, unchanged.
    let out = ws.run(&["search", "small arms", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "search a read-only index ({how}): {}",
        stderr(&out)
    );
    let out = ws.run(&["stats", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stats: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(stats["documents"], before.len());
    assert_eq!(committed_ids(&index), before, "the read-only index changed");

    drop(mount);
    std::fs::set_permissions(&index, std::fs::Permissions::from_mode(0o755)).unwrap();
    // Writable again: ingest works (no stale lock was left behind).
    let out = ws.run(&["ingest", &second.display().to_string()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(committed_ids(&index).len(), before.len() + 20);
}

#[test]
fn a_full_disk_is_a_clear_error_and_leaves_the_last_commit() {
    if !can_mount() {
        skip("mounting a small tmpfs is not permitted here: the disk-full case is untested");
        return;
    }
    let ws = Workspace::new();
    let disk = ws.dir.path().join("disk");
    std::fs::create_dir_all(&disk).unwrap();
    // 3 MB: room for the demo corpus's index (~0.2 MB), not for 1,000
    // speeches (26 MB of text).
    let tmpfs = Mount::new(&["-t", "tmpfs", "-o", "size=3m", "tmpfs"], &disk).expect("tmpfs");
    let index = disk.join("index");
    let out = run_on(
        &index,
        &["ingest", "--quiet", &demo().display().to_string()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let before = committed_ids(&index);

    let speeches = ws.dir.path().join("speeches");
    let files = copy_speeches(&speeches, 1000);
    // Round 1 commits every 50 speeches, so the disk fills after some
    // commits; round 2 (one commit at the end) finds it full at once.
    for (round, every) in [(1, Some("50")), (2, None)] {
        let mut cmd = undex();
        cmd.arg("--index")
            .arg(&index)
            .args(["ingest", "--quiet"])
            .arg(&speeches);
        if let Some(every) = every {
            cmd.env(undex::ingest::COMMIT_EVERY_ENV, every);
        }
        let out = cmd.output().unwrap();
        let err = stderr(&out);
        assert_eq!(
            out.status.code(),
            Some(2),
            "round {round}: a full disk is an error: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
        assert!(
            err.contains("No space left on device") && err.contains("keeps its last commit"),
            "round {round}: unclear error: {err}"
        );
        // The index opens and holds a committed state: the old one, plus
        // whole commits of 50 speeches.
        let ids = committed_ids(&index);
        let added: Vec<&String> = ids.iter().filter(|id| !before.contains(id)).collect();
        assert!(
            before.iter().all(|id| ids.contains(id)),
            "round {round}: old documents lost"
        );
        assert!(
            added.len().is_multiple_of(50),
            "round {round}: a partial commit: {} new",
            added.len()
        );
        let first: Vec<String> = files[..added.len()]
            .iter()
            .map(|f| super::source_id(f))
            .collect();
        assert!(
            added.iter().all(|id| first.contains(id)),
            "round {round}: the new documents are not the first {} speeches",
            added.len()
        );
        let out = run_on(&index, &["search", "small arms", "--format", "json"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "round {round}: {}",
            stderr(&out)
        );
        println!(
            "round {round}: {} documents after the failure ({} new)",
            ids.len(),
            added.len()
        );
    }

    // With room again, the same ingest completes: nothing stale was left.
    assert!(std::process::Command::new("mount")
        .args(["-o", "remount,size=256m"])
        .arg(&disk)
        .status()
        .unwrap()
        .success());
    let out = run_on(
        &index,
        &["ingest", "--quiet", &speeches.display().to_string()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let ids = committed_ids(&index);
    assert_eq!(ids.len(), before.len() + files.len());
    drop(tmpfs);
}

#[test]
fn index_made_with_the_former_english_analysis_is_refused_not_searched() {
    // An index written before British and American spellings were merged
    // names its English analyser `undex_en`; searching it with today's
    // terms would silently miss ("programme" is now indexed as "program").
    let ws = Workspace::new();
    let out = ws.ingest(&[&demo()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let index = ws.index();
    let meta = index.join("meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    assert!(
        text.contains("\"undex_en2\""),
        "the schema names the analyser"
    );
    std::fs::write(&meta, text.replace("\"undex_en2\"", "\"undex_en\"")).unwrap();

    let out = run_on(&index, &["search", "programme"]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("older undex"), "{err}");
    assert!(err.contains("ingest again"), "{err}");
    assert!(err.contains(&index.display().to_string()), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
