//! Two processes sharing one SQLite file debit the same 200 accounts at the same versions.
//!
//! The parent opens 200 accounts of 100.00, then starts this test binary twice as children.
//! Each child reads every account, says READY, waits for GO on stdin, then tries to debit
//! 60.00 from each account at the version it read. For every account exactly one child must
//! win and the other must get a version conflict; 40.00 must remain in each.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use isf_core::Fen;
use isf_store::{Journal, SqliteJournal};
use support::{Attempt, child, child_report, child_role, open_account, read_account, try_debit};

const ACCOUNTS: usize = 200;
const CHILD_TEST: &str = "child_process_entry";

fn stream(account: usize) -> String {
    format!("V-proc-{account}")
}

#[test]
fn two_processes_debit_the_same_accounts() {
    if child_role().is_some() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    let journal = SqliteJournal::open(&path).unwrap();
    for account in 0..ACCOUNTS {
        journal.append(open_account(&stream(account))).unwrap();
    }

    let mut children: Vec<_> = ["a", "b"]
        .map(|name| {
            child(CHILD_TEST, name)
                .env("ISF_RACE_DB", &path)
                .spawn()
                .unwrap()
        })
        .into_iter()
        .collect();
    let mut readers: Vec<_> = children
        .iter_mut()
        .map(|c| BufReader::new(c.stdout.take().unwrap()).lines())
        .collect();

    for reader in &mut readers {
        let ready = reader
            .map(Result::unwrap)
            .find_map(|line| child_report(&line).map(str::to_owned));
        assert_eq!(ready.as_deref(), Some("READY"));
    }
    for child in &mut children {
        writeln!(child.stdin.as_mut().unwrap(), "GO").unwrap();
    }

    let mut outcomes: HashMap<usize, Vec<String>> = HashMap::new();
    for reader in readers {
        for line in reader.map(Result::unwrap) {
            let Some(report) = child_report(&line) else {
                continue;
            };
            let (account, outcome) = report.split_once(' ').unwrap();
            outcomes
                .entry(account.parse().unwrap())
                .or_default()
                .push(outcome.to_owned());
        }
    }
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }

    for account in 0..ACCOUNTS {
        let mut seen = outcomes.remove(&account).unwrap_or_default();
        seen.sort();
        assert_eq!(seen, ["Conflict", "Won"], "account {account}");
        let (version, balance) = read_account(&journal, &stream(account));
        assert_eq!(
            (version, balance),
            (2, Fen::new(4_000).unwrap()),
            "account {account}"
        );
    }
    assert_eq!(journal.verify_chain().unwrap(), 2 * ACCOUNTS as u64);
}

/// The child's side; does nothing when run as an ordinary test.
#[test]
fn child_process_entry() {
    if child_role().is_none() {
        return;
    }
    let path = std::env::var_os("ISF_RACE_DB").unwrap();
    run_child(Path::new(&path));
}

fn run_child(path: &Path) {
    let journal = SqliteJournal::open(path).unwrap();
    let seen: Vec<_> = (0..ACCOUNTS)
        .map(|account| read_account(&journal, &stream(account)))
        .collect();

    let mut out = std::io::stdout().lock();
    writeln!(out, "ISF READY").unwrap();
    out.flush().unwrap();
    let mut go = String::new();
    std::io::stdin().read_line(&mut go).unwrap();
    assert_eq!(go.trim(), "GO");

    for (account, (version, balance)) in seen.into_iter().enumerate() {
        let attempt: Attempt = try_debit(&journal, &stream(account), version, balance);
        writeln!(out, "ISF {account} {attempt:?}").unwrap();
    }
    out.flush().unwrap();
}
