//! `--realtime FILE_OR_FOLDER`: recorded GTFS-Realtime messages read from disk, decoded with
//! `prost` into the types of [`proto`], and handed to the pure
//! [`crate::network::realtime::Realtime`] as [`Snapshot`]s, one file at a time.
//!
//! [`proto`] is generated (by `tests/protogen`, with `prost-build`) from `gtfs-realtime.proto`
//! beside it: the GTFS Specifications Authors' file (Apache-2.0) from GitHub `google/transit`,
//! `gtfs-realtime/proto/gtfs-realtime.proto` at commit
//! `2dd229bb9afadce86171034a16fa740f6dfd7c20` (5 June 2026), whose SHA-256 the generated file
//! names in its first lines. No crate of crates.io is used for the bindings because both
//! (`gtfs-realtime`, `gtfs-rt`) run `prost-build` in their build scripts, which needs the
//! `protoc` compiler installed wherever longrail is built.

mod convert;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use prost::Message;

pub use convert::snapshot;

use crate::network::Network;
use crate::network::realtime::{Applied, Realtime, Snapshot};
use crate::util::diag::{Diagnostic, Diagnostics};

/// The GTFS-Realtime messages, as `prost-build` generates them from `gtfs-realtime.proto`.
#[allow(
    missing_docs,
    clippy::all,
    clippy::pedantic,
    clippy::doc_markdown,
    deprecated,
    rustdoc::all
)]
pub mod proto {
    include!("transit_realtime.rs");
}

/// The most bytes one message may have: 64 MiB, several times the TripUpdates of the largest
/// networks publishing them.
pub const MAX_MESSAGE_BYTES: u64 = 64 * 1024 * 1024;

/// The most files a folder may hold: a day recorded every second.
pub const MAX_FILES: usize = 100_000;

/// What `--realtime` took for the network.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The predictions and positions.
    pub realtime: Realtime,
    /// What the user should know: updates that applied to no trip.
    pub warnings: Vec<String>,
    /// How many trip updates and positions applied.
    pub matched: usize,
}

/// Read FILE_OR_FOLDER (one message, or a folder of them) and apply every message to
/// `network`, in the order of the files' names; each applies from its header's timestamp on.
///
/// # Errors
/// The path cannot be read, a folder holds no file or too many, or a file is not a
/// GTFS-Realtime message, is truncated or too large: each naming the file.
pub fn load(network: &mut Network, path: &Path) -> Result<Loaded, Diagnostics> {
    let files = files(path)?;
    let mut realtime = Realtime::default();
    let mut total = Applied::default();
    let mut silent: Vec<String> = Vec::new();
    for file in &files {
        let shown = file.display().to_string();
        let snapshot = read(file, &shown)?;
        let applied = realtime.add(network, &snapshot);
        let given = applied.updates + applied.positions;
        if given > 0 && applied.matched + applied.positions_matched == 0 {
            silent.push(shown);
        }
        add(&mut total, applied);
    }
    let matched = total.matched + total.positions_matched;
    let warnings = warnings(path, &files, &total, &silent);
    Ok(Loaded {
        realtime,
        warnings,
        matched,
    })
}

/// Add one message's counts to the total.
fn add(total: &mut Applied, a: Applied) {
    total.updates += a.updates;
    total.matched += a.matched;
    total.canceled += a.canceled;
    total.added += a.added;
    total.positions += a.positions;
    total.positions_matched += a.positions_matched;
    total.missed += a.missed;
    for m in a.misses {
        if total.misses.len() < 3 && !total.misses.contains(&m) {
            total.misses.push(m);
        }
    }
}

/// The warnings of a load: nothing matched at all (once), or what did not apply.
fn warnings(path: &Path, files: &[PathBuf], total: &Applied, silent: &[String]) -> Vec<String> {
    let shown = path.display();
    let what = format!(
        "{} trip update(s) and {} vehicle position(s)",
        total.updates, total.positions
    );
    let why = if total.misses.is_empty() {
        String::new()
    } else {
        format!(" ({})", total.misses.join("; "))
    };
    if total.matched + total.positions_matched == 0 {
        if total.updates + total.positions == 0 {
            return vec![format!(
                "{shown}: {} message(s) with no trip update or vehicle position; showing the timetable",
                files.len()
            )];
        }
        return vec![format!(
            "{shown}: none of its {what} names a trip of the feed{why}; is it a recording of another feed? Showing the timetable"
        )];
    }
    let mut out = Vec::new();
    if total.missed > 0 {
        out.push(format!(
            "{shown}: {} of its {what} apply to no trip and are left out{why}",
            total.missed
        ));
    }
    if !silent.is_empty() {
        let first: Vec<&str> = silent.iter().take(3).map(String::as_str).collect();
        out.push(format!(
            "{} file(s) name no trip of the feed: {}{}",
            silent.len(),
            first.join(", "),
            if silent.len() > 3 { ", ..." } else { "" }
        ));
    }
    out
}

