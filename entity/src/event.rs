//! 比赛项目 / 工种: one trade in one group of a competition.

use crate::CompetitionId;
use crate::OrganisationId;

use crate::EventId;

use crate::StoredDecimal;
use crate::kinds::{EventGroup, EventTrack, LiveMarks, Rounding, ShortPanel};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: EventId,
    pub competition_id: CompetitionId,
    /// 工种, e.g. 数控车工.
    pub trade: String,
    pub group: EventGroup,
    pub track: EventTrack,
    /// 承办单位, which receives the hosting subsidy (clause 10).
    pub host_id: Option<OrganisationId>,
    /// The hosting cost the host reports, in yuan.
    pub hosting_cost: Option<StoredDecimal>,
    pub created_at: DateTimeUtc,
    /// Target skill level: 5 (五级/初级工) … 1 (一级/高级技师).
    pub level: i32,
    pub venue: Option<String>,
    pub starts_at: Option<DateTimeUtc>,
    pub ends_at: Option<DateTimeUtc>,
    /// Members per entrant; 1 for individual events.
    pub team_size: i32,
    /// Rounding of aspect marks and totals: `half_up`, `half_even`, `down` or `up`.
    pub rounding: Rounding,
    pub aspect_places: i32,
    pub total_places: i32,
    /// What counts when a recusal shortens a panel: `keep_trim` or `plain_mean`.
    pub short_panel: ShortPanel,
    /// Once marking starts the scheme may no longer change.
    pub scheme_frozen: bool,
    pub draw_seed: Option<String>,
    pub drawn_at: Option<DateTimeUtc>,
    /// Until results are published, blind codes hide who is who from judges.
    pub results_published: bool,
    /// Set when the chief judge locks marking; later changes are corrections.
    pub marks_locked_at: Option<DateTimeUtc>,
    /// Which marks count on the public live board: `confirmed` (modules the chief judge signed
    /// off) or `submitted` (every stored mark).
    pub live_marks: LiveMarks,
    /// The public board shows blind codes, no names or organisations, until results are
    /// published.
    pub live_anonymous: bool,
    /// From this moment the public board stops changing until results are published.
    pub live_freeze_at: Option<DateTimeUtc>,
    /// 二次加密 is on when set: the seed of the hall's draw of stations at check-in. The
    /// organiser's draw then gives blind codes only, sealed until the lock.
    pub second_draw_seed: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
