//! `portfolio.toml`: `init`, discovery order, overrides by flags, and errors.

use crate::harness::{example, Case};
use serde_json::{json, Value};

const AS_OF: &str = "2026-10-31";

fn example_csv() -> String {
    example("clients.csv").display().to_string()
}

/// `portfolio score examples/clients.csv --as-of … --format json` plus `extra`, in a
/// temp dir holding `files`, with `env`.
fn score(extra: &[&str], files: &[(&str, &str)], env: &[(&str, &str)]) -> Value {
    let mut case = Case::new(["score".to_string(), example_csv()])
        .args(["--as-of", AS_OF, "--format", "json"])
        .args(extra.iter().copied());
    for (name, text) in files {
        case = case.file(name, text);
    }
    for (k, v) in env {
        case = case.env(k, v);
    }
    case.run().code(0).json()
}

fn verdicts(doc: &Value) -> Vec<(String, String)> {
    doc["clients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["client"].as_str().unwrap().to_string(),
                c["verdict"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn init_writes_the_defaults_and_scoring_with_them_changes_nothing() {
    let init = Case::new(["init"]).run().code(0);
    let written = std::fs::read_to_string(init.dir.path().join("portfolio.toml")).unwrap();
    assert!(written.contains("target_margin_ratio = 0.5"));
    let with_file = score(
        &["--config", "portfolio.toml"],
        &[("portfolio.toml", &written)],
        &[],
    );
    let without = score(&[], &[], &[]);
    assert_eq!(with_file, without);
    // A second init does not overwrite the file.
    let again = Case::new(["init"])
        .file("portfolio.toml", "notice_days = 45\n")
        .run()
        .code(1);
    assert!(
        again.stderr.contains("exists: pass --force"),
        "{}",
        again.stderr
    );
}

#[test]
fn a_changed_threshold_changes_the_verdicts() {
    let strict = score(
        &[],
        &[(
            "portfolio.toml",
            "target_margin_ratio = 0.8\nmargin_floor_ratio = 0.6\n",
        )],
        &[],
    );
    let default = score(&[], &[], &[]);
    assert_eq!(strict["settings"]["target_margin_ratio"], json!(0.8));
    let count = |doc: &Value, v: &str| verdicts(doc).iter().filter(|(_, x)| x == v).count();
    assert!(
        count(&strict, "fire") > count(&default, "fire"),
        "a higher floor fires more"
    );
    assert!(count(&strict, "retain") < count(&default, "retain"));
}

#[test]
fn discovery_is_flag_then_environment_then_local_file_then_defaults() {
    let files = [
        ("flag.toml", "notice_days = 10\n"),
        ("env.toml", "notice_days = 20\n"),
        ("portfolio.toml", "notice_days = 40\n"),
    ];
    let env = [("PORTFOLIO_CONFIG", "env.toml")];
    let notice = |doc: Value| doc["settings"]["notice_days"].clone();
    assert_eq!(
        notice(score(&["--config", "flag.toml"], &files, &env)),
        json!(10)
    );
    assert_eq!(notice(score(&[], &files, &env)), json!(20));
    assert_eq!(notice(score(&[], &files, &[])), json!(40));
    assert_eq!(notice(score(&[], &[], &[])), json!(30));
    // A flag overrides the file.
    assert_eq!(
        notice(score(&["--notice-days", "55"], &files, &[])),
        json!(55)
    );
}

/// `portfolio score` on the example with this portfolio.toml, which must fail (exit 1).
fn failing_with(settings: &str) -> crate::harness::Run {
    Case::new(["score".to_string(), example_csv()])
        .args(["--as-of", AS_OF])
        .file("portfolio.toml", settings)
        .run()
        .code(1)
}

#[test]
fn bad_settings_files_are_errors_that_name_the_key() {
    let run = failing_with;
    assert_eq!(
        run("notice_dayz = 45\n").error_line(),
        "portfolio: error: portfolio.toml: unknown key `notice_dayz`: did you mean `notice_days`?"
    );
    assert_eq!(
        run("[health_weights]\nmargin = 2000\n").error_line(),
        "portfolio: error: portfolio.toml: `health_weights.margin` = 2000: expected a weight from 0 to 100"
    );
    Case::new([
        "score".to_string(),
        example_csv(),
        "--config".into(),
        "missing.toml".into(),
    ])
    .run()
    .code(1)
    .stderr_has("missing.toml");
}

fn client<'a>(doc: &'a Value, name: &str) -> &'a Value {
    crate::harness::client(doc, name)
}

#[test]
fn an_override_sets_the_verdict_until_it_expires() {
    let file = "[[override]]\nclient = \"northwind traders\"\nverdict = \"retain\"\nreason = \"strategic logo; renegotiating in Q1\"\nuntil = 2026-12-31\n\n\
                [[override]]\nclient = \"Lumen Studio\"\nverdict = \"reprice\"\nreason = \"one more try\"\nuntil = \"2026-09-30\"\n\n\
                [[override]]\nclient = \"Nobody Ltd\"\nverdict = \"fire\"\nreason = \"typo\"\n";
    let doc = score(&[], &[("portfolio.toml", file)], &[]);
    let northwind = client(&doc, "Northwind Traders");
    assert_eq!(northwind["verdict"], json!("retain"));
    assert_eq!(northwind["rule"], json!("override"));
    assert_eq!(
        northwind["override"],
        json!({"reason": "strategic logo; renegotiating in Q1", "until": "2026-12-31", "rules_verdict": "fire"})
    );
    assert_eq!(
        northwind["reasons"][0]["text"],
        json!("set to retain by hand until 2026-12-31: strategic logo; renegotiating in Q1 (the rules say fire)")
    );
    // Expired on 2026-09-30 (the report is as of 2026-10-31): the rules decide, with a warning.
    let lumen = client(&doc, "Lumen Studio");
    assert_eq!(
        (lumen["verdict"].clone(), lumen["override"].clone()),
        (json!("fire"), Value::Null)
    );
    let warnings = doc["warnings"].to_string();
    assert!(
        warnings.contains("override of \\\"Lumen Studio\\\" to reprice expired on 2026-09-30"),
        "{warnings}"
    );
    assert!(
        warnings.contains("override for \\\"Nobody Ltd\\\" matches no client"),
        "{warnings}"
    );
    // The settings echo lists the overrides.
    assert_eq!(doc["settings"]["override"][0]["until"], json!("2026-12-31"));
    assert_eq!(doc["settings"]["override"][2]["until"], Value::Null);
}

#[test]
fn an_override_needs_a_reason_and_a_known_verdict() {
    let run = failing_with;
    assert!(
        run("[[override]]\nclient = \"A\"\nverdict = \"retain\"\nreason = \" \"\n")
            .stderr
            .contains("`override.reason` for \"A\": expected why")
    );
    assert!(
        run("[[override]]\nclient = \"A\"\nverdict = \"keep\"\nreason = \"x\"\n")
            .stderr
            .contains("unknown variant `keep`, expected one of `fire`, `reprice`, `retain`")
    );
    assert!(run(
        "[[override]]\nclient = \"A\"\nverdict = \"fire\"\nreason = \"x\"\nuntil = \"soon\"\n"
    )
    .stderr
    .contains("\"soon\" is not a date as YYYY-MM-DD"));
}

#[test]
fn explain_says_a_verdict_was_set_by_hand() {
    let run = Case::new(["explain", "Northwind Traders"])
        .arg_path(example("clients.csv"))
        .args(["--as-of", AS_OF])
        .file(
            "portfolio.toml",
            "[[override]]\nclient = \"Northwind Traders\"\nverdict = \"retain\"\nreason = \"strategic logo\"\n",
        )
        .run()
        .code(0);
    assert!(
        run.stdout.contains("verdict: RETAIN (rule `override`)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(
        "set by hand in the settings file (until removed): strategic logo; the rules say fire"
    ));
}

#[test]
fn worst_wins_health_and_bands_follow_the_settings() {
    let weighted = score(&[], &[], &[]);
    let worst = score(
        &[],
        &[("portfolio.toml", "health_model = \"worst\"\n")],
        &[],
    );
    let component_min = |c: &Value| {
        c["metrics"]["health_components"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["weight"].as_f64().unwrap() > 0.0)
            .map(|x| x["score"].as_f64().unwrap())
            .fold(f64::INFINITY, f64::min)
    };
    for c in worst["clients"].as_array().unwrap() {
        if let Some(h) = c["health"].as_f64() {
            assert_eq!(h, component_min(c), "{}", c["client"]);
        }
    }
    let band = |doc: &Value, name: &str| client(doc, name)["health_band"].clone();
    let h = client(&weighted, "Northwind Traders")["health"]
        .as_f64()
        .unwrap();
    assert_eq!(h, 55.1);
    assert_eq!(band(&weighted, "Northwind Traders"), json!("watch"));
    // Raise the bar for "watch" above 55.1: the same client is at risk.
    let strict = score(
        &[],
        &[("portfolio.toml", "health_watch_min_score = 60\n")],
        &[],
    );
    assert_eq!(band(&strict, "Northwind Traders"), json!("at_risk"));
}
