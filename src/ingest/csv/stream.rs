//! Streams a CSV file in record-aligned chunks and parses the chunks on every core.
//!
//! One thread reads blocks and cuts them at the last line break outside quotes;
//! workers parse whole chunks into their own state. Buffers are recycled, so memory
//! stays at a few chunks whatever the file's size.

use std::io::{self, Read};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::Mutex;

/// Bytes per chunk: large enough to amortize hand-off, small enough to stay in cache.
const CHUNK: usize = 1 << 18;
/// A record longer than this (a stray quote swallowing the file) is an error, not an OOM.
pub const MAX_RECORD: usize = 64 << 20;

/// A run of whole records and the line its first record starts on.
pub struct Chunk {
    /// The records' bytes.
    pub bytes: Vec<u8>,
    /// 1-based line number of the first byte.
    pub first_line: u64,
}

/// Finds where records end: tracks quotes the way a CSV parser does, where a quote
/// opens a quoted field only at the start of a field.
#[derive(Debug, Clone, Copy)]
pub struct Boundaries {
    delimiter: u8,
    in_quotes: bool,
    field_start: bool,
    /// A quote just closed a quoted field: another quote right after is an escaped one.
    just_closed: bool,
}

impl Boundaries {
    /// Scanner for a file with this delimiter, positioned at the start of a record.
    pub fn new(delimiter: u8) -> Self {
        Boundaries {
            delimiter,
            in_quotes: false,
            field_start: true,
            just_closed: false,
        }
    }

    /// Scans `bytes`, returning one past the last record end (`\n` outside quotes), if any.
    /// After a record end is found the scanner is back at a record start (the caller
    /// cuts there and scans the rest again); otherwise it continues where it stopped.
    pub fn scan(&mut self, bytes: &[u8]) -> Option<usize> {
        let found = self.scan_state(bytes);
        if found.is_some() {
            *self = Boundaries::new(self.delimiter);
        }
        found
    }

    /// One past the first record end in `bytes` (the header's), if any.
    pub fn first_end(mut self, bytes: &[u8]) -> Option<usize> {
        let mut at = 0;
        while at < bytes.len() {
            let line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
            if self.scan_state(&bytes[at..line_end]).is_some() {
                return Some(line_end);
            }
            at = line_end;
        }
        None
    }

    fn scan_state(&mut self, bytes: &[u8]) -> Option<usize> {
        if !self.in_quotes && memchr::memchr(b'"', bytes).is_none() {
            // The common case: no quotes at all, the last line break ends a record.
            if let Some(last) = memchr::memrchr(b'\n', bytes) {
                return Some(last + 1);
            }
            if let Some(&b) = bytes.last() {
                self.field_start = b == self.delimiter;
                self.just_closed = false;
            }
            return None;
        }
        let mut last = None;
        for (i, &b) in bytes.iter().enumerate() {
            if self.in_quotes {
                if b == b'"' {
                    self.in_quotes = false;
                    self.just_closed = true;
                }
                continue;
            }
            let reopen = std::mem::take(&mut self.just_closed);
            match b {
                // `""` inside quotes closes and reopens: the net effect is an escaped quote.
                b'"' if self.field_start || reopen => {
                    self.in_quotes = true;
                    self.field_start = false;
                }
                b'\n' => {
                    last = Some(i + 1);
                    self.field_start = true;
                }
                b if b == self.delimiter => self.field_start = true,
                b'\r' => {}
                _ => self.field_start = false,
            }
        }
        last
    }
}

/// Reads `reader` to its end, starting with `head` (bytes already read, beginning at
/// line `first_line`), and calls `work` on every chunk, on `threads` workers. Returns
/// one state per worker.
pub fn for_each_chunk<R, S, I, W>(
    reader: &mut R,
    head: Vec<u8>,
    first_line: u64,
    delimiter: u8,
    threads: usize,
    init: I,
    work: W,
) -> io::Result<Vec<S>>
where
    R: Read + ?Sized,
    S: Send,
    I: Fn() -> S + Sync,
    W: Fn(&mut S, &Chunk) + Sync,
{
    for_each_chunk_sized(
        reader, head, first_line, delimiter, threads, init, work, CHUNK,
    )
}

/// [`for_each_chunk`] with chunks of about `chunk` bytes (small ones test the seams).
#[allow(clippy::too_many_arguments)]
pub fn for_each_chunk_sized<R, S, I, W>(
    reader: &mut R,
    head: Vec<u8>,
    first_line: u64,
    delimiter: u8,
    threads: usize,
    init: I,
    work: W,
    chunk: usize,
) -> io::Result<Vec<S>>
where
    R: Read + ?Sized,
    S: Send,
    I: Fn() -> S + Sync,
    W: Fn(&mut S, &Chunk) + Sync,
{
    let threads = threads.max(1);
    let (to_workers, from_reader) = mpsc::sync_channel::<Chunk>(threads * 2);
    let (recycle, recycled) = mpsc::channel::<Vec<u8>>();
    let from_reader = Mutex::new(from_reader);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (init, work, from_reader, recycle) =
                    (&init, &work, &from_reader, recycle.clone());
                scope.spawn(move || worker(init(), work, from_reader, recycle))
            })
            .collect();
        drop(recycle);
        let pool = Pool {
            recycled: &recycled,
            created: 1,
            max: threads * 2 + 2,
            chunk,
        };
        let read = feed(
            reader,
            head,
            first_line,
            delimiter,
            &to_workers,
            pool,
            chunk,
        );
        drop(to_workers);
        let states: Vec<S> = handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect();
        read.map(|()| states)
    })
}

