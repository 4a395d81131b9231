//! Files that `frame --out` and `record --out` write: the format from `--format` or the
//! file's extension, and the one way they are written: never over an existing file without
//! `--force`, atomically ([`files::write_new_file`]), and stopped cleanly by a signal, leaving
//! no half-written file.

use std::fs;
use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::Failure;
use crate::report::picture::Format;
use crate::term::signals;
use crate::util::files;
use crate::util::text::quote;

/// The format to write `path` in: `format` if given (clap has checked it is one the command
/// writes), else the one of `allowed` its extension names.
///
/// # Errors
/// A usage error (exit 2) when the extension names none of `allowed`, listing them.
pub fn format_for(
    path: &Path,
    format: Option<Format>,
    allowed: &[Format],
) -> Result<Format, Failure> {
    format.map_or_else(
        || Format::from_path(path, allowed).map_err(Failure::Usage),
        Ok,
    )
}

/// Write `path` through `write`, which gets a writer that fails once a signal (Ctrl-C, a
/// hang-up, SIGTERM) arrives; `write` must write or flush at least once a frame, so that it
/// stops within one. A second signal changes nothing: the temporary file is removed all the
/// same. `started` is called once the temporary file exists, before `write`.
///
/// # Errors
/// `path` exists without `force`, a signal, or a failed write, each naming the file; in every
/// case nothing is left behind and an existing file is as it was.
pub fn write_file<T>(
    path: &Path,
    force: bool,
    started: impl FnOnce(),
    write: impl FnOnce(&mut dyn Write) -> io::Result<T>,
) -> Result<T, Failure> {
    if !force && fs::symlink_metadata(path).is_ok() {
        return Err(exists(path));
    }
    let stop = signals::Stop::on_signals(false)
        .map_err(|e| Failure::Other(format!("cannot watch signals: {e}")))?;
    // Writing from a terminal that closes stops as a hang-up would.
    signals::watch_hangup(stop.clone());
    files::write_new_file(path, force, |file| {
        started();
        let mut file = StopOnSignal {
            inner: file,
            stop: stop.flag(),
        };
        write(&mut file)
    })
    .map_err(|e| match (e, stop.exit_code()) {
        (files::WriteError::Exists(_), _) => exists(path),
        (other, Some(code)) => Failure::Stopped(code, format!("error: {other}")),
        (other, None) => Failure::Other(other.to_string()),
    })
}

/// `--out` must name a file (`example` shows one), and one that does not exist yet unless
/// `force`.
///
/// # Errors
/// A usage error for a directory; the "already exists" error without `force`.
pub fn check_out(path: &Path, force: bool, example: &str) -> Result<(), Failure> {
    if path.is_dir() || path.as_os_str().to_string_lossy().ends_with('/') {
        return Err(Failure::Usage(format!(
            "--out {} names a directory: give the file a name, e.g. {}",
            quote(&path.display().to_string()),
            quote(&path.join(example).display().to_string())
        )));
    }
    if !force && fs::symlink_metadata(path).is_ok() {
        return Err(exists(path));
    }
    Ok(())
}

/// The error for an `--out` that exists.
#[must_use]
pub fn exists(path: &Path) -> Failure {
    Failure::Other(format!(
        "{} already exists: choose another --out, or add --force to replace it",
        quote(&path.display().to_string())
    ))
}

/// A writer that fails once `stop` is raised, so a signal ends the writing at the next write
/// or flush.
pub struct StopOnSignal<W> {
    /// Where the bytes go.
    pub inner: W,
    /// Raised by a signal.
    pub stop: Arc<AtomicBool>,
}

impl<W> StopOnSignal<W> {
    fn check(&self) -> io::Result<()> {
        if self.stop.load(Ordering::Relaxed) {
            // Not `Interrupted`, which `write_all` would retry.
            return Err(io::Error::other("interrupted by a signal"));
        }
        Ok(())
    }
}

impl<W: Write> Write for StopOnSignal<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.check()?;
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.check()?;
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_raised_stop_flag_fails_the_next_write_or_flush() {
        let stop = Arc::new(AtomicBool::new(false));
        let mut w = StopOnSignal {
            inner: Vec::new(),
            stop: Arc::clone(&stop),
        };
        w.write_all(b"ok").unwrap();
        w.flush().unwrap();
        stop.store(true, Ordering::Relaxed);
        assert!(w.write_all(b"no").is_err());
        assert!(w.flush().is_err());
        assert_eq!(w.inner, b"ok");
    }

    #[test]
    fn format_overrides_the_extension_and_unknown_ones_are_usage_errors() {
        let both = [Format::Png, Format::Svg];
        let f = format_for(Path::new("x.png"), Some(Format::Svg), &both).unwrap();
        assert_eq!(f, Format::Svg);
        let f = format_for(Path::new("x.PNG"), None, &both).unwrap();
        assert_eq!(f, Format::Png);
        let e = format_for(Path::new("x.gif"), None, &both).unwrap_err();
        assert!(matches!(e, Failure::Usage(_)), "exit 2: {e}");
        assert!(e.to_string().contains(".png or .svg"), "{e}");
    }
}
