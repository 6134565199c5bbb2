//! The SQLite file behind [`History`]: versioned migrations, replace-on-rerun saves.

use super::snapshot::{ClientSnapshot, Snapshot};
use crate::error::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Schema migrations, in order: migration `i` takes the database to version `i + 1`
/// (`PRAGMA user_version`). Append only; never edit one that has shipped.
const MIGRATIONS: &[&str] = &["
    CREATE TABLE snapshot (
        period      TEXT PRIMARY KEY,
        period_from TEXT,
        period_to   TEXT,
        as_of       TEXT NOT NULL,
        currency    TEXT,
        settings    TEXT NOT NULL,  -- the settings used, JSON
        report      TEXT NOT NULL   -- the whole JSON report (SPEC 5)
    );
    CREATE TABLE client_period (
        period       TEXT NOT NULL REFERENCES snapshot(period) ON DELETE CASCADE,
        position     INTEGER NOT NULL,  -- order in the report
        client       TEXT NOT NULL,
        verdict      TEXT NOT NULL,
        health       REAL,
        health_band  TEXT,
        margin_ratio REAL,
        revenue      TEXT,              -- exact decimals, as text
        profit       TEXT,
        churn_risk   REAL,
        fit_score    REAL,
        overdue      TEXT,
        PRIMARY KEY (period, position)
    );
    CREATE INDEX client_period_client ON client_period (client);
"];

/// A new history at `path`: built with its schema in a temporary file beside it,
/// then linked into place, so no run ever sees a history half made (a 0-byte file
/// is never one of ours). When another run got there first, its file is kept.
fn create(path: &Path) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // With the pid in its name: a report written to this folder removes it if this
    // run dies (see `report::sink::remove_stale_temp_files`).
    let prefix = format!(".portfolio-history-{}-", std::process::id());
    let tmp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(Error::io(path))?;
    {
        let conn = Connection::open(tmp.path()).map_err(|e| err(path, "cannot create it", &e))?;
        let mut h = History {
            conn,
            path: path.to_path_buf(),
        };
        h.migrate()?;
    }
    // Never over a file: if the name is taken, the first run's history stays.
    match tmp.persist_noclobber(path) {
        Ok(_) => Ok(()),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(Error::io(path)(e.error)),
    }
}

/// How long a run waits for another one holding the database.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// An open history database.
pub struct History {
    conn: Connection,
    path: PathBuf,
}

impl History {
    /// Opens (or creates) the database at `path` and brings its schema up to date.
    /// A file that is not a history database is an error, and is left untouched:
    /// another program's SQLite file, an unknown schema version, a damaged file,
    /// and an empty (0-byte) file, which is what a history that lost its data looks
    /// like. Only a path where no file exists starts a new history.
    pub fn open(path: &Path) -> Result<History> {
        match std::fs::metadata(path) {
            Ok(m) if m.is_file() && m.len() == 0 => {
                return Err(refused(path, "is empty (0 bytes): a history that lost its data? Restore it from a backup, or remove it to start a new history"));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => create(path)?,
            _ => {}
        }
        let conn = Connection::open(path).map_err(|e| err(path, "cannot open it", &e))?;
        let mut h = History {
            conn,
            path: path.to_path_buf(),
        };
        h.conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| h.error("cannot set a busy timeout", &e))?;
        h.migrate()?;
        Ok(h)
    }

    fn error(&self, what: &str, e: &rusqlite::Error) -> Error {
        err(&self.path, what, e)
    }

