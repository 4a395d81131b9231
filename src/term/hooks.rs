//! Event hooks (`--on-event 'CMD'`): a command run for each journey event the replay passes,
//! with the event in environment variables. The command is split into words like a shell would
//! (quotes, backslashes) but no shell runs unless the user writes one (`sh -c '...'`). Hooks
//! never touch the terminal: their input and output go to /dev/null.

use std::process::{Child, Command, Stdio};

/// At most this many hook processes run at once; events past it are counted, not run.
const MAX_RUNNING: usize = 8;

/// Split a hook command into words.
///
/// # Errors
/// Unbalanced quotes, or nothing to run.
pub fn parse_command(text: &str) -> Result<Vec<String>, String> {
    let words = shell_words::split(text)
        .map_err(|e| format!("{}: {e} (check the quotes)", crate::util::text::quote(text)))?;
    if words.is_empty() {
        return Err("the hook command is empty: give a program to run, e.g. --on-event 'notify-send longrail'".to_owned());
    }
    Ok(words)
}

/// The hook runner: starts commands, reaps them, and counts what it had to skip.
#[derive(Debug)]
pub struct Hooks {
    argv: Vec<String>,
    running: Vec<Child>,
    /// Events not run because too many hooks were still running.
    pub skipped: usize,
    /// The last error starting the command, for the screen.
    pub last_error: Option<String>,
}

impl Hooks {
    /// A runner for the command `argv` (from [`parse_command`]).
    #[must_use]
    pub fn new(argv: Vec<String>) -> Self {
        Self {
            argv,
            running: Vec::new(),
            skipped: 0,
            last_error: None,
        }
    }

    /// Start the command for an event, with `env` (the event, as
    /// [`event_env`](crate::app::playback::event_env) describes it) in its environment,
    /// without waiting for it.
    pub fn fire(&mut self, env: &[(&'static str, String)]) {
        self.reap();
        if self.running.len() >= MAX_RUNNING {
            self.skipped += 1;
            return;
        }
        let Some((program, args)) = self.argv.split_first() else {
            return;
        };
        let started = Command::new(program)
            .args(args)
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        match started {
            Ok(child) => self.running.push(child),
            Err(e) => self.last_error = Some(format!("--on-event: cannot run {program}: {e}")),
        }
    }

    /// Collect finished hooks, so none is left a zombie.
    pub fn reap(&mut self) {
        self.running
            .retain_mut(|child| matches!(child.try_wait(), Ok(None)));
    }

    /// Wait for every running hook (in tests).
    pub fn wait_all(&mut self) {
        for mut child in self.running.drain(..) {
            let _ = child.wait();
        }
    }

    /// Wait up to `limit` for the running hooks to finish (at exit); returns how many are
    /// still running, which are then left to finish on their own.
    pub fn wait_for(&mut self, limit: std::time::Duration) -> usize {
        let deadline = std::time::Instant::now() + limit;
        loop {
            self.reap();
            if self.running.is_empty() || std::time::Instant::now() >= deadline {
                return std::mem::take(&mut self.running).len();
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::playback::event_env;
    use crate::route::builtin::{builtin, load_builtin};
    use crate::sim::Journey;

    #[test]
    fn commands_split_like_a_shell_without_running_one() {
        assert_eq!(
            parse_command("notify-send 'longrail event' \"$X\"").unwrap(),
            vec!["notify-send", "longrail event", "$X"]
        );
        assert!(parse_command("echo 'open").is_err());
        assert!(parse_command("   ").is_err());
    }

    #[test]
    fn a_real_command_gets_the_event_in_its_environment() {
        let journey =
            Journey::new(load_builtin(builtin("pyongyang-moscow").unwrap(), None).unwrap());
        let border = journey
            .timeline()
            .iter()
            .find(|e| {
                e.kind.class() == crate::sim::EventClass::Route(crate::route::EventKind::Border)
            })
            .unwrap();
        let dir = std::env::temp_dir().join(format!("longrail-hook-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join("event.txt");
        // The shell here is the user's choice, written into the command, as the docs say.
        let script = format!(
            "printf '%s|%s|%s|%s' \"$LONGRAIL_EVENT\" \"$LONGRAIL_TITLE\" \"$LONGRAIL_ZONE\" \"$LONGRAIL_ROUTE\" > '{}'",
            out.display()
        );
        let mut hooks = Hooks::new(vec!["sh".into(), "-c".into(), script]);
        hooks.fire(&event_env(&journey, border));
        hooks.wait_all();
        let written = std::fs::read_to_string(&out).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        let fields: Vec<&str> = written.split('|').collect();
        assert_eq!(fields[0], "border");
        assert_eq!(fields[1], border.title);
        assert!(fields[2].starts_with("Asia/"), "{written}");
        assert_eq!(fields[3], "pyongyang-moscow");
    }

    #[test]
    fn at_exit_a_slow_hook_is_left_running_not_waited_for() {
        let journey =
            Journey::new(load_builtin(builtin("pyongyang-moscow").unwrap(), None).unwrap());
        let event = &journey.timeline()[0];
        let mut hooks = Hooks::new(vec!["sleep".into(), "5".into()]);
        hooks.fire(&event_env(&journey, event));
        assert_eq!(hooks.wait_for(std::time::Duration::from_millis(50)), 1);
        assert_eq!(hooks.wait_for(std::time::Duration::ZERO), 0, "handed off");
        let mut quick = Hooks::new(vec!["true".into()]);
        quick.fire(&event_env(&journey, event));
        assert_eq!(quick.wait_for(std::time::Duration::from_secs(30)), 0);
    }

    #[test]
    fn a_missing_program_is_reported_not_fatal() {
        let journey =
            Journey::new(load_builtin(builtin("pyongyang-moscow").unwrap(), None).unwrap());
        let event = &journey.timeline()[0];
        let mut hooks = Hooks::new(vec!["/nonexistent/longrail-hook".into()]);
        hooks.fire(&event_env(&journey, event));
        assert!(hooks.last_error.unwrap().contains("cannot run"));
    }
}
