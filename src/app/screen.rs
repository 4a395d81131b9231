//! What the screen shows around the panels: its size and layout, the overlay open over it
//! (with the help's scroll and the run picker), a demo's caption, the key bar's notice,
//! whether a demo is playing, and whether the clock is shared by every viewer.

use super::map_view::View;
use super::runs::RunPicker;

/// What is drawn over the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// Nothing.
    None,
    /// The key bindings.
    Help,
    /// Details of stop `.0`.
    Station(usize),
    /// What the strip's and the map's symbols mean.
    Legend,
    /// The run picker ([`Screen::runs`]).
    Runs,
}

/// The screen's state outside the panels.
#[derive(Debug, Clone)]
pub struct Screen {
    /// Terminal size (columns, rows).
    pub(super) size: (u16, u16),
    /// Which screen is shown.
    pub(super) view: View,
    /// The overlay shown.
    pub(super) overlay: Overlay,
    /// How far the help overlay is scrolled down, in rows (when it does not fit).
    pub(super) help_scroll: u16,
    /// The open run picker, if any.
    pub(super) runs: Option<RunPicker>,
    /// A caption shown over the screen (demo mode).
    pub(super) caption: Option<String>,
    /// A one-line notice (why the replay paused), cleared by the next command.
    pub(super) notice: Option<String>,
    /// A demo is playing: keys hand control back to the user.
    pub(super) demo: bool,
    /// The replay's clock is shared by every viewer: keys that move time are off.
    pub(super) shared_clock: bool,
}

impl Screen {
    /// The strip screen of a terminal `size` (columns, rows), nothing over it.
    pub(super) fn new(size: (u16, u16)) -> Self {
        Self {
            size,
            view: View::Strip,
            overlay: Overlay::None,
            help_scroll: 0,
            runs: None,
            caption: None,
            notice: None,
            demo: false,
            shared_clock: false,
        }
    }

    /// The terminal's size (columns, rows).
    #[must_use]
    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// Which screen is shown: the strip, the map, or both.
    #[must_use]
    pub fn view(&self) -> View {
        self.view
    }

    /// The overlay shown.
    #[must_use]
    pub fn overlay(&self) -> Overlay {
        self.overlay
    }

    /// How far the help is scrolled down, in rows (the view clamps it).
    #[must_use]
    pub fn help_scroll(&self) -> u16 {
        self.help_scroll
    }

    /// The open run picker, if any.
    #[must_use]
    pub fn runs(&self) -> Option<&RunPicker> {
        self.runs.as_ref()
    }

    /// A demo's caption, if any.
    #[must_use]
    pub fn caption(&self) -> Option<&str> {
        self.caption.as_deref()
    }

    /// The key bar's notice, if any.
    #[must_use]
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// Whether a demo is playing.
    #[must_use]
    pub fn demo(&self) -> bool {
        self.demo
    }

    /// Whether the replay's clock is shared by every viewer (its time keys are off).
    #[must_use]
    pub fn shared_clock(&self) -> bool {
        self.shared_clock
    }
}
