//! A boxed text grid drawn by hand: columns sized to their content, the widest
//! flexible columns word-wrapped to fit the width, wide characters measured by
//! their display width.
//!
//! It replaced comfy-table, which took a quarter of a second to lay out 10,000
//! clients (it re-measures and re-splits every cell several times); this one
//! measures each cell once and draws the rows on both cores.

use std::borrow::Cow;
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// Where a column's text sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text to the left (names, words).
    Left,
    /// Text to the right (figures).
    Right,
}

/// One column: its header, alignment, and whether it may wrap to fit.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The header text.
    pub header: &'static str,
    /// Alignment of the cells (the header follows it).
    pub align: Align,
    /// Narrowest width it is wrapped to when the grid is too wide; `None`: never wrapped.
    pub min_width: Option<usize>,
}

/// A cell's colour, as an ANSI SGR code (31 red, 32 green, 33 yellow).
pub type Color = Option<u8>;

/// Display width of a text: its widest line.
pub fn width(s: &str) -> usize {
    if s.is_ascii() && !s.contains('\n') {
        return s.len();
    }
    s.split('\n').map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// Column widths: the content's, with the flexible columns narrowed (the widest
/// first) until the whole grid fits `total` characters or they reach their minimum.
pub fn layout(columns: &[Column], natural: &[usize], total: usize) -> Vec<usize> {
    let mut widths = natural.to_vec();
    // "│ " before each column, " │" after the last, " ┆ " between.
    let chrome = 3 * columns.len() + 1;
    let room = total.saturating_sub(chrome);
    let mut excess = widths.iter().sum::<usize>().saturating_sub(room);
    while excess > 0 {
        // Take from the widest column that can still give.
        let give = columns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.min_width.map(|m| (i, m.max(width(c.header)))))
            .filter(|&(i, min)| widths[i] > min)
            .max_by_key(|&(i, _)| widths[i]);
        let Some((i, min)) = give else { break };
        let second = columns
            .iter()
            .enumerate()
            .filter(|&(j, c)| j != i && c.min_width.is_some())
            .map(|(j, _)| widths[j])
            .max()
            .unwrap_or(0);
        // Down to the next widest (so both shrink together), or to its minimum when
        // the others cannot give.
        let floor = if second < widths[i] {
            second.max(min)
        } else {
            min
        };
        let step = (widths[i] - floor).max(1).min(excess);
        widths[i] -= step;
        excess -= step;
    }
    widths
}

/// `text` broken into lines of at most `max` display columns: at spaces where
/// possible, inside a word when the word alone is too wide; line breaks kept.
pub fn wrap(text: &str, max: usize) -> Vec<Cow<'_, str>> {
    let max = max.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let ascii = paragraph.is_ascii();
        if (if ascii {
            paragraph.len()
        } else {
            width(paragraph)
        }) <= max
        {
            lines.push(Cow::Borrowed(paragraph));
            continue;
        }
        // The current line: paragraph[start..end], `used` columns wide.
        let mut line: Option<(usize, usize, usize)> = None;
        let mut at = 0;
        for word in paragraph.split(' ') {
            let (start, end) = (at, at + word.len());
            at = end + 1;
            if word.is_empty() {
                continue;
            }
            // An ASCII word is as wide as it is long (most are: no scan for each).
            let w = if ascii { word.len() } else { width(word) };
            if let Some((s, e, used)) = line {
                let gap = start - e;
                if used + gap + w <= max {
                    line = Some((s, end, used + gap + w));
                    continue;
                }
                lines.push(Cow::Borrowed(&paragraph[s..e]));
            }
            if w <= max {
                line = Some((start, end, w));
                continue;
            }
            // A word wider than the column: cut it at character boundaries.
            let (mut piece, mut used) = (start, 0);
            for (i, ch) in word.char_indices() {
                let cw = UnicodeWidthStr::width(ch.encode_utf8(&mut [0; 4]) as &str);
                if used + cw > max && used > 0 {
                    lines.push(Cow::Borrowed(&paragraph[piece..start + i]));
                    piece = start + i;
                    used = 0;
                }
                used += cw;
            }
            line = Some((piece, end, used));
        }
        if let Some((s, e, _)) = line {
            lines.push(Cow::Borrowed(&paragraph[s..e]));
        } else if lines.is_empty() {
            lines.push(Cow::Borrowed(""));
        }
    }
    lines
}

