//! `gen_ledger`: a deterministic generator of realistic ledger-mode exports
//! (SPEC section 2.2) for examples, tests and benchmarks.
//!
//! ```text
//! cargo run --release --example gen_ledger -- --clients 2000 --time-rows 10000000 --out DIR \
//!     [--invoice-rows N] [--seed S] [--from 2024-11-01] [--to 2026-10-31] \
//!     [--people N] [--projects N]
//! ```
//!
//! Writes `time.csv`, `invoices.csv`, `contracts.csv`, `interactions.csv` and
//! `clients.csv` into DIR (created if missing). The same arguments always give
//! the same bytes. `--invoice-rows` defaults to a tenth of `--time-rows`.
//!
//! What is in the data: client sizes follow a Zipf-like law (a few clients take
//! most of the hours); about 15% of clients pay 20-90 days late, 10% are
//! over-serviced (hours well above the contract, many out-of-scope hours), 10%
//! churned 4-6 months before the end of the range (no time or invoices after,
//! a cancellation interaction), 8% are underpriced, 1% carry a red flag, some
//! went quiet (no contact in the last 100 days), some started inside the range,
//! and some had a rate rise inside the range (two consecutive contracts, old
//! bill rate before the rise). Client names mix ASCII, Hungarian and Persian,
//! never contain commas, quotes or newlines, and end with the zero-padded client
//! number, so they are unique and no CSV quoting is needed. Time rows are in
//! date order except about 2% backfilled entries dated 1-7 days earlier.
//! Invoice amounts follow the logged hours (hourly clients) or the monthly fee
//! plus billable out-of-scope work (retainer clients). A partially paid invoice
//! has an empty `paid` and the amount received so far in `paid_amount`.
//!
//! People and projects: by default every client's team of 2-5 comes from one
//! fixed agency of 25 people and its 1-3 projects from 16 shared project names
//! (the bundled `examples/ledger` is made this way, and stays byte-identical).
//! `--people N` instead draws the people from a pool of N unique names (first
//! x last name lists, English, Hungarian with accents and Persian in Persian
//! script; a number is appended once the combinations run out), each with its
//! own cost rate; team sizes then grow with the client's size (Zipf-like: the
//! largest clients have teams of 50-100 people, the smallest 3-5), and every
//! person of the pool is on at least one team as long as the teams have that
//! many places (about 12,000 for 2,000 clients, 2,600 for 200). `--projects N`
//! gives the clients N projects in all, each with a unique name (`<topic>
//! <number>`) and owned by one client, shared out by the square root of the
//! client's size (at least one each; of 8,000 over 2,000 clients the largest
//! gets about 70); with fewer projects than clients, clients share them. Either
//! option changes only the `project` / `person` / `cost_rate` cells of
//! `time.csv`: dates, clients, hours, flags and every other file are the same
//! bytes as without it.
//! With `--clients 2000 --people 400 --projects 8000` and 10M time rows, all
//! 400 people and all 8,000 projects appear in the rows (default seed).

use chrono::{Datelike, Months, NaiveDate, TimeDelta, Weekday};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str =
    "usage: cargo run --release --example gen_ledger -- --clients N --time-rows N --out DIR \
[--invoice-rows N] [--seed S] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--people N] [--projects N]
  --clients N       number of clients (>= 1)
  --time-rows N     rows in time.csv
  --out DIR         output directory (created if missing)
  --invoice-rows N  rows in invoices.csv (default: time rows / 10)
  --seed S          PRNG seed, decimal or 0x-hex (default 0x1ed9e2026)
  --from DATE       first day of the range (default 2024-11-01)
  --to DATE         last day of the range (default 2026-10-31)
  --people N        N distinct people (unique English, Hungarian and Persian names, each with a
                    cost rate), team sizes growing with the client's size (biggest 50+, smallest 3-5)
                    (default: one fixed team of 25 people, 2-5 per client)
  --projects N      N distinct projects in all (unique \"<topic> <number>\" names, each owned by one
                    client, more for bigger clients) (default: 1-3 per client from 16 shared names)";

const DEFAULT_SEED: u64 = 0x1_ED9E_2026;
const WRITE_BUF: usize = 8 << 20;
/// Day offsets (relative to --from) covered by the precomputed date strings.
const DATES_BEFORE: i32 = 3700;
const DATES_AFTER: i32 = 800;

// ---------------------------------------------------------------- arguments

struct Args {
    clients: usize,
    time_rows: u64,
    invoice_rows: u64,
    out: PathBuf,
    seed: u64,
    from: NaiveDate,
    to: NaiveDate,
    /// `--people`: size of the generated people pool (`None`: the fixed team).
    people: Option<usize>,
    /// `--projects`: number of generated projects (`None`: the fixed names).
    projects: Option<usize>,
}

enum ArgError {
    Help,
    Bad(String),
}

fn parse_u64(name: &str, v: &str) -> Result<u64, ArgError> {
    let v = v.replace('_', "");
    let parsed = match v.strip_prefix("0x").or_else(|| v.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => v.parse::<u64>(),
    };
    parsed.map_err(|_| ArgError::Bad(format!("{name}: not a non-negative integer: {v:?}")))
}

fn parse_date(name: &str, v: &str) -> Result<NaiveDate, ArgError> {
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map_err(|_| ArgError::Bad(format!("{name}: not a YYYY-MM-DD date: {v:?}")))
}

fn parse_args() -> Result<Args, ArgError> {
    let mut clients = None;
    let mut time_rows = None;
    let mut invoice_rows = None;
    let mut out = None;
    let mut seed = DEFAULT_SEED;
    let mut from = NaiveDate::from_ymd_opt(2024, 11, 1).expect("valid date");
    let mut to = NaiveDate::from_ymd_opt(2026, 10, 31).expect("valid date");
    let mut people = None;
    let mut projects = None;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        if arg == "-h" || arg == "--help" {
            return Err(ArgError::Help);
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (arg.clone(), None),
        };
        let known = [
            "--clients",
            "--time-rows",
            "--invoice-rows",
            "--out",
            "--seed",
            "--from",
            "--to",
            "--people",
            "--projects",
        ];
        if !known.contains(&name.as_str()) {
            return Err(ArgError::Bad(format!("unknown argument {arg:?}")));
        }
        let value = match inline {
            Some(v) => v,
            None => it
                .next()
                .ok_or_else(|| ArgError::Bad(format!("{name} needs a value")))?,
        };
        match name.as_str() {
            "--clients" => clients = Some(parse_u64(&name, &value)?),
            "--time-rows" => time_rows = Some(parse_u64(&name, &value)?),
            "--invoice-rows" => invoice_rows = Some(parse_u64(&name, &value)?),
            "--out" => out = Some(PathBuf::from(value)),
            "--seed" => seed = parse_u64(&name, &value)?,
            "--from" => from = parse_date(&name, &value)?,
            "--people" => people = Some(parse_u64(&name, &value)?),
            "--projects" => projects = Some(parse_u64(&name, &value)?),
            _ => to = parse_date(&name, &value)?,
        }
    }
    let clients = clients.ok_or_else(|| ArgError::Bad("--clients is required".into()))?;
    let time_rows = time_rows.ok_or_else(|| ArgError::Bad("--time-rows is required".into()))?;
    let out = out.ok_or_else(|| ArgError::Bad("--out is required".into()))?;
    if clients == 0 || clients > 999_999 {
        return Err(ArgError::Bad(
            "--clients must be between 1 and 999999".into(),
        ));
    }
    for (name, v) in [("--people", people), ("--projects", projects)] {
        if v.is_some_and(|v| v == 0 || v > 9_999_999) {
            return Err(ArgError::Bad(format!(
                "{name} must be between 1 and 9999999"
            )));
        }
    }
    if (to - from).num_days() < 27 {
        return Err(ArgError::Bad(
            "--to must be at least 27 days after --from".into(),
        ));
    }
    if from.year() < 1100 || to.year() > 9000 {
        return Err(ArgError::Bad(
            "dates must lie between years 1100 and 9000".into(),
        ));
    }
    Ok(Args {
        clients: clients as usize,
        time_rows,
        invoice_rows: invoice_rows.unwrap_or(time_rows / 10),
        out,
        seed,
        from,
        to,
        people: people.map(|v| v as usize),
        projects: projects.map(|v| v as usize),
    })
}

