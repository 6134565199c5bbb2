//! The monthly report's charts, drawn with plotters' SVG backend (which escapes every
//! text it writes, client names included). Each returns an `<svg>` element, or why
//! it could not be drawn.

use super::document::Report;
use crate::history::Snapshot;
use crate::model::money::to_f64;
use crate::verdict::Verdict;
use plotters::prelude::*;

/// Verdict colours, shared with the HTML's CSS.
pub const FIRE: RGBColor = RGBColor(0xc0, 0x39, 0x2b);
/// Reprice: amber.
pub const REPRICE: RGBColor = RGBColor(0xd6, 0x8a, 0x00);
/// Retain: green.
pub const RETAIN: RGBColor = RGBColor(0x2e, 0x8b, 0x57);
const GREY: RGBColor = RGBColor(0x9a, 0xa0, 0xa6);
const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);

const SIZE: (u32, u32) = (560, 380);
const FONT: &str = "sans-serif";

/// The colour of a verdict.
pub fn verdict_color(v: Verdict) -> RGBColor {
    match v {
        Verdict::Fire => FIRE,
        Verdict::Reprice => REPRICE,
        Verdict::Retain => RETAIN,
    }
}

/// What drawing on a chart returns: plotters' errors, any of them.
type Drawn = Result<(), Box<dyn std::error::Error>>;

/// Draws one chart, its caption set, into an `<svg>` element.
fn svg(
    size: (u32, u32),
    title: &str,
    draw: impl FnOnce(ChartBuilder<'_, '_, SVGBackend<'_>>) -> Drawn,
) -> Result<String, String> {
    let mut out = String::new();
    let drawn = (|| -> Drawn {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root);
        // Room for the axis labels; the aging chart's names need more.
        chart
            .caption(title, (FONT, 22))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(56);
        draw(chart)?;
        Ok(root.present()?)
    })();
    drawn.map_err(|e| e.to_string())?;
    // Scales with the page (phones) instead of overflowing it.
    Ok(out.replacen(
        &format!("<svg width=\"{}\" height=\"{}\"", size.0, size.1),
        "<svg role=\"img\" preserveAspectRatio=\"xMidYMid meet\" style=\"width:100%;height:auto;max-width:720px\"",
        1,
    ))
}

/// Margin against fit, one dot per client coloured by verdict, its area by revenue;
/// the lines are the target margin and a fit of 50.
pub fn quadrant(report: &Report) -> Result<String, String> {
    let target = report.settings.target_margin_ratio;
    let dots: Vec<(f64, f64, f64, Verdict)> = report
        .clients
        .iter()
        .filter_map(|c| {
            let m = &c.metrics;
            Some((
                m.fit_score?,
                m.margin_ratio?.clamp(-1.0, 1.0),
                m.revenue.map_or(0.0, to_f64).max(0.0),
                c.verdict,
            ))
        })
        .collect();
    if dots.is_empty() {
        return Err("no client has both a fit score and a margin".into());
    }
    let largest = dots.iter().map(|d| d.2).fold(0.0, f64::max);
    let low = dots.iter().map(|d| d.1).fold(target.min(0.0), f64::min) - 0.05;
    let high = dots.iter().map(|d| d.1).fold(target, f64::max) + 0.05;
    svg(SIZE, "Margin against fit", |mut chart| {
        let mut chart = chart
            .margin_right(24)
            .build_cartesian_2d(0f64..100f64, low..high)?;
        chart
            .configure_mesh()
            .label_style((FONT, 15))
            .axis_desc_style((FONT, 15))
            .x_label_formatter(&|v| format!("{v:.0}"))
            .x_desc("fit score (100 = excellent)")
            .y_desc("margin")
            .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
            .light_line_style(WHITE)
            .draw()?;
        let guide = GREY.stroke_width(1);
        chart.draw_series(LineSeries::new([(0.0, target), (100.0, target)], guide))?;
        chart.draw_series(LineSeries::new([(50.0, low), (50.0, high)], guide))?;
        chart.draw_series(dots.iter().map(|&(x, y, revenue, v)| {
            let r = if largest > 0.0 {
                4.0 + 14.0 * (revenue / largest).sqrt()
            } else {
                5.0
            };
            Circle::new((x, y), r as i32, verdict_color(v).mix(0.75).filled())
        }))?;
        Ok(())
    })
}