/// The files of FILE_OR_FOLDER: the file, or the folder's files (not hidden ones) by name.
fn files(path: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let shown = path.display().to_string();
    let help = "--realtime takes a GTFS-Realtime message (.pb) as published, or a folder of them";
    let meta = fs::metadata(path).map_err(|e| {
        Diagnostic::file_level(&shown, format!("cannot read the realtime data: {e}")).help(help)
    })?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = fs::read_dir(path).map_err(|e| {
        Diagnostic::file_level(&shown, format!("cannot list the folder: {e}")).help(help)
    })?;
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| {
            Diagnostic::file_level(&shown, format!("cannot list the folder: {e}")).help(help)
        })?;
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if !hidden && entry.path().is_file() {
            out.push(entry.path());
        }
        if out.len() > MAX_FILES {
            return Err(Diagnostic::file_level(
                &shown,
                format!("the folder holds more than {MAX_FILES} files"),
            )
            .help("replay a part of the recording: a folder of at most 100000 messages"));
        }
    }
    if out.is_empty() {
        return Err(Diagnostic::file_level(&shown, "the folder holds no file").help(help));
    }
    out.sort();
    Ok(out)
}

/// Read and decode one message file, named `shown` in messages.
///
/// # Errors
/// It cannot be read, is larger than [`MAX_MESSAGE_BYTES`], or is not a FeedMessage.
pub fn read(path: &Path, shown: &str) -> Result<Snapshot, Diagnostic> {
    let file = fs::File::open(path)
        .map_err(|e| Diagnostic::file_level(shown, format!("cannot read the file: {e}")))?;
    if file.metadata().is_ok_and(|m| m.len() > MAX_MESSAGE_BYTES) {
        return Err(too_large(shown));
    }
    let mut bytes = Vec::new();
    file.take(MAX_MESSAGE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Diagnostic::file_level(shown, format!("cannot read the file: {e}")))?;
    if bytes.len() as u64 > MAX_MESSAGE_BYTES {
        return Err(too_large(shown));
    }
    decode(&bytes, shown)
}

/// The error for a file over [`MAX_MESSAGE_BYTES`].
fn too_large(shown: &str) -> Diagnostic {
    Diagnostic::file_level(
        shown,
        format!(
            "the file is larger than {} MiB, more than any GTFS-Realtime message should be",
            MAX_MESSAGE_BYTES / 1024 / 1024
        ),
    )
    .help("name one recorded message (.pb) per file, or a folder of them")
}

/// Decode one message's bytes, named `shown` in messages.
///
/// # Errors
/// The bytes are not a GTFS-Realtime `FeedMessage`: they do not decode (a truncated file, or
/// another kind of file), or the message has no header.
pub fn decode(bytes: &[u8], shown: &str) -> Result<Snapshot, Diagnostic> {
    let help = "--realtime takes GTFS-Realtime messages (protocol buffers, .pb) as published";
    if bytes.len() as u64 > MAX_MESSAGE_BYTES {
        return Err(too_large(shown));
    }
    let message = proto::FeedMessage::decode(bytes).map_err(|e| {
        let text = e.to_string();
        let message = if text.contains("underflow") || text.contains("length exceeded") {
            format!("the file ends in the middle of a message: it is truncated ({text})")
        } else {
            format!("this is not a GTFS-Realtime FeedMessage: it does not decode ({text})")
        };
        Diagnostic::file_level(shown, message).help(help)
    })?;
    if message.header.gtfs_realtime_version.is_empty() {
        return Err(Diagnostic::file_level(
            shown,
            "this is not a GTFS-Realtime FeedMessage: it has no header (gtfs_realtime_version)",
        )
        .help(help));
    }
    Ok(snapshot(&message))
}
