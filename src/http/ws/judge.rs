//! `/ws/judge`: a signed-in tablet sends marks and gets an `ack` only after each is committed.

use super::protocol::{AspectInfo, ClientMessage, EntrantInfo, JudgeInfo, MarkInfo, ServerMessage};
use super::{BUFFER, MAX_FRAME, MAX_MESSAGE};
use crate::error::AppError;
use crate::http::auth::JudgeTablet;
use crate::http::cookies;
use crate::judging::{sign_in, tablets};
use crate::marking::access;
use crate::marking::corrections::{self, CorrectionInput};
use crate::marking::judge_view::judge_view;
use crate::marking::marks::MarkInput;
use crate::state::AppState;
use axum::extract::State;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use entity::{JudgeId, judge};
use rust_decimal::Decimal;
use std::str::FromStr;
use std::time::Duration;

/// A browser from another site may not open a judge's socket with the judge's cookie.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        // Non-browser clients send no Origin; they still need the session cookie.
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    origin
        .split_once("://")
        .is_some_and(|(_, rest)| rest.trim_end_matches('/') == host)
}

pub async fn judge_socket(
    State(state): State<AppState>,
    headers: HeaderMap,
    tablet: Option<JudgeTablet>,
    upgrade: WebSocketUpgrade,
) -> Response {
    let refused = |status: StatusCode, message: &str| (status, message.to_owned()).into_response();
    if !same_origin(&headers) {
        return refused(StatusCode::FORBIDDEN, "来源不明");
    }
    let Some(JudgeTablet { judge, token }) = tablet else {
        let message = if cookies::read(&headers, cookies::JUDGE_SESSION).is_some() {
            "登录已失效，请重新领取登录码"
        } else {
            "请先用登录码登录"
        };
        return refused(StatusCode::UNAUTHORIZED, message);
    };
    let device = headers
        .get(header::USER_AGENT)
        .and_then(|u| u.to_str().ok())
        .map(|u| u.chars().take(64).collect::<String>());
    upgrade
        .read_buffer_size(BUFFER)
        .write_buffer_size(BUFFER)
        .max_message_size(MAX_FRAME)
        .max_frame_size(MAX_FRAME)
        .on_upgrade(move |socket| session(state, socket, judge, token, device))
}

async fn send(socket: &mut WebSocket, message: &ServerMessage) -> bool {
    match serde_json::to_string(message) {
        Ok(text) => socket.send(Message::Text(text.into())).await.is_ok(),
        Err(_) => false,
    }
}

/// An error as the tablet is told it: the same code, field and Chinese text as the JSON API
/// (mapped, and internal causes logged, in `http::error`), and for a failure on the server's
/// side the reminder that the mark is still kept on the tablet.
fn error(op_id: Option<String>, err: &AppError) -> ServerMessage {
    let public = crate::http::error::public(err);
    let message = if public.status.is_server_error() {
        format!("{}（分数仍保存在本机，稍后重发）", public.message)
    } else {
        public.message
    };
    ServerMessage::Error {
        op_id,
        code: public.code.into(),
        field: public.field,
        message,
    }
}

fn bad_message(message: &str) -> ServerMessage {
    ServerMessage::Error {
        op_id: None,
        code: "bad_message".into(),
        field: None,
        message: message.into(),
    }
}

/// A mark or correction that names another judge than the one signed in: it waited on a shared
/// tablet, and belongs to the judge who entered it. Nothing is stored; the tablet keeps it for
/// that judge.
fn wrong_judge(op_id: String, named: JudgeId) -> ServerMessage {
    ServerMessage::Error {
        op_id: Some(op_id),
        code: "wrong_judge".into(),
        field: Some("judge_id".into()),
        message: format!(
            "这条分数由另一位裁判（编号 {named}）录入，不能记在当前登录的裁判名下，未保存；请该裁判在本机重新登录后上传"
        ),
    }
}

/// Tells the tablet its session was ended, and closes the socket.
async fn end(socket: &mut WebSocket) {
    let _ = send(
        socket,
        &ServerMessage::Error {
            op_id: None,
            code: "session_ended".into(),
            field: None,
            message: "本机登录已被结束，请重新领取登录码".into(),
        },
    )
    .await;
    let _ = socket.send(Message::Close(None)).await;
}