    /// Applies the migrations the file has not had, each in its own transaction.
    fn migrate(&mut self) -> Result<()> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| {
                self.error(
                    "is not a portfolio history database, or is damaged (move it aside, or pass --history NEW_FILE)",
                    &e,
                )
            })?;
        let known = MIGRATIONS.len() as i64;
        if version < 0 {
            return Err(refused(&self.path, format!(
                    "has schema version {version}, which no portfolio writes (move it aside, or pass --history NEW_FILE)"
                )));
        }
        if version == 0 {
            // A new file has no tables; one with tables is another program's.
            let tables: i64 = self
                .conn
                .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
                .map_err(|e| {
                    self.error("is damaged (move it aside, or pass --history NEW_FILE)", &e)
                })?;
            if tables > 0 {
                return Err(refused(&self.path, "is a SQLite database of another program (it has tables, and no portfolio schema): pass --history NEW_FILE"));
            }
        }
        if version > known {
            return Err(refused(&self.path, format!(
                    "written by a newer portfolio (schema {version}; this one knows up to {known}): upgrade portfolio, or pass --history NEW_FILE"
                )));
        }
        if version > 0 {
            // Every page of an existing file, before any write: damage that the
            // report's own reads would miss is not written into.
            let check: String = self
                .conn
                .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
                .map_err(|e| {
                    self.error("is damaged (move it aside, or pass --history NEW_FILE)", &e)
                })?;
            if check != "ok" {
                return Err(refused(&self.path, format!(
                        "is damaged ({check}): move it aside and restore a backup, or pass --history NEW_FILE"
                    )));
            }
        }
        if version == known {
            return Ok(());
        }
        // Under the write lock, read the version again: another run may have
        // migrated the file since (two first runs at once).
        let path = self.path.clone();
        loop {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(|e| err(&path, "cannot start a migration", &e))?;
            let now: i64 = tx
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(|e| err(&path, "cannot read the schema version", &e))?;
            let Some(sql) = MIGRATIONS.get(now as usize) else {
                tx.commit()
                    .map_err(|e| err(&path, "cannot end a migration", &e))?;
                return Ok(());
            };
            tx.execute_batch(sql)
                .and_then(|()| tx.pragma_update(None, "user_version", now + 1))
                .and_then(|()| tx.commit())
                .map_err(|e| {
                    err(
                        &path,
                        &format!("migration to schema {} failed", now + 1),
                        &e,
                    )
                })?;
        }
    }

    /// Stores a period's snapshot, replacing any earlier one of the same period, in
    /// one transaction.
    pub fn save(&mut self, snap: &Snapshot, settings_json: &str, report_json: &str) -> Result<()> {
        let path = self.path.clone();
        let fail = |e: rusqlite::Error| err(&path, "cannot store the snapshot", &e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        tx.execute(
            "DELETE FROM client_period WHERE period = ?1",
            [&snap.period],
        )
        .map_err(fail)?;
        tx.execute("DELETE FROM snapshot WHERE period = ?1", [&snap.period])
            .map_err(fail)?;
        tx.execute(
            "INSERT INTO snapshot (period, period_from, period_to, as_of, currency, settings, report)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                snap.period,
                snap.from.map(|d| d.to_string()),
                snap.to.map(|d| d.to_string()),
                snap.as_of.to_string(),
                snap.currency,
                settings_json,
                report_json
            ],
        )
        .map_err(fail)?;
        {
            let mut insert = tx
                .prepare(
                    "INSERT INTO client_period (period, position, client, verdict, health, health_band,
                     margin_ratio, revenue, profit, churn_risk, fit_score, overdue)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                )
                .map_err(fail)?;
            for (i, c) in snap.clients.iter().enumerate() {
                insert
                    .execute(params![
                        snap.period,
                        i as i64,
                        c.client,
                        c.verdict,
                        c.health,
                        c.health_band,
                        c.margin_ratio,
                        c.revenue.map(|d| d.to_string()),
                        c.profit.map(|d| d.to_string()),
                        c.churn_risk,
                        c.fit_score,
                        c.overdue.map(|d| d.to_string()),
                    ])
                    .map_err(fail)?;
            }
        }
        tx.commit().map_err(fail)
    }

    /// Every stored period, oldest first (by first day, then label).
    pub fn periods(&self) -> Result<Vec<String>> {
        let fail = |e: rusqlite::Error| self.error("cannot list the periods", &e);
        let mut stmt = self
            .conn
            .prepare("SELECT period FROM snapshot ORDER BY period_from, period")
            .map_err(fail)?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(fail)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(fail)
    }

    /// One period's snapshot, if stored.
    pub fn snapshot(&self, period: &str) -> Result<Option<Snapshot>> {
        let fail = |e: rusqlite::Error| self.error("cannot read a snapshot", &e);
        let head = self
            .conn
            .query_row(
                "SELECT period, period_from, period_to, as_of, currency FROM snapshot WHERE period = ?1",
                [period],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()
            .map_err(fail)?;
        let Some((period, from, to, as_of, currency)) = head else {
            return Ok(None);
        };
        let mut stmt = self
            .conn
            .prepare(
                "SELECT client, verdict, health, health_band, margin_ratio, revenue, profit,
                        churn_risk, fit_score, overdue
                 FROM client_period WHERE period = ?1 ORDER BY position",
            )
            .map_err(fail)?;
        let clients = stmt
            .query_map([&period], |r| {
                Ok(ClientSnapshot {
                    client: r.get(0)?,
                    verdict: r.get(1)?,
                    health: r.get(2)?,
                    health_band: r.get(3)?,
                    margin_ratio: r.get(4)?,
                    revenue: parsed(r.get(5)?),
                    profit: parsed(r.get(6)?),
                    churn_risk: r.get(7)?,
                    fit_score: r.get(8)?,
                    overdue: parsed(r.get(9)?),
                })
            })
            .map_err(fail)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(fail)?;
        Ok(Some(Snapshot {
            period,
            from: parsed(from),
            to: parsed(to),
            as_of: parsed(Some(as_of)).unwrap_or_default(),
            currency,
            clients,
        }))
    }

    /// Every snapshot, oldest first.
    pub fn all(&self) -> Result<Vec<Snapshot>> {
        self.periods()?
            .iter()
            .filter_map(|p| self.snapshot(p).transpose())
            .collect()
    }
}

