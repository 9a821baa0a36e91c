//! An event's list of entrants as an .xlsx file for the organiser's desk: numbers, names, units
//! and where each stands. ID numbers are masked as on the pages; the draw is in it only for who
//! may see the draw (never under a sealed draw before the 解密).

use crate::accounts::Actor;
use crate::competitions::access;
use crate::competitions::events::find_managed_event;
use crate::error::AppResult;
use crate::spreadsheet::write_xlsx;
use entity::EventId;

pub async fn entrant_list(
    db: &impl sea_orm::ConnectionTrait,
    actor: &Actor,
    event_id: EventId,
) -> AppResult<(String, Vec<u8>)> {
    let (ev, comp) = find_managed_event(db, actor, event_id).await?;
    let draw = access::can_see_draw(actor, &comp, &ev);
    let mut entrants = super::entrant_views(db, ev.id).await?;
    entrants.sort_by_key(|e| e.entrant.entry_no);
    let joined = |e: &super::EntrantView, f: fn(&super::MemberView) -> &str| {
        e.members.iter().map(f).collect::<Vec<_>>().join("、")
    };
    let rows: Vec<Vec<String>> = entrants
        .iter()
        .map(|e| {
            let mut row = vec![e.entrant.entry_no.to_string()];
            if draw {
                row.push(e.entrant.station.map(|s| s.to_string()).unwrap_or_default());
                row.push(e.entrant.blind_code.clone().unwrap_or_default());
            }
            row.extend([
                e.entrant.team_name.clone().unwrap_or_default(),
                joined(e, |m| m.name.as_str()),
                joined(e, |m| m.sex),
                joined(e, |m| m.id_masked.as_str()),
                e.organisation.clone(),
                e.entrant.status.label().to_owned(),
                e.entrant.status_reason.clone().unwrap_or_default(),
                e.entrant
                    .checked_in_at
                    .map(crate::time::show_minute)
                    .unwrap_or_default(),
            ]);
            row
        })
        .collect();
    let mut headers = vec!["参赛证号"];
    let mut widths = vec![10.0];
    if draw {
        headers.extend(["工位号", "加密号"]);
        widths.extend([8.0, 10.0]);
    }
    headers.extend([
        "队名",
        "姓名",
        "性别",
        "身份证号",
        "单位",
        "状态",
        "原因",
        "检录时间",
    ]);
    widths.extend([12.0, 14.0, 6.0, 22.0, 30.0, 10.0, 20.0, 17.0]);
    let bytes = write_xlsx("选手名单", &headers, &widths, &rows)?;
    Ok((format!("{}-选手名单.xlsx", ev.trade), bytes))
}
