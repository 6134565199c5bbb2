//! `portfolio notice`: the exit notice for a fire client and for a red-flag client,
//! in English, Hungarian and Persian (snapshots), and a user's own template.

use crate::harness::{example, Case};

fn notice(client: &str, lang: &str) -> String {
    Case::new(["notice", client])
        .arg_path(example("clients.csv"))
        .args(["--as-of", "2026-10-31", "--lang", lang])
        .file(
            "portfolio.toml",
            "[notice]\nagency = \"Studio Nord\"\nsigner = \"Anna Kovács\"\n",
        )
        .run()
        .code(0)
        .stdout
}

#[test]
fn a_fire_client_in_three_languages() {
    // Lumen Studio: margin beyond repair and scope creep; notice today, exit in 30 days.
    insta::assert_snapshot!("notice_fire_en", notice("Lumen Studio", "en"));
    insta::assert_snapshot!("notice_fire_hu", notice("Lumen Studio", "hu"));
    insta::assert_snapshot!("notice_fire_fa", notice("Lumen Studio", "fa"));
}

#[test]
fn a_red_flag_client_gets_the_short_direct_form() {
    insta::assert_snapshot!("notice_red_flag_en", notice("پارس دیجیتال", "en"));
    insta::assert_snapshot!("notice_red_flag_hu", notice("پارس دیجیتال", "hu"));
    insta::assert_snapshot!("notice_red_flag_fa", notice("پارس دیجیتال", "fa"));
}

#[test]
fn the_dates_and_reasons_are_the_verdicts() {
    let en = notice("Lumen Studio", "en");
    assert!(en.contains("given on 31 October 2026: our last working day for you will be 30 November 2026, 30 days from now"));
    assert!(en.contains("- the work this engagement needs costs more than its fee covers"));
    assert!(en.trim_end().ends_with("Anna Kovács\nStudio Nord"));
    let fa = notice("Lumen Studio", "fa");
    assert!(fa.starts_with("<div dir=\"rtl\" lang=\"fa\">"));
    assert!(fa.contains("۱۴۰۵/۰۹/۰۹") && fa.contains("۳۰ روز"));
}

#[test]
fn a_user_template_with_every_placeholder() {
    let template = "To {client} from {agency} ({signer}), {date}\n\
        Notice on {notice_date}, last day {exit_date} ({notice_days} days).\n\n\
        {reasons}\n\n{handover}\n";
    let out = Case::new(["notice", "Szabó Design Stúdió"])
        .arg_path(example("clients.csv"))
        .args(["--as-of", "2026-10-31"])
        .file("exit.md", template)
        .file(
            "portfolio.toml",
            "[notice]\ntemplate = \"exit.md\"\nagency = \"Studio Nord\"\nsigner = \"Anna\"\nlanguage = \"hu\"\nhandover = \"Mindent átadunk.\"\n",
        )
        .run()
        .code(0)
        .stdout;
    assert_eq!(
        out,
        "To Szabó Design Stúdió from Studio Nord (Anna), 2026. október 31.\n\
         Notice on 2026. október 31., last day 2026. november 30. (30 days).\n\n\
         - munkamódszereink nem illeszkednek egymáshoz, és a számlák kiegyenlítése rendszeresen késett\n\
         - a megbízás a jelenlegi díj mellett már nem fedezi a költségeit\n\n\
         Mindent átadunk.\n"
    );
    // An unknown placeholder is named, with the known ones.
    Case::new(["notice", "Szabó Design Stúdió"])
        .arg_path(example("clients.csv"))
        .args(["--as-of", "2026-10-31"])
        .file("exit.md", "Dear {name}")
        .file("portfolio.toml", "[notice]\ntemplate = \"exit.md\"\n")
        .run()
        .code(1)
        .stderr_has("exit.md: unknown placeholder {name} (expected one of {client}, {agency}");
}

#[test]
fn a_client_not_to_fire_needs_force() {
    Case::new(["notice", "Kovács és Társa Kft."])
        .arg_path(example("clients.csv"))
        .args(["--as-of", "2026-10-31"])
        .run()
        .code(1)
        .stderr_has("Kovács és Társa Kft.'s verdict is reprice, not fire: pass --force");
    let html = Case::new([
        "notice",
        "Kovács és Társa Kft.",
        "--force",
        "--format",
        "html",
    ])
    .arg_path(example("clients.csv"))
    .args(["--as-of", "2026-10-31"])
    .run()
    .code(0)
    .stdout;
    assert!(html.starts_with("<!doctype html>\n<html lang=\"en\" dir=\"ltr\">"));
    assert!(html.contains("<li>the engagement no longer covers its costs at the current fee</li>"));
}

#[test]
fn a_forced_notice_honours_the_contracts_longer_notice() {
    // A healthy client with no contract end and 60 days' notice in its contract:
    // notice today (31 Oct), earliest exit 30 Dec, so the month end 31 Dec.
    let csv = "client,revenue,cost,hours,notice_days\nSteady Ltd,10000,5000,50,60\n";
    Case::new(["notice", "Steady Ltd", "--force", "clients.csv"])
        .args(["--as-of", "2026-10-31"])
        .file("clients.csv", csv)
        .run()
        .code(0)
        .stdout_has("given on 31 October 2026: our last working day for you will be 31 December 2026, 61 days from now");
}
