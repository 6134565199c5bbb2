//! SPEC 5, the JSON document: it matches `schema/report.schema.json`, the fixed keys are
//! spelled as SPEC 5 spells them, and money is the exact decimal.

use crate::harness::{client, data, example, Case, Run};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};
use serde_json::{json, Number, Value};
use std::path::Path;
use std::str::FromStr;

const AS_OF: &str = "2026-10-31";

/// `portfolio score FILE --as-of 2026-10-31 --format json [extra…]`, which must exit 0.
fn score_json(file: &Path, extra: &[&str]) -> Run {
    Case::new(["score"])
        .arg_path(file)
        .args(["--as-of", AS_OF, "--format", "json", "--pretty"])
        .args(extra.iter().copied())
        .run()
        .code(0)
}

/// The JSON document for `examples/clients.csv`.
fn example_run() -> Run {
    score_json(&example("clients.csv"), &[])
}

fn schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/report.schema.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// A validator for the shipped schema; `format` (here: `date`) is asserted, not just annotated.
fn validator() -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema())
        .unwrap_or_else(|e| panic!("schema/report.schema.json does not compile: {e}"))
}

/// Every schema violation of `doc`, one line each.
fn violations(doc: &Value) -> Vec<String> {
    validator()
        .iter_errors(doc)
        .map(|e| {
            format!(
                "at {:?}: {e} (schema {})",
                e.instance_path.as_str(),
                e.schema_path
            )
        })
        .collect()
}

fn assert_valid(doc: &Value, what: &str) {
    let errors = violations(doc);
    assert!(
        errors.is_empty(),
        "{what} does not match schema/report.schema.json ({} errors):\n{}",
        errors.len(),
        errors.join("\n")
    );
}

/// Exact decimal from a JSON number's text (`serde_json` keeps it with `arbitrary_precision`).
fn dec(n: &Number) -> Decimal {
    let text = n.to_string();
    Decimal::from_str(&text)
        .or_else(|_| Decimal::from_scientific(&text))
        .unwrap_or_else(|e| panic!("{text} is not a decimal: {e}"))
}

fn dec_of(v: &Value) -> Decimal {
    match v {
        Value::Number(n) => dec(n),
        other => panic!("expected a JSON number, got {other}"),
    }
}

// ---------------------------------------------------------------------------------------------
// The schema.

#[test]
fn the_schema_is_valid_draft_2020_12() {
    let schema = schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    if let Err(e) = jsonschema::meta::validate(&schema) {
        panic!(
            "schema/report.schema.json is not a valid draft 2020-12 schema: {e} at {}",
            e.instance_path
        );
    }
}

#[test]
fn example_output_matches_the_schema() {
    let doc = example_run().json();
    assert_valid(&doc, "`score examples/clients.csv --format json`");
}

/// Rejected rows, an aging breakdown, a red flag (text reason value) and a client with
/// no health, so the schema's less common branches are exercised too.
#[test]
fn sparse_input_with_rejected_rows_matches_the_schema() {
    let csv = "client,revenue,cost,hours,contracted_hours,late_invoice_ratio,aging_current,aging_1_30,aging_31_60,aging_61_90,aging_90_plus,notice_days,previous_revenue,red_flag\n\
               Aged,1000.50,400,10,0,0.25,100,200,0,50.5,10,45,1200,\n\
               Bare,0,,,,,,,,,,,,\n\
               Bad,abc,400,10,,,,,,,,,,\n\
               Negative,100,50,-4,,,,,,,,,,\n\
               Flag,5000,4900,50,40,,,,,,,,,shouted at staff\n";
    let run = Case::new(["score", "clients.csv", "--as-of", AS_OF, "--format", "json"])
        .file("clients.csv", csv)
        .run()
        .code(0);
    let doc = run.json();
    assert_valid(&doc, "the sparse input's report");
    // The branches this test is for are really there.
    assert_eq!(
        doc["rejected"].as_array().map(Vec::len),
        Some(2),
        "{}",
        doc["rejected"]
    );
    assert_eq!(doc["rejected"][0]["column"], "revenue");
    assert!(client(&doc, "Aged")["metrics"]["aging"].is_object());
    assert_eq!(
        client(&doc, "Aged")["metrics"]["aging"]["d61_90"].to_string(),
        "50.50"
    );
    assert!(client(&doc, "Bare")["health"].is_null());
    assert!(client(&doc, "Flag")["reasons"][0]["value"].is_string());
    assert!(client(&doc, "Flag")["reasons"][0]["threshold"].is_null());
    assert!(!doc["warnings"].as_array().unwrap().is_empty());
}

