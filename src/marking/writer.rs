//! Group commit for marks. Every judge's socket hands its marks to one writer task, which takes
//! whatever has queued up (up to [`MAX_BATCH`]) and commits it in one transaction: a burst from
//! every judge at once costs one disk flush per batch, not one per mark. Each sender gets its own
//! receipt or refusal, only after the commit. The live hub is told after each commit.

use super::marks::{MarkInput, Receipt, Recorded, record_remembering};
use super::remembered::Remembered;
use crate::error::{AppError, AppResult};
use crate::live::{BoardChanged, Live};
use entity::EventId;
use entity::judge;
use sea_orm::DatabaseConnection;
use std::collections::HashSet;
use tokio::sync::{mpsc, oneshot};

pub const MAX_BATCH: usize = 256;

struct Job {
    judge: judge::Model,
    input: MarkInput,
    reply: oneshot::Sender<AppResult<Receipt>>,
}

#[derive(Clone)]
pub struct MarkWriter {
    tx: mpsc::Sender<Job>,
}

impl MarkWriter {
    /// Starts the writer task on the current runtime. On a SQLite file (`url`) the writer opens
    /// a connection of its own, on which it remembers the rows marks are checked against from
    /// batch to batch (see [`super::remembered`]); otherwise it uses the shared pool.
    pub fn start(db: DatabaseConnection, url: &str, live: Live) -> Self {
        let (tx, rx) = mpsc::channel(4096);
        let url = url.to_owned();
        tokio::spawn(async move {
            let (db, remembered) = match crate::db::connect_own(&url).await {
                Ok(Some(own)) => (own, Remembered::on_own_connection()),
                Ok(None) => (db, Remembered::nothing()),
                Err(e) => {
                    tracing::warn!(error = %e, "mark writer: no connection of its own; using the pool");
                    (db, Remembered::nothing())
                }
            };
            run(db, live, rx, remembered).await;
        });
        MarkWriter { tx }
    }

    /// Hands a mark to the writer and waits until it is committed (or refused).
    pub async fn submit(&self, judge: judge::Model, input: MarkInput) -> AppResult<Receipt> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send(Job {
                judge,
                input,
                reply,
            })
            .await
            .map_err(|_| AppError::Internal("mark writer stopped".into()))?;
        answer
            .await
            .map_err(|_| AppError::Internal("mark writer dropped a reply".into()))?
    }
}

async fn run(
    db: DatabaseConnection,
    live: Live,
    mut rx: mpsc::Receiver<Job>,
    mut remembered: Remembered,
) {
    // Someone else wrote before a batch that had nothing to announce: the next announcement
    // must not say "only marks".
    let mut unannounced = false;
    while let Some(first) = rx.recv().await {
        let mut jobs = vec![first];
        while jobs.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        let batch = jobs
            .iter()
            .map(|j| (j.judge.clone(), j.input.clone()))
            .collect();
        let started = std::time::Instant::now();
        match record_remembering(&db, batch, &mut remembered).await {
            Ok(Recorded {
                receipts: results,
                marks_only,
            }) => {
                tracing::debug!(
                    marks = jobs.len(),
                    ms = %crate::time::Millis(started.elapsed()),
                    "mark batch committed"
                );
                // Announced before anyone is answered: a judge who holds an ack knows the
                // boards have been told.
                let changed: HashSet<EventId> = jobs
                    .iter()
                    .zip(&results)
                    .filter(|(_, r)| r.as_ref().is_ok_and(|receipt| !receipt.repeated))
                    .map(|(job, _)| job.judge.event_id)
                    .collect();
                let marks_only = marks_only && !unannounced;
                unannounced = !marks_only && changed.is_empty();
                for event_id in changed {
                    live.publish(BoardChanged::marks(event_id, marks_only));
                }
                for (job, result) in jobs.into_iter().zip(results) {
                    let _ = job.reply.send(result);
                }
            }
            Err(err) => {
                // Nothing was committed: every sender is told, and will send again.
                tracing::error!(error = %err, "mark batch failed");
                for job in jobs {
                    let _ = job
                        .reply
                        .send(Err(AppError::Internal("mark batch failed".into())));
                }
            }
        }
    }
}
