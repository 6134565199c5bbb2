//! The exit notice for a client: plain, polite and firm, naming the reasons and the
//! date, offering a handover; the short direct form for a red-flag client. Built-in
//! English, Hungarian and Persian templates, or the user's own, with placeholders.

use super::document::{ClientReport, Format, Style};
use super::render::Document;
use super::wording;
use crate::model::calendar::{show_date, Calendar};
pub use crate::model::settings::Lang;
use crate::model::verdict::RuleId;
use chrono::{Datelike, NaiveDate};
use std::io;

/// A filled notice, written as Markdown or as a web page.
#[derive(Debug, Clone, PartialEq)]
pub struct Letter {
    /// The filled template, its names and texts from the data escaped for Markdown.
    pub markdown: String,
    /// The filled template, its names and texts from the data only made printable
    /// (the HTML page escapes the whole text).
    pub plain: String,
    /// Its language (Persian is right to left).
    pub lang: Lang,
}

impl Letter {
    /// The letter `template` makes of `facts`, for every format.
    pub fn new(template: &str, facts: &NoticeFacts, lang: Lang) -> Result<Letter, String> {
        let plain = |s: &str| super::text::printable(s).into_owned();
        Ok(Letter {
            markdown: fill(template, facts, lang, super::markdown::escape)?,
            plain: fill(template, facts, lang, plain)?,
            lang,
        })
    }
}

impl Document for Letter {
    fn formats(&self) -> &'static [Format] {
        &[Format::Markdown, Format::Html]
    }

    fn write(&self, format: Format, _: Style, out: &mut (dyn io::Write + Send)) -> io::Result<()> {
        let text = match format {
            Format::Html => html(&self.plain, self.lang),
            _ => markdown(&self.markdown, self.lang),
        };
        out.write_all(text.as_bytes())
    }
}

/// The placeholders a template may use, each `{name}`.
pub const PLACEHOLDERS: [&str; 9] = [
    "client",
    "agency",
    "signer",
    "date",
    "notice_date",
    "exit_date",
    "notice_days",
    "reasons",
    "handover",
];

/// What fills a template.
#[derive(Debug, Clone, PartialEq)]
pub struct NoticeFacts {
    /// The client.
    pub client: String,
    /// Who is giving notice.
    pub agency: String,
    /// Who signs.
    pub signer: String,
    /// Today (the report date).
    pub date: NaiveDate,
    /// The day notice is given.
    pub notice_date: NaiveDate,
    /// The last working day.
    pub exit_date: NaiveDate,
    /// Rules of the reasons, the deciding one first.
    pub rules: Vec<RuleId>,
    /// Whether the short direct form applies (a red flag).
    pub red_flag: bool,
    /// A handover offer instead of the built-in one.
    pub handover: Option<String>,
}

impl NoticeFacts {
    /// The facts of a client's report line, with the given exit and notice dates.
    pub fn of(
        c: &ClientReport,
        date: NaiveDate,
        notice_date: NaiveDate,
        exit_date: NaiveDate,
    ) -> NoticeFacts {
        let mut rules: Vec<RuleId> = Vec::new();
        for r in &c.reasons {
            if !rules.contains(&r.rule()) {
                rules.push(r.rule());
            }
        }
        NoticeFacts {
            client: c.client.clone(),
            agency: String::new(),
            signer: String::new(),
            date,
            notice_date,
            exit_date,
            red_flag: rules.contains(&RuleId::RedFlag),
            rules,
            handover: None,
        }
    }
}

const HU_MONTHS: [&str; 12] = [
    "január",
    "február",
    "március",
    "április",
    "május",
    "június",
    "július",
    "augusztus",
    "szeptember",
    "október",
    "november",
    "december",
];

/// A date as people of the language write it: `31 December 2026`,
/// `2026. december 31.`, `۱۴۰۵/۱۰/۱۰` (Solar Hijri, Persian digits).
pub fn local_date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::En => d.format("%-d %B %Y").to_string(),
        Lang::Hu => format!(
            "{}. {} {}.",
            d.year(),
            HU_MONTHS[d.month0() as usize],
            d.day()
        ),
        Lang::Fa => local_digits(&show_date(d, Calendar::Persian), lang),
    }
}

/// Digits as the language writes them (Persian digits for Persian).
fn local_digits(text: &str, lang: Lang) -> String {
    let persian = |c: char| c.to_digit(10).and_then(|n| char::from_u32(0x06F0 + n));
    match lang {
        Lang::Fa => text.chars().map(|c| persian(c).unwrap_or(c)).collect(),
        _ => text.to_string(),
    }
}