// ---------------------------------------------------------------- PRNG

/// SplitMix64: tiny, fast, good enough for synthetic data, fully deterministic.
struct Rng(u64);

impl Rng {
    /// Independent streams per purpose, so one file's draws never shift another's.
    fn new(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        r.0 = r.next_u64();
        r
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [0, n).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in [lo, hi], both inclusive.
    fn int(&mut self, lo: i32, hi: i32) -> i32 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo) as u64 + 1) as i32
    }

    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }

    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            xs.swap(i, j);
        }
    }
}

// ---------------------------------------------------------------- fixed tables

const EN_PREFIX: [&str; 20] = [
    "Acme",
    "Northwind",
    "Bluebird",
    "Summit",
    "Harbor",
    "Redwood",
    "Silverline",
    "Brightside",
    "Evergreen",
    "Ironbridge",
    "Lakeside",
    "Oakridge",
    "Pinecrest",
    "Riverstone",
    "Sunrise",
    "Granite",
    "Blue Fox",
    "Copperleaf",
    "Westgate",
    "Fairview",
];
const EN_TRADE: [&str; 14] = [
    "Robotics",
    "Logistics",
    "Dental",
    "Legal",
    "Foods",
    "Analytics",
    "Media",
    "Retail",
    "Consulting",
    "Health",
    "Studios",
    "Partners",
    "Fitness",
    "Architects",
];
const EN_SUFFIX: [&str; 6] = ["Ltd", "Inc.", "LLC", "GmbH", "plc", "Group"];
const HU_SURNAME: [&str; 20] = [
    "Kovács",
    "Szabó",
    "Tóth",
    "Nagy",
    "Horváth",
    "Varga",
    "Kiss",
    "Molnár",
    "Németh",
    "Farkas",
    "Balogh",
    "Papp",
    "Takács",
    "Juhász",
    "Lakatos",
    "Mészáros",
    "Oláh",
    "Simon",
    "Rácz",
    "Fekete",
];
const FA_WORD: [&str; 12] = [
    "آریا",
    "پارس",
    "آوا نت",
    "سپهر",
    "نوین",
    "البرز",
    "کاوه",
    "مهرگان",
    "آسمان",
    "دانش",
    "ستاره",
    "پویا",
];

/// The team: name and loaded cost rate per hour (EUR).
const PEOPLE: [(&str, u32); 25] = [
    ("Anna Kovács", 38),
    ("Bence Nagy", 32),
    ("Dóra Szabó", 45),
    ("Gábor Tóth", 55),
    ("Eszter Horváth", 41),
    ("Péter Varga", 29),
    ("Zsófia Kiss", 36),
    ("Márton Molnár", 48),
    ("Réka Farkas", 30),
    ("Ádám Balogh", 62),
    ("Reza Tehrani", 52),
    ("Sara Ahmadi", 40),
    ("Mina Rahimi", 34),
    ("Ali Karimi", 44),
    ("Neda Hosseini", 58),
    ("Dariush Moradi", 31),
    ("Leila Jafari", 39),
    ("مریم رضایی", 47),
    ("James Carter", 50),
    ("Emily Walsh", 35),
    ("Tom Hughes", 28),
    ("Olivia Bennett", 43),
    ("Daniel Price", 60),
    ("Grace Turner", 33),
    ("Liam Foster", 37),
];

const PROJECTS: [&str; 16] = [
    "Website",
    "Webshop",
    "SEO",
    "Brand refresh",
    "Mobile app",
    "Support",
    "Analytics",
    "Hosting and maintenance",
    "Content",
    "Ads management",
    "Newsletter",
    "CRM integration",
    "Intranet",
    "Karbantartás",
    "Arculattervezés",
    "UX audit",
];

// Pools for `--people` and `--projects`. Last names never repeat across the
// lists, so every first x last combination is a distinct full name.
const EN_FIRST: [&str; 20] = [
    "James",
    "Emily",
    "Oliver",
    "Grace",
    "Daniel",
    "Sophie",
    "Thomas",
    "Charlotte",
    "William",
    "Hannah",
    "George",
    "Lucy",
    "Henry",
    "Chloe",
    "Samuel",
    "Olivia",
    "Jack",
    "Amelia",
    "Harry",
    "Ella",
];
const EN_LAST: [&str; 20] = [
    "Carter", "Walsh", "Hughes", "Bennett", "Price", "Turner", "Foster", "Morgan", "Ellis",
    "Hayes", "Palmer", "Reed", "Brooks", "Shaw", "Ward", "Fletcher", "Harper", "Mason", "Lloyd",
    "Porter",
];
const HU_FIRST: [&str; 20] = [
    "Anna",
    "Bence",
    "Dóra",
    "Gábor",
    "Eszter",
    "Péter",
    "Zsófia",
    "Márton",
    "Réka",
    "Ádám",
    "Levente",
    "Boglárka",
    "Zoltán",
    "Katalin",
    "Csaba",
    "Ildikó",
    "Örs",
    "Tünde",
    "Gergő",
    "Júlia",
];
const HU_LAST: [&str; 20] = [
    "Kovács",
    "Szabó",
    "Tóth",
    "Nagy",
    "Horváth",
    "Varga",
    "Kiss",
    "Molnár",
    "Németh",
    "Farkas",
    "Balogh",
    "Papp",
    "Takács",
    "Juhász",
    "Szűcs",
    "Mészáros",
    "Bíró",
    "Lőrincz",
    "Fülöp",
    "Vörös",
];
const FA_FIRST: [&str; 16] = [
    "مریم",
    "رضا",
    "سارا",
    "مینا",
    "علی",
    "ندا",
    "داریوش",
    "لیلا",
    "حسین",
    "زهرا",
    "کاوه",
    "نیلوفر",
    "بهرام",
    "شیرین",
    "آرش",
    "پریسا",
];
const FA_LAST: [&str; 16] = [
    "رضایی",
    "احمدی",
    "رحیمی",
    "کریمی",
    "حسینی",
    "مرادی",
    "جعفری",
    "تهرانی",
    "محمدی",
    "کاظمی",
    "صادقی",
    "نوری",
    "اکبری",
    "شریفی",
    "موسوی",
    "یزدانی",
];
const TOPICS: [&str; 24] = [
    "Website",
    "Webshop",
    "SEO",
    "Brand refresh",
    "Mobile app",
    "Support",
    "Analytics",
    "Hosting",
    "Content",
    "Ads management",
    "Newsletter",
    "CRM integration",
    "Intranet",
    "Landing pages",
    "Data migration",
    "Video",
    "Social media",
    "UX audit",
    "Karbantartás",
    "Arculattervezés",
    "Kampány",
    "طراحی سایت",
    "پشتیبانی",
    "سئو",
];

