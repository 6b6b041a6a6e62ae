//! The progress bar of a long history walk on a terminal.

use std::io::IsTerminal;
use std::time::Instant;

/// Shows a progress bar on a terminal once the walk has run for a second.
pub(super) struct Progress {
    bar: Option<indicatif::ProgressBar>,
    start: Instant,
    shown: std::sync::atomic::AtomicBool,
}

impl Progress {
    /// A bar of no commits yet: [`Progress::add`] adds them as they are found.
    pub(super) fn new(enabled: bool) -> Progress {
        let bar = (enabled && std::io::stderr().is_terminal()).then(|| {
            let b = indicatif::ProgressBar::with_draw_target(
                Some(0),
                indicatif::ProgressDrawTarget::hidden(),
            );
            b.set_style(
                indicatif::ProgressStyle::with_template(
                    "reading history {bar:30} {pos}/{len} commits ({eta})",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            b
        });
        Progress {
            bar,
            start: Instant::now(),
            shown: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// `n` more commits to read.
    pub(super) fn add(&self, n: usize) {
        if let Some(b) = &self.bar {
            b.inc_length(n as u64);
        }
    }

    pub(super) fn tick(&self) {
        if let Some(b) = &self.bar {
            b.inc(1);
            if self.start.elapsed().as_secs() >= 1
                && !self.shown.swap(true, std::sync::atomic::Ordering::Relaxed)
            {
                b.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            }
        }
    }

    pub(super) fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
