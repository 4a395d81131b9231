//! The app's binary run as a command, the one runner of the command-line tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The app's binary with a home of its own, so no config of the machine's user is read,
/// colour allowed (`NO_COLOR` removed), and a terminal type that is not `dumb` (which would
/// narrate instead of opening the app), whatever the tests run under.
#[must_use]
pub fn longrail() -> Command {
    let home = std::env::temp_dir().join("longrail-test-home");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_longrail"));
    cmd.env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env_remove("NO_COLOR")
        .env_remove("LONGRAIL_NARRATE")
        .env("TERM", "xterm-256color");
    cmd
}

/// Run the binary with `args`; its exit status and output.
#[must_use]
pub fn run(args: &[&str]) -> Output {
    longrail().args(args).output().unwrap()
}

/// Run the binary with `args`, which must succeed; its standard output.
#[must_use]
pub fn stdout(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A fresh, empty directory for `name` under cargo's temporary directory for tests.
#[must_use]
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Whether the tests run in CI (`CI` set, and not to `false` or `0`): there a tool or a file a
/// test needs and cannot get is a failure, not a skip.
#[must_use]
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// The names of the files in `dir`, sorted.
#[must_use]
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
