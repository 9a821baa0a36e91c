//! Batches: all of a competition's valid certificates (or one organisation's share) as one zip,
//! built on a thread of its own at the lowest CPU priority, so judges' marks on the same server
//! keep their pace; the page polls the progress.
//!
//! A batch is a row of `certificate_batch` (its zip in it once done), so any server behind the
//! load balancer shows its progress and serves the download, and a restart loses nothing: the
//! server building a batch renews its lease every few seconds; a batch whose lease has run out
//! (its server stopped) is taken over by the first server that sees it, which builds it again
//! from the stored certificates (the same bytes: a batch is deterministic).

use crate::error::{AppError, AppResult};
use crate::time::now;
use crate::typeset::Fonts;
use entity::certificate_batch;
use entity::{CompetitionId, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// One certificate of a batch, ready to set.
pub struct Item {
    /// The entry's name in the zip.
    pub name: String,
    pub printed: super::layout::Printed,
    pub seal: Option<Arc<Vec<u8>>>,
}

/// What a batch is, apart from its certificates.
pub struct Request {
    pub competition_id: CompetitionId,
    /// One organisation's share, or all.
    pub organisation: Option<String>,
    pub started_by: UserId,
    pub file_name: String,
    /// The date every entry of the zip carries (the latest issue date).
    pub date: chrono::NaiveDate,
    /// The public address the QR codes lead to.
    pub base_url: String,
}

/// How long a running batch stays its server's without news from it.
const LEASE: Duration = Duration::from_secs(30);
/// How often the builder writes its progress and renews its lease.
const RENEW: Duration = Duration::from_secs(2);
/// How often a server looks for batches whose server stopped.
const SWEEP: Duration = Duration::from_secs(5);
/// How many batches of a competition are kept.
const KEEP: usize = 8;

fn lease_from_now() -> chrono::DateTime<chrono::Utc> {
    now() + chrono::Duration::from_std(LEASE).unwrap_or_default()
}

/// A batch as its page shows it: everything but the zip.
#[derive(Clone, Debug)]
pub struct Progress {
    pub id: i32,
    pub competition_id: CompetitionId,
    pub started_by: UserId,
    pub file_name: String,
    pub total: i32,
    pub done: i32,
    /// `running`, `done` or `failed`.
    pub state: String,
    pub error: Option<String>,
}

/// Records a batch and starts building it on this server.
pub async fn start(
    db: &DatabaseConnection,
    fonts: Arc<Fonts>,
    request: Request,
    items: Vec<Item>,
) -> AppResult<i32> {
    let row = certificate_batch::ActiveModel {
        competition_id: Set(request.competition_id),
        organisation: Set(request.organisation),
        started_by: Set(request.started_by),
        file_name: Set(request.file_name),
        batch_date: Set(request.date),
        base_url: Set(request.base_url),
        total: Set(i32::try_from(items.len()).unwrap_or(i32::MAX)),
        done: Set(0),
        state: Set("running".into()),
        error: Set(None),
        zip: Set(None),
        lease_until: Set(Some(lease_from_now())),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    prune(db, row.competition_id).await?;
    run(db.clone(), fonts, row.id, row.batch_date, items);
    Ok(row.id)
}

/// Keeps a competition's newest batches; older ones (and their zips) go.
async fn prune(db: &impl ConnectionTrait, competition: CompetitionId) -> AppResult<()> {
    // Skipped here, not by OFFSET: SQLite takes no OFFSET without a LIMIT.
    let old: Vec<i32> = certificate_batch::Entity::find()
        .select_only()
        .column(certificate_batch::Column::Id)
        .filter(certificate_batch::Column::CompetitionId.eq(competition))
        .order_by_desc(certificate_batch::Column::Id)
        .into_tuple::<i32>()
        .all(db)
        .await?
        .into_iter()
        .skip(KEEP)
        .collect();
    if !old.is_empty() {
        certificate_batch::Entity::delete_many()
            .filter(certificate_batch::Column::Id.is_in(old))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Builds on a thread of its own; a task on the runtime writes the progress and renews the
/// lease, then stores the zip (or the reason it failed).
fn run(
    db: DatabaseConnection,
    fonts: Arc<Fonts>,
    id: i32,
    date: chrono::NaiveDate,
    items: Vec<Item>,
) {
    let done = Arc::new(AtomicUsize::new(0));
    let (finished, outcome) = tokio::sync::oneshot::channel();
    let counter = done.clone();
    let spawned = std::thread::Builder::new()
        .name(format!("certificates-{id}"))
        .spawn(move || {
            let _building = crate::metrics::batch_building();
            lowest_priority();
            let _ = finished.send(build(&fonts, &items, date, &counter));
        });
    tokio::spawn(async move {
        let mut outcome = outcome;
        let result = match spawned {
            Err(e) => Err(e.to_string()),
            Ok(_) => {
                let mut every = tokio::time::interval(RENEW);
                loop {
                    tokio::select! {
                        r = &mut outcome => break r.unwrap_or_else(|_| Err("生成证书的线程意外结束".into())),
                        _ = every.tick() => {
                            let n = i32::try_from(done.load(Ordering::Relaxed)).unwrap_or(i32::MAX);
                            if let Err(e) = renew(&db, id, n).await {
                                tracing::warn!(error = %e, batch = id, "certificate batch progress");
                            }
                        }
                    }
                }
            }
        };
        if let Err(e) = finish(&db, id, result).await {
            tracing::warn!(error = %e, batch = id, "certificate batch not stored");
        }
    });
}

async fn renew(db: &impl ConnectionTrait, id: i32, done: i32) -> AppResult<()> {
    certificate_batch::Entity::update_many()
        .col_expr(certificate_batch::Column::Done, Expr::value(done))
        .col_expr(
            certificate_batch::Column::LeaseUntil,
            Expr::value(Some(lease_from_now())),
        )
        .filter(certificate_batch::Column::Id.eq(id))
        .filter(certificate_batch::Column::State.eq("running"))
        .exec(db)
        .await?;
    Ok(())
}

async fn finish(
    db: &impl ConnectionTrait,
    id: i32,
    result: Result<Vec<u8>, String>,
) -> AppResult<()> {
    let mut update = certificate_batch::Entity::update_many()
        .col_expr(
            certificate_batch::Column::LeaseUntil,
            Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
        )
        .filter(certificate_batch::Column::Id.eq(id))
        .filter(certificate_batch::Column::State.eq("running"));
    update = match result {
        Ok(zip) => update
            .col_expr(certificate_batch::Column::State, Expr::value("done"))
            .col_expr(
                certificate_batch::Column::Done,
                Expr::col(certificate_batch::Column::Total),
            )
            .col_expr(certificate_batch::Column::Zip, Expr::value(Some(zip))),
        Err(e) => update
            .col_expr(certificate_batch::Column::State, Expr::value("failed"))
            .col_expr(certificate_batch::Column::Error, Expr::value(Some(e))),
    };
    update.exec(db).await?;
    Ok(())
}

/// A batch's progress; "not found" when there is none.
pub async fn progress(db: &impl ConnectionTrait, id: i32) -> AppResult<Progress> {
    type Row = (
        i32,
        CompetitionId,
        UserId,
        String,
        i32,
        i32,
        String,
        Option<String>,
    );
    let row: Option<Row> = certificate_batch::Entity::find_by_id(id)
        .select_only()
        .columns([
            certificate_batch::Column::Id,
            certificate_batch::Column::CompetitionId,
            certificate_batch::Column::StartedBy,
            certificate_batch::Column::FileName,
            certificate_batch::Column::Total,
            certificate_batch::Column::Done,
            certificate_batch::Column::State,
            certificate_batch::Column::Error,
        ])
        .into_tuple()
        .one(db)
        .await?;
    let (id, competition_id, started_by, file_name, total, done, state, error) =
        row.ok_or(AppError::NotFound)?;
    Ok(Progress {
        id,
        competition_id,
        started_by,
        file_name,
        total,
        done,
        state,
        error,
    })
}

/// A finished batch's zip.
pub async fn zip(db: &impl ConnectionTrait, id: i32) -> AppResult<Vec<u8>> {
    let zip: Option<Option<Vec<u8>>> = certificate_batch::Entity::find_by_id(id)
        .select_only()
        .column(certificate_batch::Column::Zip)
        .into_tuple()
        .one(db)
        .await?;
    zip.flatten().ok_or(AppError::NotFound)
}

/// Takes over the running batches whose server stopped (lease run out): at once, then every
/// few seconds, for as long as the database is there. A batch is claimed by one server only
/// (a conditional update), rebuilt from the stored certificates and finished as if never cut.
pub fn take_over_in_background(db: DatabaseConnection, font_dir: std::path::PathBuf) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(SWEEP);
        loop {
            every.tick().await;
            if let Err(e) = take_over(&db, &font_dir).await {
                tracing::warn!(error = %e, "certificate batches: take over");
                if db.ping().await.is_err() {
                    return;
                }
            }
        }
    });
}

/// One sweep: answers how many batches this server took over.
pub async fn take_over(db: &DatabaseConnection, font_dir: &std::path::Path) -> AppResult<usize> {
    let stale = certificate_batch::Entity::find()
        .select_only()
        .column(certificate_batch::Column::Id)
        .filter(certificate_batch::Column::State.eq("running"))
        .filter(certificate_batch::Column::LeaseUntil.lt(now()))
        .into_tuple::<i32>()
        .all(db)
        .await?;
    let mut taken = 0;
    for id in stale {
        let claimed = certificate_batch::Entity::update_many()
            .col_expr(
                certificate_batch::Column::LeaseUntil,
                Expr::value(Some(lease_from_now())),
            )
            .col_expr(certificate_batch::Column::Done, Expr::value(0))
            .filter(certificate_batch::Column::Id.eq(id))
            .filter(certificate_batch::Column::State.eq("running"))
            .filter(certificate_batch::Column::LeaseUntil.lt(now()))
            .exec(db)
            .await?
            .rows_affected
            == 1;
        if !claimed {
            continue;
        }
        let Some(batch) = certificate_batch::Entity::find_by_id(id).one(db).await? else {
            continue;
        };
        let comp = entity::competition::Entity::find_by_id(batch.competition_id)
            .one(db)
            .await?
            .ok_or(AppError::NotFound)?;
        let items =
            super::files::batch_items(db, &comp, batch.organisation.as_deref(), &batch.base_url)
                .await?;
        tracing::info!(batch = id, "certificate batch taken over");
        run(
            db.clone(),
            Fonts::shared(font_dir),
            id,
            batch.batch_date,
            items,
        );
        taken += 1;
    }
    Ok(taken)
}

/// Sets every certificate and zips them, counting progress in `done`.
pub fn build(
    fonts: &Fonts,
    items: &[Item],
    date: chrono::NaiveDate,
    done: &AtomicUsize,
) -> Result<Vec<u8>, String> {
    let mut zip = super::bundle::Zip::new(date).map_err(|e| e.to_string())?;
    for item in items {
        let pdf = super::render(fonts, &item.printed, item.seal.clone(), None)
            .map_err(|e| format!("{}：{e}", item.printed.number))?;
        zip.add(&item.name, &pdf).map_err(|e| e.to_string())?;
        done.fetch_add(1, Ordering::Relaxed);
    }
    zip.finish().map_err(|e| e.to_string())
}

/// Makes the calling thread yield the CPU to everything else on the machine (nice 19).
pub fn lowest_priority() {
    // SAFETY: setpriority on the calling thread's own id changes nothing but its scheduling.
    #[cfg(target_os = "linux")]
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 19);
    }
}
