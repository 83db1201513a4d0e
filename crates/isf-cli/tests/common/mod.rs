//! Shared helpers of the `isf` integration tests: running the built binary, and the StarFire
//! vector keys.
//!
//! The keys, public keys and BIDs are copied from the StarFire vectors kept in
//! `crates/isf-bid/tests/vectors/starfire.json`; `SOURCE.md` beside that file names where
//! they come from and under which licence.

#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Vector key of the platform operator.
pub const OPERATOR: &str = "priSPKt2hVqYmUoyJ24vYb8uzhu7VCab9X9BHz8K68sQZ61Yy5";
/// Its BID.
pub const OPERATOR_BID: &str = "did:bid:efdPP4ympm36RxTYQJPber1PRKmLWZE";
/// Vector key of the core enterprise.
pub const CORE: &str = "priSPKir4tnCmj6wmBxyaL2ZuAF5TKpf81mYRv4LbeGTGWRjrr";
/// Its public key.
pub const CORE_PUBLIC: &str =
    "b0656681fe6bbb5ef40fa464b6fb8335da40c6814be2a1fed750228deda2ac2d496e6e";
/// Its BID.
pub const CORE_BID: &str = "did:bid:ef2AuAJid1dB22rk3M6vB6cUc1ENnpfEe";
/// Vector key of the tier-1 supplier.
pub const TIER1: &str = "priSPKqB8wCf8GtiKCG1yN3RHPVLbfcXLmkFfHLGjSgrMRD7AJ";
/// Vector key of the tier-3 supplier.
pub const TIER3: &str = "priSPKqru2zMzeb14XWxPNM1sassFeqyyUZotCAYcvCjhNof7t";
/// Its public key.
pub const TIER3_PUBLIC: &str =
    "b065668edf1e72f9c81c4a911239d8042b50ad187e7aedc5b9e949784c5333a0855159";
/// Its BID.
pub const TIER3_BID: &str = "did:bid:efqhQu9YWEWpUKQYkAyGevPGtAdD1N6p";
/// Vector key of the factor.
pub const FACTOR: &str = "priSPKmopQGLoE7ZBT6urhS9rayboAE5ER3v4ajWPMCuze4SC8";

/// What one run of `isf` left behind.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from_output(output: Output) -> Run {
        Run {
            code: output.status.code(),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }

    /// Stdout parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|error| panic!("stdout is not json ({error}):\n{}", self.stdout))
    }

    /// Asserts exit code 0 and returns the run.
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code,
            Some(0),
            "stdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// Asserts a non-zero exit code and that stderr names `needle`; returns the run.
    pub fn fails_with(self, needle: &str) -> Run {
        assert_ne!(
            self.code,
            Some(0),
            "expected failure; stdout:\n{}",
            self.stdout
        );
        assert!(
            self.code.is_some(),
            "killed by a signal; stderr:\n{}",
            self.stderr
        );
        assert!(
            self.stderr.contains(needle),
            "stderr does not name {needle:?}:\n{}",
            self.stderr
        );
        self
    }
}

/// Runs `isf` with `args` in a fresh working folder, so that a journal it creates by default
/// is thrown away with the folder.
pub fn isf(args: &[&str]) -> Run {
    let folder = tempfile::tempdir().unwrap();
    isf_in(folder.path(), args)
}

/// Runs `isf` with `args` in the working folder `folder`.
pub fn isf_in(folder: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_isf"))
        .args(args)
        .current_dir(folder)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    Run::from_output(output)
}

/// Runs `isf` with `args`, feeding `input` on standard input.
pub fn isf_with_stdin(args: &[&str], input: &str) -> Run {
    let folder = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_isf"))
        .args(args)
        .current_dir(folder.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    Run::from_output(child.wait_with_output().unwrap())
}

/// A path as the `&str` argument `isf` takes.
pub fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}
