//! Sentences built from pieces without `core::fmt`.
//!
//! Every client's reasons and next steps are sentences with a few figures in them.
//! Through `format!` each cost about a thousand instructions (argument tables,
//! a dynamic call per piece, a capacity guess of twice the literal text, and a
//! second allocation when that guess was short); [`text!`] appends the pieces
//! straight to one `String` sized for them. The figures keep their one writer each
//! ([`Plain`], [`Fixed`], [`Grouped`], [`Iso`]); `Display` and [`Piece`] share it.

use super::money::{digits_before, push_ascii, Fixed, Grouped, Plain};
use super::period::{iso_bytes, Iso};

/// A piece of a sentence that appends itself to a `String`.
pub trait Piece {
    /// About how many bytes the piece takes (for the sentence's one allocation).
    fn size_hint(&self) -> usize {
        8
    }
    /// Appends the piece.
    fn push_to(&self, out: &mut String);
}

/// Builds a `String` from [`Piece`]s: `text!["margin ", Pct(m), " is below"]`.
#[macro_export]
macro_rules! text {
    ($($piece:expr),+ $(,)?) => {
        $crate::model::text::build(&[$(&$piece),+])
    };
}

/// Appends [`Piece`]s to a `String`: `push_text!(line; " at ", Plain(rate), "/h")`.
#[macro_export]
macro_rules! push_text {
    ($out:expr; $($piece:expr),+ $(,)?) => {
        $crate::model::text::append(&mut $out, &[$(&$piece),+])
    };
}

/// The pieces as one `String`, allocated once at about their size.
pub fn build(pieces: &[&dyn Piece]) -> String {
    let mut out = String::with_capacity(pieces.iter().map(|p| p.size_hint()).sum());
    append(&mut out, pieces);
    out
}

/// Appends the pieces to `out`.
pub fn append(out: &mut String, pieces: &[&dyn Piece]) {
    for piece in pieces {
        piece.push_to(out);
    }
}

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

impl Piece for str {
    fn size_hint(&self) -> usize {
        self.len()
    }
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for String {
    fn size_hint(&self) -> usize {
        self.len()
    }
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

/// A ratio as a percentage with one decimal: `Pct(0.125)` is `12.5%`.
#[derive(Debug, Clone, Copy)]
pub struct Pct(pub f64);

impl Piece for Pct {
    fn push_to(&self, out: &mut String) {
        Fixed(self.0 * 100.0, 1).write_to(out, false);
        out.push('%');
    }
}

/// Any `Display` value as a piece, through `core::fmt` (for rare pieces).
pub struct Shown<T>(pub T);

impl<T: std::fmt::Display> Piece for Shown<T> {
    fn push_to(&self, out: &mut String) {
        use std::fmt::Write as _;
        let _ = write!(out, "{}", self.0);
    }
}

impl<T: Piece + ?Sized> Piece for &T {
    fn size_hint(&self) -> usize {
        (**self).size_hint()
    }
    fn push_to(&self, out: &mut String) {
        (**self).push_to(out);
    }
}

impl Piece for Plain {
    fn size_hint(&self) -> usize {
        12
    }
    fn push_to(&self, out: &mut String) {
        push_ascii(out, self.write_bytes(&mut [0; 64]));
    }
}

impl Piece for Fixed {
    fn push_to(&self, out: &mut String) {
        self.write_to(out, false);
    }
}

impl Piece for Grouped {
    fn size_hint(&self) -> usize {
        14
    }
    fn push_to(&self, out: &mut String) {
        let _ = self.write_to(out); // writing to a String cannot fail
    }
}

impl Piece for Iso {
    fn size_hint(&self) -> usize {
        10
    }
    fn push_to(&self, out: &mut String) {
        match iso_bytes(self.0) {
            Some(digits) => push_ascii(out, &digits),
            None => out.push_str(&self.0.to_string()),
        }
    }
}

/// Signed integers as `Display` writes them, from a stack buffer.
macro_rules! signed_pieces {
    ($($int:ty),+) => {$(
        impl Piece for $int {
            fn size_hint(&self) -> usize {
                4
            }
            fn push_to(&self, out: &mut String) {
                if *self < 0 {
                    out.push('-');
                }
                // At most 64 bits on every target Rust supports: the fallback never runs.
                push_digits(out, u64::try_from(self.unsigned_abs()).unwrap_or(u64::MAX));
            }
        }
    )+};
}

signed_pieces!(i32, i64, isize);

/// Unsigned integers as `Display` writes them.
macro_rules! unsigned_pieces {
    ($($int:ty),+) => {$(
        impl Piece for $int {
            fn size_hint(&self) -> usize {
                4
            }
            fn push_to(&self, out: &mut String) {
                push_digits(out, u64::try_from(*self).unwrap_or(u64::MAX));
            }
        }
    )+};
}

unsigned_pieces!(u8, u16, u32, u64, usize);

/// Appends `v` in decimal.
fn push_digits(out: &mut String, v: u64) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    digits_before(&mut buf, &mut at, v.into(), 1);
    push_ascii(out, &buf[at..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::dec;
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

    #[test]
    fn pieces_read_as_their_display_does() {
        let date = chrono::NaiveDate::from_ymd_opt(2027, 3, 9).unwrap();
        let s = text![
            "rate ",
            Plain(dec("-1200.50")),
            "/h, ",
            Fixed(12.345, 1),
            "% by ",
            Iso(date),
            " (",
            Grouped(dec("1234567.8")),
            ") ",
            7u32,
            " ",
            -42i64,
            " ",
            String::from("ok")
        ];
        assert_eq!(
            s,
            "rate -1200.50/h, 12.3% by 2027-03-09 (1,234,567.8) 7 -42 ok"
        );
        let mut line = s.clone();
        push_text!(line; "; ", 0u8, " and ", usize::MAX);
        assert_eq!(line, format!("{s}; 0 and {}", usize::MAX));
    }

    #[test]
    fn a_sentence_is_one_allocation_of_its_size() {
        let s = text!["margin ", Fixed(0.5, 1), " is below the target"];
        assert_eq!(s, "margin 0.5 is below the target");
        assert!(s.capacity() >= s.len() && s.capacity() <= s.len() + 8);
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

        #[test]
        fn integers_and_figures_match_display(
            a in any::<i64>(), b in any::<u64>(), c in any::<i32>(), x in -1e9f64..1e9,
            dp in 0u32..4, m in any::<i64>(), scale in 0u32..8,
        ) {
            let d = rust_decimal::Decimal::new(m, scale);
            prop_assert_eq!(text![a], a.to_string());
            prop_assert_eq!(text![b], b.to_string());
            prop_assert_eq!(text![c], c.to_string());
            prop_assert_eq!(text![Fixed(x, dp)], Fixed(x, dp).to_string());
            prop_assert_eq!(text![Plain(d)], d.to_string());
            prop_assert_eq!(text![Grouped(d)], Grouped(d).to_string());
        }
    }
}
