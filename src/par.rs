//! Data parallelism on one pool of worker threads (rayon's), kept for the whole run.
//!
//! Per-client work (parsing a row, computing metrics, deciding a verdict, rendering
//! a client's JSON) is independent, so it splits across cores; results keep the
//! input order. One pool rather than threads spawned per stage: a thread spawned
//! while another was faulting in fresh pages waited up to 4 ms to start, and each
//! new thread began with an empty allocator heap.

use rayon::prelude::*;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// Below this many items a second thread costs more than it saves.
const MIN_PARALLEL_ITEMS: usize = 512;

/// Number of worker threads to use (the machine's cores, at most 8).
pub fn threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8)
}

/// The pool, sized by [`threads`], started on first use; `None` on a single core,
/// or when the system would not start threads (the work then runs on this one).
fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        let threads = threads();
        (threads >= 2)
            .then(|| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .thread_name(|i| format!("portfolio-{i}"))
                    .build()
                    .ok()
            })
            .flatten()
    })
    .as_ref()
}

/// The pool, when `len` items are enough to share out.
fn pool_for(len: usize) -> Option<&'static rayon::ThreadPool> {
    if len < MIN_PARALLEL_ITEMS {
        return None;
    }
    pool()
}

/// `len` items shared evenly: one contiguous run per thread.
fn per_thread(len: usize, pool: &rayon::ThreadPool) -> usize {
    len.div_ceil(pool.current_num_threads())
}

/// `on_pool(items, run)` on the pool when `len` items are enough to share out
/// (`run`: items per thread), else `serial(items)` on this thread. The items are
/// handed to whichever runs, so both may borrow them mutably or own them.
fn shared<I: Send, R: Send>(
    len: usize,
    items: I,
    on_pool: impl FnOnce(I, usize) -> R + Send,
    serial: impl FnOnce(I) -> R,
) -> R {
    match pool_for(len) {
        Some(pool) => {
            let run = per_thread(len, pool);
            pool.install(|| on_pool(items, run))
        }
        None => serial(items),
    }
}

/// Calls `f(offset, chunk)` on contiguous chunks of `items`, one per thread when
/// there are enough items; returns the results in order.
pub fn chunks<T, U, F>(items: &[T], f: F) -> Vec<U>
where
    T: Sync,
    U: Send,
    F: Fn(usize, &[T]) -> U + Sync,
{
    shared(
        items.len(),
        items,
        |items, size| {
            let f = &f;
            items
                .par_chunks(size)
                .enumerate()
                .map(|(i, part)| f(i * size, part))
                .collect()
        },
        |items| vec![f(0, items)],
    )
}

/// `items.iter().map(f).collect()`, on several threads when it pays.
pub fn map<T, U, F>(items: &[T], f: F) -> Vec<U>
where
    T: Sync,
    U: Send,
    F: Fn(&T) -> U + Sync,
{
    shared(
        items.len(),
        items,
        // rayon collects an indexed iterator straight into the output's slots.
        |items, run| items.par_iter().with_min_len(run).map(&f).collect(),
        |items| items.iter().map(&f).collect(),
    )
}

/// [`map`] with each item's index: `items.iter().enumerate().map(f)`.
pub fn map_indexed<T, U, F>(items: &[T], f: F) -> Vec<U>
where
    T: Sync,
    U: Send,
    F: Fn(usize, &T) -> U + Sync,
{
    let f = |(i, x)| f(i, x);
    shared(
        items.len(),
        items,
        |items, run| {
            items
                .par_iter()
                .enumerate()
                .with_min_len(run)
                .map(&f)
                .collect()
        },
        |items| items.iter().enumerate().map(&f).collect(),
    )
}

/// [`map`] with two results per item, returned as two vectors.
pub fn map2<T, A, B, F>(items: &[T], f: F) -> (Vec<A>, Vec<B>)
where
    T: Sync,
    A: Send,
    B: Send,
    F: Fn(&T) -> (A, B) + Sync,
{
    shared(
        items.len(),
        items,
        |items, run| items.par_iter().with_min_len(run).map(&f).unzip(),
        |items| items.iter().map(&f).unzip(),
    )
}

/// [`map`] over items it may take apart (e.g. move out with `std::mem::take`).
pub fn map_mut<T, U, F>(items: &mut [T], f: F) -> Vec<U>
where
    T: Send,
    U: Send,
    F: Fn(&mut T) -> U + Sync,
{
    shared(
        items.len(),
        items,
        |items, run| items.par_iter_mut().with_min_len(run).map(&f).collect(),
        |items| items.iter_mut().map(&f).collect(),
    )
}

/// Calls `f(index, item)` on every item, on the pool when there are enough.
pub fn for_each_indexed<T, F>(items: &mut [T], f: F)
where
    T: Send,
    F: Fn(usize, &mut T) + Sync,
{
    shared(
        items.len(),
        items,
        |items, run| {
            items
                .par_iter_mut()
                .with_min_len(run)
                .enumerate()
                .for_each(|(i, x)| f(i, x));
        },
        |items| items.iter_mut().enumerate().for_each(|(i, x)| f(i, x)),
    );
}