/// NDJSON lines are the client objects of the document: `$defs/client` of the same schema.
#[test]
fn ndjson_lines_match_the_client_definition() {
    let mut client_schema = schema();
    let obj = client_schema.as_object_mut().unwrap();
    for key in ["type", "additionalProperties", "required", "properties"] {
        obj.remove(key);
    }
    obj.insert("$ref".into(), Value::String("#/$defs/client".into()));
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&client_schema)
        .expect("client schema");
    let run = Case::new(["score"])
        .arg_path(example("clients.csv"))
        .args(["--as-of", AS_OF, "--format", "ndjson", "-q"])
        .run()
        .code(0);
    let mut errors = Vec::new();
    for (i, line) in run.stdout.lines().enumerate() {
        let v: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("NDJSON line {} is not JSON ({e}): {line}", i + 1));
        errors.extend(
            validator
                .iter_errors(&v)
                .map(|e| format!("line {}: at {:?}: {e}", i + 1, e.instance_path.as_str())),
        );
    }
    assert_eq!(run.stdout.lines().count(), 24);
    assert!(
        !validator.is_valid(&json!({"client": "x"})),
        "$defs/client accepts anything"
    );
    assert!(
        errors.is_empty(),
        "NDJSON lines do not match $defs/client:\n{}",
        errors.join("\n")
    );
}

/// The schema can fail: every one of these edits of a valid document must be caught.
#[test]
fn the_schema_rejects_renamed_dropped_and_mistyped_keys() {
    let valid = example_run().json();
    assert_valid(&valid, "the unedited document");
    let edits: Vec<(&str, Edit)> = vec![
        (
            "metrics.margin_ratio renamed to margin",
            rename("/clients/0/metrics", "margin_ratio", "margin"),
        ),
        (
            "schema_version renamed to version",
            rename("", "schema_version", "version"),
        ),
        (
            "aging.d90_plus renamed to d90",
            set(
                "/clients/0/metrics/aging",
                json!({"current": 0, "d1_30": 0, "d31_60": 0, "d61_90": 0, "d90": 0}),
            ),
        ),
        ("portfolio.hhi dropped", without("/portfolio", "hhi")),
        (
            "after_actions.margin_ratio dropped",
            without("/portfolio/after_actions", "margin_ratio"),
        ),
        (
            "next_step.retention_offer dropped",
            without("/clients/0/next_step", "retention_offer"),
        ),
        ("an unknown top-level key", put("", "surprise", json!(true))),
        (
            "revenue as a string",
            set("/clients/0/metrics/revenue", json!("7000.00")),
        ),
        ("verdict keep", set("/clients/0/verdict", json!("keep"))),
        (
            "value_tier D",
            set("/clients/0/metrics/value_tier", json!("D")),
        ),
        ("health 101", set("/clients/0/health", json!(101.0))),
        (
            "churn_risk 1.5",
            set("/clients/0/metrics/churn_risk", json!(1.5)),
        ),
        ("as_of 31/10/2026", set("/as_of", json!("31/10/2026"))),
        (
            "exit_date 2026-02-30",
            set("/clients/0/next_step/exit_date", json!("2026-02-30")),
        ),
        ("schema_version 2", set("/schema_version", json!(2))),
        (
            "a reason's value as an object",
            set("/clients/0/reasons/0/value", json!({"x": 1})),
        ),
        (
            "a rejection without its line",
            put(
                "/rejected",
                "0",
                json!({"file": "f.csv", "column": "revenue", "value": "x", "expected": "a decimal"}),
            ),
        ),
    ];
    let mut missed = Vec::new();
    for (what, edit) in &edits {
        let mut doc = valid.clone();
        edit(&mut doc);
        if violations(&doc).is_empty() {
            missed.push(*what);
        }
    }
    assert!(
        missed.is_empty(),
        "schema/report.schema.json accepts broken documents: {missed:?}"
    );

    // The headline case, with the error that names the stray key.
    let mut doc = valid.clone();
    rename("/clients/0/metrics", "margin_ratio", "margin")(&mut doc);
    let errors = violations(&doc).join("\n");
    assert!(errors.contains("margin"), "{errors}");
}

