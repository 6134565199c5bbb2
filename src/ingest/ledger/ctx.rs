//! What a row parser reads a ledger file with: the options, the file's context and
//! a worker's caches of names, dates and people's rates.

use super::header::Header;
use crate::ingest::fields::DecimalStyle;
use crate::model::records::FileKind;
use chrono::NaiveDate;
use std::collections::HashMap;

/// How to read ledger files.
#[derive(Debug, Clone)]
pub struct LedgerOptions {
    /// The decimal separator given on the command line (otherwise detected from
    /// the first rows).
    pub decimal: Option<DecimalStyle>,
    /// A chrono date format accepted besides ISO.
    pub date_format: Option<String>,
    /// The report date: rows dated later are rejected.
    pub as_of: NaiveDate,
    /// Worker threads for the large files.
    pub threads: usize,
    /// Told the bytes of each read from the time file (the big one, read once), for a
    /// progress display.
    pub progress: Option<Progress>,
    /// Cost rates for time entries whose export has none (`[people]`, `--default-cost-rate`).
    pub cost_rates: Option<std::sync::Arc<CostRates>>,
    /// The text encoding when not UTF-8 (`--encoding`); a BOM overrides it.
    pub encoding: Option<&'static crate::ingest::encoding::Encoding>,
    /// Header names from `[columns.<file>]` of the settings.
    pub columns: Option<std::sync::Arc<crate::model::settings::ColumnMaps>>,
    /// Exchange rates and the report currency: invoices in other currencies are
    /// converted at the rate of their issue date.
    pub rates: Option<std::sync::Arc<(crate::ingest::fx::Rates, String)>>,
    /// The sheet of a spreadsheet to read (`--sheet`), else the first.
    pub sheet: Option<String>,
    /// The period added up: rows outside it are counted apart from those used.
    pub period: Option<crate::model::period::Period>,
}

impl LedgerOptions {
    /// Whether a row dated `day` is inside the period (every row, without one).
    pub(super) fn in_period(&self, day: NaiveDate) -> bool {
        self.period.as_ref().is_none_or(|p| p.contains(day))
    }
}

impl LedgerOptions {
    /// The settings' header names for this kind of file, if any.
    pub(super) fn column_map(
        &self,
        kind: FileKind,
    ) -> Option<&std::collections::BTreeMap<String, String>> {
        self.columns.as_deref()?.get(kind)
    }
}

/// Cost rates from outside the time file: by person (`[people]` in the settings),
/// else one for everyone (`--default-cost-rate`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CostRates {
    /// By person, keyed as clients are (case and Unicode form ignored).
    pub by_person: std::collections::HashMap<String, rust_decimal::Decimal>,
    /// For everyone else.
    pub default: Option<rust_decimal::Decimal>,
}

impl CostRates {
    /// The rate for a person (as written in the export), else the default.
    pub fn for_person(&self, person: Option<&str>) -> Option<rust_decimal::Decimal> {
        person
            .and_then(|p| {
                self.by_person
                    .get(&crate::model::client::client_key(p))
                    .copied()
            })
            .or(self.default)
    }
}

