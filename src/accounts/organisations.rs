//! 单位: the bodies that run, host and send entrants to contests.

use crate::error::{AppError, AppResult};
use crate::time::now;
use entity::OrganisationId;
use entity::kinds::OrganisationKind;
use entity::organisation;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use std::collections::HashMap;

/// Jinhua's county-level districts (县市区), and 市本级 for city-level bodies.
pub const DISTRICTS: [&str; 10] = [
    "市本级",
    "婺城区",
    "金东区",
    "兰溪市",
    "东阳市",
    "义乌市",
    "永康市",
    "浦江县",
    "武义县",
    "磐安县",
];

#[derive(Clone, Debug)]
pub struct NewOrganisation {
    pub name: String,
    pub kind: OrganisationKind,
    pub district: String,
}

pub async fn create_organisation(
    db: &impl ConnectionTrait,
    new: NewOrganisation,
) -> AppResult<organisation::Model> {
    let name = new.name.trim().to_owned();
    if name.chars().count() < 2 || name.chars().count() > 100 {
        return Err(AppError::invalid("name", "单位名称须为 2–100 字"));
    }
    if !DISTRICTS.contains(&new.district.as_str()) {
        return Err(AppError::invalid(
            "district",
            format!("县市区须为以下之一：{}", DISTRICTS.join("、")),
        ));
    }
    if organisation::Entity::find()
        .filter(organisation::Column::Name.eq(&name))
        .one(db)
        .await?
        .is_some()
    {
        return Err(AppError::conflict("name", "单位名称已存在"));
    }
    Ok(organisation::ActiveModel {
        name: Set(name),
        kind: Set(new.kind),
        district: Set(new.district),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

pub async fn list_organisations(db: &impl ConnectionTrait) -> AppResult<Vec<organisation::Model>> {
    Ok(organisation::Entity::find()
        .order_by_asc(organisation::Column::Id)
        .all(db)
        .await?)
}

pub async fn find_organisation(
    db: &impl ConnectionTrait,
    id: OrganisationId,
) -> AppResult<Option<organisation::Model>> {
    Ok(organisation::Entity::find_by_id(id).one(db).await?)
}

/// Every 单位's name by id: lists of entrants, judges, titles and lines name the unit, and the
/// city has a few hundred units, so one read beats a join per row.
pub async fn names(db: &impl ConnectionTrait) -> AppResult<HashMap<OrganisationId, String>> {
    Ok(organisation::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect())
}

/// Every 单位 by id, for the readers that need more than the name (the district of a line).
pub async fn by_id(
    db: &impl ConnectionTrait,
) -> AppResult<HashMap<OrganisationId, organisation::Model>> {
    Ok(organisation::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect())
}

/// Every 单位 by its exact name, for imports that name the unit in a column.
pub async fn by_name(db: &impl ConnectionTrait) -> AppResult<HashMap<String, organisation::Model>> {
    Ok(organisation::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.name.clone(), o))
        .collect())
}
