//! The nouns every stage shares: clients, money, dates and settings. No I/O, no rules.

pub mod calendar;
pub mod client;
pub mod money;
pub mod period;
pub mod records;
pub mod settings;
pub mod verdict;

pub use client::{Aging, Client, Extra, FitRating, Quote};
pub use settings::{HealthModel, NaturalConclusion, Settings};

/// `s`, or when it has more than `max_chars` characters its first `max_chars - 1`
/// and `…`: never more than `max_chars` characters (a table cell, a chart label,
/// a rejected value quoted back); `max_chars` is at least 1.
pub fn clip(s: &str, max_chars: usize) -> std::borrow::Cow<'_, str> {
    // No more bytes than characters allowed means no more characters either.
    if s.len() <= max_chars {
        return s.into();
    }
    let mut starts = s.char_indices().map(|(at, _)| at);
    match (starts.nth(max_chars.saturating_sub(1)), starts.next()) {
        (Some(cut), Some(_)) => {
            let mut out = String::with_capacity(cut + '…'.len_utf8());
            out.push_str(&s[..cut]);
            out.push('…');
            out.into()
        }
        _ => s.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn clip_keeps_what_fits_and_marks_a_cut() {
        assert_eq!(clip("Kovács Kft.", 11), "Kovács Kft.");
        assert_eq!(clip("Kovács Kft.", 10), "Kovács Kf…");
        assert_eq!(clip("شرکت آریا", 5), "شرکت…");
        assert_eq!(clip("", 1), "");
        assert_eq!(clip("ab", 1), "…");
        assert!(matches!(clip("short", 400), std::borrow::Cow::Borrowed(_)));
    }

    proptest! {
        #[test]
        fn clip_never_exceeds_its_width(s in "\\PC{0,30}", max in 1usize..25) {
            let out = clip(&s, max);
            let n = s.chars().count();
            prop_assert!(out.chars().count() <= max);
            if n <= max {
                prop_assert_eq!(out.as_ref(), s.as_str());
            } else {
                let kept: String = s.chars().take(max - 1).collect();
                prop_assert_eq!(out.as_ref(), format!("{kept}…"));
            }
        }
    }
}
