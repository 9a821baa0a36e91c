//! A running event with spectators: its judges, live settings, marks that announce themselves,
//! and spectator sockets whose every message is checked for personal data.

use super::marking::{Marking, marking_in, start};
use super::{PASSWORD, Setup, TestApp, id_number};
use futures_util::StreamExt;
use jiangxin::leaderboard::settings::{LiveMarks, LiveSettings, set_live_settings};
use jiangxin::live::BoardChanged;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;

pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub struct Live {
    pub m: Marking,
    /// Panel A: 601 (firm A), 602, 603; panel T: 604.
    pub judges: Vec<entity::judge::Model>,
}

/// The marking world with `n` entrants drawn, the contest running, and the public board
/// counting every submitted mark (anonymous by default).
pub async fn live_world(app: TestApp, n: u32) -> Live {
    let m = marking_in(Setup::on(app).await, n).await;
    let (status, body) =
        m.s.organiser
            .post(
                &format!("/api/v1/events/{}/draw", m.s.event),
                json!({"seed": "live"}),
            )
            .await;
    assert_eq!(status, 200, "{body}");
    start(&m).await;
    let judges = entity::judge::Entity::find()
        .filter(entity::judge::Column::EventId.eq(entity::EventId(m.s.event as i32)))
        .order_by_asc(entity::judge::Column::Id)
        .all(&m.s.app.db)
        .await
        .unwrap();
    let live = Live { m, judges };
    live.settings(LiveMarks::Submitted, true, None).await;
    live
}

impl Live {
    pub async fn settings(
        &self,
        marks: LiveMarks,
        anonymous: bool,
        freeze_at: Option<chrono::DateTime<chrono::Utc>>,
    ) {
        let organiser =
            jiangxin::accounts::users::authenticate(&self.m.s.app.db, "organiser", PASSWORD)
                .await
                .unwrap();
        set_live_settings(
            &self.m.s.app.db,
            &organiser,
            entity::EventId(self.m.s.event as i32),
            LiveSettings {
                marks,
                anonymous,
                freeze_at,
            },
        )
        .await
        .unwrap();
        self.m
            .s
            .app
            .live
            .publish(BoardChanged::of(entity::EventId(self.m.s.event as i32)));
    }

    /// Judge `judge` (0–2 in panel A, 3 the theory judge) marks entrant `entrant`.
    pub async fn mark(&self, judge: usize, entrant: usize, value: &str) {
        let aspect = if judge == 3 {
            self.m.aspect_t1
        } else {
            self.m.aspect_a1
        };
        let op = format!(
            "live-{judge}-{entrant}-{}-{}",
            value.replace('.', "_"),
            rand_suffix()
        );
        self.m
            .record(&self.judges[judge], entrant, aspect, value, op)
            .await;
        self.m
            .s
            .app
            .live
            .publish(BoardChanged::of(entity::EventId(self.m.s.event as i32)));
    }

    pub async fn spectate(&self, query: &str) -> Socket {
        let url = format!(
            "ws://{}/ws/live/{}{query}",
            self.m.s.app.addr, self.m.s.event
        );
        tokio_tungstenite::connect_async(url).await.unwrap().0
    }
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

/// The next text message, parsed; also checks that it carries nothing personal.
pub async fn next(socket: &mut Socket) -> Value {
    loop {
        let message = tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .expect("a message within 10 s")
            .expect("socket open")
            .unwrap();
        if let Message::Text(text) = message {
            assert_nothing_personal(&text);
            return serde_json::from_str(&text).unwrap();
        }
    }
}

/// No ID number (18 characters, 17 digits) and no phone number (11 digits) in a message.
pub fn assert_nothing_personal(text: &str) {
    let mut run = 0;
    for c in text.chars() {
        run = if c.is_ascii_digit() { run + 1 } else { 0 };
        assert!(run < 11, "a long number reached a spectator: {text}");
    }
    for n in 0..200 {
        assert!(!text.contains(&id_number(n)[..14]), "an ID number: {text}");
    }
}
