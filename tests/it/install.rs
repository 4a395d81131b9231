//! Installed like a real tool: shell completions that a real bash completes with, man pages
//! that man-db renders without a warning, and `--version` naming the commit it was built from
//! (src/build.rs's git lookup, run here on repositories made for the test).

use std::path::Path;
use std::process::Command;

use crate::common::bin::{in_ci, scratch, stdout};

/// Whether `program` runs here; in CI its absence fails the test (`.ci/setup-tools`
/// installs it), elsewhere the test is skipped with a note.
fn have(program: &str, test: &str) -> bool {
    let there = Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        there || !in_ci(),
        "{program} is missing in CI: .ci/setup-tools installs it"
    );
    if !there {
        eprintln!("{test}: skipped, {program} is not installed");
    }
    there
}

/// What bash's completion offers for `words` (the cursor on the last one), after sourcing the
/// script `longrail completions bash` prints.
fn bash_completes(script: &Path, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let cword = words.len() - 1;
    let cur = words[cword];
    let prev = if cword > 0 { words[cword - 1] } else { "" };
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={cword}\nCOMP_LINE='{}'\nCOMP_POINT=${{#COMP_LINE}}\n\
         _longrail longrail '{cur}' '{prev}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script.display(),
        quoted.join(" "),
        words.join(" "),
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut found: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    found.sort();
    found
}

#[test]
fn bash_completes_commands_options_route_ids_and_themes() {
    if !have("bash", "bash_completes") {
        return;
    }
    let dir = scratch("completions-bash");
    let script = dir.join("longrail.bash");
    std::fs::write(&script, stdout(&["completions", "bash"])).unwrap();
    assert_eq!(bash_completes(&script, &["longrail", "se"]), ["serve"]);
    assert_eq!(
        bash_completes(&script, &["longrail", "--route", "pyongyang-m"]),
        ["pyongyang-moscow"]
    );
    // Every built-in id, from the binary's own list, and nothing else.
    let mut ids: Vec<String> = longrail::route::builtin::BUILTINS
        .iter()
        .map(|b| b.id.to_owned())
        .collect();
    ids.sort();
    assert_eq!(bash_completes(&script, &["longrail", "--route", ""]), ids);
    assert_eq!(
        bash_completes(&script, &["longrail", "state", "--theme", "h"]),
        ["high-contrast"]
    );
    assert_eq!(
        bash_completes(&script, &["longrail", "--feed", "f", "--types", "sub"]),
        ["subway"]
    );
    assert_eq!(
        bash_completes(&script, &["longrail", "serve", "--sh"]),
        ["--shared"]
    );
    assert_eq!(
        bash_completes(&script, &["longrail", "man", "ti"]),
        ["timetable"]
    );
}

#[test]
fn every_shell_gets_a_script_naming_the_commands_and_ids() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(&["completions", shell]);
        for word in ["serve", "timetable", "theme", "authorized-keys"] {
            assert!(script.contains(word), "{shell}: no {word}");
        }
        // clap_complete offers values in these three (PowerShell's and Elvish's scripts
        // complete commands and options only).
        if ["bash", "zsh", "fish"].contains(&shell) {
            for word in ["high-contrast", "khasan-tumangang"] {
                assert!(script.contains(word), "{shell}: no {word}");
            }
        }
    }
    let out = crate::common::bin::run(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("possible values: bash, elvish, fish, powershell, zsh")
    );
}

