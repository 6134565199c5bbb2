//! Interactions of one client added up: last contact, complaints, requests,
//! cancellations and the latest NPS answer.

use super::window::Window;
use crate::model::records::{Interaction, InteractionKind};
use chrono::NaiveDate;

/// Interactions of one client.
#[derive(Debug, Clone, Default)]
pub struct InteractionTotals {
    /// Latest interaction of any kind.
    pub last_contact: Option<NaiveDate>,
    /// Latest cancellation (notice given), whenever it was.
    pub last_cancellation: Option<NaiveDate>,
    /// Complaints in the period.
    pub complaints: u32,
    /// Out-of-scope requests in the period.
    pub requests: u32,
    /// Cancellations in the period.
    pub cancellations: u32,
    /// Latest NPS answer and its date.
    pub nps: Option<(NaiveDate, u8)>,
}

impl InteractionTotals {
    /// Adds one interaction.
    pub fn add(&mut self, w: &Window, i: &Interaction<'_>) {
        // Every logged touchpoint, a complaint included, is two-way contact.
        self.last_contact = self.last_contact.max(Some(i.date));
        if i.kind == InteractionKind::Cancellation {
            self.last_cancellation = self.last_cancellation.max(Some(i.date));
        }
        if let (InteractionKind::Nps, Some(v)) = (i.kind, i.nps) {
            // The latest answer wins; on the same day, the later row.
            if self.nps.is_none_or(|(d, _)| i.date >= d) {
                self.nps = Some((i.date, v));
            }
        }
        if !w.period.contains(i.date) {
            return;
        }
        match i.kind {
            InteractionKind::Complaint => self.complaints += 1,
            InteractionKind::Request => self.requests += 1,
            InteractionKind::Cancellation => self.cancellations += 1,
            InteractionKind::Contact | InteractionKind::Nps => {}
        }
    }

    /// Adds another state for the same client.
    pub fn merge(&mut self, o: InteractionTotals) {
        self.last_contact = self.last_contact.max(o.last_contact);
        self.last_cancellation = self.last_cancellation.max(o.last_cancellation);
        self.complaints += o.complaints;
        self.requests += o.requests;
        self.cancellations += o.cancellations;
        self.nps = match (self.nps, o.nps) {
            (Some(a), Some(b)) => Some(if b.0 >= a.0 { b } else { a }),
            (a, b) => a.or(b),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::ledger::fixtures::*;

    #[test]
    fn the_latest_cancellation_is_kept_from_any_time() {
        let w = window();
        let mut t = InteractionTotals::default();
        let i = |date: &str, kind| Interaction {
            date: d(date),
            client: "Acme",
            client_id: 0,
            kind,
            nps: None,
            reason: Some("Budget cuts"),
        };
        t.add(&w, &i("2025-03-01", InteractionKind::Cancellation));
        t.add(&w, &i("2026-06-01", InteractionKind::Cancellation));
        t.add(&w, &i("2026-10-20", InteractionKind::Contact));
        assert_eq!(t.last_cancellation, Some(d("2026-06-01")));
        assert_eq!(t.cancellations, 0, "none in the period (2026-10)");
    }

    #[test]
    fn interactions_count_in_the_period_and_keep_the_latest_nps() {
        let w = window();
        let mut t = InteractionTotals::default();
        let i = |date: &str, kind, nps| Interaction {
            date: d(date),
            client: "Acme",
            client_id: 0,
            kind,
            nps,
            reason: None,
        };
        t.add(&w, &i("2026-10-12", InteractionKind::Complaint, None));
        t.add(&w, &i("2026-10-25", InteractionKind::Nps, Some(6)));
        t.add(&w, &i("2026-09-01", InteractionKind::Nps, Some(9)));
        t.add(&w, &i("2026-09-03", InteractionKind::Complaint, None));
        t.add(&w, &i("2026-10-20", InteractionKind::Request, None));
        t.add(&w, &i("2026-10-31", InteractionKind::Cancellation, None));
        assert_eq!((t.complaints, t.requests, t.cancellations), (1, 1, 1));
        assert_eq!(t.nps, Some((d("2026-10-25"), 6)));
        assert_eq!(t.last_contact, Some(d("2026-10-31")));
    }
}