/// Cumulative share of revenue against the share of clients, largest first, with the
/// 80% line: how concentrated the portfolio is.
pub fn pareto(report: &Report) -> Result<String, String> {
    let mut shares: Vec<f64> = report
        .clients
        .iter()
        .filter_map(|c| c.metrics.revenue_share)
        .filter(|s| *s > 0.0)
        .collect();
    if shares.is_empty() {
        return Err("no client has revenue".into());
    }
    shares.sort_by(|a, b| b.total_cmp(a));
    let n = shares.len() as f64;
    let mut points = vec![(0.0, 0.0)];
    let mut total = 0.0;
    for (i, s) in shares.iter().enumerate() {
        total += s;
        points.push(((i + 1) as f64 / n, total.min(1.0)));
    }
    svg(SIZE, "Revenue concentration", |mut chart| {
        let mut chart = chart.build_cartesian_2d(0f64..1f64, 0f64..1.02f64)?;
        chart
            .configure_mesh()
            .label_style((FONT, 15))
            .axis_desc_style((FONT, 15))
            .x_desc("share of clients, largest first")
            .y_desc("share of revenue")
            .x_label_formatter(&|v| format!("{:.0}%", v * 100.0))
            .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
            .light_line_style(WHITE)
            .draw()?;
        chart
            .draw_series(LineSeries::new(
                [(0.0, 0.8), (1.0, 0.8)],
                FIRE.stroke_width(1),
            ))?
            .label("80% of revenue")
            .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], FIRE));
        chart
            .draw_series(LineSeries::new(points.clone(), INK.stroke_width(2)))?
            .label("cumulative revenue")
            .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], INK));
        chart.draw_series(
            points
                .iter()
                .skip(1)
                .map(|&p| Circle::new(p, 3, INK.filled())),
        )?;
        legend(&mut chart, SeriesLabelPosition::LowerRight, 13)
    })
}

/// Open receivables by age, one stacked bar per client (the 15 largest balances).
pub fn aging(report: &Report) -> Result<String, String> {
    // Each client's name, open amounts by age, and their total.
    let mut rows: Vec<(&str, [f64; 5], f64)> = report
        .clients
        .iter()
        .filter_map(|c| {
            let a = c.metrics.aging.as_ref()?;
            let parts = [a.current, a.d1_30, a.d31_60, a.d61_90, a.d90_plus].map(to_f64);
            let total = parts.iter().sum::<f64>();
            (total > 0.0).then_some((c.client.as_str(), parts, total))
        })
        .collect();
    rows.sort_by(|a, b| b.2.total_cmp(&a.2));
    rows.truncate(15);
    let Some(&(_, _, widest)) = rows.first() else {
        return Err("no open receivables".into());
    };
    let buckets = [
        (RETAIN, "not yet due"),
        (RGBColor(0xf1, 0xc4, 0x0f), "1-30 days"),
        (REPRICE, "31-60 days"),
        (RGBColor(0xe6, 0x7e, 0x22), "61-90 days"),
        (FIRE, "over 90 days"),
    ];
    let height = 90 + 28 * rows.len() as u32;
    svg((SIZE.0, height), "Receivables by age", |mut chart| {
        let n = rows.len() as i32;
        let mut chart = chart
            .x_label_area_size(36)
            .y_label_area_size(170)
            .build_cartesian_2d(0f64..widest * 1.05, (0..n).into_segmented())?;
        chart
            .configure_mesh()
            .label_style((FONT, 15))
            .axis_desc_style((FONT, 15))
            .disable_y_mesh()
            .light_line_style(WHITE)
            .y_labels(rows.len())
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => rows
                    .get(*i as usize)
                    .map(|r| crate::model::clip(r.0, 26).into_owned())
                    .unwrap_or_default(),
                _ => String::new(),
            })
            .x_labels(5)
            .x_label_formatter(&|v| compact(*v))
            .x_desc("open amount")
            .draw()?;
        for (bucket, &(color, name)) in buckets.iter().enumerate() {
            let bars = rows.iter().enumerate().map(|(i, (_, parts, _))| {
                let start: f64 = parts[..bucket].iter().sum();
                let end = start + parts[bucket];
                Rectangle::new(
                    [
                        (start, SegmentValue::Exact(i as i32)),
                        (end, SegmentValue::Exact(i as i32 + 1)),
                    ],
                    color.filled(),
                )
            });
            chart.draw_series(bars)?.label(name).legend(move |(x, y)| {
                Rectangle::new([(x, y - 5), (x + 12, y + 5)], color.filled())
            });
        }
        legend(&mut chart, SeriesLabelPosition::UpperRight, 12)
    })
}