async fn session(
    state: AppState,
    mut socket: WebSocket,
    judge: judge::Model,
    token: String,
    device: Option<String>,
) {
    let session_id = crate::secret::digest(&token);
    let every = Duration::from_secs(20);
    let mut ping = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    let _open = state.shutdown.open_socket();
    let mut stopping = state.shutdown.subscribe();
    loop {
        tokio::select! {
            // The server is stopping: the tablet is told (1001) and reconnects to its
            // successor; its waiting marks stay in the browser meanwhile.
            () = async { let _ = stopping.wait_for(|b| *b).await; } => {
                let close = Message::Close(Some(CloseFrame { code: 1001, reason: "server going away".into() }));
                if socket.send(close).await.is_ok() {
                    let _ = tokio::time::timeout(Duration::from_secs(2), async {
                        while let Some(Ok(m)) = socket.recv().await {
                            if matches!(m, Message::Close(_)) { break; }
                        }
                    }).await;
                }
                return;
            }
            _ = ping.tick() => {
                if socket.send(Message::Ping(Vec::new().into())).await.is_err() {
                    return;
                }
            }
            incoming = socket.recv() => {
                let Some(Ok(message)) = incoming else { return };
                let text = match message {
                    Message::Text(t) => t,
                    Message::Close(_) => return,
                    Message::Binary(_) => {
                        if !send(&mut socket, &bad_message("只接受 JSON 文本消息")).await { return; }
                        continue;
                    }
                    _ => continue,
                };
                if text.len() > MAX_MESSAGE {
                    if !send(&mut socket, &bad_message("消息过大")).await { return; }
                    continue;
                }
                // The edge rule for text (`crate::limits::plain_text`) holds here too: an
                // `op_id` or a correction's reason with a NUL would fail in PostgreSQL.
                if crate::http::text_guard::json_has_control(&text) {
                    if !send(&mut socket, &bad_message("消息含有不可见的控制字符")).await { return; }
                    continue;
                }
                let arrived = std::time::Instant::now();
                let parsed = serde_json::from_str::<ClientMessage>(&text);
                // The organiser may end the session at any moment (a stolen tablet). A mark's
                // session is checked by the writer in the mark's own transaction; anything else
                // is checked here.
                let checked_by_writer = matches!(parsed, Ok(ClientMessage::Mark { .. }));
                let live_session = if checked_by_writer {
                    None
                } else {
                    match sign_in::judge_for_session(&state.db, &token).await {
                        Ok(Some((_, live))) => Some(live),
                        _ => {
                            end(&mut socket).await;
                            return;
                        }
                    }
                };
                let reply = match parsed {
                    Err(_) => bad_message("无法识别的消息"),
                    Ok(ClientMessage::Hello { last_seq, judge_id, held }) => {
                        // A page opened for another judge gets everything of this one.
                        let last_seq = last_seq.filter(|_| judge_id.is_none_or(|named| access::is_own_mark(&judge, named)));
                        if let Some(live) = &live_session
                            && let Err(e) = tablets::report_held(&state.db, live, &held).await
                        {
                            tracing::warn!(error = %e, "judge socket: held marks report");
                        }
                        match snapshot(&state, &judge, last_seq).await {
                            Ok(s) => s,
                            Err(e) => error(None, &e),
                        }
                    }
                    Ok(ClientMessage::Correction { judge_id, op_id, entrant_id, aspect_id, value, reason }) => {
                        if !access::is_own_mark(&judge, judge_id) {
                            wrong_judge(op_id, judge_id)
                        } else {
                            match Decimal::from_str(value.trim()) {
                                Err(_) => error(Some(op_id), &AppError::invalid("value", "分数须为数字")),
                                Ok(value) => {
                                    let input = CorrectionInput { op_id: op_id.clone(), entrant_id, aspect_id, value, reason, device: device.clone() };
                                    match corrections::request_correction(&state.db, &judge, input).await {
                                        Ok(c) => ServerMessage::Correction(c.into()),
                                        Err(e) => error(Some(op_id), &e),
                                    }
                                }
                            }
                        }
                    }
                    Ok(ClientMessage::Mark { judge_id, op_id, entrant_id, aspect_id, value }) => {
                        if !access::is_own_mark(&judge, judge_id) {
                            wrong_judge(op_id, judge_id)
                        } else {
                            match Decimal::from_str(value.trim()) {
                                Err(_) => error(Some(op_id), &AppError::invalid("value", "分数须为数字")),
                                Ok(value) => {
                                    let input = MarkInput { op_id: op_id.clone(), entrant_id, aspect_id, value, device: device.clone(), session: Some(session_id.clone()) };
                                    match state.marks.submit(judge.clone(), input).await {
                                        Err(AppError::Unauthenticated) => {
                                            end(&mut socket).await;
                                            return;
                                        }
                                        Ok(r) => {
                                            crate::metrics::mark_acknowledged(arrived.elapsed());
                                            ServerMessage::Ack {
                                            op_id: r.op_id,
                                            mark_id: r.mark_id,
                                            value: r.value.normalize().to_string(),
                                            seq: r.seq,
                                            repeated: r.repeated,
                                        }
                                        }
                                        Err(e) => error(Some(op_id), &e),
                                    }
                                }
                            }
                        }
                    }
                };
                if !send(&mut socket, &reply).await {
                    return;
                }
            }
        }
    }
}

/// Everything the tablet needs: the judge's entrants (by blind code), the aspects of the judge's
/// panel, and the judge's marks (all, or those changed after `last_seq`).
async fn snapshot(
    state: &AppState,
    judge: &judge::Model,
    last_seq: Option<i32>,
) -> Result<ServerMessage, AppError> {
    let view = judge_view(&state.db, judge, last_seq).await?;
    let show = |v: Decimal| v.normalize().to_string();
    Ok(ServerMessage::Snapshot {
        seq: view.seq,
        since: last_seq,
        judge: JudgeInfo {
            id: judge.id,
            name: view.judge_name,
            panel: judge.panel.clone(),
            event: crate::competitions::events::title(&view.event),
        },
        locked: view.event.marks_locked_at.is_some(),
        entrants: view
            .entrants
            .into_iter()
            .map(|e| EntrantInfo {
                id: e.id,
                station: e.station,
                blind_code: e.blind_code,
            })
            .collect(),
        aspects: view
            .aspects
            .into_iter()
            .map(|(a, is_final)| AspectInfo {
                id: a.id,
                code: a.code,
                name: a.name,
                kind: entity::kinds::code(a.kind),
                max: show(a.max_mark.to_decimal()),
                step: a.step.map(|s| show(s.to_decimal())),
                is_final,
            })
            .collect(),
        marks: view
            .marks
            .into_iter()
            .map(|(key, m)| MarkInfo {
                entrant_id: key.entrant,
                aspect_id: key.aspect,
                value: show(m.value),
                seq: m.seq,
                corrected: m.corrected,
            })
            .collect(),
        corrections: view.corrections.into_iter().map(Into::into).collect(),
    })
}