/// Renders `items` in parts of `part_len` and hands each part's bytes to `write`,
/// in order. On the pool, every thread renders every n-th part into a buffer of
/// its own and writes it when the part before it has been written: the buffers
/// are reused, so a large report (a 10,000-client JSON report is 29 MB) is built
/// in memory that stays in the cache rather than in fresh pages, and no thread
/// waits for a whole batch to finish. The first error, in part order, is returned.
pub fn stream<T, E, R, W>(
    items: &[T],
    part_len: usize,
    buf_bytes: usize,
    render: R,
    mut write: W,
) -> Result<(), E>
where
    T: Sync,
    E: Send,
    R: Fn(usize, &[T], &mut Vec<u8>) -> Result<(), E> + Sync,
    W: FnMut(&[u8]) -> Result<(), E> + Send,
{
    let part_len = part_len.max(1);
    let part = |i: usize| {
        let start = i * part_len;
        (start, &items[start..(start + part_len).min(items.len())])
    };
    let parts = items.len().div_ceil(part_len);
    let Some(pool) = pool_for(items.len()).filter(|_| parts > 1) else {
        let mut buf = Vec::with_capacity(buf_bytes);
        for i in 0..parts {
            let (start, slice) = part(i);
            buf.clear();
            render(start, slice, &mut buf)?;
            write(&buf)?;
        }
        return Ok(());
    };
    let turn = Turn {
        state: Mutex::new(TurnState {
            next: 0,
            stop: false,
            write,
            failed: None,
        }),
        changed: Condvar::new(),
    };
    pool.broadcast(|ctx| {
        let _stop_on_panic = StopOnPanic(&turn);
        let mut buf = Vec::with_capacity(buf_bytes);
        for i in (ctx.index()..parts).step_by(ctx.num_threads()) {
            let (start, slice) = part(i);
            buf.clear();
            let rendered = render(start, slice, &mut buf);
            let mut state = turn.wait_for(i);
            if state.stop {
                return;
            }
            match rendered.and_then(|()| (state.write)(&buf)) {
                Ok(()) => state.next += 1,
                Err(e) => {
                    state.failed = Some(e);
                    state.stop = true;
                }
            }
            drop(state);
            turn.changed.notify_all();
        }
    });
    let state = turn
        .state
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    state.failed.map_or(Ok(()), Err)
}

/// Whose part is written next, shared by the threads of [`stream`].
struct Turn<W, E> {
    state: Mutex<TurnState<W, E>>,
    changed: Condvar,
}

struct TurnState<W, E> {
    /// The part to write next.
    next: usize,
    /// Set on the first error (or a panic): every thread stops.
    stop: bool,
    write: W,
    failed: Option<E>,
}

impl<W, E> Turn<W, E> {
    /// Waits until part `i` is next or the stream has stopped.
    fn wait_for(&self, i: usize) -> MutexGuard<'_, TurnState<W, E>> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        while state.next != i && !state.stop {
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        state
    }
}

/// Stops a [`stream`] when its thread unwinds, so the others do not wait for a
/// part that will never come (the panic itself reaches the caller through rayon).
struct StopOnPanic<'a, W, E>(&'a Turn<W, E>);

impl<W, E> Drop for StopOnPanic<'_, W, E> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let mut state = self.0.state.lock().unwrap_or_else(PoisonError::into_inner);
            state.stop = true;
            drop(state);
            self.0.changed.notify_all();
        }
    }
}

/// `items` sorted (unstable: for keys that are all distinct), on several threads when it pays.
pub fn sort_unstable<T: Ord + Send>(mut items: Vec<T>) -> Vec<T> {
    match pool_for(items.len()) {
        Some(pool) => pool.install(|| items.par_sort_unstable()),
        None => items.sort_unstable(),
    }
    items
}

/// Drops `items` on the pool's threads: a large vector of records that own
/// memory is freed in about half the time.
pub fn drop_all<T: Send>(items: Vec<T>) {
    shared(
        items.len(),
        items,
        |items, run| items.into_par_iter().with_min_len(run).for_each(drop),
        drop,
    );
}

