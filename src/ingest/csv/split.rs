//! Splits CSV bytes into records and fields.
//!
//! Exports rarely quote: a line without a quote is split on the delimiter in place
//! (no copy, no state machine); a line with one goes through `csv_core` (the `csv`
//! crate's reader, one per splitter, reset per record), so
//! quoted fields, escaped quotes and line breaks inside quotes read as any CSV
//! reader reads them.

use super::stream::Boundaries;

/// One record's fields: byte ranges into a line or into an unescaped copy.
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a> {
    bytes: &'a [u8],
    ranges: &'a [(u32, u32)],
}

impl<'a> Fields<'a> {
    /// Fields given as ranges of `bytes` (for rows another reader split, e.g. JSON).
    pub fn new(bytes: &'a [u8], ranges: &'a [(u32, u32)]) -> Fields<'a> {
        Fields { bytes, ranges }
    }

    /// Number of fields.
    pub fn len(&self) -> usize {
        self.ranges.len()
    }

    /// Whether the record has no fields.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Field `i`, unescaped.
    pub fn get(&self, i: usize) -> Option<&'a [u8]> {
        let &(s, e) = self.ranges.get(i)?;
        self.bytes.get(s as usize..e as usize)
    }

    /// The fields joined by commas, for a rejection's `value`.
    pub fn joined(&self) -> String {
        let parts: Vec<String> = (0..self.len())
            .map(|i| String::from_utf8_lossy(self.get(i).unwrap_or_default()).into_owned())
            .collect();
        parts.join(",")
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// The high bit of every byte of `x` that is zero (exact: no carry between bytes).
#[inline(always)]
fn zero_bytes(x: u64) -> u64 {
    !((((x & LOW7) + LOW7) | x) | LOW7)
}

/// Field `index` of an unquoted line, if the line has exactly `width` fields.
fn field_of(text: &[u8], delimiter: u8, index: usize, width: usize) -> Option<&[u8]> {
    let needle = ONES * u64::from(delimiter);
    // Delimiters seen; the field's bounds once its closing delimiter is seen.
    let (mut seen, mut start, mut end) = (0usize, 0usize, None);
    let mut words = text.chunks_exact(8);
    for (at, word) in (0..).step_by(8).zip(&mut words) {
        let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
        let mut hits = zero_bytes(word ^ needle);
        while end.is_none() && hits != 0 {
            let i = at + (hits.trailing_zeros() / 8) as usize;
            if seen == index {
                end = Some(i);
            } else {
                start = i + 1;
            }
            seen += 1;
            hits &= hits - 1;
        }
        // Delimiters after the field are only counted (without POPCNT, which the
        // baseline x86-64 lacks, a loop per delimiter beats a bit count per word).
        while hits != 0 {
            seen += 1;
            hits &= hits - 1;
        }
    }
    let tail = text.len() - words.remainder().len();
    for (i, &b) in words.remainder().iter().enumerate() {
        if b == delimiter {
            if seen == index {
                end.get_or_insert(tail + i);
            } else if end.is_none() {
                start = tail + i + 1;
            }
            seen += 1;
        }
    }
    (seen + 1 == width).then(|| &text[start..end.unwrap_or(text.len())])
}

/// Why a record could not be split into fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// The field (0-based) where it went wrong: the one a quote left open starts.
    pub field: usize,
    /// What was expected.
    pub expected: String,
}

/// The field (0-based) of `line` in which a quoted field opens and is never closed
/// on the line: the delimiters before it, outside quotes.
fn open_field(line: &[u8], delimiter: u8) -> usize {
    let (mut field, mut in_quotes, mut at_start) = (0, false, true);
    for &b in line {
        match b {
            b'"' if in_quotes => in_quotes = false,
            b'"' if at_start => in_quotes = true,
            b'\n' if !in_quotes => break,
            b if b == delimiter && !in_quotes => {
                field += 1;
                at_start = true;
                continue;
            }
            _ => {}
        }
        at_start = false;
    }
    field
}

/// Whether `bytes` (one record to the end of the input) stops inside a quoted field:
/// even a line break added after it would not end it.
fn ends_inside_quotes(bytes: &[u8], delimiter: u8) -> bool {
    let mut with_end = bytes.to_vec();
    with_end.push(b'\n');
    Boundaries::new(delimiter).first_end(&with_end).is_none()
}

