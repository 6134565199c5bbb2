//! A progress bar on standard error while a big time file is read: only on a
//! terminal, only when the file is large enough to take about a second or more.

use super::ctx::Ctx;
use crate::ingest::ledger::LedgerSources;
use crate::ingest::ledger::Progress;
use crate::ingest::Source;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::Arc;

/// Below this many bytes the file is read in well under a second: no bar.
const MIN_BYTES: u64 = 256 * 1024 * 1024;

/// A bar counting the bytes read.
pub struct Bar(ProgressBar);

impl Bar {
    /// The observer the readers call.
    pub fn observer(&self) -> Progress {
        let bar = self.0.clone();
        Progress(Arc::new(move |n| bar.inc(n)))
    }
}

/// Dropping the bar removes it.
impl Drop for Bar {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

/// A bar for the time file, when standard error is a terminal and the file is big.
pub fn ledger_bar(sources: &LedgerSources, ctx: &Ctx) -> Option<Bar> {
    if !ctx.stderr_is_tty {
        return None;
    }
    let total = match &sources.time {
        Some(Source::Path(p)) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
        _ => 0,
    };
    (total >= MIN_BYTES).then(|| {
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "reading time entries {bar:30} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        Bar(bar)
    })
}
