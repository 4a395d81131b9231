//! Build script (`[package] build` in Cargo.toml): parses the built-in route files
//! (`assets/routes/*.toml`) at build time into Rust code that rebuilds the same
//! [`raw::RawFile`] values, spans included; and sets `LONGRAIL_VERSION`, the version
//! `--version` prints, naming the commit when built from a git checkout of this package.
//!
//! Why: parsing TOML was half the work of drawing the first frame. The built-in routes still
//! go through the same validation as any user file at run time; only the TOML reading moves
//! here. A unit test in `src/route/builtin.rs` checks that the generated values equal what
//! the runtime parser reads from the same text.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

#[allow(dead_code)] // the build script only builds these values, it never reads them
#[path = "route/raw.rs"]
mod raw;

use raw::{RawClock, RawEvent, RawFile, RawMeta, RawStop, RawZone};
use toml::Spanned;

/// Rust source for an expression that evaluates to the same value.
trait Emit {
    fn emit(&self, out: &mut String);
}

impl Emit for String {
    fn emit(&self, out: &mut String) {
        let _ = write!(out, "{self:?}.to_owned()");
    }
}

impl Emit for f64 {
    fn emit(&self, out: &mut String) {
        // `{:?}` prints the shortest text that reads back as exactly this f64.
        let _ = write!(out, "{self:?}_f64");
    }
}

impl Emit for i64 {
    fn emit(&self, out: &mut String) {
        let _ = write!(out, "{self}_i64");
    }
}

impl Emit for bool {
    fn emit(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

impl<T: Emit> Emit for Option<T> {
    fn emit(&self, out: &mut String) {
        match self {
            None => out.push_str("None"),
            Some(v) => {
                out.push_str("Some(");
                v.emit(out);
                out.push(')');
            }
        }
    }
}

impl<T: Emit> Emit for Vec<T> {
    fn emit(&self, out: &mut String) {
        out.push_str("vec![");
        for v in self {
            v.emit(out);
            out.push(',');
        }
        out.push(']');
    }
}

impl<T: Emit> Emit for Spanned<T> {
    fn emit(&self, out: &mut String) {
        let span = self.span();
        let _ = write!(out, "Spanned::new({}..{}, ", span.start, span.end);
        self.get_ref().emit(out);
        out.push(')');
    }
}

impl Emit for toml::Value {
    fn emit(&self, out: &mut String) {
        match self {
            toml::Value::String(s) => {
                out.push_str("toml::Value::String(");
                s.emit(out);
                out.push(')');
            }
            toml::Value::Datetime(toml::value::Datetime {
                date: Some(d),
                time: None,
                offset: None,
            }) => {
                let _ = write!(
                    out,
                    "toml::Value::Datetime(toml::value::Datetime {{ date: Some(toml::value::Date \
                     {{ year: {}, month: {}, day: {} }}), time: None, offset: None }})",
                    d.year, d.month, d.day
                );
            }
            other => fail(&format!(
                "a built-in route holds the value {other} where only a text or a date is expected"
            )),
        }
    }
}

/// Emit a struct literal: `path { name: value, ... }`.
macro_rules! emit_struct {
    ($out:expr, $path:literal, $value:expr, [$($field:ident),*]) => {{
        $out.push_str(concat!($path, " {"));
        $(
            $out.push_str(concat!(stringify!($field), ": "));
            $value.$field.emit($out);
            $out.push(',');
        )*
        $out.push('}');
    }};
}

impl Emit for RawFile {
    fn emit(&self, out: &mut String) {
        emit_struct!(out, "RawFile", self, [route, stops, zones, events, clocks]);
    }
}

impl Emit for RawMeta {
    fn emit(&self, out: &mut String) {
        emit_struct!(
            out,
            "RawMeta",
            self,
            [
                id,
                name,
                description,
                departure_date,
                service_days,
                service_weekdays,
                first_service
            ]
        );
    }
}

impl Emit for RawStop {
    fn emit(&self, out: &mut String) {
        emit_struct!(
            out,
            "RawStop",
            self,
            [
                name, local_name, km, lat, lon, tz, arrive, depart, note, major, via
            ]
        );
    }
}

impl Emit for RawZone {
    fn emit(&self, out: &mut String) {
        emit_struct!(out, "RawZone", self, [km, tz]);
    }
}

impl Emit for RawClock {
    fn emit(&self, out: &mut String) {
        emit_struct!(out, "RawClock", self, [name, tz, label, lat, lon]);
    }
}

impl Emit for RawEvent {
    fn emit(&self, out: &mut String) {
        emit_struct!(out, "RawEvent", self, [km, kind, title]);
    }
}

/// Stop the build with a message (the built-in files are ours; this names what to fix).
fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1)
}

/// What `git ARGS` prints in `dir` (`git` is the program to run), trimmed; `None` without
/// git, outside a checkout, or on any failure (a build never fails for want of git).
fn git(git: &str, dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new(git)
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    let text = text.trim();
    (output.status.success() && !text.is_empty()).then(|| text.to_owned())
}

/// `5181933 2025-12-06`: the commit checked out in `dir` and its date, when `dir` is the top
/// of a git checkout (not a folder inside someone else's repository). The build runs again
/// when the checkout moves to another commit. `program` is git's name or path.
pub fn commit(program: &str, dir: &Path) -> Option<String> {
    let git = |args: &[&str]| git(program, dir, args);
    let top = PathBuf::from(git(&["rev-parse", "--show-toplevel"])?);
    if top.canonicalize().ok()? != dir.canonicalize().ok()? {
        return None;
    }
    let mut watched = vec!["HEAD".to_owned(), "packed-refs".to_owned()];
    watched.extend(git(&["symbolic-ref", "-q", "HEAD"]));
    for name in watched {
        let Some(path) = git(&["rev-parse", "--git-path", &name]) else {
            continue;
        };
        let path = dir.join(path);
        // A path that does not exist would run the build script on every build.
        if path.exists() {
            println!("cargo::rerun-if-changed={}", path.display());
        }
    }
    git(&["log", "-1", "--format=%h %cs"])
}

/// The version with the commit it was built from, if it was built from git.
fn version() -> String {
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let dir = std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(PathBuf::new, PathBuf::from);
    match commit("git", &dir) {
        Some(commit) => format!("{version} ({commit})"),
        None => version,
    }
}

fn main() {
    println!("cargo::rerun-if-changed=src/build.rs");
    println!("cargo::rustc-env=LONGRAIL_VERSION={}", version());
    println!("cargo::rerun-if-changed=src/route/raw.rs");
    println!("cargo::rerun-if-changed=assets/routes");
    let dir = Path::new("assets/routes");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| fail(&format!("cannot list {}: {e}", dir.display())))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut out =
        String::from("// Generated by src/build.rs from assets/routes/*.toml: do not edit.\n");
    for path in files {
        println!("cargo::rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", path.display())));
        let file: RawFile = toml::from_str(&text).unwrap_or_else(|e| {
            fail(&format!(
                "{} is not a valid route file: {e}",
                path.display()
            ))
        });
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().replace('-', "_"));
        let Some(stem) = stem else { continue };
        let _ = write!(
            out,
            "/// `{}`, as parsed at build time.\npub fn {stem}() -> RawFile {{\n",
            path.display()
        );
        file.emit(&mut out);
        out.push_str("\n}\n");
    }
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        fail("cargo did not set OUT_DIR")
    };
    let target = Path::new(&out_dir).join("builtin_routes.rs");
    std::fs::write(&target, out)
        .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", target.display())));
}