/// The history at `path` is not used, for the reason `message`.
fn refused(path: &Path, message: impl Into<String>) -> Error {
    Error::History {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

fn err(path: &Path, what: &str, e: &rusqlite::Error) -> Error {
    Error::History {
        path: path.to_path_buf(),
        message: format!("{what}: {e}"),
    }
}

/// A stored text column (exact decimals, dates) read back; unreadable text is none.
fn parsed<T: std::str::FromStr>(text: Option<String>) -> Option<T> {
    text?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(period: &str, clients: &[(&str, &str, f64)]) -> Snapshot {
        Snapshot {
            period: period.into(),
            from: format!("{period}-01").parse().ok(),
            to: None,
            as_of: "2026-11-01".parse().unwrap(),
            currency: Some("EUR".into()),
            clients: clients
                .iter()
                .map(|(name, verdict, margin)| ClientSnapshot {
                    client: name.to_string(),
                    verdict: verdict.to_string(),
                    health: Some(50.0),
                    health_band: Some("watch".into()),
                    margin_ratio: Some(*margin),
                    revenue: Some("1000.50".parse().unwrap()),
                    profit: None,
                    churn_risk: None,
                    fit_score: None,
                    overdue: Some("0.00".parse().unwrap()),
                })
                .collect(),
        }
    }

    #[test]
    fn an_empty_file_is_migrated_and_a_rerun_replaces_its_period() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.sqlite");
        let mut h = History::open(&path).unwrap();
        let version: i64 = h
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, MIGRATIONS.len() as i64);
        let mut save = |s: Snapshot| h.save(&s, "{}", "{}").unwrap();
        save(snap("2026-09", &[("Kovács Kft.", "retain", 0.4)]));
        let two = [("Kovács Kft.", "reprice", 0.1), ("Acme", "retain", 0.5)];
        save(snap("2026-10", &two));
        // The same period again: replaced, not added.
        save(snap("2026-10", &[("Acme", "fire", -0.2)]));
        drop(h);
        let h = History::open(&path).unwrap();
        assert_eq!(h.periods().unwrap(), vec!["2026-09", "2026-10"]);
        let oct = h.snapshot("2026-10").unwrap().unwrap();
        assert_eq!(oct.clients.len(), 1);
        assert_eq!(oct.clients[0].verdict, "fire");
        assert_eq!(oct.clients[0].revenue, Some("1000.50".parse().unwrap()));
        assert_eq!(oct.clients[0].revenue.unwrap().to_string(), "1000.50");
        assert_eq!(h.snapshot("2026-08").unwrap(), None);
    }

    #[test]
    fn a_file_that_is_not_a_database_is_an_error_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.sqlite");
        let junk = b"this is a spreadsheet, not a database\n".repeat(200);
        std::fs::write(&path, &junk).unwrap();
        let e = History::open(&path).err().unwrap().to_string();
        assert!(e.contains("not a portfolio history database"), "{e}");
        assert_eq!(std::fs::read(&path).unwrap(), junk, "nothing overwritten");
    }

    /// Opens `path` expecting an error that contains `want`, and the file unchanged.
    fn assert_refused(path: &Path, want: &str) {
        let before = std::fs::read(path).unwrap();
        let e = History::open(path).err().map(|e| e.to_string());
        assert!(e.as_deref().is_some_and(|e| e.contains(want)), "{e:?}");
        assert_eq!(std::fs::read(path).unwrap(), before, "the file was changed");
    }

    #[test]
    fn another_programs_database_a_negative_version_and_an_empty_file_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let other = dir.path().join("other.sqlite");
        Connection::open(&other)
            .unwrap()
            .execute_batch("CREATE TABLE invoices (id INTEGER); INSERT INTO invoices VALUES (1);")
            .unwrap();
        assert_refused(&other, "a SQLite database of another program");
        let negative = dir.path().join("negative.sqlite");
        Connection::open(&negative)
            .unwrap()
            .pragma_update(None, "user_version", -1)
            .unwrap();
        assert_refused(&negative, "schema version -1");
        let empty = dir.path().join("empty.sqlite");
        std::fs::write(&empty, b"").unwrap();
        assert_refused(&empty, "is empty (0 bytes)");
        // Where no file is, a new history starts.
        assert!(History::open(&dir.path().join("new.sqlite")).is_ok());
    }

    #[test]
    fn damage_on_any_page_is_found_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.sqlite");
        {
            let mut h = History::open(&path).unwrap();
            // Many clients: client_period spans many pages after snapshot's.
            let many: Vec<(String, &str, f64)> = (0..3000)
                .map(|i| (format!("Client {i:05}"), "retain", 0.5))
                .collect();
            let rows: Vec<(&str, &str, f64)> =
                many.iter().map(|(n, v, m)| (n.as_str(), *v, *m)).collect();
            h.save(&snap("2026-10", &rows), "{}", "{}").unwrap();
        }
        let mut bytes = std::fs::read(&path).unwrap();
        let pages = bytes.len() / 4096;
        assert!(pages > 20, "{pages} pages");
        // Garbage over the body of a page near the end (a client_period leaf).
        let at = (pages - 3) * 4096 + 100;
        bytes[at..at + 2000].fill(0xA5);
        std::fs::write(&path, &bytes).unwrap();
        // The old start-up check (the snapshot table) still passes on this file.
        let c = Connection::open(&path).unwrap();
        let n: i64 = c
            .query_row("SELECT count(*) FROM snapshot", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
        drop(c);
        assert_refused(&path, "is damaged");
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.sqlite");
        {
            let c = Connection::open(&path).unwrap();
            c.pragma_update(None, "user_version", 99).unwrap();
        }
        let e = History::open(&path).err().unwrap().to_string();
        assert!(e.contains("newer portfolio (schema 99"), "{e}");
    }
}
