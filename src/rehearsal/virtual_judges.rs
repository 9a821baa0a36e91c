//! Virtual judges: each signs in as one of the rehearsal's judges (a one-time code redeemed
//! for a tablet session, as a tablet would), opens the real judge socket on the running
//! server, and marks its entrants station by station at a human pace, with believable marks
//! ([`crate::demo::marks::believable`]), until it has marked all it may or the time is up.

use crate::error::{AppError, AppResult};
use entity::EventId;
use entity::kinds::JudgeRole;
use entity::{AspectId, event, judge, judge_code, scheme_aspect};
use futures_util::{SinkExt, StreamExt};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

/// How the virtual judges work.
pub struct Pace {
    /// How many judges are virtual (`None`: every judge but the chiefs); the others stay free
    /// for the venue's real tablets.
    pub judges: Option<usize>,
    /// Marks per minute per judge.
    pub rate: u32,
    /// When they stop.
    pub duration: Duration,
}

/// What the virtual judges did.
#[derive(Debug, Default)]
pub struct Tally {
    pub judges: usize,
    pub sent: usize,
    pub stored: usize,
    /// Refusals, with the server's message (a recused entrant, a locked event…).
    pub refused: Vec<String>,
}

/// Runs the virtual judges of rehearsal `rehearsal` against the server at `server`
/// (`http://host:port`), until each is done or `pace.duration` has passed.
pub async fn run(
    db: &impl ConnectionTrait,
    server: &str,
    rehearsal: entity::CompetitionId,
    pace: &Pace,
) -> AppResult<Tally> {
    let host = server
        .strip_prefix("http://")
        .ok_or_else(|| {
            AppError::invalid(
                "server",
                "服务器地址须为 http://主机:端口（在服务器本机运行彩排工具，如 http://127.0.0.1:8080）",
            )
        })?
        .trim_end_matches('/')
        .to_owned();
    let events: Vec<EventId> = event::Entity::find()
        .filter(event::Column::CompetitionId.eq(rehearsal))
        .order_by_asc(event::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.id)
        .collect();
    // Judges taken event by event in turn, so every event's board moves.
    let mut by_event: Vec<Vec<judge::Model>> = Vec::new();
    for ev in &events {
        by_event.push(
            judge::Entity::find()
                .filter(judge::Column::EventId.eq(*ev))
                .filter(judge::Column::Role.ne(JudgeRole::Chief))
                .order_by_asc(judge::Column::Id)
                .all(db)
                .await?,
        );
    }
    let mut chosen = Vec::new();
    let most = by_event.iter().map(Vec::len).max().unwrap_or(0);
    for i in 0..most {
        chosen.extend(by_event.iter().filter_map(|js| js.get(i).cloned()));
    }
    chosen.truncate(pace.judges.unwrap_or(usize::MAX));
    let aspects: HashMap<AspectId, scheme_aspect::Model> = scheme_aspect::Entity::find()
        .filter(scheme_aspect::Column::EventId.is_in(events))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();

    let mut tablets = Vec::new();
    for j in &chosen {
        tablets.push((j.clone(), sign_in(db, j).await?));
    }
    let interval = Duration::from_millis(60_000 / u64::from(pace.rate.max(1)));
    let deadline = tokio::time::Instant::now() + pace.duration;
    let mut running = tokio::task::JoinSet::new();
    for (n, (j, token)) in tablets.into_iter().enumerate() {
        let (host, aspects) = (host.clone(), aspects.clone());
        running
            .spawn(async move { mark_as(&host, j, token, aspects, interval, n, deadline).await });
    }
    let mut tally = Tally {
        judges: chosen.len(),
        ..Tally::default()
    };
    while let Some(done) = running.join_next().await {
        let one = done.map_err(|e| AppError::Internal(format!("virtual judge: {e}")))??;
        tally.sent += one.sent;
        tally.stored += one.stored;
        tally.refused.extend(one.refused);
    }
    Ok(tally)
}

