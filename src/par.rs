//! Data parallelism without a thread pool: scoped threads over contiguous chunks.
//!
//! Per-client work (parsing a row, computing metrics, deciding a verdict, rendering
//! a client's JSON) is independent, so it splits across cores; results keep the
//! input order.

/// Below this many items a second thread costs more than it saves.
const MIN_PARALLEL_ITEMS: usize = 512;

/// Number of worker threads to use (the machine's cores, at most 8).
pub fn threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8)
}

/// Calls `f(offset, chunk)` on contiguous chunks of `items`, one thread per chunk
/// when there are enough items; returns the results in order.
pub fn chunks<T, U, F>(items: &[T], f: F) -> Vec<U>
where
    T: Sync,
    U: Send,
    F: Fn(usize, &[T]) -> U + Sync,
{
    let threads = threads();
    if threads < 2 || items.len() < MIN_PARALLEL_ITEMS {
        return vec![f(0, items)];
    }
    let size = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let f = &f;
        // The first chunk runs on this thread: one spawn fewer, and its allocations
        // reuse this thread's freed memory instead of fresh pages.
        let mut parts = items.chunks(size).enumerate();
        let (_, first) = parts.next().unwrap_or((0, &[]));
        let handles: Vec<_> = parts
            .map(|(i, part)| scope.spawn(move || f(i * size, part)))
            .collect();
        let mut out = Vec::with_capacity(handles.len() + 1);
        out.push(f(0, first));
        // A panic in a worker is a bug; re-raise it rather than lose results.
        out.extend(
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))),
        );
        out
    })
}

/// `items.iter().map(f).collect()`, on several threads when it pays.
pub fn map<T, U, F>(items: &[T], f: F) -> Vec<U>
where
    T: Sync,
    U: Send,
    F: Fn(&T) -> U + Sync,
{
    // The first chunk's vector has room for all: only the later chunks are copied
    // into it (and the fresh pages of one vector are touched, not two).
    let parts = chunks(items, |offset, part| {
        let mut v = Vec::with_capacity(if offset == 0 { items.len() } else { part.len() });
        v.extend(part.iter().map(&f));
        v
    });
    let mut parts = parts.into_iter();
    let mut out = parts.next().unwrap_or_default();
    for part in parts {
        out.extend(part);
    }
    out
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
    fn chunks_know_their_offset() {
        let items: Vec<usize> = (0..5_000).collect();
        let firsts = super::chunks(&items, |offset, part| (offset, part[0]));
        assert!(firsts.iter().all(|(offset, first)| offset == first));
    }
}
