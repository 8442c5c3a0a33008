//! Printable PDFs (A4, Helvetica in WinAnsi encoding, which covers Swedish), written with
//! `pdf-writer`: the registerutdrag and the log review's monthly report. Every page carries the
//! watermark line. The document info holds no personal data.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};

use super::extract::{nothing, ExtractDocument, Section};
use crate::audit::report::Chart;

/// What a PDF is made of: a title, sections of labelled lines, the foot line, and optionally a chart
/// on a page of its own.
pub struct Printable<'a> {
    pub title: &'a str,
    pub sections: &'a [Section],
    pub watermark: &'a str,
    /// What an empty section says.
    pub empty: &'a str,
    pub chart: Option<&'a Chart>,
}

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 56.0;
const BODY: f32 = 10.0;
const LEADING: f32 = 13.0;
/// Characters per line at 10 pt: Helvetica averages about half an em.
const WRAP: usize = 92;

/// A character in WinAnsiEncoding (Latin-1 plus the typographic marks); others become `?`.
fn win_ansi(c: char) -> u8 {
    match c {
        '€' => 0x80,
        '…' => 0x85,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        c if (' '..='~').contains(&c) || ('\u{a0}'..='\u{ff}').contains(&c) => c as u32 as u8,
        _ => b'?',
    }
}

fn encode(s: &str) -> Vec<u8> {
    s.chars()
        .filter(|c| !c.is_control())
        .map(win_ansi)
        .collect()
}

/// Breaks text into lines of at most `width` characters at spaces (long words are cut).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let mut word = word.to_string();
            while word.chars().count() > width {
                let head: String = word.chars().take(width).collect();
                word = word.chars().skip(width).collect();
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                lines.push(head);
            }
            if line.chars().count() + word.chars().count() + 1 > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        }
        lines.push(line);
    }
    lines
}

/// One line of the layout, with its size and whether it is bold.
struct Line {
    text: String,
    size: f32,
    bold: bool,
    indent: f32,
}

fn layout(doc: &Printable<'_>) -> Vec<Line> {
    let mut out = Vec::new();
    let mut push = |text: String, size: f32, bold: bool, indent: f32| {
        out.push(Line {
            text,
            size,
            bold,
            indent,
        })
    };
    for l in wrap(doc.title, 60) {
        push(l, 15.0, true, 0.0);
    }
    push(String::new(), BODY, false, 0.0);
    for s in doc.sections {
        push(s.heading.clone(), 12.0, true, 0.0);
        if s.empty {
            push(doc.empty.to_string(), BODY, false, 12.0);
        }
        for item in &s.items {
            push(item.label.clone(), BODY, true, 12.0);
            for l in wrap(&item.value, WRAP - 4) {
                push(l, BODY, false, 24.0);
            }
        }
        push(String::new(), BODY, false, 0.0);
    }
    out
}

/// The extract's PDF bytes.
pub fn render(doc: &ExtractDocument) -> Vec<u8> {
    render_printable(&Printable {
        title: &doc.title,
        sections: &doc.sections,
        watermark: &doc.watermark,
        empty: &nothing(doc.lang),
        chart: None,
    })
}