const NOTES_CONTACT: [&str; 10] = [
    "Weekly status call",
    "Monthly review meeting",
    "Quarterly business review",
    "Email about the next sprint",
    "Check-in call with the marketing lead",
    "Kickoff for a new campaign",
    "Heti egyeztetés",
    "Havi riport átbeszélése",
    "جلسه هماهنگی ماهانه",
    "Lunch with the founder",
];
const NOTES_REQUEST: [&str; 5] = [
    "Small copy change on the landing page",
    "New banner sizes",
    "Update opening hours",
    "Add a team member page",
    "Szövegcsere a főoldalon",
];
const NOTES_REQUEST_OOS: [&str; 7] = [
    "Extra landing page outside the SOW",
    "Asked for a second logo concept",
    "Urgent weekend change request",
    "New feature not in the contract",
    "Wants daily reports instead of monthly",
    "Plusz aloldal kérése a szerződésen felül",
    "درخواست صفحه جدید خارج از قرارداد",
];
const NOTES_COMPLAINT: [&str; 7] = [
    "Missed deadline on the release",
    "Unhappy with the design iteration",
    "Invoice amount disputed",
    "Slow response to a support ticket",
    "Says the agency is too expensive",
    "Elégedetlen a határidővel",
    "شکایت از تاخیر در تحویل",
];
const NOTES_NPS: [&str; 3] = [
    "Quarterly NPS survey",
    "NPS after project milestone",
    "Elégedettségi kérdőív",
];
// The note of a cancellation is its reason (`portfolio churn` counts them): short
// and repeated, as an owner would log them.
const NOTES_CANCEL: [&str; 5] = [
    "Moving work in-house",
    "Budget cuts",
    "Switching to a cheaper agency",
    "Budget cuts",
    "کاهش بودجه",
];
const RED_FLAGS: [&str; 4] = [
    "Verbal abuse toward staff",
    "Asked us to fake customer reviews",
    "Threatened a designer over a deadline",
    "Requested backdated invoices",
];

// ---------------------------------------------------------------- calendar

struct Month {
    first: i32,
    last: i32,
}

/// Days are `i32` offsets from `--from` (day 0); `days` is the range length.
struct Calendar {
    from: NaiveDate,
    days: i32,
    months: Vec<Month>,
    month_of: Vec<u16>,
    strs: Vec<[u8; 10]>,
}

impl Calendar {
    fn new(from: NaiveDate, to: NaiveDate) -> Calendar {
        let days = (to - from).num_days() as i32 + 1;
        let mut months: Vec<Month> = Vec::new();
        let mut month_of = Vec::with_capacity(days as usize);
        for d in 0..days {
            let date = from + TimeDelta::days(i64::from(d));
            if d == 0 || date.day() == 1 {
                months.push(Month { first: d, last: d });
            }
            let m = months.last_mut().expect("a month was pushed");
            m.last = d;
            month_of.push((months.len() - 1) as u16);
        }
        let strs = (-DATES_BEFORE..days + DATES_AFTER)
            .map(|d| {
                let date = from + TimeDelta::days(i64::from(d));
                let mut s = [b'0'; 10];
                let (y, m, dd) = (date.year() as u32, date.month(), date.day());
                s[0] += (y / 1000 % 10) as u8;
                s[1] += (y / 100 % 10) as u8;
                s[2] += (y / 10 % 10) as u8;
                s[3] += (y % 10) as u8;
                s[4] = b'-';
                s[5] += (m / 10) as u8;
                s[6] += (m % 10) as u8;
                s[7] = b'-';
                s[8] += (dd / 10) as u8;
                s[9] += (dd % 10) as u8;
                s
            })
            .collect();
        Calendar {
            from,
            days,
            months,
            month_of,
            strs,
        }
    }

    fn date(&self, d: i32) -> NaiveDate {
        self.from + TimeDelta::days(i64::from(d))
    }

    fn offset(&self, date: NaiveDate) -> i32 {
        (date - self.from).num_days() as i32
    }

    fn s(&self, d: i32) -> &[u8] {
        let i = (d + DATES_BEFORE).clamp(0, self.strs.len() as i32 - 1);
        &self.strs[i as usize]
    }

    /// Relative amount of timesheet activity on a day.
    fn day_weight(&self, d: i32) -> f64 {
        let date = self.date(d);
        let mut w = match date.weekday() {
            Weekday::Sat => 0.06,
            Weekday::Sun => 0.03,
            _ => 1.0,
        };
        let (m, dd) = (date.month(), date.day());
        if (m == 12 && dd >= 24) || (m == 1 && dd == 1) {
            w *= 0.2;
        } else if m == 8 {
            w *= 0.75;
        }
        w
    }
}

// ---------------------------------------------------------------- clients

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Normal,
    Late,
    Over,
    Churned,
    Underpriced,
}

struct Contract {
    start: i32,
    end: Option<i32>,
    hours: u32,
    fee_cents: Option<u64>,
    hourly: Option<u32>,
}

struct Client {
    name: String,
    kind: Kind,
    retainer: bool,
    new: bool,
    silent: bool,
    red_flag: Option<&'static str>,
    /// 0 = largest client.
    rank: usize,
    weight: f64,
    trend: f64,
    /// `client_since` (may be before day 0).
    start: i32,
    /// Last active day (inclusive); `days - 1` unless churned.
    end: i32,
    rate_old: u32,
    rate_new: u32,
    /// Day of the last rate increase, if any (may be before day 0).
    raise: Option<i32>,
    terms: i32,
    notice: Option<i32>,
    source: &'static str,
    fit_respect: i32,
    fit_expectations: i32,
    p_in_scope: f64,
    p_bill_in: f64,
    p_bill_oos: f64,
    /// (person index, cumulative threshold as u32 fraction).
    team: Vec<(usize, u32)>,
    projects: Vec<(usize, u32)>,
    contracts: Vec<Contract>,
}

impl Client {
    fn active(&self, d: i32) -> bool {
        d >= self.start && d <= self.end
    }

    fn weight_at(&self, d: i32, days: i32) -> f64 {
        let x = f64::from(d) / f64::from(days) - 0.5;
        self.weight * (1.0 + self.trend * x).max(0.05)
    }

    /// The first day the old rate no longer applies (only for a rise inside the range).
    fn rate_switch(&self) -> i32 {
        match self.raise {
            Some(r) if r > 0 => r,
            _ => i32::MIN,
        }
    }
}

/// Weighted choice of `k` distinct indices in 0..n, as cumulative u32 thresholds.
fn weighted_set(rng: &mut Rng, n: usize, k: usize, lead: f64) -> Vec<(usize, u32)> {
    let mut idx: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut idx);
    idx.truncate(k);
    with_weights(rng, &idx, lead)
}

/// Cumulative u32 thresholds for `idx`: the first takes the share `lead`, the
/// others share the rest at random (0.5-1.5 each before normalizing).
fn with_weights(rng: &mut Rng, idx: &[usize], lead: f64) -> Vec<(usize, u32)> {
    let k = idx.len();
    let mut w: Vec<f64> = (0..k)
        .map(|i| if i == 0 { lead } else { rng.uniform(0.5, 1.5) })
        .collect();
    let rest: f64 = w[1..].iter().sum();
    if k > 1 {
        for x in &mut w[1..] {
            *x *= (1.0 - lead) / rest;
        }
    } else {
        w[0] = 1.0;
    }
    let mut acc = 0.0;
    idx.iter()
        .zip(&w)
        .enumerate()
        .map(|(i, (&p, &x))| {
            acc += x;
            let t = if i + 1 == k {
                u32::MAX
            } else {
                (acc * f64::from(u32::MAX)) as u32
            };
            (p, t)
        })
        .collect()
}

