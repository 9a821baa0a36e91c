//! Newtype ids, so that an event id can never be passed where an entrant id is meant.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
        #[serde(transparent)]
        pub struct $name(pub i32);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
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