/// A progress observer: called with the number of bytes just read (from any thread).
#[derive(Clone)]
pub struct Progress(pub std::sync::Arc<dyn Fn(u64) + Send + Sync>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

/// The client and person names one worker has seen, each numbered once (a client
/// name checked as UTF-8 and trimmed once): a row then costs a hash lookup per
/// name, and the folds index their totals by the numbers.
#[derive(Debug, Default)]
pub struct Interner {
    ids: HashMap<Box<[u8]>, u32, foldhash::fast::FixedState>,
    names: Vec<Box<str>>,
    /// Recent `YYYY-MM-DD` cells and their dates, by a hash of the text: a ledger
    /// spans a few hundred days, so nearly every date cell is one seen before.
    dates: Vec<Option<(u64, u16, NaiveDate)>>,
    /// Rows whose client cell was empty, counted under [`NO_CLIENT`].
    pub unnamed: u64,
    /// People by name as written (first and last name joined by a space).
    people: HashMap<Box<[u8]>, u32, foldhash::fast::FixedState>,
    person_names: Vec<Box<[u8]>>,
    /// Where a split first and last name is joined for the lookup.
    joined: Vec<u8>,
}

/// The client of rows that name none: personal and small-team workspaces of
/// Toggl, Clockify and Harvest often leave the client empty, and their hours are
/// still worked.
pub const NO_CLIENT: &str = "(no client)";

/// Slots of the date cache (a power of two).
const DATE_SLOTS: usize = 1024;

impl Interner {
    /// The id of a client name as written; `None` when it is not UTF-8 or blank.
    pub fn client_id(&mut self, bytes: &[u8]) -> Option<u32> {
        if let Some(&id) = self.ids.get(bytes) {
            return Some(id);
        }
        let text = std::str::from_utf8(bytes).ok()?.trim();
        if text.is_empty() {
            return None;
        }
        let id = self.names.len() as u32;
        self.names.push(text.into());
        self.ids.insert(bytes.into(), id);
        Some(id)
    }

    /// The name of the client numbered `id`.
    pub fn client_name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }

    /// The id of the person in a first and a last name cell (either may be absent),
    /// joined by a space as one name: `Anna` `Kovács` is `Anna Kovács`.
    pub fn person_id(&mut self, first: Option<&[u8]>, last: Option<&[u8]>) -> Option<u32> {
        let name = match (first, last) {
            (Some(first), Some(last)) => {
                self.joined.clear();
                self.joined.extend_from_slice(first);
                self.joined.push(b' ');
                self.joined.extend_from_slice(last);
                &self.joined[..]
            }
            (first, last) => first.or(last)?,
        };
        if let Some(&id) = self.people.get(name) {
            return Some(id);
        }
        let id = self.person_names.len() as u32;
        self.person_names.push(name.into());
        self.people.insert(name.into(), id);
        Some(id)
    }

    /// The name of the person numbered `id`, as written.
    pub fn person_name(&self, id: u32) -> &[u8] {
        &self.person_names[id as usize]
    }

    /// The date of a ten-byte cell such as `2026-10-31`, from the cache when the same
    /// text was parsed before; `parse` (which must not depend on anything but the
    /// text) reads it otherwise. Other lengths are parsed every time.
    #[inline]
    pub fn date<E>(
        &mut self,
        bytes: &[u8],
        parse: impl FnOnce() -> std::result::Result<NaiveDate, E>,
    ) -> std::result::Result<NaiveDate, E> {
        let Ok(key) = <[u8; 10]>::try_from(bytes) else {
            return parse();
        };
        let mut lo = [0u8; 8];
        lo.copy_from_slice(&key[..8]);
        let (lo, hi) = (u64::from_le_bytes(lo), u16::from_le_bytes([key[8], key[9]]));
        let slot =
            ((lo ^ (u64::from(hi) << 48)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 54) as usize;
        if self.dates.is_empty() {
            self.dates = vec![None; DATE_SLOTS];
        }
        if let Some((l, h, d)) = self.dates[slot] {
            if l == lo && h == hi {
                return Ok(d);
            }
        }
        let d = parse()?;
        self.dates[slot] = Some((lo, hi, d));
        Ok(d)
    }
}

/// The cost rate of each person a worker has seen in a file without a cost column
/// (from `[people]`, else the default): matching a name costs a normalization, so
/// it is done once per person, not once per row.
#[derive(Debug, Default)]
pub struct PersonRates {
    rates: HashMap<Box<[u8]>, Option<rust_decimal::Decimal>, foldhash::fast::FixedState>,
    key: Vec<u8>,
}

impl PersonRates {
    /// The rate of the person in these first and last name cells (as written).
    pub fn get(
        &mut self,
        rates: &CostRates,
        first: Option<&[u8]>,
        last: Option<&[u8]>,
    ) -> Option<rust_decimal::Decimal> {
        if rates.by_person.is_empty() {
            return rates.default;
        }
        self.key.clear();
        for part in [first, last] {
            // Each part with its length (or none): no two name pairs share a key.
            match part {
                Some(p) => {
                    self.key.extend_from_slice(&(p.len() as u64).to_le_bytes());
                    self.key.extend_from_slice(p);
                }
                None => self.key.extend_from_slice(&u64::MAX.to_le_bytes()),
            }
        }
        if let Some(rate) = self.rates.get(self.key.as_slice()) {
            return *rate;
        }
        let (first, last) = (
            first.map(String::from_utf8_lossy),
            last.map(String::from_utf8_lossy),
        );
        let name = match (first, last) {
            (Some(f), Some(l)) => Some(format!("{f} {l}")),
            (f, l) => f.or(l).map(|x| x.into_owned()),
        };
        let rate = rates.for_person(name.as_deref());
        self.rates.insert(self.key.as_slice().into(), rate);
        rate
    }
}

/// Everything a row parser needs to know about its file.
pub struct Ctx<'a> {
    /// Column positions and names.
    pub(super) header: &'a Header,
    pub(super) style: DecimalStyle,
    pub(super) date_format: Option<&'a str>,
    pub(super) as_of: NaiveDate,
    /// Rates for entries of an export without costs.
    pub(super) cost_rates: Option<&'a CostRates>,
    /// Exchange rates and the report currency, when given.
    pub(super) rates: Option<&'a (crate::ingest::fx::Rates, String)>,
    /// Line of the row being parsed.
    pub(super) line: u64,
    /// The period added up (every row, without one): only its rows need their people.
    pub(super) period: Option<&'a crate::model::period::Period>,
    /// For a row held back to the end of its pass: the earlier line with the same
    /// key (an invoice number used twice), if there is one.
    pub(super) repeat_of: Option<u64>,
}

