//! Files the user names: reading a text file safely (a size limit, regular files only, UTF-8),
//! and writing a new file atomically (never half written, never overwritten without `force`).
//!
//! The only module below the shells that touches the file system for the user's files; the pure
//! core (`route`, `sim`, `geo`) is handed text, never a path.

use std::fs::{self, File};
use std::io::{self, BufWriter, Read};
use std::path::{Path, PathBuf};

use crate::util::diag::Diagnostic;
use crate::util::text::quote;

/// The largest route or config file read, in bytes. Larger files (and endless ones such as
/// `/dev/zero`) are refused before they are read whole.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Read a text file the user named: it must be a regular file, at most [`MAX_FILE_BYTES`],
/// and UTF-8.
///
/// # Errors
/// A diagnostic naming the file and what is wrong with it.
pub fn read_text_file(path: &Path) -> Result<String, Diagnostic> {
    let shown = path.display().to_string();
    let meta = fs::metadata(path).map_err(|e| {
        Diagnostic::file_level(&shown, format!("cannot read the file: {e}"))
            .help("check the path (built-in routes are listed by `longrail routes`)")
    })?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a directory"
        } else {
            "not a regular file (a device, pipe or socket)"
        };
        return Err(
            Diagnostic::file_level(&shown, format!("this is {what}")).help("name a .toml file")
        );
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(&shown, meta.len()));
    }
    let file = File::open(path)
        .map_err(|e| Diagnostic::file_level(&shown, format!("cannot open the file: {e}")))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Diagnostic::file_level(&shown, format!("cannot read the file: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(&shown, bytes.len() as u64));
    }
    decode_utf8(&shown, bytes)
}

fn too_large(shown: &str, len: u64) -> Diagnostic {
    Diagnostic::file_level(
        shown,
        format!("the file is {len} bytes, over the limit of {MAX_FILE_BYTES} bytes (16 MiB)"),
    )
    .help("route and config files are small text files; check that this is the right file")
}

/// Decode bytes as UTF-8, or say where the first bad byte is.
///
/// # Errors
/// A diagnostic at the line and column of the first byte that is not UTF-8.
pub fn decode_utf8(shown: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let prefix = String::from_utf8_lossy(&bytes[..good]).into_owned();
        let bad = bytes.get(good).copied().unwrap_or(0);
        let shown_text = format!("{prefix}\u{FFFD}");
        Diagnostic::at(
            shown,
            &shown_text,
            Some(good..good),
            format!("the file is not UTF-8 text (byte 0x{bad:02x} at byte offset {good})"),
        )
        .help("save the file as UTF-8")
    })
}

/// Why [`write_new_file`] failed. Each message names the file; in every case the temporary
/// file is gone and the destination is as it was.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The destination exists and `force` was not given (the caller words the way out).
    #[error("{} already exists", quote(&.0.display().to_string()))]
    Exists(PathBuf),
    /// The temporary file could not be created beside the destination.
    #[error(
        "cannot create {}: {source}; check that its directory exists and is writable",
        quote(&.path.display().to_string())
    )]
    Create {
        /// The destination.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// Writing, syncing or moving the file into place failed.
    #[error(
        "writing {} failed: {source}; nothing was written",
        quote(&.path.display().to_string())
    )]
    Write {
        /// The destination.
        path: PathBuf,
        /// What the system said (or the writer's own error).
        source: io::Error,
    },
}

/// Write `path` through `write` so that it is never seen half written: into a new temporary
/// file in the same directory (`tempfile`, removed if anything fails or the writer returns an
/// error), synced, then moved into place. Without `force` an existing `path` is never
/// replaced, even one that appears while writing.
///
/// # Errors
/// `path` exists (without `force`), or creating, writing or moving the file failed; the
/// message names the file and the temporary file is removed.
pub fn write_new_file<T>(
    path: &Path,
    force: bool,
    write: impl FnOnce(&mut BufWriter<File>) -> io::Result<T>,
) -> Result<T, WriteError> {
    let (file, temp) = create_temp(path)
        .map_err(|source| WriteError::Create {
            path: path.to_path_buf(),
            source,
        })?
        .into_parts();
    let failed = |source: io::Error| WriteError::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut writer = BufWriter::new(file);
    let value = write(&mut writer).map_err(failed)?;
    let file = writer.into_inner().map_err(|e| failed(e.into_error()))?;
    file.sync_all().map_err(failed)?;
    drop(file);
    place(temp, path, force).map_err(|e| {
        if e.kind() == io::ErrorKind::AlreadyExists {
            WriteError::Exists(path.to_path_buf())
        } else {
            failed(e)
        }
    })?;
    Ok(value)
}