/// `man -l` on `page`, with groff's warnings on: the text (its words one space apart) and
/// the warnings.
fn man_renders(page: &str) -> (String, String) {
    let dir = scratch("man-render");
    let file = dir.join("page.1");
    std::fs::write(&file, page).unwrap();
    let out = Command::new("man")
        .args(["--warnings", "-E", "UTF-8", "-l"])
        .arg(&file)
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output()
        .unwrap();
    assert!(out.status.success(), "man -l failed");
    // Words as one space apart: man justifies its lines.
    let text = String::from_utf8_lossy(&out.stdout);
    let words: Vec<&str> = text.split_whitespace().collect();
    (
        words.join(" "),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_man_page_renders_without_a_warning() {
    if !have("man", "man pages") || !have("groff", "man pages") {
        return;
    }
    let (text, warnings) = man_renders(&stdout(&["man"]));
    assert_eq!(warnings, "", "longrail(1)");
    assert!(text.contains("longrail - Replay the world"), "{text}");
    assert!(
        text.contains("longrail-serve(1)"),
        "the commands are listed"
    );
    let commands = [
        "demo",
        "routes",
        "check",
        "state",
        "timetable",
        "frame",
        "record",
        "status",
        "import",
        "serve",
        "completions",
        "man",
    ];
    for command in commands {
        let (text, warnings) = man_renders(&stdout(&["man", command]));
        assert_eq!(warnings, "", "longrail-{command}(1)");
        assert!(
            text.contains(&format!("longrail-{command} - ")),
            "{command}: {text}"
        );
    }
    let (serve, _) = man_renders(&stdout(&["man", "serve"]));
    assert!(serve.contains("--authorized-keys <FILE>"), "{serve}");
}

#[test]
fn man_dir_writes_every_page_once_and_replaces_them_only_when_forced() {
    let dir = scratch("man-dir").join("man1");
    let listed = stdout(&["man", "--dir", dir.to_str().unwrap()]);
    let files = crate::common::bin::files_in(&dir);
    assert_eq!(files.len(), 13, "{files:?}");
    assert!(
        files.contains(&"longrail.1".to_owned()) && files.contains(&"longrail-serve.1".to_owned())
    );
    assert_eq!(listed.lines().count(), 13);
    std::fs::write(dir.join("longrail-serve.1"), "mine").unwrap();
    let again = crate::common::bin::run(&["man", "--dir", dir.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("add --force"));
    assert_eq!(
        std::fs::read_to_string(dir.join("longrail-serve.1")).unwrap(),
        "mine"
    );
    let replaced = stdout(&["man", "--dir", dir.to_str().unwrap(), "--force"]);
    assert_eq!(replaced.lines().count(), 13);
    assert!(
        std::fs::read_to_string(dir.join("longrail-serve.1"))
            .unwrap()
            .starts_with(".ie")
    );
}

#[test]
fn completions_and_man_do_not_read_the_config() {
    let dir = scratch("completions-bad-config");
    let config = dir.join("config.toml");
    std::fs::write(&config, "speed = [").unwrap();
    let path = config.to_str().unwrap();
    assert!(!stdout(&["--config", path, "completions", "fish"]).is_empty());
    assert!(!stdout(&["--config", path, "man"]).is_empty());
    let routes = crate::common::bin::run(&["--config", path, "routes"]);
    assert_eq!(routes.status.code(), Some(1), "other commands still do");
}

/// The git the tests run, when there is one.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

#[test]
fn version_names_the_commit_of_a_git_checkout() {
    let line = stdout(&["--version"]);
    let version = env!("CARGO_PKG_VERSION");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let built_from = git(manifest, &["rev-parse", "--show-toplevel"])
        .filter(|top| Path::new(top).canonicalize().ok() == manifest.canonicalize().ok())
        .and_then(|_| git(manifest, &["log", "-1", "--format=%h %cs"]));
    match built_from {
        Some(commit) => assert_eq!(line.trim(), format!("longrail {version} ({commit})")),
        None => assert_eq!(line.trim(), format!("longrail {version}")),
    }
}

/// The build script's own lookup, on folders made for the test.
#[allow(dead_code, clippy::all)] // the build script's other parts are not used here
#[path = "../../src/build.rs"]
mod build_script;

#[test]
fn the_build_finds_a_commit_only_at_the_top_of_a_checkout_with_git() {
    let dir = scratch("version-git");
    assert_eq!(build_script::commit("git", &dir), None, "not a checkout");
    if git(&dir, &["--version"]).is_none() {
        assert!(!in_ci(), "git is missing in CI");
        return;
    }
    let ok = |args: &[&str]| git(&dir, args).unwrap();
    ok(&["init", "-q"]);
    std::fs::write(dir.join("f"), "x").unwrap();
    ok(&["add", "f"]);
    ok(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.org",
        "commit",
        "-q",
        "-m",
        "x",
    ]);
    let expected = ok(&["log", "-1", "--format=%h %cs"]);
    assert_eq!(build_script::commit("git", &dir), Some(expected));
    assert_eq!(
        build_script::commit("/nonexistent/git", &dir),
        None,
        "no git installed: no commit, no failure"
    );
    let inner = dir.join("vendored");
    std::fs::create_dir_all(&inner).unwrap();
    assert_eq!(
        build_script::commit("git", &inner),
        None,
        "a package inside another repository names no commit of that repository"
    );
}
