//! Signals and hang-ups, one way for every shell: SIGTERM, SIGHUP, SIGINT and SIGQUIT raise a
//! [`Stop`] the shell's loop checks (with `second_exits`, a second signal ends the process at
//! once); a terminal that hangs up raises it too; a watchdog restores the terminal and exits
//! if the process has not ended soon after. A run ended this way exits 128 + the signal's
//! number (129 for a hang-up), as shells expect.

use std::io::{self, IsTerminal};
use std::os::fd::{AsFd, BorrowedFd};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};

/// How long the process gets to wind down after a stop request before the watchdog ends it.
pub const GRACE: Duration = Duration::from_millis(300);

/// How often the watchdog looks at the stop flag.
const WATCH: Duration = Duration::from_millis(50);

/// A stop request: raised by a signal or a hang-up, with the signal that raised it.
#[derive(Debug, Clone)]
pub struct Stop {
    raised: Arc<AtomicBool>,
    signal: Arc<AtomicUsize>,
}

impl Stop {
    /// A stop no signal raises (for tests and for shells that stop by other means).
    #[must_use]
    pub fn new() -> Self {
        Self {
            raised: Arc::new(AtomicBool::new(false)),
            signal: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// A stop raised by SIGTERM, SIGHUP, SIGINT or SIGQUIT. With `second_exits`, another of
    /// those signals while it is raised ends the process at once, exiting 128 + its number
    /// (for work with nothing to restore).
    ///
    /// # Errors
    /// The handlers could not be installed.
    pub fn on_signals(second_exits: bool) -> io::Result<Self> {
        let stop = Self::new();
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            if second_exits {
                signal_hook::flag::register_conditional_shutdown(
                    signal,
                    128 + signal,
                    Arc::clone(&stop.raised),
                )?;
            }
            // The number first, so whoever sees the flag raised sees which signal raised it.
            // A signal number is small and positive: the cast cannot lose anything.
            #[allow(clippy::cast_sign_loss)]
            signal_hook::flag::register_usize(signal, Arc::clone(&stop.signal), signal as usize)?;
            signal_hook::flag::register(signal, Arc::clone(&stop.raised))?;
        }
        Ok(stop)
    }

    /// Whether a stop was requested.
    #[must_use]
    pub fn raised(&self) -> bool {
        self.raised.load(Ordering::SeqCst)
    }

    /// The flag itself, for code that only needs to read it.
    #[must_use]
    pub fn flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.raised)
    }

    /// The terminal hung up: stop as SIGHUP would (unless a signal came first).
    pub fn hang_up(&self) {
        #[allow(clippy::cast_sign_loss)] // SIGHUP is 1
        let _ =
            self.signal
                .compare_exchange(0, SIGHUP as usize, Ordering::SeqCst, Ordering::SeqCst);
        self.raised.store(true, Ordering::SeqCst);
    }

    /// The exit code for a run this stop ended: 128 + the signal (129 for a hang-up);
    /// `None` while it is not raised.
    #[must_use]
    pub fn exit_code(&self) -> Option<u8> {
        if !self.raised() {
            return None;
        }
        let signal = self.signal.load(Ordering::SeqCst);
        // A stop raised without a number is a hang-up; numbers above 127 do not occur.
        let signal = if signal == 0 { 1 } else { signal.min(127) };
        u8::try_from(128 + signal).ok()
    }
}

impl Default for Stop {
    fn default() -> Self {
        Self::new()
    }
}

/// Once `stop` is raised, give the process [`GRACE`] to end by itself; if it is still there,
/// call `restore` (unless `done` says the terminal is already back) and exit with the stop's
/// code. It watches for the whole run, so a process stuck anywhere (crossterm's reader spins
/// on a hung-up terminal and never returns; hooks may be waited for) still ends.
pub fn watchdog(stop: Stop, done: Arc<AtomicBool>, restore: fn()) {
    std::thread::spawn(move || {
        while !stop.raised() {
            std::thread::sleep(WATCH);
        }
        std::thread::sleep(GRACE);
        if !done.load(Ordering::SeqCst) {
            restore();
        }
        std::process::exit(i32::from(stop.exit_code().unwrap_or(129)));
    });
}

/// Raise `stop` when any terminal among standard input, output and error hangs up (a closed
/// window or pty: POLLHUP, which a poll with no events requested reports and nothing else
/// wakes). Does nothing when none of them is a terminal (a closed pipe is no hang-up).
pub fn watch_hangup(stop: Stop) {
    let which = [
        io::stdin().is_terminal(),
        io::stdout().is_terminal(),
        io::stderr().is_terminal(),
    ];
    if !which.contains(&true) {
        return;
    }
    std::thread::spawn(move || {
        let (stdin, stdout, stderr) = (io::stdin(), io::stdout(), io::stderr());
        let all = [stdin.as_fd(), stdout.as_fd(), stderr.as_fd()];
        let terminals: Vec<BorrowedFd<'_>> = all
            .into_iter()
            .zip(which)
            .filter_map(|(fd, is_terminal)| is_terminal.then_some(fd))
            .collect();
        if wait_for_hangup(&terminals) {
            stop.hang_up();
        }
    });
}

/// Block until one of `fds` hangs up (true) or polling them fails (false).
fn wait_for_hangup(fds: &[BorrowedFd<'_>]) -> bool {
    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    let gone = PollFlags::POLLHUP | PollFlags::POLLERR | PollFlags::POLLNVAL;
    loop {
        let mut polled: Vec<PollFd> = fds
            .iter()
            .map(|fd| PollFd::new(*fd, PollFlags::empty()))
            .collect();
        match poll(&mut polled, PollTimeout::NONE) {
            Ok(n) if n > 0 => {
                if polled
                    .iter()
                    .any(|p| p.revents().is_some_and(|r| r.intersects(gone)))
                {
                    return true;
                }
            }
            Err(nix::errno::Errno::EINTR) | Ok(_) => {}
            Err(_) => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stop_exits_with_128_plus_its_signal() {
        let stop = Stop::new();
        assert_eq!(stop.exit_code(), None);
        stop.signal.store(15, Ordering::SeqCst);
        stop.raised.store(true, Ordering::SeqCst);
        assert_eq!(stop.exit_code(), Some(143));
        // A hang-up after the signal keeps the signal's code.
        stop.hang_up();
        assert_eq!(stop.exit_code(), Some(143));
    }

    #[test]
    fn a_hang_up_exits_129() {
        let stop = Stop::new();
        stop.hang_up();
        assert!(stop.raised());
        assert_eq!(stop.exit_code(), Some(129));
    }
}