/// Reusable buffers for splitting.
pub struct Splitter {
    delimiter: u8,
    ranges: Vec<(u32, u32)>,
    owned: Vec<u8>,
    ends: Vec<usize>,
    /// Built once: building a reader builds its state machine, which costs more
    /// than reading a record.
    core: csv_core::Reader,
}

impl Splitter {
    /// A splitter for files with this delimiter.
    pub fn new(delimiter: u8) -> Splitter {
        Splitter {
            delimiter,
            ranges: Vec::with_capacity(32),
            owned: Vec::new(),
            ends: Vec::new(),
            core: csv_core::ReaderBuilder::new()
                .delimiter(delimiter)
                .terminator(csv_core::Terminator::Any(b'\n'))
                .build(),
        }
    }

    /// Unescapes the one record in `body` into `owned` and `ranges`, as any CSV
    /// reader reads it; `false` when it holds no record.
    fn read_quoted(&mut self, body: &[u8]) -> bool {
        use csv_core::ReadRecordResult as R;
        self.core.reset();
        // Unescaped, a record is no longer than its text, and has at most one field
        // more than it has bytes.
        self.owned.resize(body.len(), 0);
        self.ends.resize(body.len() + 1, 0);
        let (mut input, mut nout, mut nend) = (body, 0, 0);
        let found = loop {
            let (res, nin, o, e) =
                self.core
                    .read_record(input, &mut self.owned[nout..], &mut self.ends[nend..]);
            input = &input[nin..];
            nout += o;
            nend += e;
            match res {
                // The next call, with no input left, ends the record.
                R::InputEmpty => {}
                R::OutputFull => self.owned.resize(self.owned.len() * 2 + 1, 0),
                R::OutputEndsFull => self.ends.resize(self.ends.len() * 2 + 1, 0),
                R::Record => break true,
                R::End => break false,
            }
        };
        self.owned.truncate(nout);
        self.ranges.clear();
        let mut start = 0;
        for &end in &self.ends[..nend] {
            self.ranges.push((start as u32, end as u32));
            start = end;
        }
        found
    }