fn worker<S, W>(
    mut state: S,
    work: &W,
    from_reader: &Mutex<Receiver<Chunk>>,
    recycle: mpsc::Sender<Vec<u8>>,
) -> S
where
    W: Fn(&mut S, &Chunk),
{
    loop {
        // A poisoned lock means another worker panicked; its join re-raises that.
        let next = match from_reader.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return state,
        };
        let Ok(chunk) = next else { return state };
        work(&mut state, &chunk);
        let _ = recycle.send(chunk.bytes);
    }
}

/// The reader loop: fills buffers, cuts them at record ends, sends them on.
fn feed<R: Read + ?Sized>(
    reader: &mut R,
    head: Vec<u8>,
    mut line: u64,
    delimiter: u8,
    to_workers: &SyncSender<Chunk>,
    mut pool: Pool<'_>,
    chunk_size: usize,
) -> io::Result<()> {
    let mut bounds = Boundaries::new(delimiter);
    let mut carry = head;
    let mut scanned = 0;
    let mut eof = false;
    while !eof || !carry.is_empty() {
        if !eof && carry.len() < chunk_size {
            let want = chunk_size - carry.len();
            eof = read_more(reader, &mut carry, want)? < want;
        }
        let cut = if eof {
            Some(carry.len())
        } else {
            bounds.scan(&carry[scanned..]).map(|end| scanned + end)
        };
        let Some(cut) = cut.filter(|&c| c > 0) else {
            if carry.len() > MAX_RECORD {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "a record starting on line {line} runs past {} MiB: an unclosed quote?",
                        MAX_RECORD >> 20
                    ),
                ));
            }
            // No record end yet: read more and scan only the new bytes next time.
            scanned = carry.len();
            eof = read_more(reader, &mut carry, chunk_size)? < chunk_size;
            continue;
        };
        let mut next = pool.take();
        next.clear();
        next.extend_from_slice(&carry[cut..]);
        carry.truncate(cut);
        let lines = memchr::memchr_iter(b'\n', &carry).count() as u64;
        let chunk = Chunk {
            bytes: std::mem::replace(&mut carry, next),
            first_line: line,
        };
        line += lines;
        scanned = 0;
        if to_workers.send(chunk).is_err() {
            break;
        }
    }
    Ok(())
}

/// A fixed set of chunk buffers: reusing them keeps memory flat and spares the
/// kernel from zeroing fresh pages for every chunk.
struct Pool<'a> {
    recycled: &'a Receiver<Vec<u8>>,
    created: usize,
    max: usize,
    chunk: usize,
}

impl Pool<'_> {
    /// A free buffer: a returned one, a new one while under the limit, else wait for one.
    fn take(&mut self) -> Vec<u8> {
        if let Ok(buf) = self.recycled.try_recv() {
            return buf;
        }
        if self.created < self.max {
            self.created += 1;
            return Vec::with_capacity(self.chunk + self.chunk / 4);
        }
        self.recycled.recv().unwrap_or_default()
    }
}

/// Appends up to `want` bytes (fewer only at the end of the input) without zeroing
/// the buffer first; returns how many arrived.
fn read_more<R: Read + ?Sized>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    want: usize,
) -> io::Result<usize> {
    let before = buf.len();
    buf.reserve(want);
    reader.take(want as u64).read_to_end(buf)?;
    Ok(buf.len() - before)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks_of(text: &str, threads: usize) -> Vec<(u64, String)> {
        let states = for_each_chunk(
            &mut text.as_bytes(),
            Vec::new(),
            2,
            b',',
            threads,
            Vec::new,
            |seen: &mut Vec<(u64, String)>, c| {
                seen.push((c.first_line, String::from_utf8(c.bytes.clone()).unwrap()))
            },
        )
        .unwrap();
        let mut all: Vec<_> = states.into_iter().flatten().collect();
        all.sort();
        all
    }

    #[test]
    fn boundaries_skip_line_breaks_inside_quotes() {
        let mut b = Boundaries::new(b',');
        assert_eq!(b.scan(b"a,\"x\ny\",1\nb,2"), Some(10));
        let mut b = Boundaries::new(b',');
        // A quote inside an unquoted field is text, not the start of a quoted field.
        assert_eq!(b.scan(b"a,5\" monitor,1\nb,2\n"), Some(19));
        let mut b = Boundaries::new(b',');
        assert_eq!(b.scan(b"a,\"open\nstill open"), None);
        assert_eq!(
            b.scan(b"\",1\nnext"),
            Some(4),
            "the quote state carries over"
        );
        let header = b"a,\"b\nc\",d\r\n1,2,3\n4,5,6\n";
        assert_eq!(Boundaries::new(b',').first_end(header), Some(11));
    }

    #[test]
    fn every_byte_arrives_once_with_its_line() {
        let mut text = String::new();
        for i in 0..200_000 {
            text.push_str(&format!(
                "2026-10-01,Client {},\"note\nwith break\",{i}\n",
                i % 7
            ));
        }
        let got = chunks_of(&text, 2);
        assert!(got.len() > 2, "a 10 MB input is cut into several chunks");
        let joined: String = got.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(joined, text);
        // Every chunk starts at a record: two physical lines per record, from line 2.
        for (line, s) in &got {
            let before = text.find(s.as_str()).unwrap();
            assert_eq!(*line, 2 + text[..before].matches('\n').count() as u64);
            assert!(s.starts_with("2026-10-01,"));
        }
    }

    #[test]
    fn a_runaway_quote_is_an_error_not_an_oom() {
        let text = format!("a,\"{}", "x".repeat(MAX_RECORD + CHUNK));
        let err = for_each_chunk(
            &mut text.as_bytes(),
            Vec::new(),
            2,
            b',',
            1,
            || (),
            |_, _| {},
        )
        .unwrap_err();
        assert!(err.to_string().contains("unclosed quote"), "{err}");
    }
}
