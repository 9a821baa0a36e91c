//! The `live` hub: one broadcast per process of small [`BoardChanged`] notices. Contexts never
//! touch sockets: they return a `BoardChanged` for what they committed, and the web layer
//! publishes it (the mark writer, the commit point of every judge's marks, publishes once per
//! event and batch itself). The spectators' boards subscribe.
//!
//! With PostgreSQL several processes share one database: [`relay_through_postgres`] announces
//! each local event with `NOTIFY` and publishes the other processes' events here, so a mark
//! committed on one server reaches the spectators of every other.

use entity::EventId;
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};
use std::time::Duration;
use tokio::sync::broadcast;

/// "The board of event 7 may have changed": its marks, sign-offs or live settings did. The
/// boards recompute; the notice itself carries nothing else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use = "publish it, or the spectators' board stays as it was"]
pub struct BoardChanged {
    pub event_id: EventId,
    /// Heard from another process (and so not announced again).
    pub remote: bool,
    /// Only marks changed: the mark writer committed a batch, and no other connection wrote to
    /// the database between its previous batch and this one (SQLite's `data_version`, see
    /// [`crate::marking::remembered`]). A board read after the previous batch may then read
    /// just the new marks. Any other notice — an organiser's change, a batch after someone
    /// else wrote — means anything may have changed, for any event.
    pub marks_only: bool,
}

impl BoardChanged {
    /// A change made by this process.
    pub fn of(event_id: EventId) -> Self {
        BoardChanged {
            event_id,
            remote: false,
            marks_only: false,
        }
    }

    /// A batch of marks committed by the mark writer; `marks_only` as above.
    pub fn marks(event_id: EventId, marks_only: bool) -> Self {
        BoardChanged {
            marks_only,
            ..Self::of(event_id)
        }
    }
}

#[derive(Clone)]
pub struct Live {
    tx: broadcast::Sender<BoardChanged>,
}

impl Default for Live {
    fn default() -> Self {
        Self::new()
    }
}

impl Live {
    pub fn new() -> Self {
        let (tx, _) = broadcast::channel(1024);
        Live { tx }
    }

    pub fn publish(&self, event: BoardChanged) {
        // No subscriber is not an error.
        let _ = self.tx.send(event);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<BoardChanged> {
        self.tx.subscribe()
    }
}

/// The PostgreSQL channel the processes announce changes on.
const CHANNEL: &str = "jiangxin_live";

/// On PostgreSQL: announces this process's changes to the others, and theirs to this one.
/// Does nothing on SQLite (one process).
pub fn relay_through_postgres(db: DatabaseConnection, live: Live) {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return;
    }
    // A process knows its own announcements by this prefix.
    let me = crate::secret::new_secret()[..12].to_owned();
    let mut local = live.subscribe();
    let announcer = db.clone();
    let from = me.clone();
    tokio::spawn(async move {
        loop {
            let changed = match local.recv().await {
                Ok(e) if !e.remote => e,
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return,
            };
            let payload = format!("{from}:{}", changed.event_id);
            let sent = announcer
                .execute_raw(Statement::from_sql_and_values(
                    DatabaseBackend::Postgres,
                    "SELECT pg_notify($1, $2)",
                    [CHANNEL.into(), payload.into()],
                ))
                .await;
            if let Err(e) = sent {
                tracing::warn!(error = %e, "live: NOTIFY failed");
            }
        }
    });
    tokio::spawn(async move {
        use sea_orm::sqlx::postgres::PgListener;
        loop {
            let pool = db.get_postgres_connection_pool();
            let mut listener = match PgListener::connect_with(pool).await {
                Ok(l) => l,
                Err(e) => {
                    tracing::warn!(error = %e, "live: LISTEN connection");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
            };
            if let Err(e) = listener.listen(CHANNEL).await {
                tracing::warn!(error = %e, "live: LISTEN");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
            loop {
                match listener.recv().await {
                    Ok(n) => {
                        let Some((from, event)) = n.payload().split_once(':') else {
                            continue;
                        };
                        if from == me {
                            continue;
                        }
                        // An older process's payload has a third part (a seq nobody read).
                        let event = event.split(':').next().unwrap_or_default();
                        if let Ok(event_id) = event.parse() {
                            live.publish(BoardChanged {
                                event_id,
                                remote: true,
                                marks_only: false,
                            });
                        }
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "live: LISTEN lost; reconnecting");
                        break;
                    }
                }
            }
        }
    });
}
