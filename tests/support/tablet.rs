//! A judge's tablet over `/ws/judge`: a signed-in session, the socket, and its messages.

use super::PASSWORD;
use super::marking::Marking;
use entity::JudgeId;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Signs the firm-A judge in with a one-time code, as a tablet would, and returns the token.
pub async fn tablet_token(m: &Marking) -> String {
    tablet_token_for(m, m.judge_a.id).await
}

/// Signs a judge's tablet in with a one-time code and returns the session token.
pub async fn tablet_token_for(m: &Marking, judge_id: JudgeId) -> String {
    let organiser = jiangxin::accounts::users::authenticate(&m.s.app.db, "organiser", PASSWORD)
        .await
        .unwrap();
    let issued = jiangxin::judging::sign_in::issue_code(&m.s.app.db, &organiser, judge_id)
        .await
        .unwrap();
    assert_eq!(issued.code.len(), 8);
    let (token, judge) = jiangxin::judging::sign_in::redeem_code(
        &m.s.app.db,
        &issued.code.to_lowercase(),
        Some("平板-07"),
    )
    .await
    .unwrap();
    assert_eq!(judge.id, judge_id);
    // A code works once.
    assert!(
        jiangxin::judging::sign_in::redeem_code(&m.s.app.db, &issued.code, None)
            .await
            .is_err()
    );
    token
}

/// The organiser ends every tablet session of a judge (a stolen tablet); returns how many.
pub async fn end_sessions(m: &Marking, judge_id: JudgeId) -> u64 {
    let organiser = jiangxin::accounts::users::authenticate(&m.s.app.db, "organiser", PASSWORD)
        .await
        .unwrap();
    jiangxin::judging::sign_in::end_sessions(&m.s.app.db, &organiser, judge_id)
        .await
        .unwrap()
}

pub async fn connect(
    m: &Marking,
    token: Option<&str>,
) -> Result<Socket, tokio_tungstenite::tungstenite::Error> {
    let mut request = format!("ws://{}/ws/judge", m.s.app.addr)
        .into_client_request()
        .unwrap();
    if let Some(token) = token {
        request
            .headers_mut()
            .insert("cookie", format!("jx_judge={token}").parse().unwrap());
    }
    tokio_tungstenite::connect_async(request)
        .await
        .map(|(socket, _)| socket)
}

pub async fn send(socket: &mut Socket, message: Value) {
    socket
        .send(Message::Text(message.to_string().into()))
        .await
        .unwrap();
}

pub async fn receive(socket: &mut Socket) -> Value {
    loop {
        let message = tokio::time::timeout(std::time::Duration::from_secs(10), socket.next())
            .await
            .expect("a reply within 10 s")
            .expect("socket open")
            .unwrap();
        if let Message::Text(text) = message {
            return serde_json::from_str(&text).unwrap();
        }
    }
}

/// A `mark` message, naming the judge who entered it.
pub fn mark(judge: JudgeId, op: &str, entrant: i64, aspect: i32, value: &str) -> Value {
    json!({"type": "mark", "judge_id": judge, "op_id": op, "entrant_id": entrant, "aspect_id": aspect, "value": value})
}
