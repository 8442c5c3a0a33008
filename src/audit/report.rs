//! The monthly loggkontroll report: entries and users covered, flags by code, open and overdue
//! break-the-glass reviews, samples and their outcomes, the reviews done, and a chart of accesses per
//! day per user with the flagged ones marked. Written as CSV and PDF; the app draws the same chart as
//! SVG. It holds staff names and person refs only, never a person's data.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use time::Duration;

use super::entry::Entry;
use super::flags::{kind, ActionKind, FlagCode, Flags, Thresholds};
use super::review::{self, ReviewOutcome, ReviewSubject, Task, TaskKind, YearMonth};
use crate::calendar::swedish_time;
use crate::rights::extract::{Item, Section};
use crate::rights::Lang;
use crate::time::parse_rfc3339;

/// One cell of the chart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub count: u32,
    pub flagged: u32,
}

/// Accesses per day (columns) per user (rows).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chart {
    pub title: String,
    pub legend: String,
    /// `YYYY-MM-DD`, Swedish days.
    pub days: Vec<String>,
    pub users: Vec<String>,
    pub cells: Vec<Vec<Cell>>,
}

impl Chart {
    pub fn max(&self) -> u32 {
        self.cells
            .iter()
            .flatten()
            .map(|c| c.count)
            .max()
            .unwrap_or(0)
    }

    /// The chart as a self-contained SVG (no scripts, no remote parts), with a title and a
    /// description for assistive technology; flagged cells are outlined and their count is bold, so
    /// colour is not the only sign.
    pub fn svg(&self) -> String {
        let (label_w, cell, top) = (130, 18, 40);
        let width = label_w + cell * self.days.len().max(1) + 10;
        let height = top + cell * self.users.len().max(1) + 10;
        let max = self.max().max(1) as f32;
        let mut s = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" aria-labelledby=\"chart-title chart-desc\">\
<title id=\"chart-title\">{}</title><desc id=\"chart-desc\">{}</desc>",
            esc(&self.title),
            esc(&self.legend)
        );
        for (d, day) in self.days.iter().enumerate() {
            let x = label_w + d * cell + 3;
            s.push_str(&format!(
                "<text x=\"{x}\" y=\"{}\" font-size=\"9\">{}</text>",
                top - 6,
                esc(day.get(8..).unwrap_or(day))
            ));
        }
        for (u, user) in self.users.iter().enumerate() {
            let y = top + u * cell;
            s.push_str(&format!(
                "<text x=\"0\" y=\"{}\" font-size=\"11\">{}</text>",
                y + 13,
                esc(user)
            ));
            for (d, c) in self.cells[u].iter().enumerate() {
                let x = label_w + d * cell;
                let light = 100.0 - 55.0 * (c.count as f32 / max);
                let class = if c.flagged > 0 {
                    "cell flagged"
                } else {
                    "cell"
                };
                s.push_str(&format!(
                    "<rect class=\"{class}\" x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"{}\" fill=\"hsl(220,70%,{light:.0}%)\"{}><title>{} {}: {}{}</title></rect>",
                    cell - 2,
                    cell - 2,
                    if c.flagged > 0 { " stroke=\"#b00020\" stroke-width=\"2\"" } else { "" },
                    esc(user),
                    esc(&self.days[d]),
                    c.count,
                    if c.flagged > 0 { format!(" ({} !)", c.flagged) } else { String::new() },
                ));
                if c.count > 0 {
                    s.push_str(&format!(
                        "<text x=\"{}\" y=\"{}\" font-size=\"8\"{}>{}</text>",
                        x + 2,
                        y + 11,
                        if c.flagged > 0 {
                            " font-weight=\"bold\""
                        } else {
                            ""
                        },
                        c.count
                    ));
                }
            }
        }
        s.push_str("</svg>");
        s
    }
}

fn esc(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '&' => "&amp;".to_string(),
            '"' => "&quot;".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// A sample as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SampleLine {
    pub task: String,
    pub user: String,
    pub from: String,
    pub until: String,
    pub outcome: Option<ReviewOutcome>,
}