impl Ctx<'_> {
    /// Position in the row of a schema column, if the file has it.
    pub(super) fn col(&self, field: usize) -> Option<usize> {
        self.header.position[field]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn a_person_is_one_id_whether_the_name_is_one_column_or_two() {
        let mut names = Interner::default();
        let anna = names.person_id(Some("Anna Kovács".as_bytes()), None);
        assert_eq!(anna, Some(0));
        assert_eq!(
            names.person_id(Some(b"Anna"), Some("Kovács".as_bytes())),
            anna
        );
        assert_eq!(names.person_id(None, Some("Anna Kovács".as_bytes())), anna);
        // Split elsewhere, the joined letters differ: another person.
        assert_eq!(
            names.person_id(Some(b"Anna K"), Some("ovács".as_bytes())),
            Some(1)
        );
        assert_eq!(names.person_id(Some(b"Bence"), None), Some(2));
        assert_eq!(names.person_id(None, None), None);
        assert_eq!(names.person_name(1), "Anna K ovács".as_bytes());
        assert_eq!(names.person_names.len(), 3);
    }

    #[test]
    fn person_rates_match_names_as_people_do_and_remember_them() {
        let dec = |s: &str| s.parse::<Decimal>().unwrap();
        let rates = CostRates {
            by_person: [(crate::model::client::client_key("Anna Kovács"), dec("35"))]
                .into_iter()
                .collect(),
            default: Some(dec("40")),
        };
        let mut people = PersonRates::default();
        // One column or first and last: the same person; case and Unicode form ignored.
        let nfd = "Anna Kova\u{301}cs".to_uppercase();
        for _ in 0..2 {
            assert_eq!(
                people.get(&rates, Some(b"Anna Kov\xc3\xa1cs"), None),
                Some(dec("35"))
            );
            assert_eq!(
                people.get(&rates, Some(b"Anna"), Some("Kovács".as_bytes())),
                Some(dec("35"))
            );
            assert_eq!(
                people.get(&rates, Some(nfd.as_bytes()), None),
                Some(dec("35"))
            );
            assert_eq!(
                people.get(&rates, Some(b"Bence"), Some(b"Nagy")),
                Some(dec("40"))
            );
            assert_eq!(people.get(&rates, None, None), Some(dec("40")));
        }
        // Split differently, the same letters are not the same key.
        assert_eq!(
            people.get(&rates, Some(b"Anna K"), Some("ovács".as_bytes())),
            Some(dec("40"))
        );
        assert_eq!(people.rates.len(), 6);
        let only_default = CostRates {
            by_person: Default::default(),
            default: Some(dec("40")),
        };
        assert_eq!(
            PersonRates::default().get(&only_default, Some(b"X"), None),
            Some(dec("40"))
        );
    }
}
