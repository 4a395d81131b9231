//! The one-line prompts: `g` go to (a time, a station, a step; history on ↑/↓, station
//! names completed with Tab) and `/` find (stations and events as you type; ↑/↓ choose, Enter
//! jumps). Both edit like a readline line and keep all that is typed.

use std::time::Duration;

use super::App;
use super::complete::{self, Match};
use super::line_edit::{self, LineEdit};
use crate::settings::{Key, KeyCode};
use crate::sim::Seek;

/// Which prompt is open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PromptKind {
    /// Go to a place on the timeline.
    #[default]
    Goto,
    /// Find a station or an event.
    Find,
}

/// The open prompt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prompt {
    /// Which prompt.
    pub kind: PromptKind,
    /// What has been typed, and the cursor.
    pub line: LineEdit,
    /// Why the last attempt did not work, shown under the prompt until the next key.
    pub error: Option<String>,
    /// Suggestions for what is typed (station names, or finds), best first.
    pub matches: Vec<Match>,
    /// The suggestion Tab or Enter takes.
    pub selected: usize,
    /// Set while Tab cycles through the suggestions (so they are not recomputed from the
    /// name Tab put in).
    cycling: bool,
}

impl Prompt {
    /// A new, empty prompt of `kind`.
    #[must_use]
    pub fn new(kind: PromptKind) -> Self {
        Self {
            kind,
            ..Self::default()
        }
    }

    /// What has been typed.
    #[must_use]
    pub fn text(&self) -> String {
        self.line.text()
    }

    /// Whether Enter would go to the calendar's present (`now` in the go-to prompt), which
    /// only the session can supply.
    #[must_use]
    pub fn means_now(&self) -> bool {
        self.kind == PromptKind::Goto && matches!(Seek::parse(&self.text()), Ok(Seek::Now))
    }

    /// The suggestion Enter would take, if any.
    #[must_use]
    pub fn chosen(&self) -> Option<&Match> {
        self.matches.get(self.selected)
    }
}

/// The prompts' state: the one open, and what was gone to before.
#[derive(Debug, Clone, Default)]
pub struct Prompts {
    /// The open prompt (go to, or find), if any.
    pub(super) open: Option<Prompt>,
    /// What was gone to with the go-to prompt, oldest first (↑/↓ in the prompt).
    pub(super) history: Vec<String>,
}

impl Prompts {
    /// The open prompt, if any.
    #[must_use]
    pub fn open(&self) -> Option<&Prompt> {
        self.open.as_ref()
    }

    /// What was gone to with the go-to prompt, oldest first.
    #[must_use]
    pub fn history(&self) -> &[String] {
        &self.history
    }
}

impl App {
    /// Open the prompt of `kind` (find shows its first suggestions at once).
    pub(super) fn open_prompt(&mut self, kind: PromptKind) {
        self.screen.overlay = super::Overlay::None;
        let mut prompt = Prompt::new(kind);
        self.suggest(&mut prompt);
        self.prompt.open = Some(prompt);
    }

    /// Recompute the suggestions for what `prompt` holds.
    fn suggest(&self, prompt: &mut Prompt) {
        let text = prompt.text();
        prompt.matches = match prompt.kind {
            PromptKind::Find => complete::find(&self.journey, &text),
            PromptKind::Goto => match Seek::parse(&text) {
                Ok(Seek::Station(name)) => complete::stations(&self.journey, &name),
                _ => Vec::new(),
            },
        };
        prompt.selected = 0;
        prompt.cycling = false;
    }

    /// Handle a key typed into the prompt: Esc closes it, Enter goes, ↑/↓ (Ctrl-P/N) walk
    /// the history or the suggestions, Tab completes, and readline's editing keys edit the
    /// line ([`LineEdit::key`]).
    pub(super) fn prompt_key(&mut self, key: Key, wall: Duration) {
        let Some(mut prompt) = self.prompt.open.take() else {
            return;
        };
        match key.code {
            KeyCode::Esc => return,
            KeyCode::Enter if prompt.kind == PromptKind::Goto && self.date_elsewhere(&prompt) => {
                if let Ok(Seek::Date(date, _)) = Seek::parse(&prompt.text()) {
                    line_edit::remember(&mut self.prompt.history, &prompt.text());
                    self.open_runs(date);
                }
                return;
            }
            KeyCode::Enter => match self.prompt_target(&prompt, wall) {
                Ok((at, note)) => {
                    line_edit::remember(&mut self.prompt.history, &prompt.text());
                    self.seek(at, wall);
                    self.screen.notice = note;
                    return;
                }
                Err(e) => prompt.error = Some(e),
            },
            KeyCode::Up => self.prompt_walk(&mut prompt, true),
            KeyCode::Down => self.prompt_walk(&mut prompt, false),
            KeyCode::Char('p') if key.ctrl => self.prompt_walk(&mut prompt, true),
            KeyCode::Char('n') if key.ctrl => self.prompt_walk(&mut prompt, false),
            KeyCode::Tab => {
                if prompt.cycling {
                    prompt.selected = (prompt.selected + 1) % prompt.matches.len().max(1);
                }
                if let Some(m) = prompt.chosen() {
                    let fill = m.fill.clone();
                    prompt.line.set(&fill);
                    prompt.cycling = true;
                }
            }
            _ => {
                if prompt.line.key(key) {
                    prompt.error = None;
                    self.suggest(&mut prompt);
                }
            }
        }
        self.prompt.open = Some(prompt);
    }

    /// ↑/↓: the history (go to), or the suggestion above or below (find).
    fn prompt_walk(&self, prompt: &mut Prompt, up: bool) {
        match prompt.kind {
            PromptKind::Goto => {
                prompt.line.walk(&self.prompt.history, up);
                prompt.error = None;
                self.suggest(prompt);
            }
            PromptKind::Find => {
                let n = prompt.matches.len();
                if n > 0 {
                    prompt.selected = if up {
                        (prompt.selected + n - 1) % n
                    } else {
                        (prompt.selected + 1) % n
                    };
                }
            }
        }
    }

    /// Whether the go-to text is a date that is not a day of the run shown: Enter then lists
    /// the route's runs around it.
    fn date_elsewhere(&self, prompt: &Prompt) -> bool {
        let Ok(Seek::Date(date, _)) = Seek::parse(&prompt.text()) else {
            return false;
        };
        let first = self.journey.route().departure_date;
        let days = (date - first).num_days() + 1;
        days < 1 || days > self.journey.total_days()
    }

    /// Where Enter goes, and anything to tell the user about it: the chosen find; or what
    /// the go-to text means, falling back to the chosen station when it names none.
    fn prompt_target(
        &self,
        prompt: &Prompt,
        wall: Duration,
    ) -> Result<(chrono::DateTime<chrono::Utc>, Option<String>), String> {
        if prompt.kind == PromptKind::Find {
            return prompt.chosen().map(|m| (m.at, None)).ok_or_else(|| {
                format!(
                    "no station or event matches {}",
                    crate::util::text::quote(&prompt.text())
                )
            });
        }
        let now = self.clock.sim.at(wall);
        let seek = Seek::parse(&prompt.text())?;
        match seek.resolve_noted(&self.journey, now) {
            Ok(found) => Ok((found.at, found.note)),
            Err(e) => match (&seek, prompt.chosen()) {
                (Seek::Station(_), Some(m)) => Ok((m.at, None)),
                _ => Err(e),
            },
        }
    }
}