/// An edit of a JSON document.
type Edit = Box<dyn Fn(&mut Value)>;

/// Renames key `from` of the object at JSON pointer `path`.
fn rename(path: &'static str, from: &'static str, to: &'static str) -> Edit {
    Box::new(move |doc| {
        let obj = doc
            .pointer_mut(path)
            .and_then(Value::as_object_mut)
            .unwrap_or_else(|| panic!("no object at {path:?}"));
        let v = obj
            .remove(from)
            .unwrap_or_else(|| panic!("no key {from} at {path:?}"));
        obj.insert(to.to_string(), v);
    })
}

/// Removes key `key` of the object at JSON pointer `path`.
fn without(path: &'static str, key: &'static str) -> Edit {
    Box::new(move |doc| {
        let obj = doc
            .pointer_mut(path)
            .and_then(Value::as_object_mut)
            .unwrap_or_else(|| panic!("no object at {path:?}"));
        obj.remove(key)
            .unwrap_or_else(|| panic!("no key {key} at {path:?}"));
    })
}

/// Replaces the value at JSON pointer `pointer`.
fn set(pointer: &'static str, value: Value) -> Edit {
    Box::new(move |doc| {
        *doc.pointer_mut(pointer)
            .unwrap_or_else(|| panic!("nothing at {pointer:?}")) = value.clone()
    })
}

/// Puts `value` under key `key` of the object at `path`, or appends it when `path` is an array.
fn put(path: &'static str, key: &'static str, value: Value) -> Edit {
    Box::new(move |doc| match doc.pointer_mut(path) {
        Some(Value::Object(map)) => {
            map.insert(key.to_string(), value.clone());
        }
        Some(Value::Array(items)) => items.push(value.clone()),
        _ => panic!("nothing to insert into at {path:?}"),
    })
}

// ---------------------------------------------------------------------------------------------
// The SPEC 5 keys, as Rust structs that refuse unknown keys: a rename shows up as an unknown
// key plus a missing one. Keys the product adds beyond SPEC 5 are listed (as `Value`) so the
// structs cover the whole document. Nullable fields use `nullable`, because serde would
// otherwise treat a missing `Option` field as `null`.

/// An `Option` that must be present (as a value or `null`).
fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    Option::<T>::deserialize(d)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Doc {
    schema_version: u32,
    as_of: String,
    // Ledger mode only (null here).
    #[allow(dead_code)]
    period: Value,
    settings: SettingsOut,
    clients: Vec<ClientOut>,
    portfolio: PortfolioOut,
    rejected: Vec<RejectedOut>,
    warnings: Vec<String>,
    // Beyond SPEC 5.
    #[allow(dead_code)]
    currency: Value,
    #[allow(dead_code)]
    rows: Value,
    blanked: Vec<RejectedOut>,
}

/// SPEC 5 names two settings and says `...`: those two must be there; the schema pins the rest.
#[derive(Debug, Deserialize)]
struct SettingsOut {
    target_margin_ratio: f64,
    notice_days: u32,
}