/// The slot in a `weighted_set` that a uniform `r` falls in: the first whose
/// threshold is at least `r` (thresholds never decrease; the last is `u32::MAX`).
fn pick_slot(set: &[(usize, u32)], r: u32) -> usize {
    set.partition_point(|&(_, t)| t < r).min(set.len() - 1)
}

fn client_name(rng: &mut Rng, id: &str) -> String {
    let u = rng.unit();
    if u < 0.50 {
        let p = rng.pick(&EN_PREFIX);
        let t = rng.pick(&EN_TRADE);
        match rng.below(5) {
            0 | 1 => format!("{p} {t} {} {id}", rng.pick(&EN_SUFFIX)),
            2 => format!("{p} {t} {id}"),
            3 => format!("Client {id} Kft."),
            _ => format!("{p} & {} {t} {id}", rng.pick(&EN_PREFIX)),
        }
    } else if u < 0.82 {
        let s = rng.pick(&HU_SURNAME);
        match rng.below(6) {
            0 => format!("{s} és Társa Kft. {id}"),
            1 => format!("{s} Építőipari Bt. {id}"),
            2 => format!("{s} Design Stúdió {id}"),
            3 => format!("{s}-{} Ügyvédi Iroda {id}", rng.pick(&HU_SURNAME)),
            4 => format!("{s} Fogászat Kft. {id}"),
            _ => format!("{s} Pékség Zrt. {id}"),
        }
    } else {
        let w = rng.pick(&FA_WORD);
        match rng.below(4) {
            0 => format!("شرکت {w} {id}"),
            1 => format!("گروه {w} {id}"),
            2 => format!("{w} تجارت {id}"),
            _ => format!("فروشگاه {w} {id}"),
        }
    }
}

/// Contracted hours: whole hours below 20 (at least 1), else multiples of 5;
/// `up` rounds up so the contract never falls short of `h`.
fn round_hours(h: f64, up: bool) -> u32 {
    let step = if h < 20.0 { 1.0 } else { 5.0 };
    let n = if up {
        (h / step).ceil()
    } else {
        (h / step).round()
    };
    ((n * step) as u32).max(1)
}

fn build_clients(args: &Args, cal: &Calendar) -> Vec<Client> {
    let mut rng = Rng::new(args.seed, 1);
    let n = args.clients;
    let days = cal.days;
    let width = n.to_string().len().max(4);

    // Archetypes: disjoint slices of a shuffled order, so every kind shows up
    // even in a small set.
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let share = |p: f64| (n as f64 * p).round() as usize;
    let at_least_one = |p: f64| share(p).max(1);
    let mut kinds = vec![Kind::Normal; n];
    let mut next = 0;
    for (kind, count) in [
        (Kind::Churned, at_least_one(0.10)),
        (Kind::Over, at_least_one(0.10)),
        (Kind::Late, at_least_one(0.15)),
        (Kind::Underpriced, share(0.08)),
    ] {
        for &c in order.iter().skip(next).take(count) {
            kinds[c] = kind;
        }
        next = (next + count).min(n);
    }
    let mut is_new = vec![false; n];
    let mut silent = vec![false; n];
    let rest: Vec<usize> = order[next..].to_vec();
    let n_new = share(0.15).min(rest.len());
    for &c in &rest[..n_new] {
        is_new[c] = true;
    }
    for &c in rest[n_new..].iter().take(share(0.05)) {
        silent[c] = true;
    }
    let mut red = vec![None; n];
    let mut flagged: Vec<usize> = (0..n).filter(|&c| kinds[c] != Kind::Churned).collect();
    rng.shuffle(&mut flagged);
    for &c in flagged.iter().take(at_least_one(0.01)) {
        red[c] = Some(*rng.pick(&RED_FLAGS));
    }
    let mut ranks: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut ranks);

    let mut clients = Vec::with_capacity(n);
    for c in 0..n {
        let id = format!("{:0width$}", c + 1);
        let name = client_name(&mut rng, &id);
        assert!(!name.contains([',', '"', '\n', '\r']));
        let kind = kinds[c];
        let rank = ranks[c];
        let weight = (rank as f64 + 1.0).powf(-1.0) * rng.uniform(0.8, 1.25);
        let trend = match kind {
            Kind::Churned => rng.uniform(-0.9, -0.5),
            Kind::Over => rng.uniform(0.0, 0.6),
            _ => rng.uniform(-0.3, 0.6),
        };
        let start = if is_new[c] {
            rng.int(days / 8, days * 3 / 4)
        } else {
            let u = rng.unit();
            -(20 + (3600.0 * u * u) as i32)
        };
        let end = if kind == Kind::Churned {
            (days - rng.int(120, 180)).max(days / 3).max(start + 1)
        } else {
            days - 1
        };
        let rate_new = if kind == Kind::Underpriced {
            45 + 5 * rng.int(0, 2) as u32
        } else {
            70 + 5 * rng.int(0, 16) as u32
        };
        let rate_old = (f64::from(rate_new) / rng.uniform(1.05, 1.12)).round() as u32;
        let u = rng.unit();
        let raise = if is_new[c] {
            None
        } else if u < 0.35 && end - 30 > days / 8 {
            Some(rng.int(days / 8, (days * 5 / 6).min(end - 30)))
        } else if u < 0.85 {
            Some(-rng.int(1, 540)).filter(|&r| r > start)
        } else {
            None
        };
        let retainer = rng.chance(0.55);
        let terms = if rng.chance(0.6) { 30 } else { 15 };
        let notice = match rng.below(10) {
            0..=4 => Some(30),
            5 | 6 => Some(60),
            7 => Some(90),
            _ => None,
        };
        let bad_source = kind == Kind::Churned || red[c].is_some();
        let source = match rng.below(10) {
            0..=3 if !bad_source => "referral",
            0..=3 => "marketplace",
            4 | 5 => "ads",
            6 | 7 => "marketplace",
            _ => "outbound",
        };
        let (fit_respect, fit_expectations) = match kind {
            _ if red[c].is_some() => (1, rng.int(1, 3)),
            Kind::Over => (rng.int(2, 4), rng.int(1, 2)),
            Kind::Late => (rng.int(2, 3), rng.int(2, 4)),
            Kind::Churned => (rng.int(2, 4), rng.int(2, 4)),
            Kind::Normal | Kind::Underpriced => (rng.int(3, 5), rng.int(3, 5)),
        };
        let (p_in_scope, p_bill_oos) = if kind == Kind::Over {
            (rng.uniform(0.45, 0.6), 0.25)
        } else {
            (rng.uniform(0.93, 0.99), 0.7)
        };
        let p_bill_in = rng.uniform(0.85, 0.95);
        let team_size = 2 + rng.below(4) as usize;
        let team = weighted_set(&mut rng, PEOPLE.len(), team_size, 0.5);
        let n_projects = 1 + rng.below(3) as usize;
        let projects = weighted_set(&mut rng, PROJECTS.len(), n_projects, 0.6);
        clients.push(Client {
            name,
            kind,
            retainer,
            new: is_new[c],
            silent: silent[c],
            red_flag: red[c],
            rank,
            weight,
            trend,
            start,
            end,
            rate_old,
            rate_new,
            raise,
            terms,
            notice,
            source,
            fit_respect,
            fit_expectations,
            p_in_scope,
            p_bill_in,
            p_bill_oos,
            team,
            projects,
            contracts: Vec::new(),
        });
    }
    clients
}

