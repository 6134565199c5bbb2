//! `portfolio.toml`: the settings file, read into [`Settings`] with every key and
//! value checked. A misspelt key is an error that names the closest valid one;
//! an out-of-range value names the key and what it accepts.

use crate::error::{Error, Result};
use crate::model::Settings;

/// Tables whose keys are free (fit aspects are whatever the input's columns say).
const FREE_TABLES: &[&str] = &["fit_aspect_weights", "people", "rates"];

/// Parses and checks a settings file's text; keys left out keep their defaults.
pub fn parse_settings(text: &str, file: &str) -> Result<Settings> {
    let fail = |message: String| Error::Config {
        file: file.to_string(),
        message,
    };
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| fail(toml_message(text, &e)))?;
    let known = toml::Table::try_from(Settings::default())
        .map_err(|e| fail(format!("internal: defaults do not serialize ({e})")))?;
    check_keys(&table, &known, "", true).map_err(fail)?;
    let settings: Settings = toml::from_str(text).map_err(|e| fail(toml_message(text, &e)))?;
    settings.validate().map_err(fail)?;
    check_column_maps(&settings.columns).map_err(fail)?;
    Ok(settings)
}

/// Every `[columns.<file>]` key must be one of that file's columns.
fn check_column_maps(maps: &crate::model::settings::ColumnMaps) -> std::result::Result<(), String> {
    for kind in crate::model::records::FileKind::ALL {
        let table = kind.table();
        let names: Vec<&str> = kind.columns().iter().map(|c| c.name).collect();
        for (ours, theirs) in maps.get(kind).into_iter().flatten() {
            if !names.contains(&ours.as_str()) {
                return Err(unknown_key(
                    &format!("columns.{table}.{ours}"),
                    ours,
                    &names,
                    &format!("columns.{table}."),
                ));
            }
            if theirs.trim().is_empty() {
                return Err(format!(
                    "`columns.{table}.{ours}`: expected the file's header name, e.g. \"Munkanap\""
                ));
            }
        }
    }
    Ok(())
}

/// A TOML error as `line N, key `k`: message`, in words a user knows.
fn toml_message(text: &str, e: &toml::de::Error) -> String {
    let message = e
        .message()
        .trim_end_matches('\n')
        .replace("expected u32", "expected a whole number, 0 or more")
        .replace("expected f64", "expected a number");
    let Some(span) = e.span() else {
        return message;
    };
    let start = span.start.min(text.len());
    let line = text[..start].matches('\n').count() + 1;
    // The key the value belongs to: the text before `=` on that line, under the
    // last `[table]` header above it.
    let line_text = text.lines().nth(line - 1).unwrap_or_default();
    let table = text.lines().take(line - 1).filter_map(|l| {
        let l = l.trim();
        l.strip_prefix('[')
            .and_then(|r| r.strip_suffix(']'))
            .map(str::trim)
    });
    let key = line_text
        .split_once('=')
        .map(|(k, _)| k.trim())
        .filter(|k| !k.is_empty());
    match (key, table.last()) {
        (Some(k), Some(t)) => format!("line {line}, key `{t}.{k}`: {message}"),
        (Some(k), None) => format!("line {line}, key `{k}`: {message}"),
        _ => format!("line {line}: {message}"),
    }
}

/// Every key of `table` must exist in `known` (at the same place).
fn check_keys(
    table: &toml::Table,
    known: &toml::Table,
    prefix: &str,
    top: bool,
) -> std::result::Result<(), String> {
    for (key, value) in table {
        let path = format!("{prefix}{key}");
        // `currency` has no default and `people` none by default, so the serialized
        // defaults leave them out.
        const UNSERIALIZED: [&str; 5] = ["currency", "people", "columns", "notice", "rates"];
        let known_here = known.get(key).is_some() || (top && UNSERIALIZED.contains(&key.as_str()));
        if !known_here {
            let mut names: Vec<&str> = known.keys().map(String::as_str).collect();
            if top {
                names.extend(UNSERIALIZED);
            }
            return Err(unknown_key(&path, key, &names, prefix));
        }
        if let (toml::Value::Table(inner), Some(toml::Value::Table(known_inner))) =
            (value, known.get(key))
        {
            if !FREE_TABLES.contains(&path.as_str()) {
                check_keys(inner, known_inner, &format!("{path}."), false)?;
            }
        }
    }
    Ok(())
}

use super::columns::edit_distance;