/// A horizontal rule: `left`, each column's width (plus padding) of `fill`, `cross` between.
pub fn rule(widths: &[usize], left: &str, fill: char, cross: &str, right: &str) -> String {
    let mut s = String::from(left);
    for (i, w) in widths.iter().enumerate() {
        if i > 0 {
            s.push_str(cross);
        }
        s.extend(std::iter::repeat_n(fill, w + 2));
    }
    s.push_str(right);
    s.push('\n');
    s
}

/// Draws one record (a header or a data row): every cell wrapped to its column, as
/// many text lines as the tallest cell needs.
pub fn draw_row(
    out: &mut Vec<u8>,
    columns: &[Column],
    widths: &[usize],
    cells: &[&str],
    colors: &[Color],
    bold: bool,
) {
    // Most cells fit on one line: they are not wrapped (no vector of lines each).
    let wrapped: Vec<Lines<'_>> = cells
        .iter()
        .zip(widths)
        .map(|(c, &w)| {
            let one_line = !c.contains('\n');
            match one_line.then(|| width(c)) {
                Some(cw) if cw <= w => Lines::One(c, cw),
                _ => Lines::Many(wrap(c, w)),
            }
        })
        .collect();
    let height = wrapped.iter().map(Lines::len).max().unwrap_or(1);
    for line in 0..height {
        for (i, column) in columns.iter().enumerate() {
            out.extend_from_slice(if i == 0 { "│ " } else { " ┆ " }.as_bytes());
            let (text, text_width) = wrapped.get(i).map_or(("", 0), |l| l.get(line));
            let pad = widths[i].saturating_sub(text_width);
            if column.align == Align::Right {
                out.extend(std::iter::repeat_n(b' ', pad));
            }
            let color = colors.get(i).copied().flatten();
            let styled = !text.is_empty() && (bold || color.is_some());
            if styled {
                if bold {
                    out.extend_from_slice(b"\x1b[1m");
                }
                if let Some(code) = color {
                    let _ = write!(out, "\x1b[{code}m");
                }
            }
            out.extend_from_slice(text.as_bytes());
            if styled {
                out.extend_from_slice(b"\x1b[0m");
            }
            if column.align == Align::Left {
                out.extend(std::iter::repeat_n(b' ', pad));
            }
        }
        out.extend_from_slice(" │\n".as_bytes());
    }
}

/// A cell's lines: itself (with its width), or its wrapped lines.
enum Lines<'a> {
    One(&'a str, usize),
    Many(Vec<Cow<'a, str>>),
}

impl Lines<'_> {
    fn len(&self) -> usize {
        match self {
            Lines::One(..) => 1,
            Lines::Many(lines) => lines.len(),
        }
    }

    /// Line `i` and its width, or nothing below the cell's last.
    fn get(&self, i: usize) -> (&str, usize) {
        match self {
            Lines::One(text, w) if i == 0 => (text, *w),
            Lines::One(..) => ("", 0),
            Lines::Many(lines) => lines.get(i).map_or(("", 0), |t| (t, width(t))),
        }
    }
}