// ---------------------------------------------------------------- people and projects

/// The names `time.csv` draws from: people with their cost rates, and projects.
/// `Client::team` indexes `people`, `Client::projects` indexes `projects`.
struct Names {
    people: Vec<(String, u32)>,
    projects: Vec<String>,
}

/// A client's team size under `--people`: Zipf-like in its size rank (rank 0
/// about 90 people, rank 1 about 60, rank 10 about 25, rank 1000 and beyond 3-5).
fn team_size(rng: &mut Rng, rank: usize, people: usize) -> usize {
    let base = 90.0 * (rank as f64 + 1.0).powf(-0.55) * rng.uniform(0.85, 1.15);
    let k = 2 + rng.below(3) as usize + base.round() as usize;
    k.min(people)
}

/// `n` unique people: first x last names of one language, the combinations of
/// all three languages shuffled together, then again with " 2", " 3", ...
/// appended when `n` exceeds them; cost rates 25-65 EUR an hour.
fn people_pool(rng: &mut Rng, n: usize) -> Vec<(String, u32)> {
    let mut base: Vec<String> = Vec::new();
    for (first, last) in [
        (&EN_FIRST[..], &EN_LAST[..]),
        (&HU_FIRST[..], &HU_LAST[..]),
        (&FA_FIRST[..], &FA_LAST[..]),
    ] {
        for f in first {
            for l in last {
                base.push(format!("{f} {l}"));
            }
        }
    }
    let mut out = Vec::with_capacity(n);
    let mut round = 1;
    while out.len() < n {
        rng.shuffle(&mut base);
        for name in base.iter().take(n - out.len()) {
            let name = if round == 1 {
                name.clone()
            } else {
                format!("{name} {round}")
            };
            out.push((name, rng.int(25, 65) as u32));
        }
        round += 1;
    }
    out
}

/// The people and project names, and (under `--people` / `--projects`) each
/// client's team and projects drawn from them. Uses its own PRNG streams, so
/// without either option nothing else changes.
fn build_names(args: &Args, clients: &mut [Client]) -> Names {
    let people = match args.people {
        None => PEOPLE.iter().map(|&(n, r)| (n.to_string(), r)).collect(),
        Some(n) => {
            let mut rng = Rng::new(args.seed, 6);
            let pool = people_pool(&mut rng, n);
            // Teams are dealt from a shuffled deck, reshuffled when it runs out,
            // so every person is on some team once the teams hold n places.
            let mut deck: Vec<usize> = (0..n).collect();
            rng.shuffle(&mut deck);
            let mut pos = 0;
            for c in clients.iter_mut() {
                let k = team_size(&mut rng, c.rank, n);
                let mut team: Vec<usize> = Vec::with_capacity(k);
                while team.len() < k {
                    if pos == deck.len() {
                        rng.shuffle(&mut deck);
                        pos = 0;
                    }
                    let p = deck[pos];
                    pos += 1;
                    if !team.contains(&p) {
                        team.push(p);
                    }
                }
                c.team = with_weights(&mut rng, &team, (1.5 / k as f64).min(0.5));
            }
            pool
        }
    };
    let projects = match args.projects {
        None => PROJECTS.iter().map(|p| p.to_string()).collect(),
        Some(n) => {
            let mut rng = Rng::new(args.seed, 7);
            let width = n.to_string().len().max(4);
            let names: Vec<String> = (0..n)
                .map(|i| format!("{} {:0width$}", rng.pick(&TOPICS), i + 1))
                .collect();
            // Every client owns one project; the rest go by the square root of
            // its size (cumulative rounding, so they add up to exactly n).
            let extra = n.saturating_sub(clients.len()) as u128;
            let weights: Vec<u128> = clients
                .iter()
                .map(|c| (c.weight.sqrt() * 1e6) as u128 + 1)
                .collect();
            let wsum: u128 = weights.iter().sum();
            // Fewer projects than clients: client i has project i mod n.
            let shared = n < clients.len();
            let (mut acc, mut prev, mut next) = (0u128, 0u128, 0usize);
            for (ci, (c, &w)) in clients.iter_mut().zip(&weights).enumerate() {
                let idx: Vec<usize> = if shared {
                    vec![ci % n]
                } else {
                    acc += w;
                    let upto = acc * extra / wsum;
                    let k = 1 + (upto - prev) as usize;
                    prev = upto;
                    next += k;
                    (next - k..next).collect()
                };
                let lead = (1.5 / idx.len() as f64).min(0.6);
                c.projects = with_weights(&mut rng, &idx, lead);
            }
            names
        }
    };
    Names { people, projects }
}

// ---------------------------------------------------------------- byte formatting

fn push_u64(buf: &mut Vec<u8>, mut n: u64) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&tmp[i..]);
}

fn push_cents(buf: &mut Vec<u8>, cents: u64) {
    push_u64(buf, cents / 100);
    let c = (cents % 100) as u8;
    buf.extend_from_slice(&[b'.', b'0' + c / 10, b'0' + c % 10]);
}

fn money(euros: u32) -> Vec<u8> {
    let mut v = Vec::new();
    push_cents(&mut v, u64::from(euros) * 100);
    v
}

fn create(dir: &Path, name: &str) -> io::Result<BufWriter<File>> {
    Ok(BufWriter::with_capacity(
        WRITE_BUF,
        File::create(dir.join(name))?,
    ))
}

fn finish(w: BufWriter<File>) -> io::Result<u64> {
    let f = w.into_inner().map_err(|e| e.into_error())?;
    Ok(f.metadata()?.len())
}

// ---------------------------------------------------------------- time.csv

/// Per client and month, everything later files derive from the time rows.
#[derive(Clone, Copy, Default)]
struct Tally {
    quarters: u64,
    billed_cents: u64,
    oos_billed_cents: u64,
}