/// A tablet session for `j`, as a tablet gets one: a one-time code, redeemed at once.
async fn sign_in(db: &impl ConnectionTrait, j: &judge::Model) -> AppResult<String> {
    let code = crate::secret::new_secret();
    let at = crate::time::now();
    judge_code::ActiveModel {
        judge_id: Set(j.id),
        code_hash: Set(crate::secret::digest(&crate::judging::sign_in::normalise(
            &code,
        ))),
        issued_by: Set(None),
        created_at: Set(at),
        expires_at: Set(at + chrono::Duration::minutes(5)),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let (token, _) = crate::judging::sign_in::redeem_code(db, &code, Some("彩排虚拟裁判")).await?;
    Ok(token)
}

/// One virtual judge: hello, then its entrants station by station, every aspect of its
/// panel, one mark per interval (a little more or less, as people are), each waiting for
/// its answer.
async fn mark_as(
    host: &str,
    j: judge::Model,
    token: String,
    aspects: HashMap<AspectId, scheme_aspect::Model>,
    interval: Duration,
    n: usize,
    deadline: tokio::time::Instant,
) -> AppResult<Tally> {
    let socket_error = |e: tokio_tungstenite::tungstenite::Error| {
        AppError::Internal(format!("judge socket of {host}: {e}"))
    };
    let mut request = format!("ws://{host}/ws/judge")
        .into_client_request()
        .map_err(socket_error)?;
    let cookie = format!("jx_judge={token}")
        .parse()
        .map_err(|_| AppError::Internal("cookie".into()))?;
    request.headers_mut().insert("cookie", cookie);
    let (mut socket, _) = tokio_tungstenite::connect_async(request)
        .await
        .map_err(socket_error)?;
    let send = |v: Value| Message::Text(v.to_string().into());
    socket
        .send(send(
            json!({"type": "hello", "judge_id": j.id, "last_seq": null}),
        ))
        .await
        .map_err(socket_error)?;
    let snapshot = next_json(&mut socket).await?;
    let mut work = Vec::new();
    for e in snapshot["entrants"].as_array().into_iter().flatten() {
        for a in snapshot["aspects"].as_array().into_iter().flatten() {
            if let (Some(e), Some(a)) = (e["id"].as_i64(), a["id"].as_i64()) {
                work.push((entity::EntrantId(e as i32), AspectId(a as i32)));
            }
        }
    }
    let mut tally = Tally::default();
    for (k, (entrant, aspect)) in work.into_iter().enumerate() {
        // 70–130 % of the interval, different for each judge and mark.
        let wobble = 70 + ((n * 31 + k * 17) % 61) as u32;
        let wait = interval * wobble / 100;
        if tokio::time::Instant::now() + wait > deadline {
            break;
        }
        tokio::time::sleep(wait).await;
        let Some(a) = aspects.get(&aspect) else {
            continue;
        };
        let value = crate::demo::marks::believable(a, entrant, j.id);
        let op = format!("rehearsal-{}-{}-{}", j.id, entrant, aspect);
        socket
            .send(send(json!({"type": "mark", "judge_id": j.id, "op_id": op,
                "entrant_id": entrant, "aspect_id": aspect, "value": value.normalize().to_string()})))
            .await
            .map_err(socket_error)?;
        tally.sent += 1;
        let answer = next_json(&mut socket).await?;
        match answer["type"].as_str() {
            Some("ack") => tally.stored += 1,
            _ => tally.refused.push(format!(
                "裁判 {} 选手 {entrant} 评分项 {aspect}：{}",
                j.id,
                answer["message"].as_str().unwrap_or("拒绝")
            )),
        }
    }
    let _ = socket.close(None).await;
    Ok(tally)
}

async fn next_json<S>(socket: &mut S) -> AppResult<Value>
where
    S: StreamExt<Item = Result<Message, tokio_tungstenite::tungstenite::Error>> + Unpin,
{
    loop {
        match socket.next().await {
            Some(Ok(Message::Text(text))) => {
                return serde_json::from_str(&text)
                    .map_err(|e| AppError::Internal(format!("judge socket: {e}")));
            }
            Some(Ok(_)) => continue,
            Some(Err(e)) => return Err(AppError::Internal(format!("judge socket: {e}"))),
            None => return Err(AppError::Internal("judge socket closed".into())),
        }
    }
}
