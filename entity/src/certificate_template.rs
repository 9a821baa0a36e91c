//! How a competition's certificates read: the award certificates and each honour's, by
//! [`CertificateScope`](crate::kinds::CertificateScope).

use crate::CompetitionId;

use crate::kinds::{CertificateScope, DateStyle};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certificate_template")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub competition_id: CompetitionId,
    /// Empty for the award certificates; otherwise the honour's name.
    pub scope: CertificateScope,
    /// 荣誉证书
    pub title: String,
    /// With `{姓名}` `{单位}` `{赛事}` `{项目}` `{奖项}`; one paragraph per line.
    pub wording: String,
    /// 发证单位
    pub issuer: String,
    /// 文号, may be empty.
    pub doc_number: String,
    /// The issuer's seal, a PNG.
    pub seal: Option<Vec<u8>>,
    pub date_style: DateStyle,
    /// JSON: the 套打 positions (award row only).
    pub positions: Option<String>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
