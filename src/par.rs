//! Data parallelism on one pool of worker threads (rayon's), kept for the whole run.
//!
//! Per-client work (parsing a row, computing metrics, deciding a verdict, rendering
//! a client's JSON) is independent, so it splits across cores; results keep the
//! input order. One pool rather than threads spawned per stage: a thread spawned
//! while another was faulting in fresh pages waited up to 4 ms to start, and each
//! new thread began with an empty allocator heap.

use rayon::prelude::*;

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

/// Calls `f(offset, chunk)` on contiguous chunks of `items`, one per thread when
/// there are enough items; returns the results in order.
pub fn chunks<T, U, F>(items: &[T], f: F) -> Vec<U>
where
    T: Sync,
    U: Send,
    F: Fn(usize, &[T]) -> U + Sync,
{
    match pool_for(items.len()) {
        Some(pool) => {
            let size = per_thread(items.len(), pool);
            pool.install(|| {
                items
                    .par_chunks(size)
                    .enumerate()
                    .map(|(i, part)| f(i * size, part))
                    .collect()
            })
        }
        None => vec![f(0, items)],
    }
}

/// `items.iter().map(f).collect()`, on several threads when it pays.
pub fn map<T, U, F>(items: &[T], f: F) -> Vec<U>
where
    T: Sync,
    U: Send,
    F: Fn(&T) -> U + Sync,
{
    match pool_for(items.len()) {
        // rayon collects an indexed iterator straight into the output's slots.
        Some(pool) => {
            let run = per_thread(items.len(), pool);
            pool.install(|| items.par_iter().with_min_len(run).map(&f).collect())
        }
        None => items.iter().map(f).collect(),
    }
}

/// [`map`] over items it may take apart (e.g. move out with `std::mem::take`).
pub fn map_mut<T, U, F>(items: &mut [T], f: F) -> Vec<U>
where
    T: Send,
    U: Send,
    F: Fn(&mut T) -> U + Sync,
{
    match pool_for(items.len()) {
        Some(pool) => {
            let run = per_thread(items.len(), pool);
            pool.install(|| items.par_iter_mut().with_min_len(run).map(&f).collect())
        }
        None => items.iter_mut().map(f).collect(),
    }
}

/// Drops `items` on the pool's threads: a large vector of records that own
/// memory is freed in about half the time.
pub fn drop_all<T: Send>(items: Vec<T>) {
    match pool_for(items.len()) {
        Some(pool) => {
            let run = per_thread(items.len(), pool);
            pool.install(|| items.into_par_iter().with_min_len(run).for_each(drop));
        }
        None => drop(items),
    }
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
    fn keeps_order_of_owned_results() {
        // Heap-owning results, an odd count: each slot gets its own item's value.
        let items: Vec<usize> = (0..4_099).collect();
        let texts = super::map(&items, |i| i.to_string());
        assert_eq!(texts.len(), 4_099);
        assert!(texts.iter().enumerate().all(|(i, t)| *t == i.to_string()));
        assert!(super::map(&[] as &[usize], |i| *i).is_empty());
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
}
