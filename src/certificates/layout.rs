//! A certificate's page, from what it says: the plain A4 landscape certificate, the 套打 overlay
//! that prints only the variable text on pre-printed paper, and the test page that aligns a
//! printer for it. Pure: no database, no clock.

use crate::typeset::{Align, Colour, Doc, Item, Page, Text, qr::qr};
use chrono::{Datelike, NaiveDate};
pub use entity::kinds::DateStyle;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

const RED: Colour = [0.66, 0.09, 0.09];
const GOLD: Colour = [0.72, 0.53, 0.2];

/// Everything a certificate prints, as stored when it was issued.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Printed {
    pub number: String,
    /// 荣誉证书
    pub title: String,
    pub holder: String,
    pub organisation: String,
    /// 2026年金华市技能大赛
    pub competition: String,
    /// 数控车工（职工组）
    pub event: String,
    /// 一等奖, 团体二等奖, 金华市技术能手
    pub award: String,
    /// The team's name on a team award's certificate.
    pub team: Option<String>,
    /// The wording with its fields filled in; one paragraph per line.
    pub wording: String,
    /// 发证单位
    pub issuer: String,
    /// 文号, may be empty.
    pub doc_number: String,
    pub issued_on: NaiveDate,
    pub date_style: DateStyle,
    /// Where the QR code leads: `/verify/{number}` on the public address.
    pub verify_url: String,
}

/// A date as certificates print it.
pub fn printed_date(date: NaiveDate, style: DateStyle) -> String {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let year: String = date
        .year()
        .to_string()
        .chars()
        .map(|c| DIGITS[c.to_digit(10).unwrap_or(0) as usize])
        .collect();
    match style {
        DateStyle::Arabic => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
        DateStyle::ChineseMonth => format!("{year}年{}月", chinese_number(date.month())),
        DateStyle::ChineseDay => format!(
            "{year}年{}月{}日",
            chinese_number(date.month()),
            chinese_number(date.day())
        ),
    }
}

/// 1–31 in Chinese numerals (十二, 二十一, 三十).
fn chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!("十{}", DIGITS[(n % 10) as usize]),
        _ => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            DIGITS[(n % 10) as usize]
        ),
    }
}

/// Fills a wording template: `{姓名}` `{单位}` `{赛事}` `{项目}` `{奖项}`.
pub fn fill(template: &str, p: &Printed) -> String {
    template
        .replace("{姓名}", &p.holder)
        .replace("{单位}", &p.organisation)
        .replace("{赛事}", &p.competition)
        .replace("{项目}", &p.event)
        .replace("{奖项}", &p.award)
        .replace("{队名}", p.team.as_deref().unwrap_or_default())
}

/// The default wording of an award certificate.
pub const AWARD_WORDING: &str =
    "在{赛事}{项目}项目中，成绩优异，荣获{奖项}。\n特发此证，以资鼓励。";
/// The default wording of an honour's certificate.
pub const HONOUR_WORDING: &str = "在{赛事}{项目}项目中表现突出，被授予“{奖项}”称号。\n特发此证。";

/// Words a certificate's line never breaks inside (besides the award, the team and the
/// holder's name of the certificate itself): "比" at the end of one line and "赛" at the start of
/// the next reads as a mistake.
const WORDS: &[&str] = &[
    "比赛",
    "大赛",
    "竞赛",
    "技能",
    "项目",
    "团体",
    "成绩",
    "优异",
    "荣获",
    "鼓励",
    "特发",
    "此证",
    "称号",
    "授予",
    "表现",
    "突出",
    "职工组",
    "学生组",
    "教师组",
    "一等奖",
    "二等奖",
    "三等奖",
    "优胜奖",
    "参赛队",
    "金华市",
    "工匠",
    "能手",
    "同志",
];