/// One figure of every client and of the portfolio over the stored periods.
pub fn trend(
    history: &[Snapshot],
    title: &str,
    portfolio: impl Fn(&Snapshot) -> Option<f64>,
    client: impl Fn(&crate::history::ClientSnapshot) -> Option<f64>,
    percent: bool,
) -> Result<String, String> {
    if history.len() < 2 {
        return Err("trends appear from the second stored report on".into());
    }
    let labels: Vec<String> = history.iter().map(|s| s.period.clone()).collect();
    // Each client's line, by name as in the latest period; the first 60 that
    // have two points. One key map per period keeps this linear in clients.
    let periods: Vec<_> = history.iter().map(Snapshot::by_key).collect();
    let lines: Vec<Vec<(i32, f64)>> = (history.last().map_or(&[][..], |s| &s.clients[..]))
        .iter()
        .map(|c| {
            let key = crate::model::client::client_key(&c.client);
            (periods.iter().enumerate())
                .filter_map(|(i, p)| Some((i as i32, client(p.get(&key)?)?)))
                .collect::<Vec<_>>()
        })
        .filter(|points| points.len() >= 2)
        .take(60)
        .collect();
    let whole: Vec<(i32, f64)> = history
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some((i as i32, portfolio(s)?)))
        .collect();
    let values = lines
        .iter()
        .flat_map(|l| l.iter().map(|p| p.1))
        .chain(whole.iter().map(|p| p.1));
    let (mut low, mut high) = values.fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(v), b.max(v)));
    if low > high {
        return Err("no figures to draw".into());
    }
    if percent {
        low = low.clamp(-1.0, 0.0);
        high = high.clamp(0.0, 1.0).max(low + 0.1);
    } else {
        (low, high) = (0.0, 100.0);
    }
    let last = history.len() as i32 - 1;
    svg(SIZE, title, |mut chart| {
        let mut chart = chart
            .margin_right(36)
            .build_cartesian_2d(0..last, low..high)?;
        chart
            .configure_mesh()
            .label_style((FONT, 15))
            .axis_desc_style((FONT, 15))
            .x_labels(labels.len())
            .x_label_formatter(&|i| labels.get(*i as usize).cloned().unwrap_or_default())
            .y_label_formatter(&|v| {
                if percent {
                    format!("{:.0}%", v * 100.0)
                } else {
                    format!("{v:.0}")
                }
            })
            .light_line_style(WHITE)
            .draw()?;
        for points in &lines {
            chart.draw_series(LineSeries::new(
                points.clone(),
                GREY.mix(0.6).stroke_width(1),
            ))?;
        }
        chart
            .draw_series(LineSeries::new(whole.clone(), INK.stroke_width(3)))?
            .label("portfolio")
            .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], INK.stroke_width(3)));
        chart.draw_series(whole.iter().map(|&p| Circle::new(p, 4, INK.filled())))?;
        legend(&mut chart, SeriesLabelPosition::UpperRight, 13)
    })
}

/// The series legend every chart draws the same way, at `position`.
fn legend<'a, 'b: 'a, CT: plotters::coord::CoordTranslate>(
    chart: &mut ChartContext<'a, SVGBackend<'b>, CT>,
    position: SeriesLabelPosition,
    font_size: u32,
) -> Drawn {
    Ok(chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.9))
        .border_style(GREY)
        .label_font((FONT, font_size))
        .draw()?)
}

/// `1.2k`, `35k`, `1.4M`: axis labels that fit.
fn compact(v: f64) -> String {
    let a = v.abs();
    if a >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if a >= 1e4 {
        format!("{:.0}k", v / 1e3)
    } else if a >= 1e3 {
        format!("{:.1}k", v / 1e3)
    } else {
        format!("{v:.0}")
    }
}
