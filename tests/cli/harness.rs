//! Workdir harness: each case runs the real binary in its own temp dir with its own files.

use std::path::{Path, PathBuf};

/// Path to a file under `tests/data/`.
pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// Path to a file under `examples/`.
pub fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

/// The client object named `name` in a JSON report.
pub fn client<'a>(doc: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    doc["clients"]
        .as_array()
        .expect("\"clients\" is an array")
        .iter()
        .find(|c| c["client"] == name)
        .unwrap_or_else(|| panic!("no client {name:?} in the report"))
}

/// Whether a JSON report has a warning containing `needle`.
pub fn warned(doc: &serde_json::Value, needle: &str) -> bool {
    doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str().unwrap().contains(needle))
}

/// One invocation of `portfolio`.
pub struct Case {
    args: Vec<String>,
    files: Vec<(String, Vec<u8>)>,
    stdin: Option<Vec<u8>>,
    env: Vec<(String, String)>,
}

/// What a run produced.
pub struct Run {
    /// The temp dir the command ran in (kept alive for inspecting outputs).
    pub dir: tempfile::TempDir,
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    command: String,
}

impl Case {
    /// `portfolio <args…>`.
    pub fn new<I, S>(args: I) -> Case
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Case {
            args: args.into_iter().map(Into::into).collect(),
            files: Vec::new(),
            stdin: None,
            env: Vec::new(),
        }
    }

    /// Adds arguments.
    pub fn args<I, S>(mut self, args: I) -> Case
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Adds a path argument.
    pub fn arg_path(mut self, path: impl AsRef<Path>) -> Case {
        self.args.push(path.as_ref().display().to_string());
        self
    }

    /// Writes a file into the work dir before running.
    pub fn file(mut self, name: &str, contents: impl AsRef<[u8]>) -> Case {
        self.files
            .push((name.to_string(), contents.as_ref().to_vec()));
        self
    }

    /// Feeds standard input.
    pub fn stdin(mut self, bytes: impl AsRef<[u8]>) -> Case {
        self.stdin = Some(bytes.as_ref().to_vec());
        self
    }

    /// Sets an environment variable.
    pub fn env(mut self, key: &str, value: &str) -> Case {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    /// Runs the binary.
    pub fn run(self) -> Run {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, contents) in &self.files {
            std::fs::write(dir.path().join(name), contents).expect("write fixture");
        }
        let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_portfolio"));
        cmd.current_dir(dir.path())
            .args(&self.args)
            .env_remove("NO_COLOR")
            // A developer's own settings file must not change what tests see.
            .env_remove("PORTFOLIO_CONFIG");
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        cmd.write_stdin(self.stdin.clone().unwrap_or_default());
        let out = cmd.output().expect("run portfolio");
        Run {
            dir,
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            command: format!("portfolio {}", self.args.join(" ")),
        }
    }
}

impl Run {
    /// Asserts the exit code, printing the transcript on failure.
    pub fn code(self, expected: i32) -> Run {
        assert_eq!(
            self.code, expected,
            "exit code of `{}`\n--- stdout\n{}\n--- stderr\n{}",
            self.command, self.stdout, self.stderr
        );
        self
    }

    /// Asserts standard error contains `needle`.
    pub fn stderr_has(self, needle: &str) -> Run {
        assert!(
            self.stderr.contains(needle),
            "stderr of `{}` lacks {needle:?}\n--- stderr\n{}",
            self.command,
            self.stderr
        );
        self
    }

    /// Asserts standard output contains `needle`.
    pub fn stdout_has(self, needle: &str) -> Run {
        assert!(
            self.stdout.contains(needle),
            "stdout of `{}` lacks {needle:?}\n--- stdout\n{}",
            self.command,
            self.stdout
        );
        self
    }

    /// Parses standard output as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout of `{}` is not JSON ({e}):\n{}",
                self.command, self.stdout
            )
        })
    }

    /// The stderr lines that start with `portfolio: error:`.
    pub fn error_line(&self) -> &str {
        self.stderr
            .lines()
            .find(|l| l.starts_with("portfolio: error:"))
            .unwrap_or("")
    }
}
