//! A viewer's output: ratatui's `CrosstermBackend` over the writer every shell uses
//! ([`crate::term::frames`]), handing each whole frame to the connection through a bounded
//! queue ([`Channel`]) and never waiting for it. The bytes in flight
//! (queued or handed to the SSH session and not yet accepted by the client's window) are
//! counted; a frame that would take them over [`MAX_IN_FLIGHT`] is skipped, and the screen is
//! repainted whole once the viewer has caught up (ratatui sends only what changed, so a
//! skipped frame would otherwise leave the screen wrong). A viewer that accepts nothing for
//! [`STALL_LIMIT`] is dropped by its host.
//!
//! The backend answers size and cursor questions from what it was told: `CrosstermBackend`
//! would ask the server's own terminal.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use tokio::sync::mpsc;

use crate::term::frames::{self, Sink};

/// The most bytes of one viewer's output in flight before frames are skipped.
pub const MAX_IN_FLIGHT: usize = 1 << 20;

/// A viewer whose output has not moved for this long is dropped.
pub const STALL_LIMIT: Duration = Duration::from_secs(30);

/// Frames queued between the viewer's thread and its connection.
const QUEUE_FRAMES: usize = 16;

/// What the writer, the connection's sender and the host share about one viewer's output.
#[derive(Debug)]
pub struct Flow {
    in_flight: AtomicUsize,
    /// A frame was skipped: the next one sent must repaint everything.
    lost: AtomicBool,
    /// Bytes the client has taken.
    sent: AtomicU64,
    /// When the output last moved (or started waiting, from empty).
    moved: Mutex<Instant>,
    /// The viewer's size, columns in the high half: the backend's answer to `size()`.
    size: AtomicU32,
}

impl Flow {
    /// A flow for a viewer of `size` (columns, rows).
    #[must_use]
    pub fn new(size: (u16, u16)) -> Arc<Self> {
        Arc::new(Self {
            in_flight: AtomicUsize::new(0),
            lost: AtomicBool::new(false),
            sent: AtomicU64::new(0),
            moved: Mutex::new(Instant::now()),
            size: AtomicU32::new(pack_size(size)),
        })
    }

    /// Bytes the client has taken so far.
    #[must_use]
    pub fn sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }

    /// Bytes waiting to reach the client.
    #[must_use]
    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::Relaxed)
    }

    /// The sender handed `n` bytes on: the client's window took them.
    pub fn delivered(&self, n: usize) {
        self.in_flight.fetch_sub(n, Ordering::AcqRel);
        self.sent.fetch_add(n as u64, Ordering::Relaxed);
        self.touch();
    }

    fn touch(&self) {
        if let Ok(mut moved) = self.moved.lock() {
            *moved = Instant::now();
        }
    }

    /// Whether output has waited longer than [`STALL_LIMIT`] without moving.
    #[must_use]
    pub fn stalled(&self) -> bool {
        self.in_flight() > 0
            && self
                .moved
                .lock()
                .is_ok_and(|moved| moved.elapsed() > STALL_LIMIT)
    }

    /// Whether frames were skipped and the viewer has caught up enough for a full repaint;
    /// answering yes clears the mark (the caller repaints).
    pub fn take_repaint(&self) -> bool {
        self.lost.load(Ordering::Acquire)
            && self.in_flight() < MAX_IN_FLIGHT / 2
            && self.lost.swap(false, Ordering::AcqRel)
    }

    /// The viewer's terminal is `size` now.
    pub fn set_size(&self, size: (u16, u16)) {
        self.size.store(pack_size(size), Ordering::Relaxed);
    }

    fn size(&self) -> Size {
        let (w, h) = unpack_size(self.size.load(Ordering::Relaxed));
        Size::new(w, h)
    }
}

/// A size (columns, rows) in one `u32`, columns in the high half, for an atomic that the
/// connection and a viewer's loop share.
#[must_use]
pub fn pack_size((w, h): (u16, u16)) -> u32 {
    (u32::from(w) << 16) | u32::from(h)
}

/// The size [`pack_size`] packed.
#[must_use]
pub fn unpack_size(packed: u32) -> (u16, u16) {
    let [c1, c0, r1, r0] = packed.to_be_bytes();
    (u16::from_be_bytes([c1, c0]), u16::from_be_bytes([r1, r0]))
}

/// The writer of a viewer's frames: the one every shell uses, into the viewer's queue.
pub type FrameWriter = frames::FrameWriter<Channel>;

/// A viewer's bounded queue to its connection, with the flow it counts in: a frame is handed
/// on, or skipped when it would take the bytes in flight over [`MAX_IN_FLIGHT`] or the queue
/// is full.
#[derive(Debug, Clone)]
pub struct Channel {
    queue: mpsc::Sender<Vec<u8>>,
    flow: Arc<Flow>,
}

impl Channel {
    /// A channel into `queue`, counting in `flow`.
    #[must_use]
    pub fn new(queue: mpsc::Sender<Vec<u8>>, flow: Arc<Flow>) -> Self {
        Self { queue, flow }
    }
}

impl FrameWriter {
    /// A queue for a writer and the receiving end for the connection's sender.
    #[must_use]
    pub fn queue() -> (mpsc::Sender<Vec<u8>>, mpsc::Receiver<Vec<u8>>) {
        mpsc::channel(QUEUE_FRAMES)
    }
}

