//! Signals and hang-ups, one way for every shell: SIGTERM, SIGHUP, SIGINT and SIGQUIT raise a
//! stop flag the shell's loop checks (a second signal ends the process at once); a closed
//! terminal raises it too; a watchdog restores the terminal and exits if the loop does not
//! wind down in time.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How long the loop gets to wind down after a stop request before the watchdog acts.
pub const GRACE: Duration = Duration::from_millis(300);

/// A flag raised by SIGTERM, SIGHUP, SIGINT or SIGQUIT. With `second_exits`, another of those
/// signals while it is raised ends the process at once (for work with nothing to restore).
///
/// # Errors
/// The handlers could not be installed.
pub fn stop_flag(second_exits: bool) -> io::Result<Arc<AtomicBool>> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let flag = Arc::new(AtomicBool::new(false));
    for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
        if second_exits {
            signal_hook::flag::register_conditional_shutdown(signal, 1, Arc::clone(&flag))?;
        }
        signal_hook::flag::register(signal, Arc::clone(&flag))?;
    }
    Ok(flag)
}

/// Once `stop` is raised, give the loop [`GRACE`] to set `done`; if it has not, call
/// `restore` and exit from this thread (the loop can be stuck: crossterm's reader spins on a
/// hung-up terminal and never returns).
pub fn watchdog(stop: Arc<AtomicBool>, done: Arc<AtomicBool>, restore: fn()) {
    std::thread::spawn(move || {
        while !stop.load(Ordering::SeqCst) {
            if done.load(Ordering::SeqCst) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        std::thread::sleep(GRACE);
        if !done.load(Ordering::SeqCst) {
            restore();
            std::process::exit(0);
        }
    });
}

/// Raise `stop` when the terminal on standard input hangs up (a closed window or pty: POLLHUP,
/// which a poll with no events requested reports and nothing else wakes). Does nothing when
/// standard input is not a terminal (keys then come from /dev/tty; a closed pipe is no
/// hang-up).
pub fn watch_hangup(stop: Arc<AtomicBool>) {
    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    use std::io::IsTerminal;
    use std::os::fd::AsFd;
    if !io::stdin().is_terminal() {
        return;
    }
    std::thread::spawn(move || {
        let stdin = io::stdin();
        loop {
            let mut fds = [PollFd::new(stdin.as_fd(), PollFlags::empty())];
            match poll(&mut fds, PollTimeout::NONE) {
                Ok(n) if n > 0 => {
                    let hung = fds[0].revents().is_some_and(|r| {
                        r.intersects(PollFlags::POLLHUP | PollFlags::POLLERR | PollFlags::POLLNVAL)
                    });
                    if hung {
                        break;
                    }
                }
                Err(nix::errno::Errno::EINTR) | Ok(_) => {}
                Err(_) => return,
            }
        }
        stop.store(true, Ordering::SeqCst);
    });
}