/// The built-in template: the full letter, or the short direct form.
pub fn builtin(lang: Lang, short: bool) -> &'static str {
    match (lang, short) {
        (Lang::En, false) => include_str!("notices/en.md"),
        (Lang::En, true) => include_str!("notices/en_short.md"),
        (Lang::Hu, false) => include_str!("notices/hu.md"),
        (Lang::Hu, true) => include_str!("notices/hu_short.md"),
        (Lang::Fa, false) => include_str!("notices/fa.md"),
        (Lang::Fa, true) => include_str!("notices/fa_short.md"),
    }
}

/// Checks a template's placeholders; the error names an unknown one and lists the known.
pub fn check_template(template: &str) -> Result<(), String> {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err("a `{` without its `}`".into());
        };
        let name = &after[..close];
        if !PLACEHOLDERS.contains(&name) {
            return Err(format!(
                "unknown placeholder {{{name}}} (expected one of {})",
                PLACEHOLDERS.map(|p| format!("{{{p}}}")).join(", ")
            ));
        }
        rest = &after[close + 1..];
    }
    Ok(())
}

/// Fills a template (its placeholders checked first).
///
/// Names and texts from the data (client, agency, signer, handover) go through
/// `escape`: a client named with terminal escapes, markup or a `javascript:` link
/// must not reach a terminal or a Markdown viewer as such.
pub fn fill(
    template: &str,
    f: &NoticeFacts,
    lang: Lang,
    escape: impl Fn(&str) -> String,
) -> Result<String, String> {
    check_template(template)?;
    // Rules that say the same to a client (late payment, overdue) say it once, and
    // a margin beyond repair already says the fee does not cover the work.
    let mut reasons: Vec<&str> = Vec::new();
    // So do the poor-fit reasons for late payment and scope creep.
    let has = |r: RuleId| f.rules.contains(&r);
    let covered = |r: RuleId| match r {
        RuleId::UnderTargetMargin => has(RuleId::UnrepairableMargin),
        RuleId::LatePayer | RuleId::OverdueOver60Days => has(RuleId::PoorFitLatePayer),
        RuleId::ScopeOverrun | RuleId::OutOfScopeRequests => has(RuleId::PoorFitScopeCreep),
        _ => false,
    };
    // The short direct form names the conduct and nothing else.
    let rules = f
        .rules
        .iter()
        .filter(|r| !covered(**r) && (!f.red_flag || **r == RuleId::RedFlag));
    for r in rules.filter_map(|r| wording::notice_reason(*r, lang)) {
        if !reasons.contains(&r) {
            reasons.push(r);
        }
    }
    if reasons.is_empty() {
        reasons.push(wording::notice_general_reason(lang));
    }
    let list = reasons
        .iter()
        .map(|r| format!("- {r}"))
        .collect::<Vec<_>>()
        .join("\n");
    let days = local_digits(
        &(f.exit_date - f.notice_date).num_days().max(0).to_string(),
        lang,
    );
    let handover = f
        .handover
        .clone()
        .unwrap_or_else(|| wording::notice_handover(lang).to_string());
    let values = [
        ("client", escape(&f.client)),
        ("agency", escape(&f.agency)),
        ("signer", escape(&f.signer)),
        ("date", local_date(f.date, lang)),
        ("notice_date", local_date(f.notice_date, lang)),
        ("exit_date", local_date(f.exit_date, lang)),
        ("notice_days", days),
        ("reasons", list),
        ("handover", escape(&handover)),
    ];
    // No signer: its line goes, rather than leaving a hole under the greeting.
    let mut out: String = if f.signer.is_empty() {
        template
            .lines()
            .filter(|l| l.trim() != "{signer}")
            .map(|l| format!("{l}\n"))
            .collect()
    } else {
        template.to_string()
    };
    for (k, v) in values {
        out = out.replace(&format!("{{{k}}}"), &v);
    }
    Ok(out)
}

/// The notice as Markdown; right to left for Persian.
pub fn markdown(text: &str, lang: Lang) -> String {
    match lang {
        Lang::Fa => format!(
            "<div dir=\"rtl\" lang=\"fa\">\n\n{}\n\n</div>\n",
            text.trim_end()
        ),
        _ => format!("{}\n", text.trim_end()),
    }
}