/// The month's documentation.
#[derive(Debug, Clone, Serialize)]
pub struct MonthlyReport {
    pub month: String,
    pub entries: u64,
    pub users: Vec<String>,
    pub flags: BTreeMap<FlagCode, u64>,
    pub flag_rate_per_thousand: f64,
    pub break_glass_open: u64,
    pub break_glass_overdue: u64,
    pub samples: Vec<SampleLine>,
    pub reviews: BTreeMap<ReviewOutcome, u64>,
    /// Entries whose own review is in the log (or that a reviewed sample window covers).
    pub entries_reviewed: u64,
    pub chain_holds: bool,
    pub produced_by: String,
    pub produced_at: String,
    pub chart: Chart,
}

pub struct ReportInput<'a> {
    pub month: YearMonth,
    /// The whole log, in order.
    pub entries: &'a [Entry],
    pub flags: &'a Flags,
    pub tasks: &'a [Task],
    pub thresholds: &'a Thresholds,
    pub chain_holds: bool,
    pub produced_by: &'a str,
    pub produced_at: &'a str,
    pub lang: Lang,
}

pub fn build(input: &ReportInput<'_>) -> MonthlyReport {
    let (from, until) = input.month.bounds();
    let month: Vec<&Entry> = input
        .entries
        .iter()
        .filter(|e| e.at >= from && e.at < until)
        .collect();
    let users: BTreeSet<String> = month.iter().map(|e| e.actor.clone()).collect();
    let mut flags: BTreeMap<FlagCode, u64> = BTreeMap::new();
    let mut flagged_entries = 0u64;
    for e in &month {
        if let Some(codes) = input.flags.get(&e.seq) {
            flagged_entries += 1;
            for &c in codes {
                *flags.entry(c).or_default() += 1;
            }
        }
    }
    let break_glass: Vec<&Task> = input
        .tasks
        .iter()
        .filter(|t| t.kind == TaskKind::BreakGlass && t.review.is_none())
        .collect();
    let sample_id = input.month.sample_id();
    let samples: Vec<SampleLine> = input
        .tasks
        .iter()
        .filter(|t| t.kind == TaskKind::Sample && t.id.starts_with(&sample_id))
        .map(|t| SampleLine {
            task: t.id.clone(),
            user: t.user.clone().unwrap_or_default(),
            from: t.from.clone().unwrap_or_default(),
            until: t.until.clone().unwrap_or_default(),
            outcome: t.review.as_ref().map(|r| r.outcome),
        })
        .collect();
    let all_reviews = review::reviews(input.entries);
    let mut reviews: BTreeMap<ReviewOutcome, u64> = BTreeMap::new();
    for r in all_reviews
        .values()
        .filter(|r| r.at >= from && r.at < until)
    {
        *reviews.entry(r.outcome).or_default() += 1;
    }
    let reviewed_windows: Vec<(&str, &str, &str)> = samples
        .iter()
        .filter(|s| s.outcome.is_some())
        .map(|s| (s.user.as_str(), s.from.as_str(), s.until.as_str()))
        .collect();
    let entries_reviewed = month
        .iter()
        .filter(|e| {
            all_reviews.contains_key(&ReviewSubject::Entry(e.seq))
                || reviewed_windows
                    .iter()
                    .any(|(u, f, t)| e.actor == *u && e.at.as_str() >= *f && e.at.as_str() < *t)
        })
        .count() as u64;
    MonthlyReport {
        month: input.month.to_string(),
        entries: month.len() as u64,
        users: users.into_iter().collect(),
        flag_rate_per_thousand: flagged_entries as f64 * 1000.0 / (month.len().max(1) as f64),
        flags,
        break_glass_open: break_glass.len() as u64,
        break_glass_overdue: break_glass.iter().filter(|t| t.overdue).count() as u64,
        samples,
        reviews,
        entries_reviewed,
        chain_holds: input.chain_holds,
        produced_by: input.produced_by.to_string(),
        produced_at: input.produced_at.to_string(),
        chart: chart(input, &month),
    }
}