/// Runs `a` and `b`, on two threads when there is a pool; returns both results.
pub fn join<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    match pool() {
        Some(pool) => pool.install(|| rayon::join(a, b)),
        None => (a(), b()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_order_on_many_items() {
        let items: Vec<u32> = (0..10_000).collect();
        let doubled = super::map(&items, |x| x * 2);
        assert_eq!(doubled.len(), 10_000);
        assert!(doubled.iter().enumerate().all(|(i, &d)| d == 2 * i as u32));
    }

    #[test]
    fn for_each_indexed_sees_every_index_once() {
        let mut items = vec![0usize; 10_000];
        super::for_each_indexed(&mut items, |i, x| *x += i + 1);
        assert!(items.iter().enumerate().all(|(i, &x)| x == i + 1));
    }

    #[test]
    fn keeps_order_of_owned_results() {
        // Heap-owning results, an odd count: each slot gets its own item's value.
        let items: Vec<usize> = (0..4_099).collect();
        let texts = super::map(&items, |i| i.to_string());
        assert_eq!(texts.len(), 4_099);
        assert!(texts.iter().enumerate().all(|(i, t)| *t == i.to_string()));
        assert!(super::map(&[] as &[usize], |i| *i).is_empty());
    }

    #[test]
    fn map_indexed_passes_each_items_own_index() {
        // Odd counts, on the pool and off it: index and item always match.
        for n in [0usize, 7, 4_099] {
            let items: Vec<usize> = (0..n).map(|i| i * 3).collect();
            let pairs = super::map_indexed(&items, |i, x| (i, *x));
            assert_eq!(pairs.len(), n);
            assert!(pairs
                .iter()
                .enumerate()
                .all(|(k, &(i, x))| i == k && x == 3 * k));
        }
    }

    #[test]
    fn map_mut_takes_items_in_order() {
        let mut items: Vec<String> = (0..3_001).map(|i| i.to_string()).collect();
        let taken = super::map_mut(&mut items, std::mem::take);
        assert!(taken.iter().enumerate().all(|(i, t)| *t == i.to_string()));
        assert!(items.iter().all(String::is_empty));
    }

    #[test]
    fn join_returns_both_in_order() {
        let (a, b) = super::join(|| "left".to_string(), || 2 + 2);
        assert_eq!((a.as_str(), b), ("left", 4));
    }

    #[test]
    fn drop_all_drops_every_item() {
        let counter = std::sync::Arc::new(());
        let items: Vec<_> = (0..3_001)
            .map(|_| std::sync::Arc::clone(&counter))
            .collect();
        assert_eq!(std::sync::Arc::strong_count(&counter), 3_002);
        super::drop_all(items);
        assert_eq!(std::sync::Arc::strong_count(&counter), 1);
    }

    #[test]
    fn chunks_know_their_offset() {
        let items: Vec<usize> = (0..5_000).collect();
        let firsts = super::chunks(&items, |offset, part| (offset, part[0]));
        assert!(firsts.iter().all(|(offset, first)| offset == first));
    }

    /// Streams 0..n as text in parts, collecting what `write` is handed.
    fn streamed(n: usize, part_len: usize) -> (String, Vec<usize>) {
        let items: Vec<usize> = (0..n).collect();
        let (mut text, mut sizes) = (Vec::new(), Vec::new());
        super::stream(
            &items,
            part_len,
            64,
            |offset, part, buf| {
                assert_eq!(part.first().copied(), Some(offset));
                for i in part {
                    buf.extend_from_slice(format!("{i},").as_bytes());
                }
                Ok::<(), ()>(())
            },
            |bytes| {
                text.extend_from_slice(bytes);
                sizes.push(bytes.len());
                Ok(())
            },
        )
        .unwrap();
        (String::from_utf8(text).unwrap(), sizes)
    }

    #[test]
    fn stream_writes_every_part_in_order() {
        for (n, part_len) in [
            (0, 8),
            (1, 8),
            (100, 7),
            (5_000, 32),
            (5_001, 1),
            (3_000, 5_000),
        ] {
            let expected: String = (0..n).map(|i| format!("{i},")).collect();
            let (text, sizes) = streamed(n, part_len);
            assert!(text == expected, "{n} items in parts of {part_len}");
            assert_eq!(sizes.len(), n.div_ceil(part_len), "{n} / {part_len}");
        }
    }

    #[test]
    fn stream_stops_at_the_first_error_in_order() {
        let items: Vec<usize> = (0..4_000).collect();
        let mut written = Vec::new();
        // Parts 10 and 20 fail to render: the error of part 10 is the one returned,
        // after parts 0-9 and nothing after them were written.
        let result = super::stream(
            &items,
            10,
            0,
            |offset, _, _| match offset {
                100 | 200 => Err(offset),
                _ => Ok(()),
            },
            |_| {
                written.push(());
                Ok(())
            },
        );
        assert_eq!(result, Err(100));
        assert_eq!(written.len(), 10);
        // A failing write stops the stream too.
        let mut calls = 0;
        let result = super::stream(
            &items,
            10,
            0,
            |_, _, _| Ok(()),
            |_| {
                calls += 1;
                if calls == 3 {
                    Err("closed")
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!((result, calls), (Err("closed"), 3));
    }

    #[test]
    fn a_panic_while_streaming_reaches_the_caller() {
        let items: Vec<usize> = (0..4_000).collect();
        let caught = std::panic::catch_unwind(|| {
            super::stream(
                &items,
                10,
                0,
                |offset, _, _| {
                    assert!(offset != 50, "part 5 fails");
                    Ok::<(), ()>(())
                },
                |_| Ok(()),
            )
        });
        assert!(caught.is_err());
    }
}
