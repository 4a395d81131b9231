//! A GTFS feed on disk: a `.zip` archive or a folder of `.txt` files, each file read as CSV
//! (by the `csv` crate) through a size limit, so that a zip bomb is refused before it is
//! inflated whole.

use std::fs::File;
use std::io::{self, BufReader, Read, Seek};
use std::path::{Path, PathBuf};

use zip::ZipArchive;

use crate::util::diag::Diagnostic;

/// The most bytes one file of a feed may hold once inflated (a zip entry or a file in a
/// folder): 2 GiB, four times the `stop_times.txt` of the largest national feeds we know of.
pub const MAX_ENTRY_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Something a zip archive can be read from.
pub trait Source: Read + Seek {}
impl<T: Read + Seek> Source for T {}

/// Where the feed's files are.
enum Place {
    /// A folder holding `agency.txt`, `stops.txt`, ...
    Dir(PathBuf),
    /// A zip archive (from a file, or bytes in memory for the fuzz target).
    Zip(Box<ZipArchive<Box<dyn Source>>>),
}

/// An opened feed.
pub struct Feed {
    place: Place,
    /// How the feed is named in messages: the FEED argument as given.
    shown: String,
    /// The most bytes one file may inflate to.
    limit: u64,
}

impl Feed {
    /// Open FEED: a folder, or a zip archive.
    ///
    /// # Errors
    /// The path does not exist, or is neither a folder nor a zip archive.
    pub fn open(path: &Path) -> Result<Self, Diagnostic> {
        let shown = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|e| {
            Diagnostic::file_level(&shown, format!("cannot open the feed: {e}"))
                .help("name a GTFS .zip file or a folder of GTFS .txt files")
        })?;
        if meta.is_dir() {
            return Ok(Self {
                place: Place::Dir(path.to_path_buf()),
                shown,
                limit: MAX_ENTRY_BYTES,
            });
        }
        if !meta.is_file() {
            return Err(Diagnostic::file_level(
                &shown,
                "this is neither a folder nor a regular file (a device, pipe or socket)",
            )
            .help("name a GTFS .zip file or a folder of GTFS .txt files"));
        }
        let file = File::open(path)
            .map_err(|e| Diagnostic::file_level(&shown, format!("cannot open the feed: {e}")))?;
        Self::from_zip(Box::new(BufReader::new(file)), shown)
    }

    /// A feed from a zip archive read from `source`, named `shown` in messages.
    ///
    /// # Errors
    /// The bytes are not a zip archive.
    pub fn from_zip(mut source: Box<dyn Source>, shown: String) -> Result<Self, Diagnostic> {
        let starts_like_zip = starts_like_zip(&mut source);
        let archive = ZipArchive::new(source).map_err(|e| {
            if starts_like_zip {
                // A zip's directory is at its end: a download cut short has none.
                Diagnostic::file_level(
                    &shown,
                    "this is not a complete zip archive: it begins like one, but its end (the \
                     list of the files in it) is missing or damaged, as when a download is cut \
                     short",
                )
                .help(
                    "download it again from its publisher, and check that its size (or \
                     checksum, where they give one) matches theirs",
                )
            } else {
                Diagnostic::file_level(
                    &shown,
                    format!("this is neither a folder nor a zip archive ({e})"),
                )
                .help("name a GTFS .zip file or a folder of GTFS .txt files")
            }
        })?;
        Ok(Self {
            place: Place::Zip(Box::new(archive)),
            shown,
            limit: MAX_ENTRY_BYTES,
        })
    }

    /// The same feed with another size limit per file (for tests and the fuzz target).
    #[must_use]
    pub fn with_limit(mut self, limit: u64) -> Self {
        self.limit = limit;
        self
    }

    /// How a file of the feed is named in messages: `FEED/NAME`.
    #[must_use]
    pub fn file_label(&self, name: &str) -> String {
        format!("{}/{name}", self.shown)
    }

    /// The FEED argument as given.
    #[must_use]
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// Whether the feed has the file `name`.
    #[must_use]
    pub fn has(&mut self, name: &str) -> bool {
        match &mut self.place {
            Place::Dir(dir) => dir.join(name).is_file(),
            Place::Zip(zip) => zip_entry(zip, name).is_some(),
        }
    }

    /// Run `f` on the file `name` as a byte stream cut at the size limit; `None` when the
    /// feed has no such file.
    ///
    /// # Errors
    /// The file cannot be read, or is larger than the limit (said before it is inflated,
    /// where the archive declares its size; at the limit otherwise).
    pub fn with_file<T>(
        &mut self,
        name: &str,
        f: impl FnOnce(&mut dyn Read) -> Result<T, Diagnostic>,
    ) -> Result<Option<T>, Diagnostic> {
        let label = self.file_label(name);
        let limit = self.limit;
        match &mut self.place {
            Place::Dir(dir) => {
                let path = dir.join(name);
                if !path.is_file() {
                    return Ok(None);
                }
                let meta = std::fs::metadata(&path).map_err(|e| read_failed(&label, &e))?;
                check_size(&label, meta.len(), limit)?;
                let file = File::open(&path).map_err(|e| read_failed(&label, &e))?;
                let mut guarded = Guard::new(BufReader::new(file), limit);
                f(&mut guarded).map(Some)
            }
            Place::Zip(zip) => {
                let Some(index) = zip_entry(zip, name) else {
                    return Ok(None);
                };
                let entry = zip.by_index(index).map_err(|e| {
                    Diagnostic::file_level(&label, format!("cannot read it from the archive: {e}"))
                })?;
                check_size(&label, entry.size(), limit)?;
                let mut guarded = Guard::new(entry, limit);
                f(&mut guarded).map(Some)
            }
        }
    }
}