fn write_time(
    args: &Args,
    cal: &Calendar,
    clients: &[Client],
    names: &Names,
    tally: &mut [Tally],
) -> io::Result<(u64, u64)> {
    let mut rng = Rng::new(args.seed, 2);
    let days = cal.days;
    let nm = cal.months.len();
    let mut out = create(&args.out, "time.csv")?;
    out.write_all(b"date,client,project,person,hours,billable,cost_rate,bill_rate,in_scope\n")?;

    // Rows per day: activity of the weekday times the weight of active clients.
    let day_w: Vec<f64> = (0..days)
        .map(|d| {
            let active: f64 = clients
                .iter()
                .filter(|c| c.active(d))
                .map(|c| c.weight_at(d, days))
                .sum();
            cal.day_weight(d) * active
        })
        .collect();
    let total_w: f64 = day_w.iter().sum();
    // The last day with any activity takes the rounding remainder.
    let last_active = day_w.iter().rposition(|&w| w > 0.0).unwrap_or(0) as i32;
    if total_w <= 0.0 && args.time_rows > 0 {
        return Err(io::Error::other("no client is active on any day"));
    }

    // A row is six precomputed fragments: `date` `,client,project,` `person,`
    // `h.hh` `,billable,cost_rate,` `bill_rate,in_scope\n`.
    let hours: Vec<[u8; 4]> = (0..=32u64)
        .map(|q| {
            let (i, f) = (q / 4, q % 4 * 25);
            [
                b'0' + i as u8,
                b'.',
                b'0' + (f / 10) as u8,
                b'0' + (f % 10) as u8,
            ]
        })
        .collect();
    let person_names: Vec<Vec<u8>> = names
        .people
        .iter()
        .map(|(n, _)| [n.as_bytes(), b","].concat())
        .collect();
    // [person][billable]
    let person_cost: Vec<[Vec<u8>; 2]> = names
        .people
        .iter()
        .map(|&(_, r)| {
            let m = money(r);
            [
                [&b",false,"[..], &m, b","].concat(),
                [&b",true,"[..], &m, b","].concat(),
            ]
        })
        .collect();
    // [client][project slot]
    let client_project: Vec<Vec<Vec<u8>>> = clients
        .iter()
        .map(|c| {
            c.projects
                .iter()
                .map(|&(p, _)| {
                    [
                        b",",
                        c.name.as_bytes(),
                        b",",
                        names.projects[p].as_bytes(),
                        b",",
                    ]
                    .concat()
                })
                .collect()
        })
        .collect();
    // [client][new rate][in scope]
    let rate_scope: Vec<[[Vec<u8>; 2]; 2]> = clients
        .iter()
        .map(|c| {
            [c.rate_old, c.rate_new].map(|r| {
                let m = money(r);
                [
                    [&m[..], b",false\n"].concat(),
                    [&m[..], b",true\n"].concat(),
                ]
            })
        })
        .collect();
    let switches: Vec<i32> = clients.iter().map(Client::rate_switch).collect();

    let mut cum: Vec<f64> = Vec::with_capacity(clients.len());
    let mut ids: Vec<u32> = Vec::with_capacity(clients.len());
    let mut todays: Vec<u32> = Vec::new();
    const CHUNK: usize = 1 << 20;
    let mut buf: Vec<u8> = Vec::with_capacity(CHUNK + 4096);
    let mut acc = 0.0;
    let mut written: u64 = 0;
    for d in 0..days {
        acc += day_w[d as usize];
        let target = if d >= last_active {
            args.time_rows
        } else {
            ((acc / total_w) * args.time_rows as f64) as u64
        }
        .max(written);
        let today = target - written;
        if today == 0 {
            continue;
        }
        cum.clear();
        ids.clear();
        let mut sum = 0.0;
        for (i, c) in clients.iter().enumerate() {
            if c.active(d) {
                sum += c.weight_at(d, days);
                cum.push(sum);
                ids.push(i as u32);
            }
        }
        // Systematic sampling: each client gets its expected share of the day's
        // rows rounded up or down at random (steadier months than independent
        // draws, like a real team's workload), then the day is shuffled.
        todays.clear();
        let offset = rng.unit();
        let mut j = 0;
        for k in 0..today {
            let x = (k as f64 + offset) * sum / today as f64;
            while j + 1 < cum.len() && cum[j] <= x {
                j += 1;
            }
            todays.push(ids[j]);
        }
        rng.shuffle(&mut todays);
        for &ci in &todays {
            let ci = ci as usize;
            let c = &clients[ci];
            let mut day = d;
            if rng.below(50) == 0 {
                let back = d - rng.int(1, 7);
                if back >= 0 && back >= c.start {
                    day = back;
                }
            }
            let r = rng.next_u64();
            let person = c.team[pick_slot(&c.team, r as u32)].0;
            let project = pick_slot(&c.projects, (r >> 32) as u32);
            let u = rng.unit();
            let mut q = 1 + (u * u * 32.0) as usize;
            if q % 2 == 1 && q < 32 && (r >> 7) & 1 == 1 {
                q += 1; // people round to half hours more often than not
            }
            let q = q.min(32);
            let in_scope = rng.unit() < c.p_in_scope;
            let billable = rng.unit() < if in_scope { c.p_bill_in } else { c.p_bill_oos };
            let new_rate = day >= switches[ci];

            buf.extend_from_slice(cal.s(day));
            buf.extend_from_slice(&client_project[ci][project]);
            buf.extend_from_slice(&person_names[person]);
            buf.extend_from_slice(&hours[q]);
            buf.extend_from_slice(&person_cost[person][usize::from(billable)]);
            buf.extend_from_slice(&rate_scope[ci][usize::from(new_rate)][usize::from(in_scope)]);
            if buf.len() >= CHUNK {
                out.write_all(&buf)?;
                buf.clear();
            }

            let t = &mut tally[ci * nm + cal.month_of[day as usize] as usize];
            t.quarters += q as u64;
            if billable {
                let rate = if new_rate { c.rate_new } else { c.rate_old };
                let cents = q as u64 * u64::from(rate) * 25;
                t.billed_cents += cents;
                if !in_scope {
                    t.oos_billed_cents += cents;
                }
            }
        }
        written = target;
    }
    out.write_all(&buf)?;
    let bytes = finish(out)?;
    Ok((written, bytes))
}

// ---------------------------------------------------------------- contracts.csv

fn month_end_after(cal: &Calendar, months: u32) -> i32 {
    let last = cal.date(cal.days - 1);
    let first_next = NaiveDate::from_ymd_opt(last.year(), last.month(), 1)
        .expect("valid date")
        .checked_add_months(Months::new(months + 1))
        .expect("date in range");
    cal.offset(first_next) - 1
}

fn build_contracts(args: &Args, cal: &Calendar, clients: &mut [Client], tally: &[Tally]) {
    let mut rng = Rng::new(args.seed, 3);
    let nm = cal.months.len();
    for (ci, c) in clients.iter_mut().enumerate() {
        // Monthly hours over the last 6 months the client was active throughout
        // (or every active month when there is no full one).
        let full: Vec<f64> = cal
            .months
            .iter()
            .enumerate()
            .filter(|(_, month)| c.start <= month.first && c.end >= month.last)
            .map(|(m, _)| tally[ci * nm + m].quarters as f64 / 4.0)
            .collect();
        let recent: Vec<f64> = if full.is_empty() {
            cal.months
                .iter()
                .enumerate()
                .filter(|(_, month)| c.start <= month.last && c.end >= month.first)
                .map(|(m, _)| tally[ci * nm + m].quarters as f64 / 4.0)
                .collect()
        } else {
            full[full.len().saturating_sub(6)..].to_vec()
        };
        let avg = recent.iter().sum::<f64>() / recent.len().max(1) as f64;
        // A healthy client's contract covers its typical month with headroom; an
        // over-serviced client's is well below its usual month.
        let hours = if c.kind == Kind::Over {
            let mut sorted = recent.clone();
            sorted.sort_by(f64::total_cmp);
            let median = sorted.get(sorted.len() / 2).copied().unwrap_or(0.0);
            round_hours((avg * rng.uniform(0.4, 0.55)).min(median * 0.7), false)
        } else {
            round_hours(avg * rng.uniform(1.1, 1.35), true)
        };
        let end = if c.kind == Kind::Churned {
            Some(c.end)
        } else if rng.chance(0.4) {
            None
        } else {
            Some(month_end_after(cal, rng.int(1, 14) as u32))
        };
        let terms = |rng: &mut Rng, hours: u32, rate: u32| -> (Option<u64>, Option<u32>) {
            if c.retainer {
                let fee = f64::from(hours) * f64::from(rate) * rng.uniform(0.9, 1.0);
                let fee = ((fee / 10.0).round() as u64).max(10) * 1000;
                (Some(fee), None)
            } else {
                (None, Some(rate))
            }
        };
        let mut contracts = Vec::new();
        match c.raise {
            Some(r) if r > 0 => {
                let h1 = round_hours(f64::from(hours) * rng.uniform(0.8, 1.0), false);
                let (fee, hourly) = terms(&mut rng, h1, c.rate_old);
                contracts.push(Contract {
                    start: c.start,
                    end: Some(r - 1),
                    hours: h1,
                    fee_cents: fee,
                    hourly,
                });
                let (fee, hourly) = terms(&mut rng, hours, c.rate_new);
                contracts.push(Contract {
                    start: r,
                    end,
                    hours,
                    fee_cents: fee,
                    hourly,
                });
            }
            _ => {
                let (fee, hourly) = terms(&mut rng, hours, c.rate_new);
                contracts.push(Contract {
                    start: c.start,
                    end,
                    hours,
                    fee_cents: fee,
                    hourly,
                });
            }
        }
        c.contracts = contracts;
    }
}