/// Writes a whole grid: rules, the header, then the rows (drawn on several cores).
pub fn write(
    out: &mut (dyn Write + Send),
    columns: &[Column],
    rows: &[(Vec<String>, Vec<Color>)],
    total_width: usize,
    color: bool,
) -> io::Result<()> {
    // Each column's widest cell, found on every core.
    let headers: Vec<usize> = columns.iter().map(|c| width(c.header)).collect();
    let natural = crate::par::chunks(rows, |_, part| {
        let mut natural = headers.clone();
        for (cells, _) in part {
            for (n, cell) in natural.iter_mut().zip(cells) {
                *n = (*n).max(width(cell));
            }
        }
        natural
    })
    .into_iter()
    .reduce(|a, b| a.iter().zip(&b).map(|(x, y)| *x.max(y)).collect())
    .unwrap_or(headers);
    let widths = layout(columns, &natural, total_width);
    let mut head = rule(&widths, "┌", '─', "┬", "┐").into_bytes();
    let headers: Vec<&str> = columns.iter().map(|c| c.header).collect();
    draw_row(&mut head, columns, &widths, &headers, &[], color);
    head.extend_from_slice(rule(&widths, "╞", '═', "╪", "╡").as_bytes());
    out.write_all(&head)?;
    // A one-line row: its text, padding, and the rules' three-byte characters;
    // reserved up front so the buffer is not regrown (and copied) as it fills.
    let row_bytes = widths.iter().sum::<usize>() + 5 * columns.len() + 8;
    // Rows a thread draws at a time: a buffer that stays in its core's cache.
    const PART: usize = 128;
    crate::par::stream(
        rows,
        PART,
        PART * row_bytes,
        |_, part, buf| {
            let mut cells: Vec<&str> = Vec::with_capacity(columns.len());
            for (row, colors) in part {
                cells.clear();
                cells.extend(row.iter().map(String::as_str));
                let colors: &[Color] = if color { colors } else { &[] };
                draw_row(buf, columns, &widths, &cells, colors, false);
            }
            Ok(())
        },
        |bytes| out.write_all(bytes),
    )?;
    out.write_all(rule(&widths, "└", '─', "┴", "┘").as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn col(header: &'static str, align: Align, min_width: Option<usize>) -> Column {
        Column {
            header,
            align,
            min_width,
        }
    }

    #[test]
    fn wraps_at_spaces_and_cuts_long_words() {
        assert_eq!(
            wrap("give notice by 2026-12-01", 10),
            ["give", "notice by", "2026-12-01"]
        );
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("ab  cd", 10), ["ab  cd"]);
        assert_eq!(wrap("a\nb c", 1), ["a", "b", "c"]);
        assert_eq!(wrap("", 5), [""]);
        // Wide characters count twice: three CJK characters need 6 columns.
        assert_eq!(wrap("漢字漢", 4), ["漢字", "漢"]);
    }

    #[test]
    fn shrinks_the_widest_flexible_column_first() {
        let columns = [
            col("Client", Align::Left, Some(12)),
            col("Health", Align::Right, None),
            col("Next step", Align::Left, Some(20)),
        ];
        // Chrome is 3*3+1 = 10: 60 leaves 50 for content of 20 + 6 + 80.
        assert_eq!(layout(&columns, &[20, 6, 80], 60), [20, 6, 24]);
        // Room for everything: untouched.
        assert_eq!(layout(&columns, &[20, 6, 30], 200), [20, 6, 30]);
        // Both flexible columns shrink towards the same width, not below their minimum.
        assert_eq!(layout(&columns, &[40, 6, 40], 50), [14, 6, 20]);
        assert_eq!(layout(&columns, &[40, 6, 40], 20), [12, 6, 20]);
    }

    #[test]
    fn rows_are_as_wide_as_the_rules() {
        let columns = [
            col("Client", Align::Left, Some(6)),
            col("Fit", Align::Right, None),
        ];
        let rows = vec![
            (
                vec!["Árvíztűrő tükörfúrógép".to_string(), "50.0".into()],
                vec![None, Some(31)],
            ),
            (vec!["آوا".to_string(), "1".into()], vec![None, None]),
        ];
        let mut out = Vec::new();
        write(&mut out, &columns, &rows, 24, false).unwrap();
        let text = String::from_utf8(out).unwrap();
        let widths: Vec<usize> = text.lines().map(UnicodeWidthStr::width).collect();
        assert!(widths.iter().all(|w| *w == 24), "{widths:?}\n{text}");
        assert!(text.contains("│ Árvíztűrő     ┆ 50.0 │"), "{text}");
        assert!(text.contains("│ tükörfúrógép  ┆      │"), "{text}");
        assert!(!text.contains('\u{1b}'));
    }

    #[test]
    fn colour_wraps_only_the_text() {
        let columns = [col("Verdict", Align::Left, None)];
        let rows = vec![(vec!["fire".to_string()], vec![Some(31)])];
        let mut out = Vec::new();
        write(&mut out, &columns, &rows, 80, true).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("│ \u{1b}[1mVerdict\u{1b}[0m │"), "{text}");
        assert!(text.contains("│ \u{1b}[31mfire\u{1b}[0m    │"), "{text}");
    }
}