fn unknown_key(path: &str, key: &str, names: &[&str], prefix: &str) -> String {
    let closest = names
        .iter()
        .map(|n| (edit_distance(key, n), *n))
        .min()
        .filter(|(d, n)| *d <= n.len().max(key.len()) / 2);
    match closest {
        Some((_, n)) => format!("unknown key `{path}`: did you mean `{prefix}{n}`?"),
        None => format!(
            "unknown key `{path}`: expected one of {}",
            names
                .iter()
                .map(|n| format!("`{prefix}{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse_settings(text, "portfolio.toml")
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn an_empty_file_is_the_defaults_and_keys_override_them() {
        assert_eq!(parse_settings("", "p.toml").unwrap(), Settings::default());
        let s = parse_settings(
            "target_margin_ratio = 0.6\nnotice_days = 60\n[health_weights]\nfit = 0.5\n[fit_aspect_weights]\nstrategic = 1.5\n",
            "p.toml",
        )
        .unwrap();
        assert_eq!((s.target_margin_ratio, s.notice_days), (0.6, 60));
        assert_eq!(s.health_weights.fit, 0.5);
        assert_eq!(
            s.health_weights.margin, 0.3,
            "unnamed keys keep their default"
        );
        assert_eq!(s.fit_aspect_weights.get("strategic"), Some(&1.5));
    }

    #[test]
    fn misspelt_keys_name_the_closest_valid_one() {
        assert_eq!(
            err("target_margin = 0.5\n"),
            "portfolio.toml: unknown key `target_margin`: did you mean `target_margin_ratio`?"
        );
        assert_eq!(
            err("[churn_weights]\nsilense = 0.5\n"),
            "portfolio.toml: unknown key `churn_weights.silense`: did you mean `churn_weights.silence`?"
        );
        assert!(err("zzz = 1\n").contains("expected one of"));
    }

    #[test]
    fn out_of_range_and_mistyped_values_name_the_key() {
        assert_eq!(
            err("margin_floor_ratio = 1.5\n"),
            "portfolio.toml: `margin_floor_ratio` = 1.5: expected a ratio from 0 to 1 (0.25 = 25%)"
        );
        assert!(err("margin_floor_ratio = 0.6\n").contains("expected floor <= target"));
        assert_eq!(
            err("notice_days = \"thirty\"\n"),
            "portfolio.toml: line 1, key `notice_days`: invalid type: string \"thirty\", expected a whole number, 0 or more"
        );
        assert!(err("[health_weights]\nmargin = \"x\"\n")
            .contains("line 2, key `health_weights.margin`"));
        assert!(
            err("[health_weights]\nmargin = 0\nscope = 0\nlateness = 0\nfit = 0\nchurn = 0\n")
                .contains("at least one weight")
        );
        assert!(err("currency = \"euro\"\n").contains("ISO 4217"));
        let e = err("natural_conclusion = \"year\"\n");
        assert!(e.contains("line 1") && e.contains("year"), "{e}");
    }

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("ügyfél", "ugyfel"), 2);
        // A swap of neighbours is one edit.
        assert_eq!(edit_distance("dtae", "date"), 1);
        assert_eq!(edit_distance("reveune", "revenue"), 1);
    }

    /// One file per range check in `Settings::validate`, and the key its error names:
    /// the one the file sets (`[table]` and `key = value`), or what two must satisfy.
    #[test]
    fn every_range_check_names_its_key() {
        let one_key = [
            "target_margin_ratio = 1.0",
            "margin_floor_ratio = -0.1",
            "max_rate_rise_ratio = 11",
            "scope_overrun_max_ratio = -1",
            "scope_overrun_chronic_ratio = 12",
            "out_of_scope_requests_max = 20000",
            "days_late_max = 4000",
            "days_late_chronic = -1",
            "poor_fit_score = 101",
            "[fit_aspect_weights]\nrespect = -2",
            "rate_review_months = 0",
            "rate_review_rise_ratio = 20",
            "notice_days = 4000",
            "period_months = 0",
            "at_risk_churn = 1.5",
            "contact_quiet_days = 4000",
            "contact_silent_days = 0",
            "contract_end_window_days = 0",
            "[churn_weights]\nnps = 2",
            "tier_a_profit_share = 1.2",
            "[health_weights]\nchurn = -1",
            "health_healthy_min_score = 120",
            "retention_incentive_max_share = 2",
            "clv_horizon_months = 0",
            "clv_monthly_discount_ratio = 1.5",
            "prepayment_discount_ratio = -0.5",
            "currency = \"eur\"",
            "[[override]]\nclient = \" \"\nverdict = \"fire\"\nreason = \"x\"",
        ]
        .map(|text| {
            let (table, rest) = text.split_once("]\n").unwrap_or(("", text));
            let table = table.trim_matches(['[', ']']);
            let key = rest.split(" =").next().unwrap_or_default();
            let dot = if table.is_empty() { "" } else { "." };
            (text, format!("`{table}{dot}{key}`"))
        });
        let pairs = [
            (
                "target_margin_ratio = 0.2\nmargin_floor_ratio = 0.25",
                "expected floor <= target",
            ),
            (
                "contact_quiet_days = 90\ncontact_silent_days = 60",
                "expected quiet < silent",
            ),
            (
                "tier_a_profit_share = 0.9\ntier_b_profit_share = 0.8",
                "expected A <= B",
            ),
            ("health_watch_min_score = 80", "expected watch <= healthy"),
        ];
        let pairs = pairs.map(|(text, says)| (text, says.to_string()));
        for (text, key) in one_key.into_iter().chain(pairs) {
            let err = parse_settings(text, "p.toml").unwrap_err().to_string();
            assert!(
                err.contains(&key),
                "{text:?} gave {err:?}, expected it to name {key}"
            );
        }
    }
}
