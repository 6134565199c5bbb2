//! Where a report goes: standard output, or a file written atomically (temp file + rename).
//!
//! Only regular files are replaced by rename. A device or a pipe (`-o /dev/null`,
//! `-o /dev/stdout`, a FIFO a script reads) is written in place: renaming over it
//! would swap the device for a plain file, and as root that breaks `/dev/null` for
//! every program on the machine. A symbolic link is followed, so the file it points
//! to is replaced and the link stays.
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
    /// Something that is not a regular file (a device, a pipe), written in place.
    Special(BufWriter<std::fs::File>, PathBuf),
}

impl Sink {
    /// Standard output, block-buffered.
    pub fn stdout() -> Sink {
        Sink::Stdout(BufWriter::new(std::io::stdout()))
    }

    /// A temporary file in the target's directory (so the rename is atomic), or the
    /// target itself when it exists and is not a regular file.
    pub fn file(path: &Path) -> Result<Sink> {
        // `metadata` follows links: a link to a device is a device.
        if let Ok(meta) = std::fs::metadata(path) {
            if !meta.is_file() && !meta.is_dir() {
                let f = std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(Error::io(path))?;
                return Ok(Sink::Special(BufWriter::new(f), path.to_path_buf()));
            }
        }
        // Replace what a link points to, not the link.
        let resolved;
        let path = match std::fs::symlink_metadata(path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                resolved = std::fs::canonicalize(path).map_err(Error::io(path))?;
                &resolved
            }
            _ => path,
        };
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        remove_stale_temp_files(dir);
        let prefix = temp_prefix();
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
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
            Sink::Special(w, _) => w,
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
            Sink::Special(mut w, path) => w.flush().map_err(Error::io(&path)),
        }
    }

    /// Maps a write error: on standard output it is [`Error::Output`] (a closed pipe
    /// is not a failure); on a file it names the file.
    pub fn error(&self, source: std::io::Error) -> Error {
        match self {
            Sink::Stdout(_) => Error::Output(source),
            Sink::File(_, path) | Sink::Special(_, path) => Error::io(path)(source),
        }
    }
}

/// The start of this process's temporary file names: `.portfolio-<pid>-`, so that
/// a later run can tell the files of a run that died from those of one still
/// writing.
pub fn temp_prefix() -> String {
    format!(".portfolio-{}-", std::process::id())
}

/// Removes the temporary files that runs killed while writing left in `dir`
/// (`.portfolio-<pid>-*.tmp` whose process is gone). Only where a process can be
/// looked up (`/proc`); elsewhere nothing is removed. Failures are ignored: this
/// is tidying, and the run's own write reports its own errors.
pub fn remove_stale_temp_files(dir: &Path) {
    let proc = Path::new("/proc/self");
    if !proc.exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(".portfolio-"))
            .filter(|n| n.ends_with(".tmp"))
            .and_then(|n| n.split('-').find_map(|part| part.parse::<u32>().ok()))
        else {
            continue;
        };
        let alive = Path::new("/proc").join(pid.to_string()).exists();
        if !alive && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
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

    /// How many files a directory holds (temp files left behind included).
    fn files_in(dir: &tempfile::TempDir) -> usize {
        std::fs::read_dir(dir.path()).unwrap().count()
    }

    #[test]
    fn atomic_write_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(files_in(&dir), 1, "no temp file left behind");
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
        assert_eq!(files_in(&dir), 2, "no temp files left");
        write_all_atomic(&[(a.clone(), b"a3".to_vec()), (b.clone(), b"b3".to_vec())]).unwrap();
        assert_eq!(std::fs::read(&b).unwrap(), b"b3");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_followed_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let (real, link) = (dir.path().join("real.json"), dir.path().join("link.json"));
        std::fs::write(&real, b"old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
    }

    /// A FIFO stands in for `/dev/null`: renaming over it would turn it into a plain
    /// file, which for `/dev/null` breaks the whole machine.
    #[cfg(unix)]
    #[test]
    fn a_pipe_is_written_in_place_not_replaced() {
        use std::io::Read;
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success(), "mkfifo");
        let reader = {
            let fifo = fifo.clone();
            // Opening a FIFO to read waits for a writer; the test thread is that writer.
            std::thread::spawn(move || {
                let mut got = Vec::new();
                std::fs::File::open(&fifo)
                    .unwrap()
                    .read_to_end(&mut got)
                    .unwrap();
                got
            })
        };
        write_atomic(&fifo, b"report").unwrap();
        assert!(std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo());
        assert_eq!(reader.join().unwrap(), b"report");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn temp_files_of_dead_runs_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        // A pid above Linux's limit (2^22) belongs to no process.
        let dead = dir.path().join(".portfolio-4194305-abc123.tmp");
        let dead_history = dir.path().join(".portfolio-history-4194305-abc.tmp");
        let live = dir.path().join(format!("{}other.tmp", temp_prefix()));
        let unrelated = dir.path().join(".portfolio-notes.tmp");
        for f in [&dead, &dead_history, &live, &unrelated] {
            std::fs::write(f, b"x").unwrap();
        }
        write_atomic(&dir.path().join("r.json"), b"new").unwrap();
        assert!(
            !dead.exists() && !dead_history.exists(),
            "dead runs' files removed"
        );
        assert!(live.exists(), "a live run's file kept");
        assert!(unrelated.exists(), "a name without a pid kept");
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
        assert_eq!(files_in(&dir), 1, "the temp file is removed");
    }
}
