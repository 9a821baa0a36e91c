//! 领取凭条: one slip per winner, eight to an A4 page with cut lines, for the sending unit to
//! cut out and hand over. Each carries the winner's event, name, unit and entry number, the
//! 领取码, the pickup address written out and a QR code to it. The QR code fills in the
//! competition, the event and the entry number, never the code: a slip photographed from across
//! the room gives nobody the certificate.

use super::files::grouped;
use super::pickup::CodeLine;
use crate::typeset::qr::qr;
use crate::typeset::{Align, Doc, Page, Text};
use entity::competition;

const COLUMNS: usize = 2;
const ROWS: usize = 4;
const LEFT: f32 = 10.0;
const TOP: f32 = 12.0;
const WIDTH: f32 = 95.0;
const HEIGHT: f32 = 68.0;

/// Where a slip's QR code leads: the pickup page with everything but the code filled in.
pub fn pickup_link(base: &str, comp: &competition::Model, line: &CodeLine) -> String {
    format!(
        "{}/certificates?competition={}&event={}&entry={}",
        base.trim_end_matches('/'),
        comp.id,
        line.event_id,
        line.entry_no
    )
}

pub fn slips_doc(
    comp: &competition::Model,
    lines: &[CodeLine],
    base: &str,
    date: chrono::NaiveDate,
) -> Doc {
    let address = format!("{}/certificates", base.trim_end_matches('/'));
    let mut pages = Vec::new();
    for chunk in lines.chunks(COLUMNS * ROWS) {
        let mut page = Page::a4(false);
        // Cut lines: the frame of the slips on this page and the lines between them.
        let rows = chunk.len().div_ceil(COLUMNS);
        for r in 0..=rows {
            let y = TOP + r as f32 * HEIGHT;
            page.line((LEFT, y), (LEFT + WIDTH * COLUMNS as f32, y), 0.2);
        }
        for c in 0..=COLUMNS {
            let x = LEFT + c as f32 * WIDTH;
            page.line((x, TOP), (x, TOP + HEIGHT * rows as f32), 0.2);
        }
        page.text(Text::new(
            LEFT,
            TOP - 4.0,
            8.0,
            Align::Left,
            "✂ 沿线剪开，每位获奖者一张",
        ));
        for (i, l) in chunk.iter().enumerate() {
            let x = LEFT + (i % COLUMNS) as f32 * WIDTH;
            let y = TOP + (i / COLUMNS) as f32 * HEIGHT;
            page.text(
                Text::new(
                    x + 5.0,
                    y + 8.0,
                    11.0,
                    Align::Left,
                    format!("{} 证书领取凭条", comp.name),
                )
                .fit(85.0),
            );
            for (k, (label, value)) in [
                ("项目", l.event.clone()),
                ("姓名", l.holders.clone()),
                ("单位", l.organisation.clone()),
                ("参赛证号", l.entry_no.to_string()),
            ]
            .into_iter()
            .enumerate()
            {
                page.text(
                    Text::new(
                        x + 5.0,
                        y + 16.0 + k as f32 * 6.5,
                        10.0,
                        Align::Left,
                        format!("{label}：{value}"),
                    )
                    .fit(58.0),
                );
            }
            page.text(
                Text::new(
                    x + 5.0,
                    y + 48.0,
                    13.0,
                    Align::Left,
                    format!("领取码：{}", grouped(&l.code)),
                )
                .fit(60.0),
            );
            page.text(
                Text::new(
                    x + 5.0,
                    y + 56.0,
                    8.0,
                    Align::Left,
                    format!("领取地址：{address}"),
                )
                .fit(85.0),
            );
            page.text(
                Text::new(
                    x + 5.0,
                    y + 62.0,
                    7.0,
                    Align::Left,
                    "扫码或输入地址，填写领取码即可下载电子证书。领取码请勿外传。",
                )
                .fit(85.0),
            );
            page.items
                .push(qr(&pickup_link(base, comp, l), x + 67.0, y + 13.0, 24.0));
            page.text(Text::new(
                x + 79.0,
                y + 41.0,
                7.0,
                Align::Centre,
                "扫码领取",
            ));
        }
        pages.push(page);
    }
    super::files::winners_doc(comp, "证书领取凭条", "slips", pages, date)
}