fn write_contracts(args: &Args, cal: &Calendar, clients: &[Client]) -> io::Result<(u64, u64)> {
    let mut out = create(&args.out, "contracts.csv")?;
    out.write_all(b"client,start,end,hours_per_month,monthly_fee,hourly_rate,notice_days\n")?;
    let mut line = Vec::with_capacity(256);
    let mut rows = 0;
    for c in clients {
        for k in &c.contracts {
            line.clear();
            line.extend_from_slice(c.name.as_bytes());
            line.push(b',');
            line.extend_from_slice(cal.s(k.start));
            line.push(b',');
            if let Some(e) = k.end {
                line.extend_from_slice(cal.s(e));
            }
            line.push(b',');
            push_u64(&mut line, u64::from(k.hours));
            line.push(b',');
            if let Some(f) = k.fee_cents {
                push_cents(&mut line, f);
            }
            line.push(b',');
            if let Some(h) = k.hourly {
                push_cents(&mut line, u64::from(h) * 100);
            }
            line.push(b',');
            if let Some(n) = c.notice {
                push_u64(&mut line, n as u64);
            }
            line.push(b'\n');
            out.write_all(&line)?;
            rows += 1;
        }
    }
    Ok((rows, finish(out)?))
}

// ---------------------------------------------------------------- invoices.csv

struct Billable {
    month: usize,
    client: usize,
    first: i32,
    last: i32,
    cents: u64,
}

struct Invoice {
    issued: i32,
    client: usize,
    cents: u64,
}

fn write_invoices(
    args: &Args,
    cal: &Calendar,
    clients: &[Client],
    tally: &[Tally],
) -> io::Result<(u64, u64)> {
    let mut rng = Rng::new(args.seed, 4);
    let nm = cal.months.len();
    let last_day = cal.days - 1;

    // What each client owes for each month it was active.
    let mut months: Vec<Billable> = Vec::new();
    for (m, month) in cal.months.iter().enumerate() {
        for (ci, c) in clients.iter().enumerate() {
            let first = month.first.max(c.start);
            let last = month.last.min(c.end);
            if first > last {
                continue;
            }
            let t = tally[ci * nm + m];
            let cents = if c.retainer {
                let k = c
                    .contracts
                    .iter()
                    .rev()
                    .find(|k| k.start <= last)
                    .unwrap_or(&c.contracts[0]);
                let fee = k.fee_cents.unwrap_or(0);
                let len = (month.last - month.first + 1) as u64;
                fee * (last - first + 1) as u64 / len + t.oos_billed_cents
            } else {
                t.billed_cents
            };
            if cents > 0 {
                months.push(Billable {
                    month: m,
                    client: ci,
                    first,
                    last,
                    cents,
                });
            }
        }
    }

    // Invoice counts per client-month: one each if there are enough, the rest
    // spread by sqrt(amount) so big clients get more, smaller invoices.
    let total = args.invoice_rows;
    let (base, extra) = if total >= months.len() as u64 {
        (1, total - months.len() as u64)
    } else {
        (0, total)
    };
    let weights: Vec<u64> = months
        .iter()
        .map(|b| ((b.cents as f64).sqrt() * 1000.0) as u64 + 1)
        .collect();
    let wsum: u128 = weights.iter().map(|&w| u128::from(w)).sum();
    let mut counts = Vec::with_capacity(months.len());
    let (mut acc, mut prev) = (0u128, 0u64);
    for &w in &weights {
        acc += u128::from(w);
        let upto = (acc * u128::from(extra) / wsum.max(1)) as u64;
        counts.push(base + upto - prev);
        prev = upto;
    }
    if months.is_empty() && total > 0 {
        eprintln!("gen_ledger: warning: nothing to invoice, invoices.csv is empty");
    }

    let width = total.to_string().len().max(6);
    let mut out = create(&args.out, "invoices.csv")?;
    out.write_all(b"invoice,client,issued,due,paid,amount,paid_amount,currency\n")?;
    let mut line = Vec::with_capacity(256);
    let mut number: u64 = 0;
    let mut batch: Vec<Invoice> = Vec::new();
    let mut i = 0;
    while i < months.len() {
        let m = months[i].month;
        batch.clear();
        while i < months.len() && months[i].month == m {
            let b = &months[i];
            let k = counts[i];
            if k > 0 {
                let parts: Vec<f64> = (0..k).map(|_| rng.uniform(0.5, 1.5)).collect();
                let psum: f64 = parts.iter().sum();
                let span = f64::from(b.last - b.first + 1);
                let mut left = b.cents;
                for (j, p) in parts.iter().enumerate() {
                    let cents = if j as u64 + 1 == k {
                        left
                    } else {
                        ((b.cents as f64 * p / psum).round() as u64).min(left)
                    };
                    left -= cents;
                    let issued = if k == 1 {
                        b.last
                    } else {
                        b.first + ((j as f64 + rng.unit()) * span / k as f64) as i32
                    };
                    batch.push(Invoice {
                        issued: issued.min(b.last),
                        client: b.client,
                        cents,
                    });
                }
            }
            i += 1;
        }
        batch.sort_by_key(|v| (v.issued, v.client));
        for v in &batch {
            number += 1;
            let c = &clients[v.client];
            let due = v.issued + c.terms;
            let delay = match c.kind {
                Kind::Late if rng.chance(0.1) => None,
                Kind::Late => Some(rng.int(20, 90)),
                _ => {
                    let u = rng.unit();
                    Some(if u < 0.6 {
                        -rng.int(0, 10)
                    } else if u < 0.92 {
                        rng.int(1, 10)
                    } else {
                        rng.int(11, 25)
                    })
                }
            };
            let mut paid = delay
                .map(|x| (due + x).max(v.issued))
                .filter(|&p| p <= last_day);
            let mut paid_amount = None;
            if rng.below(50) == 0 && v.cents > 1 {
                paid = None;
                paid_amount = Some(((v.cents as f64 * rng.uniform(0.2, 0.8)) as u64).max(1));
            }
            line.clear();
            line.extend_from_slice(b"INV-");
            let digits = number.to_string();
            line.extend(std::iter::repeat_n(
                b'0',
                width.saturating_sub(digits.len()),
            ));
            line.extend_from_slice(digits.as_bytes());
            line.push(b',');
            line.extend_from_slice(c.name.as_bytes());
            line.push(b',');
            line.extend_from_slice(cal.s(v.issued));
            line.push(b',');
            line.extend_from_slice(cal.s(due));
            line.push(b',');
            if let Some(p) = paid {
                line.extend_from_slice(cal.s(p));
            }
            line.push(b',');
            push_cents(&mut line, v.cents);
            line.push(b',');
            if let Some(p) = paid_amount {
                push_cents(&mut line, p);
            }
            line.extend_from_slice(b",EUR\n");
            out.write_all(&line)?;
        }
    }
    Ok((number, finish(out)?))
}