/// Splits a paragraph into lines of about `per_line` characters (`first` for the first, which
/// is indented). CJK text may break between any two characters except inside a word of
/// [`WORDS`] or `words`, inside a number or Latin word, or after an opening bracket; a line
/// then breaks up to four characters earlier. Closing punctuation never starts a line: it
/// hangs at the end of the one before.
fn wrap(paragraph: &str, first: usize, per_line: usize, words: &[&str]) -> Vec<String> {
    let chars: Vec<char> = paragraph.chars().collect();
    let n = chars.len();
    // inside[b]: a break before chars[b] would split something that belongs together.
    let mut inside = vec![false; n + 1];
    for b in 1..n {
        let (before, after) = (chars[b - 1], chars[b]);
        if (before.is_ascii_alphanumeric() && after.is_ascii_alphanumeric())
            || "“（《‘「".contains(before)
        {
            inside[b] = true;
        }
    }
    for word in WORDS.iter().chain(words) {
        let w: Vec<char> = word.chars().collect();
        if w.len() < 2 || w.len() > 8 || w.len() > n {
            continue;
        }
        for start in 0..=n - w.len() {
            if chars[start..start + w.len()] == w[..] {
                for flag in &mut inside[start + 1..start + w.len()] {
                    *flag = true;
                }
            }
        }
    }
    let closing = |c: char| "，。、；：！？”）》’」".contains(c);
    let mut lines = Vec::new();
    let (mut start, mut limit) = (0, first);
    while n - start > limit {
        let mut end = start + limit;
        while end < n && closing(chars[end]) {
            end += 1;
        }
        if end < n && inside[end] {
            let low = start + limit.saturating_sub(4).max(1);
            if let Some(b) = (low..end).rev().find(|&b| !inside[b] && !closing(chars[b])) {
                end = b;
            }
        }
        lines.push(chars[start..end].iter().collect());
        start = end;
        limit = per_line;
    }
    if start < n {
        lines.push(chars[start..].iter().collect());
    }
    lines
}

/// The plain certificate: frame, title, holder, organisation, wording, issuer, date under the
/// seal, number and the QR code to the verification page.
pub fn certificate(p: &Printed, seal: Option<Arc<Vec<u8>>>) -> Doc {
    let mut page = Page::a4(true);
    for (inset, width) in [(9.0, 2.2), (12.5, 0.6)] {
        page.items.push(Item::Frame {
            x: inset,
            y: inset,
            w: 297.0 - 2.0 * inset,
            h: 210.0 - 2.0 * inset,
            width,
            colour: GOLD,
        });
    }
    let title: String = p
        .title
        .chars()
        .map(String::from)
        .collect::<Vec<_>>()
        .join(" ");
    page.text(Text::new(148.5, 48.0, 40.0, Align::Centre, title).colour(RED));
    if !p.doc_number.is_empty() {
        page.text(Text::new(148.5, 59.0, 12.0, Align::Centre, &p.doc_number));
    }
    page.text(
        Text::new(
            40.0,
            82.0,
            24.0,
            Align::Left,
            format!("{} 同志：", p.holder),
        )
        .fit(217.0),
    );
    // A long organisation name shrinks to fit its line rather than running into the frame.
    page.text(
        Text::new(
            40.0,
            94.0,
            15.0,
            Align::Left,
            format!("工作单位：{}", p.organisation),
        )
        .fit(217.0),
    );
    if let Some(team) = p.team.as_deref().filter(|t| !t.is_empty()) {
        page.text(Text::new(40.0, 102.5, 15.0, Align::Left, format!("参赛队：{team}")).fit(217.0));
    }
    let mut y = 112.0;
    for paragraph in p.wording.lines().filter(|l| !l.trim().is_empty()) {
        let own = [
            p.award.as_str(),
            p.holder.as_str(),
            p.team.as_deref().unwrap_or_default(),
        ];
        for (i, line) in wrap(paragraph.trim(), 25, 27, &own).into_iter().enumerate() {
            let x = if i == 0 { 40.0 + 2.0 * 7.8 } else { 40.0 };
            page.text(Text::new(x, y, 22.0, Align::Left, line).fit(257.0 - x));
            y += 12.0;
        }
    }
    let date = printed_date(p.issued_on, p.date_style);
    if seal.is_some() {
        // The seal sits over the date, as a stamped certificate has it.
        page.items.push(Item::Image {
            image: 0,
            x: 196.0,
            y: 142.0,
            w: 40.0,
            h: 40.0,
        });
    }
    page.text(Text::new(216.0, 158.0, 18.0, Align::Centre, &p.issuer).fit(90.0));
    page.text(Text::new(216.0, 171.0, 18.0, Align::Centre, date));
    page.items.push(qr(&p.verify_url, 22.0, 150.0, 30.0));
    page.text(Text::new(37.0, 184.0, 9.0, Align::Centre, "扫码查验真伪"));
    page.text(Text::new(
        148.5,
        192.0,
        10.0,
        Align::Centre,
        format!("证书编号：{}", p.number),
    ));
    Doc {
        title: format!("{} {}", p.title, p.holder),
        date: p.issued_on,
        key: p.number.clone(),
        pages: vec![page],
        images: seal.into_iter().collect(),
    }
}

