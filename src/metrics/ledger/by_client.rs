//! Per-client state of one reader thread, found by the reader's number for the
//! client, and the merge of every thread's states into one per client.

use crate::model::client::{clean_name, client_key};
use std::collections::HashMap;

/// Per-client state keyed by the name as written; cheap to look up per row.
#[derive(Debug, Clone)]
pub struct ByClient<T> {
    ids: HashMap<Box<str>, usize, foldhash::fast::FixedState>,
    /// Row of each reader id (`usize::MAX`: not seen yet).
    by_id: Vec<usize>,
    rows: Vec<(Box<str>, T)>,
}

impl<T: Default> Default for ByClient<T> {
    fn default() -> Self {
        ByClient {
            ids: HashMap::default(),
            by_id: Vec::new(),
            rows: Vec::new(),
        }
    }
}

impl<T: Default> ByClient<T> {
    /// The state of `client`, created on first sight.
    pub fn entry(&mut self, client: &str) -> &mut T {
        let id = match self.ids.get(client) {
            Some(&id) => id,
            None => {
                self.rows.push((client.into(), T::default()));
                self.ids.insert(client.into(), self.rows.len() - 1);
                self.rows.len() - 1
            }
        };
        &mut self.rows[id].1
    }

    /// The state in `row` (see [`ByClient::row`]).
    pub(super) fn at(&mut self, row: usize) -> &mut T {
        &mut self.rows[row].1
    }

    /// The state of the client the reader numbered `id` (see `TimeEntry::client_id`):
    /// an index, no hashing, once the id was seen.
    pub fn entry_id(&mut self, id: u32, client: &str) -> &mut T {
        let row = self.row(id, client);
        &mut self.rows[row].1
    }

    /// The row of the client the reader numbered `id`, created on first sight.
    pub(super) fn row(&mut self, id: u32, client: &str) -> usize {
        let i = id as usize;
        match self.by_id.get(i) {
            Some(&row) if row != usize::MAX => row,
            _ => {
                if self.by_id.len() <= i {
                    self.by_id.resize(i + 1, usize::MAX);
                }
                self.entry(client);
                let row = self.ids[client];
                self.by_id[i] = row;
                row
            }
        }
    }
}

/// Combines per-thread states into one per client, keyed by the cleaned name
/// (so `Kovács` typed two ways is one client).
pub fn by_key<T: Default>(
    parts: Vec<ByClient<T>>,
    merge: impl Fn(&mut T, T),
) -> HashMap<String, (String, T)> {
    let mut out: HashMap<String, (String, T)> = HashMap::new();
    for part in parts {
        for (written, t) in part.rows {
            let name = clean_name(&written);
            let slot = out
                .entry(client_key(&name))
                .or_insert_with(|| (name.clone(), T::default()));
            // Spellings that differ only in case: the same one whatever the thread order.
            if name < slot.0 {
                slot.0 = name;
            }
            merge(&mut slot.1, t);
        }
    }
    out
}