/// Any printable's PDF bytes.
pub fn render_printable(doc: &Printable<'_>) -> Vec<u8> {
    let lines = layout(doc);
    let per_page = ((HEIGHT - 2.0 * MARGIN - 2.0 * LEADING) / LEADING) as usize;
    let text_pages: Vec<&[Line]> = lines.chunks(per_page.max(1)).collect();
    let pages = text_pages.len() + usize::from(doc.chart.is_some());

    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let first_page = 5;
    let page_ids: Vec<Ref> = (0..pages)
        .map(|i| Ref::new(first_page + 2 * i as i32))
        .collect();

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().copied())
        .count(pages as i32);
    pdf.type1_font(regular)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold)
        .base_font(Name(b"Helvetica-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));

    let total = pages;
    for (i, &page_id) in page_ids.iter().enumerate() {
        let content_id = Ref::new(page_id.get() + 1);
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, WIDTH, HEIGHT))
            .parent(tree)
            .contents(content_id);
        page.resources()
            .fonts()
            .pair(Name(b"F1"), regular)
            .pair(Name(b"F2"), bold);
        page.finish();

        let mut c = Content::new();
        let mut y = HEIGHT - MARGIN;
        if let (None, Some(chart)) = (text_pages.get(i), doc.chart) {
            draw_chart(&mut c, chart);
        }
        for line in text_pages.get(i).copied().unwrap_or_default() {
            if !line.text.is_empty() {
                c.begin_text();
                c.set_font(Name(if line.bold { b"F2" } else { b"F1" }), line.size);
                c.next_line(MARGIN + line.indent, y);
                c.show(Str(&encode(&line.text)));
                c.end_text();
            }
            y -= if line.size > BODY {
                line.size + 5.0
            } else {
                LEADING
            };
        }
        // The watermark line at the foot of every page.
        let foot = format!("{} · {}/{}", doc.watermark, i + 1, total);
        c.begin_text();
        c.set_font(Name(b"F1"), 7.5);
        c.next_line(MARGIN, MARGIN / 2.0);
        c.show(Str(&encode(&foot)));
        c.end_text();
        pdf.stream(content_id, &c.finish());
    }
    pdf.finish()
}

/// The chart as a grid: a row per user, a column per day, each cell shaded by the number of accesses
/// and outlined in red (with its count in bold) when any of them is flagged.
fn draw_chart(c: &mut Content, chart: &Chart) {
    let label_w = 110.0;
    let days = chart.days.len().max(1) as f32;
    let cell_w = ((WIDTH - 2.0 * MARGIN - label_w) / days).min(20.0);
    let cell_h = 14.0;
    let top = HEIGHT - MARGIN;
    let text = |c: &mut Content, font: &[u8], size: f32, x: f32, y: f32, s: &str| {
        c.begin_text();
        c.set_font(Name(font), size);
        c.next_line(x, y);
        c.show(Str(&encode(s)));
        c.end_text();
    };
    text(c, b"F2", 12.0, MARGIN, top, &chart.title);
    text(c, b"F1", 8.0, MARGIN, top - 14.0, &chart.legend);
    let grid_top = top - 40.0;
    for (d, day) in chart.days.iter().enumerate() {
        let x = MARGIN + label_w + d as f32 * cell_w;
        text(
            c,
            b"F1",
            6.0,
            x + 1.0,
            grid_top + 3.0,
            day.get(8..).unwrap_or(day),
        );
    }
    let max = chart.max().max(1) as f32;
    for (u, user) in chart.users.iter().enumerate() {
        let y = grid_top - (u as f32 + 1.0) * cell_h;
        if y < MARGIN + cell_h {
            break;
        }
        text(c, b"F1", 7.0, MARGIN, y + 4.0, user);
        for (d, cell) in chart.cells[u].iter().enumerate() {
            let x = MARGIN + label_w + d as f32 * cell_w;
            let shade = 1.0 - 0.6 * (cell.count as f32 / max);
            c.set_fill_rgb(shade, shade, 1.0);
            c.rect(x, y, cell_w - 1.0, cell_h - 1.0);
            c.fill_nonzero();
            if cell.flagged > 0 {
                c.set_stroke_rgb(0.75, 0.0, 0.0);
                c.set_line_width(1.5);
                c.rect(x + 0.5, y + 0.5, cell_w - 2.0, cell_h - 2.0);
                c.stroke();
            }
            c.set_fill_rgb(0.0, 0.0, 0.0);
            if cell.count > 0 {
                let font: &[u8] = if cell.flagged > 0 { b"F2" } else { b"F1" };
                text(c, font, 6.0, x + 1.5, y + 4.0, &cell.count.to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_letters_are_win_ansi_and_others_are_replaced() {
        assert_eq!(
            encode("åäöÅÄÖé"),
            vec![0xe5, 0xe4, 0xf6, 0xc5, 0xc4, 0xd6, 0xe9]
        );
        assert_eq!(encode("a–b"), vec![b'a', 0x96, b'b']);
        assert_eq!(encode("漢\u{7}"), vec![b'?']);
    }

    #[test]
    fn lines_wrap_at_spaces_and_cut_long_words() {
        assert_eq!(wrap("ett två tre", 7), ["ett två", "tre"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\nb", 10), ["a", "b"]);
    }
}