    /// Calls `f(line, fields)` for every non-blank record of `chunk`, whose first byte
    /// is on line `first_line`; `Err` carries why a record is unreadable.
    ///
    /// A line without a quote is split in place on its delimiters, eight bytes at a
    /// step; a record with a quote goes to `csv_core`. Most exports quote nothing:
    /// one look at the whole chunk spares the search for quotes in every line.
    pub fn for_each<F>(&mut self, chunk: &[u8], first_line: u64, mut f: F)
    where
        F: FnMut(u64, Result<Fields<'_>, Unreadable>),
    {
        let quotes = memchr::memchr(b'"', chunk).is_some();
        let (mut pos, mut line) = (0, first_line);
        while pos < chunk.len() {
            let end = memchr::memchr(b'\n', &chunk[pos..]).map_or(chunk.len(), |i| pos + i);
            let text = &chunk[pos..end];
            if quotes && memchr::memchr(b'"', text).is_some() {
                let (used, lines) = self.quoted(&chunk[pos..], line, &mut f);
                pos += used;
                line += lines;
                continue;
            }
            self.split_line(text, line, &mut f);
            pos = end + 1;
            line += 1;
        }
    }

    /// Calls `f(line, field)` with field `index` of every record of `chunk` that has
    /// exactly `width` fields: a look at one column (invoice numbers, before the
    /// real pass). An unquoted line is not split: its delimiters are counted, and
    /// only those around the field are located.
    pub fn for_each_key<F>(
        &mut self,
        chunk: &[u8],
        first_line: u64,
        (index, width): (usize, usize),
        mut f: F,
    ) where
        F: FnMut(u64, &[u8]),
    {
        let quotes = memchr::memchr(b'"', chunk).is_some();
        let (mut pos, mut line) = (0, first_line);
        while pos < chunk.len() {
            let end = memchr::memchr(b'\n', &chunk[pos..]).map_or(chunk.len(), |i| pos + i);
            let text = &chunk[pos..end];
            if quotes && memchr::memchr(b'"', text).is_some() {
                let (used, lines) = self.quoted(&chunk[pos..], line, &mut |line, fields| {
                    if let Ok(rec) = fields {
                        if rec.len() == width {
                            f(line, rec.get(index).unwrap_or_default());
                        }
                    }
                });
                pos += used;
                line += lines;
                continue;
            }
            let text = text.strip_suffix(b"\r").unwrap_or(text);
            if let Some(key) = field_of(text, self.delimiter, index, width) {
                // Blank lines are not records.
                if !text.is_empty() {
                    f(line, key);
                }
            }
            pos = end + 1;
            line += 1;
        }
    }

    /// Splits one line without quotes on its delimiters and hands it to `f`, unless
    /// it is blank.
    fn split_line<F>(&mut self, text: &[u8], line: u64, f: &mut F)
    where
        F: FnMut(u64, Result<Fields<'_>, Unreadable>),
    {
        // A CRLF line's CR is not part of its last field.
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        let needle = ONES * u64::from(self.delimiter);
        let ranges = &mut self.ranges;
        ranges.clear();
        let mut start = 0;
        let mut words = text.chunks_exact(8);
        for (at, word) in (0..).step_by(8).zip(&mut words) {
            let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
            let mut hits = zero_bytes(word ^ needle);
            while hits != 0 {
                let i = at + (hits.trailing_zeros() / 8) as usize;
                ranges.push((start as u32, i as u32));
                start = i + 1;
                hits &= hits - 1;
            }
        }
        let tail = text.len() - words.remainder().len();
        for (i, &b) in words.remainder().iter().enumerate() {
            if b == self.delimiter {
                ranges.push((start as u32, (tail + i) as u32));
                start = tail + i + 1;
            }
        }
        ranges.push((start as u32, text.len() as u32));
        // Blank lines are not records (as in any CSV reader).
        if !text.is_empty() || ranges.len() > 1 {
            f(
                line,
                Ok(Fields {
                    bytes: text,
                    ranges,
                }),
            );
        }
    }

    /// Reads the record with a quote at the start of `rest` (it may run over several
    /// lines) and hands it to `f`; returns the bytes and lines it took.
    fn quoted<F>(&mut self, rest: &[u8], line: u64, f: &mut F) -> (usize, u64)
    where
        F: FnMut(u64, Result<Fields<'_>, Unreadable>),
    {
        let closed = Boundaries::new(self.delimiter).first_end(rest);
        let end = closed.unwrap_or(rest.len());
        let slice = &rest[..end];
        if closed.is_none() && ends_inside_quotes(slice, self.delimiter) {
            let breaks = memchr::memchr_iter(b'\n', slice).count();
            f(
                line,
                Err(Unreadable {
                    field: open_field(slice, self.delimiter),
                    expected: format!(
                        "a closing quote (a quote opened in this field is never closed, so the {breaks} line(s) after it were read as one field)"
                    ),
                }),
            );
            return (end.max(1), breaks.max(1) as u64);
        }
        // Only LF ends a record here (a bare CR is text, as in the unquoted path);
        // the record's own line end is not part of its last field.
        let mut body = slice;
        if let [head @ .., b'\n'] = body {
            body = head;
        }
        if let [head @ .., b'\r'] = body {
            body = head;
        }
        if self.read_quoted(body) {
            f(
                line,
                Ok(Fields {
                    bytes: &self.owned,
                    ranges: &self.ranges,
                }),
            );
        }
        let lines = memchr::memchr_iter(b'\n', slice).count().max(1) as u64;
        (end.max(1), lines)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<(u64, Vec<String>)> {
        let mut out = Vec::new();
        Splitter::new(b',').for_each(text.as_bytes(), 2, |line, fields| {
            let fields = fields.unwrap();
            let cells = (0..fields.len())
                .map(|i| String::from_utf8(fields.get(i).unwrap().to_vec()).unwrap())
                .collect();
            out.push((line, cells));
        });
        out
    }

    #[test]
    fn plain_and_quoted_records_split_like_a_csv_reader() {
        let text = "a,b,,c\r\n\n\"x, y\",\"say \"\"hi\"\"\nthere\",3\nlast,row";
        assert_eq!(
            split(text),
            vec![
                (2, vec!["a".into(), "b".into(), "".into(), "c".into()]),
                (
                    4,
                    vec!["x, y".into(), "say \"hi\"\nthere".into(), "3".into()]
                ),
                (6, vec!["last".into(), "row".into()]),
            ]
        );
    }

    #[test]
    fn unquoted_splitting_finds_every_delimiter_and_the_line_end() {
        for line in [
            ",",
            "a",
            ",,,,,,,,,",
            "abcdefgh,ijklmnop,q",
            "abcdefg,",
            "ő,ű;x,\u{80},ÿ,,",
        ] {
            let cells: Vec<String> = line.split(',').map(String::from).collect();
            for ending in ["", "\n", "\r\n", "\r"] {
                let text = format!("{line}{ending}next,line\r\n\"quoted\",x");
                let mut want = vec![(2, cells.clone())];
                if ending.is_empty() || ending == "\r" {
                    // No line end: one record runs on (a bare CR is text).
                    let mut joined = cells.clone();
                    let last = joined.pop().unwrap_or_default();
                    joined.push(format!("{last}{ending}next"));
                    joined.push("line".into());
                    want = vec![(2, joined)];
                } else {
                    want.push((3, vec!["next".into(), "line".into()]));
                }
                let n = want.len() as u64 + 2;
                want.push((n, vec!["quoted".into(), "x".into()]));
                assert_eq!(split(&text), want, "{text:?}");
            }
        }
        // Records that cross the eight-byte steps of the delimiter search at every offset.
        for at in [0, 1, 31, 32, 33, 63, 64, 65, 130] {
            let line = format!("{},x,{},{}", "a".repeat(at), "b".repeat(70), "c".repeat(64));
            let text = format!("{}\n{line}\n", "p".repeat(at));
            let got = split(&text);
            let want: Vec<String> = line.split(',').map(String::from).collect();
            assert_eq!(got.last(), Some(&(3, want)), "{at}");
        }
    }

    #[test]
    fn an_unclosed_quote_is_one_rejected_record_not_silence() {
        let mut got = Vec::new();
        Splitter::new(b',').for_each(b"a,1\nb,\"oops\nc,3\nd,4\n", 2, |line, fields| {
            got.push((
                line,
                fields
                    .map(|f| f.len())
                    .map_err(|e| (e.field, e.expected.contains("never closed"))),
            ));
        });
        assert_eq!(got, vec![(2, Ok(2)), (3, Err((1, true)))]);
    }

    #[test]
    fn a_bare_cr_is_text_in_quoted_records_too() {
        assert_eq!(
            split("\"x\"\r2026,3\nnext,1\r\n"),
            vec![
                (2, vec!["x\r2026".into(), "3".into()]),
                (3, vec!["next".into(), "1".into()]),
            ]
        );
    }

    #[test]
    fn a_quote_inside_an_unquoted_field_is_text() {
        assert_eq!(
            split("5\" monitor,2\nnext,1\n"),
            vec![
                (2, vec!["5\" monitor".into(), "2".into()]),
                (3, vec!["next".into(), "1".into()]),
            ]
        );
    }

    /// Runs the splitter over `text` cut into chunks the way the stream cuts them.
    fn split_chunked(text: &str, threads: usize, size: usize) -> Vec<(u64, Vec<Vec<u8>>)> {
        let states = super::super::stream::for_each_chunk_sized(
            &mut text.as_bytes(),
            Vec::new(),
            1,
            b',',
            threads,
            Vec::new,
            |out: &mut Vec<(u64, Vec<Vec<u8>>)>, chunk| {
                Splitter::new(b',').for_each(&chunk.bytes, chunk.first_line, |line, fields| {
                    let cells = match fields {
                        Ok(f) => (0..f.len())
                            .map(|i| f.get(i).unwrap_or_default().to_vec())
                            .collect(),
                        Err(e) => vec![e.expected.into_bytes()],
                    };
                    out.push((line, cells));
                });
            },
            size,
        )
        .unwrap();
        let mut all: Vec<_> = states.into_iter().flatten().collect();
        all.sort_by_key(|r| r.0);
        all
    }

    /// What `for_each_key` should give: field `index` of the records of `width` fields.
    fn keys_by_splitting(text: &[u8], index: usize, width: usize) -> Vec<(u64, Vec<u8>)> {
        let mut want = Vec::new();
        Splitter::new(b',').for_each(text, 2, |line, fields| match fields {
            Ok(f) if f.len() == width => want.push((line, f.get(index).unwrap().to_vec())),
            _ => {}
        });
        want
    }

    #[test]
    fn one_column_is_the_split_records_column_at_every_word_offset() {
        let mut text =
            String::from("a,bb,ccc\n\n,,\r\nx,\"q,1\",z\ntoo,many,fields,here\nfew,one\n");
        for at in 0..20 {
            text.push_str(&format!(
                "{},{},{}\r\n",
                "p".repeat(at),
                "ő".repeat(at % 7),
                at
            ));
        }
        text.push_str("last,no,end");
        for index in 0..3 {
            let mut got = Vec::new();
            Splitter::new(b',').for_each_key(text.as_bytes(), 2, (index, 3), |line, key| {
                got.push((line, key.to_vec()))
            });
            let want = keys_by_splitting(text.as_bytes(), index, 3);
            assert_eq!(got, want, "field {index}");
            // Every record of three fields, quoted or not, and none of the others.
            assert_eq!(got.len(), 24, "field {index}");
        }
        assert_eq!(
            keys_by_splitting(text.as_bytes(), 1, 3)[2],
            (5, b"q,1".to_vec())
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(150))]

        /// A look at one column finds what splitting the whole record finds.
        #[test]
        fn one_column_matches_splitting(
            text in "[a-c,\"\n\r ő]{0,200}",
            index in 0usize..4,
            extra in 1usize..3,
        ) {
            let width = index + extra;
            let mut got = Vec::new();
            Splitter::new(b',').for_each_key(text.as_bytes(), 2, (index, width), |line, key| {
                got.push((line, key.to_vec()))
            });
            proptest::prop_assert_eq!(got, keys_by_splitting(text.as_bytes(), index, width));
        }

        /// Whatever the bytes, records and their lines match what the csv crate reads.
        #[test]
        fn records_match_the_csv_crate(
            cells in proptest::collection::vec(
                (proptest::collection::vec("[a-c,\"\n ő]{0,6}", 1..5), proptest::bool::ANY),
                0..40,
            )
        ) {
            // Lines end in LF or CRLF; a bare CR is not a line end here (the csv crate
            // would take it for one; such files are converted before splitting).
            let mut text = String::new();
            for (row, crlf) in &cells {
                text.push_str(&row.join(","));
                text.push_str(if *crlf { "\r\n" } else { "\n" });
            }
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes());
            let mut want = Vec::new();
            let mut rec = csv::ByteRecord::new();
            let mut ok = true;
            loop {
                match reader.read_byte_record(&mut rec) {
                    Ok(true) => {
                        // The physical line: the csv crate's own count skips blank lines.
                        let mut start = rec.position().map_or(0, |p| p.byte()) as usize;
                        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
                            start += 1;
                        }
                        let line = 1 + text.as_bytes()[..start].iter().filter(|&&b| b == b'\n').count();
                        want.push((line as u64, rec.iter().map(<[u8]>::to_vec).collect::<Vec<_>>()));
                    }
                    Ok(false) => break,
                    Err(_) => { ok = false; break; }
                }
            }
            // Text the csv crate itself cannot read is out of scope here, and so is text
            // ending inside an open quote (the csv crate reads it to the end; the splitter
            // rejects it, tested above).
            proptest::prop_assume!(ok);
            let closed = format!("{text}\n");
            let last = Boundaries::new(b',').scan(closed.as_bytes());
            proptest::prop_assume!(last == Some(closed.len()));
            // Tiny chunks put a seam inside every kind of record.
            for (threads, size) in [(1, 1 << 18), (2, 1), (2, 7), (1, 16)] {
                let got = split_chunked(&text, threads, size);
                proptest::prop_assert_eq!(&got, &want, "threads {} chunk {}", threads, size);
            }
        }
    }
}