#[derive(Debug, Deserialize, PartialEq, Eq, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum VerdictOut {
    Fire,
    Reprice,
    Retain,
}

#[derive(Debug, Deserialize, PartialEq, Eq, Clone, Copy)]
enum TierOut {
    A,
    B,
    C,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClientOut {
    client: String,
    verdict: VerdictOut,
    #[serde(deserialize_with = "nullable")]
    health: Option<f64>,
    metrics: MetricsOut,
    reasons: Vec<ReasonOut>,
    next_step: NextStepOut,
    warnings: Vec<String>,
    // Beyond SPEC 5.
    #[allow(dead_code)]
    rule: Value,
    #[allow(dead_code)]
    r#override: Value,
    #[allow(dead_code)]
    health_band: Value,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // read through the schema and `Debug`; here for the key names
struct MetricsOut {
    #[serde(deserialize_with = "nullable")]
    revenue: Option<Number>,
    #[serde(deserialize_with = "nullable")]
    cost: Option<Number>,
    #[serde(deserialize_with = "nullable")]
    profit: Option<Number>,
    #[serde(deserialize_with = "nullable")]
    hours: Option<Number>,
    #[serde(deserialize_with = "nullable")]
    margin_ratio: Option<f64>,
    #[serde(deserialize_with = "nullable")]
    effective_rate: Option<Number>,
    #[serde(deserialize_with = "nullable")]
    scope_overrun_ratio: Option<f64>,
    #[serde(deserialize_with = "nullable")]
    out_of_scope_hours: Option<Number>,
    #[serde(deserialize_with = "nullable")]
    out_of_scope_requests: Option<u32>,
    #[serde(deserialize_with = "nullable")]
    avg_days_late: Option<Number>,
    #[serde(deserialize_with = "nullable")]
    late_invoice_ratio: Option<f64>,
    #[serde(deserialize_with = "nullable")]
    overdue: Option<Number>,
    #[serde(deserialize_with = "nullable")]
    aging: Option<AgingOut>,
    #[serde(deserialize_with = "nullable")]
    fit_score: Option<f64>,
    #[serde(deserialize_with = "nullable")]
    churn_risk: Option<f64>,
    #[serde(deserialize_with = "nullable")]
    p_alive: Option<f64>,
    #[serde(deserialize_with = "nullable")]
    value_tier: Option<TierOut>,
    #[serde(deserialize_with = "nullable")]
    revenue_share: Option<f64>,
    #[serde(deserialize_with = "nullable")]
    clv: Option<Number>,
    conversion: Option<Value>,
    clv_basis: Option<String>,
    // Beyond SPEC 5.
    contracted_hours: Value,
    out_of_scope_value: Value,
    profit_share: Value,
    revenue_trend_ratio: Value,
    days_since_contact: Value,
    days_to_contract_end: Value,
    months_since_rate_increase: Value,
    rate_review_due: Value,
    complaints: Value,
    nps: Value,
    hours_per_month: Value,
    red_flag: Value,
    contract_end: Value,
    last_rate_increase: Value,
    notice_days: Value,
    source: Value,
    ledger: Value,
    churn_signals: Value,
    health_components: Value,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // here for the key names
struct AgingOut {
    current: Number,
    d1_30: Number,
    d31_60: Number,
    d61_90: Number,
    d90_plus: Number,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReasonOut {
    metric: String,
    value: Value,
    threshold: Value,
    text: String,
    // Beyond SPEC 5.
    #[allow(dead_code)]
    rule: Value,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // here for the key names
struct NextStepOut {
    action: String,
    #[serde(deserialize_with = "nullable")]
    new_rate: Option<Number>,
    #[serde(deserialize_with = "nullable")]
    rate_rise_ratio: Option<f64>,
    #[serde(deserialize_with = "nullable")]
    exit_date: Option<String>,
    #[serde(deserialize_with = "nullable")]
    notice_date: Option<String>,
    #[serde(deserialize_with = "nullable")]
    freed_hours_per_month: Option<Number>,
    retention_offer: Value,
    // Beyond SPEC 5.
    new_monthly_fee: Value,
    change_order_rate: Value,
    prepayment: Value,
    steps: Value,
    freed_hours_by_person: Value,
    capacity: Value,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // here for the key names
struct PortfolioOut {
    clients: usize,
    revenue: Number,
    cost: Number,
    profit: Number,
    #[serde(deserialize_with = "nullable")]
    margin_ratio: Option<f64>,
    #[serde(deserialize_with = "nullable")]
    largest_client_share: Option<f64>,
    #[serde(deserialize_with = "nullable")]
    hhi: Option<f64>,
    revenue_at_risk: Number,
    after_actions: AfterActionsOut,
    // Beyond SPEC 5.
    largest_client: Value,
    revenue_by_verdict: Value,
    clients_by_verdict: Value,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // here for the key names
struct AfterActionsOut {
    revenue: Number,
    cost: Number,
    profit: Number,
    #[serde(deserialize_with = "nullable")]
    margin_ratio: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // here for the key names
struct RejectedOut {
    file: String,
    line: u64,
    column: String,
    value: String,
    expected: String,
}

fn parse_doc(text: &str) -> Result<Doc, serde_json::Error> {
    serde_json::from_str(text)
}

#[test]
fn output_has_the_spec_5_keys_and_no_misspelled_ones() {
    let run = example_run();
    let doc = parse_doc(&run.stdout)
        .unwrap_or_else(|e| panic!("the JSON document does not have the SPEC 5 keys: {e}"));
    assert_eq!(doc.schema_version, 1);
    assert_eq!(doc.as_of, AS_OF);
    assert_eq!(doc.settings.target_margin_ratio, 0.5);
    assert_eq!(doc.settings.notice_days, 30);
    assert_eq!(doc.clients.len(), 24);
    assert_eq!(doc.portfolio.clients, doc.clients.len());
    assert!(doc.rejected.is_empty() && doc.blanked.is_empty() && doc.warnings.is_empty());
    for verdict in [VerdictOut::Fire, VerdictOut::Reprice, VerdictOut::Retain] {
        assert!(
            doc.clients.iter().any(|c| c.verdict == verdict),
            "no {verdict:?} client"
        );
    }
    for c in &doc.clients {
        if let Some(h) = c.health {
            assert!((0.0..=100.0).contains(&h), "{}: health {h}", c.client);
        }
        if let Some(r) = c.metrics.churn_risk {
            assert!((0.0..=1.0).contains(&r), "{}: churn_risk {r}", c.client);
        }
        assert!(!c.next_step.action.is_empty(), "{}: no action", c.client);
        for r in &c.reasons {
            assert!(
                !r.metric.is_empty() && !r.text.is_empty(),
                "{}: {r:?}",
                c.client
            );
            assert!(
                matches!(r.value, Value::Number(_) | Value::String(_) | Value::Null),
                "{}: {r:?}",
                c.client
            );
            assert!(
                matches!(
                    r.threshold,
                    Value::Number(_) | Value::String(_) | Value::Null
                ),
                "{}: {r:?}",
                c.client
            );
        }
        if c.metrics.margin_ratio.is_none() {
            assert!(
                !c.warnings.is_empty(),
                "{}: margin_ratio is null and no warning says why",
                c.client
            );
        }
        if c.verdict == VerdictOut::Fire {
            assert!(
                c.next_step.exit_date.is_some() && c.next_step.notice_date.is_some(),
                "{}: {:?}",
                c.client,
                c.next_step
            );
        }
    }
    let acme = doc
        .clients
        .iter()
        .find(|c| c.client == "Acme Robotics")
        .expect("Acme Robotics");
    assert_eq!(acme.metrics.value_tier, Some(TierOut::A));
    assert_eq!(
        acme.metrics.revenue.as_ref().map(dec),
        Some(Decimal::new(4200000, 2))
    );
    let revenue: Decimal = doc
        .clients
        .iter()
        .filter_map(|c| c.metrics.revenue.as_ref())
        .map(dec)
        .sum();
    assert_eq!(
        dec(&doc.portfolio.revenue),
        revenue,
        "portfolio revenue vs the clients' revenue"
    );
    assert!(dec(&doc.portfolio.revenue_at_risk) <= revenue);
}

/// The structs above really catch a rename and a drop (including of a nullable figure).
#[test]
fn the_key_structs_reject_renamed_and_dropped_keys() {
    let valid = example_run().json();
    let reparse = |doc: &Value| parse_doc(&serde_json::to_string(doc).unwrap());
    if let Err(e) = reparse(&valid) {
        panic!("the unedited document fails: {e}");
    }
    let mut renamed = valid.clone();
    let metrics = renamed["clients"][0]["metrics"].as_object_mut().unwrap();
    let v = metrics.remove("margin_ratio").unwrap();
    metrics.insert("margin".into(), v);
    let err = reparse(&renamed)
        .expect_err("margin_ratio renamed to margin was accepted")
        .to_string();
    assert!(err.contains("margin"), "{err}");

    let mut dropped = valid.clone();
    dropped["clients"][0]["metrics"]
        .as_object_mut()
        .unwrap()
        .remove("p_alive")
        .unwrap();
    let err = reparse(&dropped)
        .expect_err("a document without p_alive was accepted")
        .to_string();
    assert!(err.contains("p_alive"), "{err}");

    let mut dropped = valid;
    dropped["portfolio"]["after_actions"]
        .as_object_mut()
        .unwrap()
        .remove("margin_ratio")
        .unwrap();
    let err = reparse(&dropped)
        .expect_err("after_actions without margin_ratio was accepted")
        .to_string();
    assert!(err.contains("margin_ratio"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Inputs and money.

#[test]
fn csv_and_json_inputs_give_byte_identical_json() {
    let from_csv = score_json(&example("clients.csv"), &["-q"]).stdout;
    let from_json = score_json(&example("clients.json"), &["-q"]).stdout;
    assert!(!from_csv.is_empty());
    if from_csv != from_json {
        let line = from_csv
            .lines()
            .zip(from_json.lines())
            .position(|(a, b)| a != b)
            .map_or(0, |i| i + 1);
        panic!(
            "clients.csv and clients.json give different JSON; first difference at line {line}:\n  csv:  {:?}\n  json: {:?}",
            from_csv.lines().nth(line.saturating_sub(1)).unwrap_or(""),
            from_json.lines().nth(line.saturating_sub(1)).unwrap_or("")
        );
    }
}

#[test]
fn money_is_the_exact_decimal_and_totals_add_up() {
    let run = example_run();
    let text = &run.stdout;

    // The raw text, not a float: "42,000.00" in the CSV is written 42000.00.
    let acme_at = text
        .find("\"client\": \"Acme Robotics\"")
        .expect("Acme Robotics in the output");
    let acme_text = &text[acme_at..];
    let revenue_at = acme_text.find("\"revenue\": ").expect("Acme's revenue");
    assert!(
        acme_text[revenue_at..].starts_with("\"revenue\": 42000.00,"),
        "Acme's revenue is written {:?}",
        acme_text[revenue_at..].lines().next().unwrap()
    );
    assert!(
        acme_text.contains("\"cost\": 18900.00,"),
        "Acme's cost is not written 18900.00"
    );
    assert!(
        text.contains("\n  \"schema_version\": 1,\n"),
        "schema_version is not the number 1"
    );
    assert!(
        text.contains("\n  \"as_of\": \"2026-10-31\",\n"),
        "as_of is not \"2026-10-31\""
    );

    let doc = run.json();
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["as_of"], AS_OF);
    // No money figure is a string.
    for c in doc["clients"].as_array().unwrap() {
        for key in [
            "revenue",
            "cost",
            "profit",
            "effective_rate",
            "overdue",
            "clv",
        ] {
            let v = &c["metrics"][key];
            assert!(
                v.is_number() || v.is_null(),
                "{}: {key} is {v}",
                c["client"]
            );
        }
    }

    // Totals, summed here with exact decimals from the number text.
    let clients = doc["clients"].as_array().unwrap();
    let sum = |key: &str| -> Decimal {
        clients
            .iter()
            .map(|c| &c["metrics"][key])
            .filter(|v| !v.is_null())
            .map(dec_of)
            .sum()
    };
    let portfolio = &doc["portfolio"];
    assert_eq!(
        dec_of(&portfolio["revenue"]),
        sum("revenue"),
        "portfolio revenue vs the clients' revenue"
    );
    assert_eq!(dec_of(&portfolio["revenue"]), Decimal::new(35850000, 2));
    assert_eq!(portfolio["revenue"].to_string(), "358500.00");
    assert_eq!(
        dec_of(&portfolio["cost"]),
        sum("cost"),
        "portfolio cost vs the clients' cost"
    );
    assert_eq!(
        dec_of(&portfolio["profit"]),
        sum("profit"),
        "portfolio profit vs the clients' profit"
    );
    let by_verdict: Decimal = ["fire", "reprice", "retain"]
        .iter()
        .map(|v| dec_of(&portfolio["revenue_by_verdict"][v]))
        .sum();
    assert_eq!(
        by_verdict,
        dec_of(&portfolio["revenue"]),
        "revenue by verdict vs total revenue"
    );

    // Each client's profit is revenue - cost, to the cent.
    for c in clients {
        let m = &c["metrics"];
        if !m["revenue"].is_null() && !m["cost"].is_null() {
            assert_eq!(
                dec_of(&m["profit"]),
                dec_of(&m["revenue"]) - dec_of(&m["cost"]),
                "{}",
                c["client"]
            );
        }
    }
    // After the actions: fired clients gone, repriced ones at their new monthly fee
    // (the example covers one month); profit over clients with both figures.
    let after = &portfolio["after_actions"];
    let (mut revenue, mut profit) = (Decimal::ZERO, Decimal::ZERO);
    for c in clients.iter().filter(|c| c["verdict"] != "fire") {
        let m = &c["metrics"];
        let fee = &c["next_step"]["new_monthly_fee"];
        let r = if c["verdict"] == "reprice" && !fee.is_null() {
            fee
        } else {
            &m["revenue"]
        };
        if r.is_null() {
            continue;
        }
        revenue += dec_of(r);
        if !m["cost"].is_null() {
            profit += dec_of(r) - dec_of(&m["cost"]);
        }
    }
    assert_eq!(dec_of(&after["revenue"]), revenue);
    assert_eq!(dec_of(&after["profit"]), profit);
}

#[test]
fn settings_with_people_columns_and_notice_match_the_schema() {
    let toml = "[people.\"Anna Kovács\"]\ncost_rate = 45\n\n[columns.time]\ndate = \"Munkanap\"\n\n[notice]\nagency = \"Studio Nord\"\nlanguage = \"hu\"\n";
    let run = Case::new(["score", "--format", "json"])
        .arg_path(example("clients.csv"))
        .args(["--as-of", "2026-10-31"])
        .file("portfolio.toml", toml)
        .run()
        .code(0);
    let doc = run.json();
    assert_eq!(doc["settings"]["people"]["Anna Kovács"]["cost_rate"], 45.0);
    assert_eq!(doc["settings"]["notice"]["language"], "hu");
    assert_valid(&doc, "settings with [people], [columns] and [notice]");
}

#[test]
fn a_client_who_gave_notice_matches_the_schema() {
    let run = Case::new(["score", "-", "--format", "json", "--as-of", "2026-10-31"])
        .stdin("client,revenue,cost,notice_given\nKovács Kft.,5000,4000,2026-10-11\n")
        .run()
        .code(0);
    let doc = run.json();
    let c = client(&doc, "Kovács Kft.");
    assert!(c["next_step"]["action"]
        .as_str()
        .unwrap()
        .starts_with("The client is leaving (gave notice 20 days ago)"));
    assert_eq!(
        c["reasons"].as_array().unwrap().last().unwrap()["rule"],
        "notice_given"
    );
    assert_valid(&doc, "a client who gave notice");
}

/// serde_json's pretty output without the whitespace it adds between tokens:
/// what its compact writer writes.
fn minify(pretty: &str) -> String {
    let mut out = String::with_capacity(pretty.len());
    let (mut in_string, mut escaped) = (false, false);
    for ch in pretty.chars() {
        if in_string {
            out.push(ch);
            if escaped {
                escaped = false;
            } else if ch == '\\' {
                escaped = true;
            } else if ch == '"' {
                in_string = false;
            }
        } else if ch == '"' {
            in_string = true;
            out.push(ch);
        } else if ch != ' ' && ch != '\n' {
            out.push(ch);
        }
    }
    out
}

#[test]
fn compact_json_says_byte_for_byte_what_the_indented_json_says() {
    // Compact JSON (piped: what scripts read) is written field by field for speed;
    // indented JSON goes through serde. Summary mode with rejected rows and red
    // flags, ledger mode (aging, ledger figures, people) and converted currencies.
    let csv = "client,revenue,cost,hours,contracted_hours,late_invoice_ratio,aging_current,aging_1_30,notice_days,previous_revenue,red_flag\n\
               Aged \"Kft.\",1000.50,400,10,0,0.25,100,200,45,1200,\n\
               Bad,abc,400,10,,,,,,,\n\
               Flag,5000,4900,50,40,,,,,,\"shouted \\ at\tstaff\"\n";
    let fx = |n: &str| data(&format!("fx/{n}")).display().to_string();
    let as_of = |mut args: Vec<String>| {
        args.extend(["--as-of".into(), AS_OF.into()]);
        args
    };
    let mut ledger = crate::ledger::ledger_args();
    ledger.extend(["--period".into(), "2026-10".into()]);
    let cases: Vec<(&str, Vec<String>)> = vec![
        (
            "the example",
            as_of(vec![example("clients.csv").display().to_string()]),
        ),
        ("sparse input", as_of(vec!["clients.csv".into()])),
        ("ledger mode", ledger),
        (
            "converted currencies",
            as_of(vec![
                fx("clients.csv"),
                "--rates".into(),
                fx("rates.csv"),
                "--currency".into(),
                "EUR".into(),
            ]),
        ),
    ];
    for (what, args) in cases {
        let run = |extra: &[&str]| {
            Case::new(["score"])
                .args(args.iter().map(String::as_str))
                .args(["-q"])
                .args(extra.iter().copied())
                .file("clients.csv", csv)
                .run()
                .code(0)
                .stdout
        };
        let compact = run(&["--format", "json"]);
        let pretty = run(&["--format", "json", "--pretty"]);
        assert!(compact.len() > 1000, "{what}: {compact}");
        // (Both end in one line break, which `minify` drops.)
        assert!(
            compact.strip_suffix('\n') == Some(minify(&pretty).as_str()),
            "{what}: compact and indented JSON differ\n--- compact\n{compact}\n--- indented, minified\n{}",
            minify(&pretty)
        );
        // NDJSON's lines are the compact report's clients.
        let ndjson = run(&["--format", "ndjson"]);
        let clients: Vec<&str> = ndjson.lines().collect();
        assert!(!clients.is_empty(), "{what}");
        assert!(
            compact.contains(&format!("\"clients\":[{}]", clients.join(","))),
            "{what}"
        );
    }
}