/// The index of the archive's entry `name`: at the top level, else in one folder (some feeds
/// are zipped with their folder).
/// Whether `source` begins with a zip archive's local file header (`PK\x03\x04`); it is
/// read from its start again afterwards.
fn starts_like_zip(source: &mut Box<dyn Source>) -> bool {
    let mut magic = [0u8; 4];
    let read = source.read_exact(&mut magic).is_ok();
    let rewound = source.seek(std::io::SeekFrom::Start(0)).is_ok();
    read && rewound && magic == *b"PK\x03\x04"
}

fn zip_entry(zip: &ZipArchive<Box<dyn Source>>, name: &str) -> Option<usize> {
    if let Some(i) = zip.index_for_name(name) {
        return Some(i);
    }
    let wanted = format!("/{name}");
    let found: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.ends_with(&wanted) && n.matches('/').count() == 1)
        .map(|n| n.into_owned())
        .collect();
    match found.as_slice() {
        [only] => zip.index_for_name(only),
        _ => None,
    }
}

fn read_failed(label: &str, e: &io::Error) -> Diagnostic {
    Diagnostic::file_level(label, format!("cannot read the file: {e}"))
}

fn check_size(label: &str, size: u64, limit: u64) -> Result<(), Diagnostic> {
    if size > limit {
        return Err(too_large(label, limit, &format!("it is {size} bytes")));
    }
    Ok(())
}

/// The message for a file over the limit.
fn too_large(label: &str, limit: u64, how: &str) -> Diagnostic {
    Diagnostic::file_level(
        label,
        format!("{how}, over the limit of {limit} bytes for one file of a feed; it was not read"),
    )
    .help("a file this large is not a timetable (a damaged or malicious archive, such as a zip bomb); check the feed")
}

/// A reader that fails once more than `limit` bytes have come through it: what a zip entry
/// that lies about its size inflates to is cut there.
struct Guard<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Guard<R> {
    fn new(inner: R, limit: u64) -> Self {
        Self { inner, left: limit }
    }
}

impl<R: Read> Read for Guard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            // One byte more than the limit allows means the file is too large.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::new(io::ErrorKind::FileTooLarge, TOO_LARGE)),
            };
        }
        let max = usize::try_from(self.left)
            .unwrap_or(usize::MAX)
            .min(buf.len());
        let n = self.inner.read(&mut buf[..max])?;
        self.left -= n as u64;
        Ok(n)
    }
}

