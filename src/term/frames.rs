//! Where a terminal's frames go, for every shell: ratatui writes a frame in many small pieces
//! and flushes once at its end, so the [`FrameWriter`] gathers the pieces in memory and hands
//! the whole frame to its [`Sink`] on that flush: the local terminal's standard output
//! ([`Stdout`]) in one write (std's stdout alone would send 1 KiB pieces), an SSH viewer's
//! bounded queue (`serve::output::Channel`), which may skip it. A frame cut short by a panic
//! is never flushed, so it never lands on the restored main screen.

use std::io::{self, Write};

/// What takes a whole frame.
pub trait Sink {
    /// Take one whole frame's bytes.
    ///
    /// # Errors
    /// The terminal or the connection is gone.
    fn send(&mut self, frame: Vec<u8>) -> io::Result<()>;
}

/// Gathers a frame's bytes and hands them to a [`Sink`] on flush.
#[derive(Debug, Default)]
pub struct FrameWriter<S> {
    frame: Vec<u8>,
    sink: S,
}

impl<S> FrameWriter<S> {
    /// A writer handing its frames to `sink`.
    #[must_use]
    pub fn new(sink: S) -> Self {
        Self {
            frame: Vec::new(),
            sink,
        }
    }

    /// Where the frames go.
    #[must_use]
    pub fn sink(&self) -> &S {
        &self.sink
    }
}

impl<S: Sink> Write for FrameWriter<S> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.frame.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.frame.is_empty() {
            return Ok(());
        }
        let frame = std::mem::take(&mut self.frame);
        self.sink.send(frame)
    }
}

/// The local terminal's standard output.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stdout;

impl Sink for Stdout {
    fn send(&mut self, frame: Vec<u8>) -> io::Result<()> {
        let mut out = io::stdout().lock();
        out.write_all(&frame).and_then(|()| out.flush())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Frames(Vec<Vec<u8>>);

    impl Sink for Frames {
        fn send(&mut self, frame: Vec<u8>) -> io::Result<()> {
            self.0.push(frame);
            Ok(())
        }
    }

    #[test]
    fn a_frame_goes_to_the_sink_whole_on_flush_and_an_empty_one_not_at_all() {
        let mut w = FrameWriter::new(Frames::default());
        w.write_all(b"abc").unwrap();
        w.write_all(b"def").unwrap();
        assert!(w.sink().0.is_empty(), "nothing before the flush");
        w.flush().unwrap();
        w.flush().unwrap();
        w.write_all(b"g").unwrap();
        w.flush().unwrap();
        assert_eq!(w.sink().0, vec![b"abcdef".to_vec(), b"g".to_vec()]);
    }
}