fn chart(input: &ReportInput<'_>, month: &[&Entry]) -> Chart {
    let sv = input.lang == Lang::Sv;
    let first = input.month.first_day();
    let days: Vec<String> = (0..input.month.days())
        .map(|d| (first + Duration::days(i64::from(d))).to_string())
        .collect();
    let accesses: Vec<&&Entry> = month
        .iter()
        .filter(|e| {
            super::entry::Action::parse(&e.action).is_some_and(|a| {
                matches!(
                    kind(a),
                    ActionKind::PersonAccess | ActionKind::Reveal | ActionKind::Export
                )
            })
        })
        .collect();
    let users: Vec<String> = accesses
        .iter()
        .map(|e| e.actor.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut cells = vec![vec![Cell::default(); days.len()]; users.len()];
    for e in accesses {
        let (Some(u), Some(at)) = (
            users.iter().position(|u| *u == e.actor),
            parse_rfc3339(&e.at),
        ) else {
            continue;
        };
        let day = swedish_time(at).date();
        let d = (day - first).whole_days();
        if let Some(c) = usize::try_from(d).ok().and_then(|d| cells[u].get_mut(d)) {
            c.count += 1;
            if input.flags.contains_key(&e.seq) {
                c.flagged += 1;
            }
        }
    }
    Chart {
        title: if sv {
            format!("Åtkomster per dag och användare, {}", input.month)
        } else {
            format!("Accesses per day and user, {}", input.month)
        },
        legend: if sv {
            "Mörkare ruta = fler åtkomster. Röd ram och fet siffra = minst en flaggad åtkomst."
                .into()
        } else {
            "Darker cell = more accesses. Red outline and bold count = at least one flagged access."
                .into()
        },
        days,
        users,
        cells,
    }
}

fn outcome_label(o: ReviewOutcome, lang: Lang) -> &'static str {
    match (o, lang) {
        (ReviewOutcome::WithoutRemark, Lang::Sv) => "utan anmärkning",
        (ReviewOutcome::WithRemark, Lang::Sv) => "med anmärkning",
        (ReviewOutcome::Investigation, Lang::Sv) => "utredning",
        (ReviewOutcome::Incident, Lang::Sv) => "incident",
        (ReviewOutcome::WithoutRemark, Lang::En) => "no remark",
        (ReviewOutcome::WithRemark, Lang::En) => "with remark",
        (ReviewOutcome::Investigation, Lang::En) => "investigation",
        (ReviewOutcome::Incident, Lang::En) => "incident",
    }
}

/// The report as sections (for the PDF).
pub fn sections(r: &MonthlyReport, lang: Lang, t: &Thresholds) -> Vec<Section> {
    let sv = lang == Lang::Sv;
    let tr = |s: &str, e: &str| if sv { s.to_string() } else { e.to_string() };
    let item = |label: String, value: String| Item { label, value };
    let section = |key: &'static str, heading: String, items: Vec<Item>| Section {
        key,
        heading,
        empty: items.is_empty(),
        items,
    };
    let mut out = vec![section(
        "coverage",
        tr("Omfattning", "Coverage"),
        vec![
            item(tr("Månad", "Month"), r.month.clone()),
            item(tr("Loggposter", "Log entries"), r.entries.to_string()),
            item(
                tr("Användare med poster", "Users with entries"),
                format!("{}: {}", r.users.len(), r.users.join(", ")),
            ),
            item(
                tr("Granskade poster", "Entries reviewed"),
                r.entries_reviewed.to_string(),
            ),
            item(
                tr("Loggkedjan", "The log chain"),
                if r.chain_holds {
                    tr("hel (verifierad)", "intact (verified)")
                } else {
                    tr("BRUTEN – se flaggan CHAIN", "BROKEN – see the CHAIN flag")
                },
            ),
        ],
    )];
    out.push(section(
        "flags",
        tr("Flaggor", "Flags"),
        r.flags
            .iter()
            .map(|(c, n)| item(format!("{c} ({n})"), c.explanation(lang, t)))
            .chain(std::iter::once(item(
                tr("Flaggade per 1 000 poster", "Flagged per 1,000 entries"),
                format!("{:.1}", r.flag_rate_per_thousand),
            )))
            .collect(),
    ));
    out.push(section(
        "break_glass",
        tr("Nödåtkomst", "Break-the-glass"),
        vec![
            item(
                tr("Ej granskade", "Not yet reviewed"),
                r.break_glass_open.to_string(),
            ),
            item(
                tr("Varav försenade", "Of which overdue"),
                r.break_glass_overdue.to_string(),
            ),
        ],
    ));
    out.push(section(
        "samples",
        tr("Stickprov", "Samples"),
        r.samples
            .iter()
            .map(|s| {
                item(
                    format!("{} – {}", s.task, s.user),
                    format!(
                        "{} – {}: {}",
                        s.from,
                        s.until,
                        s.outcome
                            .map(|o| outcome_label(o, lang).to_string())
                            .unwrap_or_else(|| tr("ej granskad", "not reviewed"))
                    ),
                )
            })
            .collect(),
    ));
    out.push(section(
        "reviews",
        tr("Granskningar och utfall", "Reviews and outcomes"),
        r.reviews
            .iter()
            .map(|(o, n)| item(outcome_label(*o, lang).to_string(), n.to_string()))
            .collect(),
    ));
    out
}

