//! Sample certificates for people to look at and for checking the typesetting from outside the
//! server (`jiangxin certificates sample`): the names the fonts must all draw, a 40-character
//! organisation, the demo seal.

use super::layout::{self, DateStyle, Printed};
use crate::typeset::{Fonts, TypesetError, render};
use chrono::NaiveDate;
use std::sync::Arc;

/// The demo issuer's seal (a red ring with a star and the issuer's name), made for jiangxin.
pub static DEMO_SEAL: &[u8] = include_bytes!("../../assets/demo-seal.png");

/// Names that need more than one face between them: 𪚥 and 𠮷 are in Extension B, 㐀 in
/// Extension A, 䶮 at the end of Extension A.
pub const NAMES: [&str; 7] = [
    "王喆",
    "欧阳娜娜",
    "刘䶮",
    "张𪚥",
    "李㐀",
    "吉𠮷",
    "买买提·艾力",
];

/// A 40-character organisation name.
pub const LONG_ORGANISATION: &str =
    "金华市婺城区城市建设发展集团有限公司智能制造装备技术研究院数控加工技能实训中心站";

pub fn printed(name: &str, serial: u32) -> Printed {
    let number = super::number::number(2026, 1, 1, 1, serial);
    let mut p = Printed {
        verify_url: format!("http://127.0.0.1:8080/verify/{number}"),
        number,
        title: "荣誉证书".into(),
        holder: name.into(),
        organisation: LONG_ORGANISATION.into(),
        competition: "2026年金华市技能大赛".into(),
        event: "数控车工（职工组）".into(),
        award: "一等奖".into(),
        team: None,
        wording: String::new(),
        issuer: "金华市人力资源和社会保障局".into(),
        doc_number: "金人社〔2026〕88号".into(),
        issued_on: NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date"),
        date_style: DateStyle::ChineseMonth,
    };
    p.wording = layout::fill(layout::AWARD_WORDING, &p);
    p
}

/// Every sample certificate, as (file name, PDF), and their zip.
/// Files as (name, bytes).
pub type Files = Vec<(String, Vec<u8>)>;

pub fn render_all(fonts: &Fonts) -> Result<(Files, Vec<u8>), TypesetError> {
    let seal = Arc::new(DEMO_SEAL.to_vec());
    let mut files = Vec::new();
    for (i, name) in NAMES.iter().enumerate() {
        let p = printed(name, i as u32 + 1);
        let pdf = render(fonts, &layout::certificate(&p, Some(seal.clone())))?;
        files.push((format!("{}-{}.pdf", p.number, p.holder), pdf));
    }
    let zip = super::bundle::zip(
        &files,
        NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date"),
    )
    .map_err(|e| TypesetError::Image(e.to_string()))?;
    Ok((files, zip))
}