// ---------------------------------------------------------------- interactions.csv

struct Interaction {
    day: i32,
    client: usize,
    kind: u8,
    value: Option<i32>,
    note: &'static str,
}

const KINDS: [&str; 5] = ["contact", "complaint", "request", "cancellation", "nps"];

fn write_interactions(args: &Args, cal: &Calendar, clients: &[Client]) -> io::Result<(u64, u64)> {
    let mut rng = Rng::new(args.seed, 5);
    let n = clients.len();
    let days = cal.days;
    let mut out = create(&args.out, "interactions.csv")?;
    out.write_all(b"date,client,kind,value,note\n")?;
    let mut line = Vec::with_capacity(256);
    let mut rows = 0;
    let mut batch: Vec<Interaction> = Vec::new();
    for (m, month) in cal.months.iter().enumerate() {
        batch.clear();
        for (ci, c) in clients.iter().enumerate() {
            let first = month.first.max(c.start).max(0);
            let last = month.last.min(c.end);
            if first > last {
                continue;
            }
            let mut add = |rng: &mut Rng, kind: u8, value: Option<i32>, note: &'static str| {
                let day = rng.int(first, last);
                if c.silent && day >= days - 100 {
                    return;
                }
                batch.push(Interaction {
                    day,
                    client: ci,
                    kind,
                    value,
                    note,
                });
            };
            let contacts = if c.rank < n.div_ceil(10) {
                rng.int(3, 6)
            } else if c.rank < n * 2 / 5 {
                rng.int(1, 3)
            } else {
                rng.int(0, 2)
            };
            for _ in 0..contacts {
                let note = *rng.pick(&NOTES_CONTACT);
                add(&mut rng, 0, None, note);
            }
            let near_churn = c.kind == Kind::Churned && c.end - month.last < 120;
            let p_complaint = match c.kind {
                _ if c.red_flag.is_some() => 0.3,
                _ if near_churn => 0.35,
                Kind::Over => 0.15,
                Kind::Late => 0.05,
                _ => 0.02,
            };
            if rng.chance(p_complaint) {
                let note = *rng.pick(&NOTES_COMPLAINT);
                add(&mut rng, 1, None, note);
            }
            if c.kind == Kind::Over {
                for _ in 0..rng.int(2, 5) {
                    let note = *rng.pick(&NOTES_REQUEST_OOS);
                    add(&mut rng, 2, None, note);
                }
            } else if rng.chance(0.15) {
                let note = *rng.pick(&NOTES_REQUEST);
                add(&mut rng, 2, None, note);
            }
            if m % 3 == ci % 3 && rng.chance(0.7) {
                let score = match c.kind {
                    _ if c.red_flag.is_some() => rng.int(0, 3),
                    _ if near_churn => rng.int(1, 5),
                    Kind::Over => rng.int(4, 7),
                    Kind::Late => rng.int(5, 8),
                    Kind::Churned => rng.int(4, 8),
                    Kind::Normal | Kind::Underpriced => {
                        if rng.chance(0.8) {
                            rng.int(8, 10)
                        } else {
                            rng.int(6, 7)
                        }
                    }
                };
                let note = *rng.pick(&NOTES_NPS);
                add(&mut rng, 4, Some(score), note);
            }
            if c.kind == Kind::Churned {
                let notice_day = (c.end - c.notice.unwrap_or(30)).max(c.start).max(0);
                if notice_day >= month.first && notice_day <= month.last {
                    let note = *rng.pick(&NOTES_CANCEL);
                    batch.push(Interaction {
                        day: notice_day,
                        client: ci,
                        kind: 3,
                        value: None,
                        note,
                    });
                }
            }
        }
        batch.sort_by_key(|v| (v.day, v.client, v.kind));
        for v in &batch {
            line.clear();
            line.extend_from_slice(cal.s(v.day));
            line.push(b',');
            line.extend_from_slice(clients[v.client].name.as_bytes());
            line.push(b',');
            line.extend_from_slice(KINDS[usize::from(v.kind)].as_bytes());
            line.push(b',');
            if let Some(x) = v.value {
                push_u64(&mut line, x as u64);
            }
            line.push(b',');
            line.extend_from_slice(v.note.as_bytes());
            line.push(b'\n');
            out.write_all(&line)?;
            rows += 1;
        }
    }
    Ok((rows, finish(out)?))
}

// ---------------------------------------------------------------- clients.csv

fn write_clients(args: &Args, cal: &Calendar, clients: &[Client]) -> io::Result<(u64, u64)> {
    let mut out = create(&args.out, "clients.csv")?;
    out.write_all(
        b"client,fit_respect,fit_expectations,red_flag,source,client_since,last_rate_increase\n",
    )?;
    let mut line = Vec::with_capacity(256);
    for c in clients {
        line.clear();
        line.extend_from_slice(c.name.as_bytes());
        line.push(b',');
        push_u64(&mut line, c.fit_respect as u64);
        line.push(b',');
        push_u64(&mut line, c.fit_expectations as u64);
        line.push(b',');
        line.extend_from_slice(c.red_flag.unwrap_or("").as_bytes());
        line.push(b',');
        line.extend_from_slice(c.source.as_bytes());
        line.push(b',');
        line.extend_from_slice(cal.s(c.start));
        line.push(b',');
        if let Some(r) = c.raise {
            line.extend_from_slice(cal.s(r));
        }
        line.push(b'\n');
        out.write_all(&line)?;
    }
    Ok((clients.len() as u64, finish(out)?))
}

// ---------------------------------------------------------------- main

fn run(args: &Args) -> io::Result<()> {
    let started = Instant::now();
    std::fs::create_dir_all(&args.out)?;
    let cal = Calendar::new(args.from, args.to);
    let mut clients = build_clients(args, &cal);
    let names = build_names(args, &mut clients);
    let mut tally = vec![Tally::default(); clients.len() * cal.months.len()];
    let (time_rows, time_bytes) = write_time(args, &cal, &clients, &names, &mut tally)?;
    build_contracts(args, &cal, &mut clients, &tally);
    let (inv_rows, inv_bytes) = write_invoices(args, &cal, &clients, &tally)?;
    let (con_rows, con_bytes) = write_contracts(args, &cal, &clients)?;
    let (int_rows, int_bytes) = write_interactions(args, &cal, &clients)?;
    let (cli_rows, cli_bytes) = write_clients(args, &cal, &clients)?;
    let bytes = time_bytes + inv_bytes + con_bytes + int_bytes + cli_bytes;
    let new = clients.iter().filter(|c| c.new).count();
    eprintln!(
        "gen_ledger: {}: time.csv {time_rows} rows ({time_bytes} B), invoices.csv {inv_rows} ({inv_bytes} B), \
contracts.csv {con_rows} ({con_bytes} B), interactions.csv {int_rows} ({int_bytes} B), \
clients.csv {cli_rows} ({cli_bytes} B, {new} new); {} people, {} projects \
(largest team {}); {:.1} MiB in {:.2} s",
        args.out.display(),
        names.people.len(),
        names.projects.len(),
        clients.iter().map(|c| c.team.len()).max().unwrap_or(0),
        bytes as f64 / (1024.0 * 1024.0),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(ArgError::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(ArgError::Bad(msg)) => {
            eprintln!("gen_ledger: {msg}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_ledger: {}: {e}", args.out.display());
            ExitCode::FAILURE
        }
    }
}
