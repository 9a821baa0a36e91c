//! Newtype ids, the entities' key types: an event id can never be passed where an entrant or a
//! competition id is meant, and no `as` cast stands between the database and scoring.

use sea_orm::DeriveValueType;
use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, DeriveValueType,
            Serialize, Deserialize, utoipa::ToSchema,
        )]
        #[serde(transparent)]
        pub struct $name(pub i32);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }
    };
}

id_type!(
    /// 单位 id.
    OrganisationId
);
id_type!(
    /// Account id.
    UserId
);
id_type!(
    /// API token id.
    ApiTokenId
);
id_type!(
    /// 赛事 id.
    CompetitionId
);
id_type!(
    /// 比赛项目 id.
    EventId
);
id_type!(
    /// 选手 id (an individual or a team).
    EntrantId
);
id_type!(
    /// 裁判 id: one person judging one event.
    JudgeId
);
id_type!(
    /// 评分项 id.
    AspectId
);

/// Database ids are positive `i32`s; the scoring crate numbers things with unsigned integers.
impl From<EntrantId> for scoring::EntrantRef {
    fn from(id: EntrantId) -> Self {
        scoring::EntrantRef(u64::from(id.0.unsigned_abs()))
    }
}

impl From<scoring::EntrantRef> for EntrantId {
    fn from(r: scoring::EntrantRef) -> Self {
        EntrantId(i32::try_from(r.0).unwrap_or(i32::MAX))
    }
}

impl From<JudgeId> for scoring::JudgeRef {
    fn from(id: JudgeId) -> Self {
        scoring::JudgeRef(u64::from(id.0.unsigned_abs()))
    }
}

impl From<AspectId> for scoring::AspectId {
    fn from(id: AspectId) -> Self {
        scoring::AspectId(id.0.unsigned_abs())
    }
}

impl From<scoring::AspectId> for AspectId {
    fn from(id: scoring::AspectId) -> Self {
        AspectId(i32::try_from(id.0).unwrap_or(i32::MAX))
    }
}
id_type!(
    /// 报名条目 id: one entrant (a person or a team) as a sending unit registers it, before
    /// and after the organiser's review.
    RegistrationEntryId
);
