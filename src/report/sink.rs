//! Where a report goes: standard output, or a file written atomically (temp file + rename).
//!
//! Reports stream through a buffer rather than being built in memory first.

use crate::error::{Error, Result};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// An open report destination; [`Sink::finish`] makes the report visible.
pub enum Sink {
    /// Standard output.
    Stdout(BufWriter<std::io::Stdout>),
    /// A temporary file beside the target, renamed over it on success.
    File(BufWriter<tempfile::NamedTempFile>, PathBuf),
}

impl Sink {
    /// Standard output, block-buffered.
    pub fn stdout() -> Sink {
        Sink::Stdout(BufWriter::new(std::io::stdout()))
    }

    /// A temporary file in the target's directory (so the rename is atomic).
    pub fn file(path: &Path) -> Result<Sink> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".portfolio-").suffix(".tmp");
        if let Some(permissions) = report_permissions(path) {
            builder.permissions(permissions);
        }
        let tmp = builder.tempfile_in(dir).map_err(Error::io(path))?;
        Ok(Sink::File(BufWriter::new(tmp), path.to_path_buf()))
    }

    /// The writer to render into.
    pub fn writer(&mut self) -> &mut (dyn Write + Send) {
        match self {
            Sink::Stdout(w) => w,
            Sink::File(w, _) => w,
        }
    }

    /// Flushes, and for a file syncs and renames it over the target.
    pub fn finish(self) -> Result<()> {
        match self {
            Sink::Stdout(mut w) => w.flush().map_err(Error::Output),
            Sink::File(w, path) => {
                let io = Error::io(&path);
                let tmp = w.into_inner().map_err(|e| io(e.into_error()))?;
                tmp.as_file().sync_all().map_err(io)?;
                tmp.persist(&path).map_err(|e| io(e.error))?;
                Ok(())
            }
        }
    }

    /// Maps a write error: on standard output it is [`Error::Output`] (a closed pipe
    /// is not a failure); on a file it names the file.
    pub fn error(&self, source: std::io::Error) -> Error {
        match self {
            Sink::Stdout(_) => Error::Output(source),
            Sink::File(_, path) => Error::io(path)(source),
        }
    }
}

/// Permissions for a new report: those of the file it replaces, else readable by all
/// (a temp file is private by default, and a cron report is usually read by others).
fn report_permissions(path: &Path) -> Option<std::fs::Permissions> {
    if let Ok(meta) = std::fs::metadata(path) {
        return Some(meta.permissions());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o644))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Writes `bytes` to `path` so that readers see either the old file or the whole new one.
#[cfg(test)]
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut sink = Sink::file(path)?;
    sink.writer().write_all(bytes).map_err(|e| sink.error(e))?;
    sink.finish()
}

/// Writes several files so that each is either the old one or the whole new one, and
/// none is replaced unless every one was written and synced: a full disk or a bad
/// path leaves all the old files as they were. (Only a failing rename, after the
/// first, could leave a mix.)
pub fn write_all_atomic(files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    let mut staged = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        let io = Error::io(path);
        let mut sink = Sink::file(path)?;
        sink.writer().write_all(bytes).map_err(io)?;
        if let Sink::File(w, _) = &mut sink {
            w.flush().map_err(io)?;
            w.get_ref().as_file().sync_all().map_err(io)?;
        }
        staged.push(sink);
    }
    staged.into_iter().try_for_each(Sink::finish)
}

/// Writes `bytes` to standard output in one go.
pub fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut sink = Sink::stdout();
    sink.writer().write_all(bytes).map_err(Error::Output)?;
    sink.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left behind"
        );
    }

    #[cfg(unix)]
    #[test]
    fn reports_are_readable_and_keep_the_permissions_they_replace() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.json");
        write_atomic(&p, b"one").unwrap();
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o644
        );
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }

    #[test]
    fn several_files_are_all_replaced_or_none() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("r.html"), dir.path().join("r.md"));
        write_all_atomic(&[(a.clone(), b"a1".to_vec()), (b.clone(), b"b1".to_vec())]).unwrap();
        // The third file cannot be written (its directory does not exist): the first
        // two keep their old content.
        let bad = dir.path().join("missing").join("r.json");
        let e = write_all_atomic(&[
            (a.clone(), b"a2".to_vec()),
            (b.clone(), b"b2".to_vec()),
            (bad, b"c2".to_vec()),
        ]);
        assert!(e.is_err());
        assert_eq!(std::fs::read(&a).unwrap(), b"a1");
        assert_eq!(std::fs::read(&b).unwrap(), b"b1");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            2,
            "no temp files left"
        );
        write_all_atomic(&[(a.clone(), b"a3".to_vec()), (b.clone(), b"b3".to_vec())]).unwrap();
        assert_eq!(std::fs::read(&b).unwrap(), b"b3");
    }

    #[test]
    fn an_unfinished_sink_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.json");
        write_atomic(&p, b"old").unwrap();
        let mut sink = Sink::file(&p).unwrap();
        sink.writer().write_all(b"half a rep").unwrap();
        drop(sink);
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "the temp file is removed"
        );
    }
}