/// A variable field of the 套打 overlay.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Holder,
    Organisation,
    Competition,
    Event,
    Award,
    Date,
    Number,
    Qr,
}

impl Field {
    pub const ALL: [Field; 8] = [
        Field::Holder,
        Field::Organisation,
        Field::Competition,
        Field::Event,
        Field::Award,
        Field::Date,
        Field::Number,
        Field::Qr,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Field::Holder => "姓名",
            Field::Organisation => "单位",
            Field::Competition => "赛事",
            Field::Event => "项目",
            Field::Award => "奖项",
            Field::Date => "日期",
            Field::Number => "证书编号",
            Field::Qr => "二维码",
        }
    }

    fn text(self, p: &Printed) -> String {
        match self {
            Field::Holder => p.holder.clone(),
            Field::Organisation => p.organisation.clone(),
            Field::Competition => p.competition.clone(),
            Field::Event => p.event.clone(),
            Field::Award => p.award.clone(),
            Field::Date => printed_date(p.issued_on, p.date_style),
            Field::Number => p.number.clone(),
            Field::Qr => String::new(),
        }
    }
}

/// Where one field is printed on pre-printed paper: its left end (or the QR code's top-left
/// corner) in millimetres from the paper's top-left corner, its size in points (the QR code's
/// side in millimetres) and the width it must fit.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Position {
    pub field: Field,
    pub x: f32,
    pub y: f32,
    pub size: f32,
    pub width: f32,
}

/// The positions a competition starts from: where the plain certificate puts each field.
pub fn default_positions() -> Vec<Position> {
    let at = |field, x, y, size, width| Position {
        field,
        x,
        y,
        size,
        width,
    };
    vec![
        at(Field::Holder, 60.0, 82.0, 24.0, 90.0),
        at(Field::Organisation, 60.0, 96.0, 14.0, 170.0),
        at(Field::Competition, 60.0, 112.0, 18.0, 170.0),
        at(Field::Event, 60.0, 126.0, 18.0, 170.0),
        at(Field::Award, 60.0, 140.0, 22.0, 120.0),
        at(Field::Date, 196.0, 171.0, 16.0, 60.0),
        at(Field::Number, 100.0, 192.0, 10.0, 100.0),
        at(Field::Qr, 22.0, 150.0, 30.0, 30.0),
    ]
}

/// The 套打 overlay: only the variable text, at the competition's positions, for paper with the
/// frame, title, wording and seal already printed.
pub fn overlay(p: &Printed, positions: &[Position]) -> Doc {
    let mut page = Page::a4(true);
    for pos in positions {
        if pos.field == Field::Qr {
            page.items.push(qr(&p.verify_url, pos.x, pos.y, pos.size));
        } else {
            page.text(
                Text::new(pos.x, pos.y, pos.size, Align::Left, pos.field.text(p)).fit(pos.width),
            );
        }
    }
    Doc {
        title: format!("{} {}（套打）", p.title, p.holder),
        date: p.issued_on,
        key: format!("{}-overlay", p.number),
        pages: vec![page],
        images: Vec::new(),
    }
}