/// CSV: one `section,key,value` row per figure, for a spreadsheet or an archive.
pub fn csv(r: &MonthlyReport) -> String {
    let mut out = String::from("section,key,value\r\n");
    let mut row = |s: &str, k: &str, v: &str| {
        out.push_str(&format!("{},{},{}\r\n", cell(s), cell(k), cell(v)));
    };
    row("coverage", "month", &r.month);
    row("coverage", "entries", &r.entries.to_string());
    row("coverage", "users", &r.users.len().to_string());
    row(
        "coverage",
        "entries_reviewed",
        &r.entries_reviewed.to_string(),
    );
    row("coverage", "chain_holds", &r.chain_holds.to_string());
    for u in &r.users {
        row("users", u, "");
    }
    for c in FlagCode::ALL {
        row(
            "flags",
            c.as_str(),
            &r.flags.get(c).copied().unwrap_or(0).to_string(),
        );
    }
    row(
        "flags",
        "per_thousand",
        &format!("{:.1}", r.flag_rate_per_thousand),
    );
    row("break_glass", "open", &r.break_glass_open.to_string());
    row("break_glass", "overdue", &r.break_glass_overdue.to_string());
    for s in &r.samples {
        row(
            "samples",
            &s.task,
            &format!(
                "{} {}–{} {}",
                s.user,
                s.from,
                s.until,
                s.outcome.map(|o| o.as_str()).unwrap_or("not_reviewed")
            ),
        );
    }
    for o in ReviewOutcome::ALL {
        row(
            "reviews",
            o.as_str(),
            &r.reviews.get(o).copied().unwrap_or(0).to_string(),
        );
    }
    for (u, user) in r.chart.users.iter().enumerate() {
        for (d, c) in r.chart.cells[u].iter().enumerate() {
            if c.count > 0 {
                row(
                    "accesses",
                    &format!("{user} {}", r.chart.days[d]),
                    &format!("{} ({} flagged)", c.count, c.flagged),
                );
            }
        }
    }
    out
}

/// A CSV cell, quoted when needed; a leading `=`, `+`, `-` or `@` is defused so a spreadsheet does
/// not run it as a formula.
fn cell(v: &str) -> String {
    let v: String = v.chars().filter(|c| !c.is_control()).collect();
    let v = if v.starts_with(['=', '+', '-', '@']) {
        format!("'{v}")
    } else {
        v
    };
    if v.contains([',', '"']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(cell("x\u{7}y"), "xy");
    }

    #[test]
    fn svg_text_is_escaped() {
        assert_eq!(esc("<a&\"b\">"), "&lt;a&amp;&quot;b&quot;&gt;");
    }
}