/// A new, empty temporary file in `path`'s directory, named after it: `.NAME.XXXXXX.tmp`.
fn create_temp(path: &Path) -> io::Result<tempfile::NamedTempFile> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "that is not a file name"))?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(name);
    prefix.push(".");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // tempfile makes its files private (0600); the file written here is the user's own
    // output, so it gets the usual mode for a new file (0666 less the umask), as before.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// Move `temp` to `path`. With `force` a rename replaces `path` at once. Without, tempfile's
/// no-clobber move creates `path` only if it does not exist (atomically: a rename that refuses
/// to replace, or a hard link); on a file system that has neither, the existence check and the
/// rename are separate steps.
fn place(temp: tempfile::TempPath, path: &Path, force: bool) -> io::Result<()> {
    if force {
        return temp.persist(path).map_err(|e| e.error);
    }
    match temp.persist_noclobber(path) {
        Ok(()) => Ok(()),
        Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => Err(e.error),
        Err(_) if fs::symlink_metadata(path).is_ok() => {
            Err(io::Error::from(io::ErrorKind::AlreadyExists))
        }
        Err(e) => e.path.persist(path).map_err(|e| e.error),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("longrail-files-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = scratch("failed");
        let path = dir.join("a.cast");
        let e = write_new_file(&path, false, |w| {
            w.write_all(b"half")?;
            w.flush()?;
            Err::<(), _>(io::Error::other("disk on fire"))
        })
        .unwrap_err();
        assert!(
            e.to_string().contains("disk on fire") && e.to_string().contains("a.cast"),
            "{e}"
        );
        assert!(listing(&dir).is_empty(), "{:?}", listing(&dir));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_existing_file_is_kept_unless_forced() {
        let dir = scratch("exists");
        let path = dir.join("a.cast");
        fs::write(&path, "mine").unwrap();
        // The file appeared after the caller's early check: still not replaced.
        let e = write_new_file(&path, false, |w| w.write_all(b"new")).unwrap_err();
        assert!(matches!(&e, WriteError::Exists(p) if *p == path), "{e}");
        assert!(e.to_string().contains("a.cast\" already exists"), "{e}");
        assert_eq!(fs::read(&path).unwrap(), b"mine");
        assert_eq!(listing(&dir), ["a.cast"]);
        write_new_file(&path, true, |w| w.write_all(b"new")).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(listing(&dir), ["a.cast"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_directory_is_named() {
        let path = Path::new("/nonexistent-longrail-dir/a.cast");
        let e = write_new_file(path, false, |w| w.write_all(b"x")).unwrap_err();
        assert!(
            e.to_string().contains("/nonexistent-longrail-dir/a.cast"),
            "{e}"
        );
        assert!(e.to_string().contains("directory exists"), "{e}");
    }

    #[test]
    fn the_value_and_every_byte_arrive() {
        let dir = scratch("value");
        let path = dir.join("out.txt");
        let n = write_new_file(&path, false, |w| {
            // More than BufWriter's buffer holds, and the rest left in it for the end.
            w.write_all(&[b'x'; 20_000])?;
            Ok(7)
        })
        .unwrap();
        assert_eq!(n, 7);
        assert_eq!(fs::read(&path).unwrap().len(), 20_000);
        assert_eq!(listing(&dir), ["out.txt"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn the_file_gets_the_mode_of_any_new_file_not_a_private_one() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("mode");
        let reference = dir.join("plain");
        fs::write(&reference, "x").unwrap();
        let path = dir.join("written");
        write_new_file(&path, false, |w| w.write_all(b"x")).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), mode(&reference));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_path_without_a_file_name_is_refused_before_anything_is_made() {
        let e = write_new_file(Path::new("/"), true, |w| w.write_all(b"x")).unwrap_err();
        assert!(
            matches!(e, WriteError::Create { .. }) && e.to_string().contains("not a file name"),
            "{e}"
        );
    }

    #[test]
    fn text_is_read_and_bytes_that_are_not_utf8_are_placed() {
        let dir = scratch("read");
        let path = dir.join("bad.toml");
        fs::write(&path, b"a = 1\n\xff").unwrap();
        let e = read_text_file(&path).unwrap_err().to_string();
        assert!(
            e.contains("not UTF-8") && e.contains("0xff at byte offset 6"),
            "{e}"
        );
        fs::write(&path, "ok = true\n").unwrap();
        assert_eq!(read_text_file(&path).unwrap(), "ok = true\n");
        fs::remove_dir_all(&dir).unwrap();
    }
}