impl Sink for Channel {
    fn send(&mut self, frame: Vec<u8>) -> io::Result<()> {
        let len = frame.len();
        let flow = &self.flow;
        if flow.lost.load(Ordering::Acquire) || flow.in_flight() + len > MAX_IN_FLIGHT {
            flow.lost.store(true, Ordering::Release);
            return Ok(());
        }
        if flow.in_flight.fetch_add(len, Ordering::AcqRel) == 0 {
            flow.touch(); // the stall clock starts now, not when output last moved
        }
        match self.queue.try_send(frame) {
            Ok(()) => Ok(()),
            Err(mpsc::error::TrySendError::Full(_)) => {
                flow.in_flight.fetch_sub(len, Ordering::AcqRel);
                flow.lost.store(true, Ordering::Release);
                Ok(())
            }
            Err(mpsc::error::TrySendError::Closed(_)) => {
                flow.in_flight.fetch_sub(len, Ordering::AcqRel);
                Err(io::Error::new(
                    io::ErrorKind::BrokenPipe,
                    "the viewer's connection closed",
                ))
            }
        }
    }
}

/// `CrosstermBackend` over a [`FrameWriter`], with the size and cursor from what it was told.
pub struct ViewerBackend {
    inner: CrosstermBackend<FrameWriter>,
    /// The same queue, for bytes that are not a frame (the terminal's setup).
    raw: FrameWriter,
    flow: Arc<Flow>,
    cursor: Position,
}

impl ViewerBackend {
    /// A backend writing through `writer`, sized by `flow`.
    #[must_use]
    pub fn new(writer: FrameWriter, flow: Arc<Flow>) -> Self {
        let raw = FrameWriter::new(writer.sink().clone());
        Self {
            inner: CrosstermBackend::new(writer),
            raw,
            flow,
            cursor: Position::ORIGIN,
        }
    }

    /// Write `bytes` straight into the current frame (terminal setup and restore).
    ///
    /// # Errors
    /// The connection closed.
    pub fn send_raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.raw.write_all(bytes)?;
        self.raw.flush()
    }
}

impl Backend for ViewerBackend {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self.cursor)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.cursor = position.into();
        self.inner.set_cursor_position(self.cursor)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        Ok(self.flow.size())
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.flow.size(),
            pixels: Size::new(0, 0),
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn writer(flow: &Arc<Flow>) -> (FrameWriter, mpsc::Receiver<Vec<u8>>) {
        let (tx, rx) = FrameWriter::queue();
        (FrameWriter::new(Channel::new(tx, Arc::clone(flow))), rx)
    }

    #[test]
    fn a_whole_frame_goes_out_in_one_piece_on_flush() {
        let flow = Flow::new((80, 24));
        let (mut w, mut rx) = writer(&flow);
        w.write_all(b"abc").unwrap();
        w.write_all(b"def").unwrap();
        assert!(rx.try_recv().is_err(), "nothing before the flush");
        w.flush().unwrap();
        assert_eq!(rx.try_recv().unwrap(), b"abcdef");
        assert_eq!(flow.in_flight(), 6);
        flow.delivered(6);
        assert_eq!((flow.in_flight(), flow.sent()), (0, 6));
    }

    #[test]
    fn over_the_bound_frames_are_skipped_until_a_repaint_is_taken() {
        let flow = Flow::new((80, 24));
        let (mut w, mut rx) = writer(&flow);
        let big = vec![b'x'; MAX_IN_FLIGHT - 10];
        w.write_all(&big).unwrap();
        w.flush().unwrap();
        w.write_all(b"this one does not fit").unwrap();
        w.flush().unwrap();
        assert!(!flow.take_repaint(), "not while the viewer is behind");
        w.write_all(b"small").unwrap();
        w.flush().unwrap();
        assert_eq!(rx.try_recv().unwrap().len(), big.len());
        assert!(rx.try_recv().is_err(), "both later frames were skipped");
        flow.delivered(big.len());
        assert!(flow.take_repaint());
        assert!(!flow.take_repaint(), "asked once");
        w.write_all(b"full repaint").unwrap();
        w.flush().unwrap();
        assert_eq!(rx.try_recv().unwrap(), b"full repaint");
    }

    #[test]
    fn a_full_queue_skips_and_a_closed_one_is_an_error() {
        let flow = Flow::new((80, 24));
        let (mut w, rx) = writer(&flow);
        for _ in 0..=QUEUE_FRAMES {
            w.write_all(b"f").unwrap();
            w.flush().unwrap();
        }
        assert_eq!(flow.in_flight(), QUEUE_FRAMES);
        assert!(flow.lost.load(Ordering::Acquire));
        drop(rx);
        flow.delivered(QUEUE_FRAMES);
        assert!(flow.take_repaint());
        w.write_all(b"f").unwrap();
        assert_eq!(w.flush().unwrap_err().kind(), io::ErrorKind::BrokenPipe);
    }

    #[test]
    fn the_backend_reports_the_size_it_was_told() {
        let flow = Flow::new((120, 40));
        let (w, _rx) = writer(&flow);
        let backend = ViewerBackend::new(w, Arc::clone(&flow));
        assert_eq!(backend.size().unwrap(), Size::new(120, 40));
        flow.set_size((500, 1));
        assert_eq!(backend.size().unwrap(), Size::new(500, 1));
    }
}