/// The notice as one HTML page (paragraphs and the reason list), every value escaped.
pub fn html(text: &str, lang: Lang) -> String {
    let esc = super::html::esc;
    let (code, dir) = match lang {
        Lang::En => ("en", "ltr"),
        Lang::Hu => ("hu", "ltr"),
        Lang::Fa => ("fa", "rtl"),
    };
    let mut body = String::new();
    for block in text.trim().split("\n\n") {
        let lines: Vec<&str> = block.lines().collect();
        if lines.iter().all(|l| l.starts_with("- ")) {
            body.push_str("<ul>");
            for l in lines {
                body.push_str(&format!("<li>{}</li>", esc(&l[2..])));
            }
            body.push_str("</ul>\n");
        } else {
            let inner: Vec<String> = lines.iter().map(|l| esc(l)).collect();
            body.push_str(&format!("<p>{}</p>\n", inner.join("<br>")));
        }
    }
    format!(
        "<!doctype html>\n<html lang=\"{code}\" dir=\"{dir}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>Notice</title>\
         <style>body{{font:16px/1.6 system-ui,'Vazirmatn',Tahoma,sans-serif;max-width:40em;margin:2em auto;padding:0 1em}}</style>\
         </head><body>\n{body}</body></html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(rules: Vec<RuleId>) -> NoticeFacts {
        NoticeFacts {
            client: "Kovács Kft.".into(),
            agency: "Studio Nord".into(),
            signer: "Anna Kovács".into(),
            date: "2026-10-31".parse().unwrap(),
            notice_date: "2026-10-31".parse().unwrap(),
            exit_date: "2026-12-31".parse().unwrap(),
            red_flag: rules.contains(&RuleId::RedFlag),
            rules,
            handover: None,
        }
    }

    #[test]
    fn dates_as_each_language_writes_them() {
        let d: NaiveDate = "2026-12-31".parse().unwrap();
        assert_eq!(local_date(d, Lang::En), "31 December 2026");
        assert_eq!(local_date(d, Lang::Hu), "2026. december 31.");
        assert_eq!(local_date(d, Lang::Fa), "۱۴۰۵/۱۰/۱۰");
    }

    #[test]
    fn every_placeholder_is_filled_and_unknown_ones_are_refused() {
        let all = PLACEHOLDERS.map(|p| format!("{p}=[{{{p}}}]")).join("\n");
        let text = fill(
            &all,
            &facts(vec![RuleId::LatePayer, RuleId::LatePayer]),
            Lang::En,
            str::to_string,
        )
        .unwrap();
        assert_eq!(
            text,
            "client=[Kovács Kft.]\nagency=[Studio Nord]\nsigner=[Anna Kovács]\ndate=[31 October 2026]\n\
             notice_date=[31 October 2026]\nexit_date=[31 December 2026]\nnotice_days=[61]\n\
             reasons=[- invoices have repeatedly been paid late]\n\
             handover=[We will hand over every file, account and document in good order, and we are glad to introduce you to a team that fits your needs better.]"
        );
        let e = fill("Dear {name}", &facts(vec![]), Lang::En, str::to_string).unwrap_err();
        assert!(
            e.starts_with("unknown placeholder {name} (expected one of {client}"),
            "{e}"
        );
        // No reason a client should hear: the general one.
        let t = fill(
            "{reasons}",
            &facts(vec![RuleId::RateReviewDue]),
            Lang::Hu,
            str::to_string,
        )
        .unwrap();
        assert_eq!(
            t,
            "- már nem mi vagyunk a megfelelő csapat vállalkozása következő szakaszához"
        );
    }

    #[test]
    fn names_from_the_data_cannot_carry_markup_links_or_terminal_escapes() {
        let evil = NoticeFacts {
            client: "Evil\u{1b}]8;;http://x\u{7}<script>[pay](javascript:alert(1))\u{202E}".into(),
            ..facts(vec![RuleId::LatePayer])
        };
        let letter = Letter::new("Dear {client},\n\n{reasons}", &evil, Lang::En).unwrap();
        assert_eq!(
            letter.markdown,
            "Dear Evil\\u{1b}\\]8;;http://x\\u{7}\\<script\\>\\[pay\\](javascript:alert(1))\\u{202e},\n\n\
             - invoices have repeatedly been paid late"
        );
        let mut page = Vec::new();
        let style = Style::default();
        letter.write(Format::Html, style, &mut page).unwrap();
        let page = String::from_utf8(page).unwrap();
        assert!(
            page.contains(
                "Evil\\u{1b}]8;;http://x\\u{7}&lt;script&gt;[pay](javascript:alert(1))\\u{202e}"
            ),
            "{page}"
        );
        assert!(
            !page.contains('\u{1b}') && !page.contains("<script"),
            "{page}"
        );
    }

    #[test]
    fn builtin_templates_use_only_known_placeholders() {
        for lang in [Lang::En, Lang::Hu, Lang::Fa] {
            for short in [false, true] {
                check_template(builtin(lang, short)).unwrap();
            }
        }
    }

    #[test]
    fn persian_is_right_to_left_and_html_escapes() {
        assert!(markdown("سلام", Lang::Fa).starts_with("<div dir=\"rtl\" lang=\"fa\">"));
        let page = html("Dear <b>X</b>,\n\n- a & b", Lang::Fa);
        assert!(page.contains("<html lang=\"fa\" dir=\"rtl\">"));
        assert!(page.contains("<p>Dear &lt;b&gt;X&lt;/b&gt;,</p>"));
        assert!(page.contains("<li>a &amp; b</li>"));
    }
}