/// The test page for aligning a printer to pre-printed paper: a millimetre ruler along the
/// edges, and at each field's position a cross, its box and its name with the coordinates.
/// Printed on plain paper and held against a pre-printed sheet to the light, it shows how far
/// to move each field.
pub fn alignment_page(positions: &[Position], date: NaiveDate) -> Doc {
    let mut page = Page::a4(true);
    for mm in (0..=297).step_by(5) {
        let x = mm as f32;
        let long = if mm % 10 == 0 { 5.0 } else { 2.5 };
        page.line((x, 0.0), (x, long), 0.3);
        page.line((x, 210.0 - long), (x, 210.0), 0.3);
        if mm % 50 == 0 && mm > 0 && mm < 297 {
            page.text(Text::new(x, 9.0, 7.0, Align::Centre, mm.to_string()));
        }
    }
    for mm in (0..=210).step_by(5) {
        let y = mm as f32;
        let long = if mm % 10 == 0 { 5.0 } else { 2.5 };
        page.line((0.0, y), (long, y), 0.3);
        page.line((297.0 - long, y), (297.0, y), 0.3);
        if mm % 50 == 0 && mm > 0 && mm < 210 {
            page.text(Text::new(7.0, y + 1.0, 7.0, Align::Left, mm.to_string()));
        }
    }
    page.text(Text::new(
        148.5,
        20.0,
        12.0,
        Align::Centre,
        "套打对位测试页：请用普通纸打印，与预印证书叠放对光检查各栏位置（单位：毫米）",
    ));
    for pos in positions {
        let (x, y) = (pos.x, pos.y);
        page.items.push(Item::Line {
            from: (x - 3.0, y),
            to: (x + 3.0, y),
            width: 0.4,
            colour: RED,
        });
        page.items.push(Item::Line {
            from: (x, y - 3.0),
            to: (x, y + 3.0),
            width: 0.4,
            colour: RED,
        });
        let (w, h) = if pos.field == Field::Qr {
            (pos.size, pos.size)
        } else {
            (pos.width, pos.size * 25.4 / 72.0)
        };
        let top = if pos.field == Field::Qr { y } else { y - h };
        page.items.push(Item::Frame {
            x,
            y: top,
            w,
            h,
            width: 0.3,
            colour: [0.5, 0.5, 0.5],
        });
        page.text(
            Text::new(
                x + 1.0,
                top - 1.5,
                8.0,
                Align::Left,
                format!("{}（x={}, y={}）", pos.field.label(), x, y),
            )
            .colour(RED),
        );
    }
    Doc {
        title: "套打对位测试页".into(),
        date,
        key: "alignment".into(),
        pages: vec![page],
        images: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_print_in_chinese_numerals() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(printed_date(d, DateStyle::ChineseMonth), "二〇二六年十二月");
        assert_eq!(
            printed_date(d, DateStyle::ChineseDay),
            "二〇二六年十二月一日"
        );
        assert_eq!(printed_date(d, DateStyle::Arabic), "2026年12月1日");
        let d = NaiveDate::from_ymd_opt(2030, 10, 31).unwrap();
        assert_eq!(
            printed_date(d, DateStyle::ChineseDay),
            "二〇三〇年十月三十一日"
        );
        let d = NaiveDate::from_ymd_opt(2027, 5, 20).unwrap();
        assert_eq!(
            printed_date(d, DateStyle::ChineseDay),
            "二〇二七年五月二十日"
        );
    }

    #[test]
    fn lines_never_start_with_closing_punctuation() {
        let lines = wrap("一二三四，五六", 4, 4, &[]);
        assert_eq!(lines, ["一二三四，", "五六"]);
    }

    #[test]
    fn lines_never_break_inside_a_word_or_a_number() {
        assert_eq!(wrap("一二三团体五六", 4, 4, &[]), ["一二三", "团体五六"]);
        assert_eq!(wrap("一二三比赛五六", 4, 4, &[]), ["一二三", "比赛五六"]);
        assert_eq!(wrap("一二三2026", 4, 4, &[]), ["一二三", "2026"]);
        assert_eq!(
            wrap("一二张三丰四五", 4, 4, &["张三丰"]),
            ["一二", "张三丰四", "五"]
        );
        // A word longer than the look-back breaks where it must.
        assert_eq!(
            wrap("一二三四五六七八", 4, 4, &[]),
            ["一二三四", "五六七八"]
        );
        // The default wording for a team: no line ends inside 大赛, 项目, 团体 or the award.
        let text = "在2026年金华市技能大赛数控车工（职工组）项目中，成绩优异，荣获团体三等奖。";
        for (first, per) in [(25, 27), (10, 12), (7, 9), (13, 14)] {
            let lines = wrap(text, first, per, &["团体三等奖"]);
            assert_eq!(lines.concat(), text);
            for pair in lines.windows(2) {
                let (a, b) = (
                    pair[0].chars().last().unwrap(),
                    pair[1].chars().next().unwrap(),
                );
                for word in ["大赛", "项目", "团体", "三等奖", "技能", "2026", "等奖"]
                {
                    let joined: String = [a, b].iter().collect();
                    assert!(
                        !word.contains(&joined),
                        "{first}/{per}: {lines:?} splits {word}"
                    );
                }
            }
        }
    }
}