/// The text of the error a [`Guard`] returns, recognised by [`io_diagnostic`].
const TOO_LARGE: &str = "inflates past the size limit";

/// A diagnostic for an I/O error while reading `label`.
#[must_use]
pub fn io_diagnostic(label: &str, limit: u64, e: &io::Error) -> Diagnostic {
    if e.kind() == io::ErrorKind::FileTooLarge {
        return too_large(label, limit, "it inflates past the limit");
    }
    Diagnostic::file_level(label, format!("cannot read the file: {e}"))
}

impl Feed {
    /// The size limit per file.
    #[must_use]
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// The raw text of the line that starts at byte `offset` of file `name` (for a message's
    /// source line), at most 1000 bytes of it; empty when it cannot be read again.
    pub fn line_at(&mut self, name: &str, offset: u64) -> String {
        let read = self.with_file(name, |r| {
            let mut skipped = io::copy(&mut r.take(offset), &mut io::sink()).unwrap_or(0);
            let mut line = Vec::new();
            let mut byte = [0u8; 1];
            while skipped == offset && line.len() < 1000 {
                match r.read(&mut byte) {
                    Ok(1) if byte[0] != b'\n' => line.push(byte[0]),
                    _ => skipped = u64::MAX,
                }
            }
            Ok(String::from_utf8_lossy(&line)
                .trim_end_matches('\r')
                .to_owned())
        });
        read.ok().flatten().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    use super::*;

    /// A zip archive of one entry `name` holding `len` bytes, whose central directory claims
    /// `claimed` bytes.
    fn archive(name: &str, len: usize, claimed: u32) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file(name, options).unwrap();
        zip.write_all(&vec![b'a'; len]).unwrap();
        let mut bytes = zip.finish().unwrap().into_inner();
        let at = bytes
            .windows(4)
            .position(|w| w == [0x50, 0x4b, 0x01, 0x02])
            .unwrap();
        bytes[at + 24..at + 28].copy_from_slice(&claimed.to_le_bytes());
        bytes
    }

    fn read(bytes: Vec<u8>, limit: u64) -> Result<usize, Diagnostic> {
        let mut feed =
            Feed::from_zip(Box::new(Cursor::new(bytes)), "f.zip".into())?.with_limit(limit);
        feed.with_file("x.txt", |r| {
            let mut all = Vec::new();
            r.read_to_end(&mut all)
                .map_err(|e| io_diagnostic("f.zip/x.txt", limit, &e))?;
            Ok(all.len())
        })
        .map(Option::unwrap_or_default)
    }

    #[test]
    fn an_entry_is_read_up_to_the_limit_and_no_further() {
        assert_eq!(read(archive("x.txt", 1000, 1000), 1000).unwrap(), 1000);
        // Declared over the limit: refused before inflating.
        let e = read(archive("x.txt", 1001, 1001), 1000).unwrap_err();
        assert!(
            e.message
                .contains("it is 1001 bytes, over the limit of 1000"),
            "{e}"
        );
        // Declared under it but inflating past it (a lying archive): the zip crate stops at
        // the declared size.
        let e = read(archive("x.txt", 100_000, 10), 1000).unwrap_err();
        assert!(e.message.contains("larger than its declared"), "{e}");
    }

    #[test]
    fn the_guard_cuts_an_endless_stream_at_the_limit() {
        let mut g = Guard::new(io::repeat(b'x'), 4096);
        let mut sink = Vec::new();
        let e = g.read_to_end(&mut sink).unwrap_err();
        assert_eq!(sink.len(), 4096);
        assert!(
            io_diagnostic("f", 4096, &e)
                .message
                .contains("it inflates past the limit")
        );
    }

    #[test]
    fn files_may_sit_in_one_folder_of_the_archive() {
        let bytes = archive("gtfs/x.txt", 5, 5);
        assert_eq!(read(bytes, 1000).unwrap(), 5);
    }
}
