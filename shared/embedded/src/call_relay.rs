//! `mendan serve`'s stand-in for a Kinesis Video Streams signaling channel: a WebSocket relay at
//! `/calls/signal` that speaks KVS's framing, so the browser's one signaling client works against
//! both. In: `{"action", "messagePayload" (base64), "recipientClientId"?}`; out: `{"messageType",
//! "messagePayload", "senderClientId"}`. Viewers' messages go to the master; the master's go to
//! the viewer it names. Only SDP offers/answers and ICE candidates are relayed; the media never
//! passes through here.
//!
//! Bounds (an attacker holds at most a valid token for their own interview): one master and
//! [`MAX_VIEWERS`] viewers per channel, messages up to [`MAX_MESSAGE`] bytes, a message budget per
//! connection, a bounded queue per peer (a peer that does not read loses messages, never
//! memory), and [`MAX_SOCKETS`] sockets in all (503 `call_busy` beyond).

use axum::Router;
use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::{SinkExt, StreamExt};
use mendan_core::domain::call::{CallPeer, CallRole, Signaling};
use mendan_core::domain::{InterviewId, TenantSlug};
use mendan_core::ports::{Calls, PortResult};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

use crate::call_token::{Admitted, JoinSigner, check_client_id};

/// Viewers per channel, as KVS allows.
pub const MAX_VIEWERS: usize = 10;
/// The largest message (an SDP offer with its candidates is a few kB; base64 adds a third).
pub const MAX_MESSAGE: usize = 64 * 1024;
/// Messages a connection may send at once, refilled at [`REFILL_PER_SECOND`]: a negotiation is an
/// offer, an answer and a few dozen candidates.
const BURST: f64 = 200.0;
const REFILL_PER_SECOND: f64 = 20.0;
/// Messages waiting for a slow reader before more are dropped.
const QUEUE: usize = 256;
/// Keeps proxies from closing a quiet connection during a long call.
const PING_EVERY: Duration = Duration::from_secs(30);
const ACTIONS: [&str; 3] = ["SDP_OFFER", "SDP_ANSWER", "ICE_CANDIDATE"];
/// Open sockets in all: an upgraded connection leaves the server's connection cap, so the relay keeps its own.
pub const MAX_SOCKETS: usize = 1024;

/// The relay and the port that hands out its URLs.
#[derive(Clone)]
pub struct CallRelay {
    signer: Arc<JoinSigner>,
    /// `ws://` or `wss://` and the host browsers reach `mendan serve` at.
    ws_base: String,
    hub: Arc<Hub>,
    sockets: Arc<tokio::sync::Semaphore>,
}

impl CallRelay {
    pub fn new(secret: &[u8], public_url: &str) -> Self {
        let base = public_url.trim_end_matches('/');
        let ws_base = match base.strip_prefix("https://") {
            Some(rest) => format!("wss://{rest}"),
            None => format!("ws://{}", base.strip_prefix("http://").unwrap_or(base)),
        };
        let sockets = Arc::new(tokio::sync::Semaphore::new(MAX_SOCKETS));
        Self { signer: Arc::new(JoinSigner::new(secret)), ws_base, hub: Arc::default(), sockets }
    }

    /// `GET /calls/signal?{token}`: the WebSocket.
    pub fn routes(&self) -> Router {
        Router::new().route("/calls/signal", get(upgrade)).with_state(self.clone())
    }

    /// How many browsers are connected to the interview's channel (tests, diagnostics).
    pub fn connected(&self, tenant: &TenantSlug, interview: InterviewId) -> usize {
        let channels = self.hub.channels.lock().expect("hub lock");
        channels.get(&(tenant.clone(), interview)).map_or(0, |c| c.peers.len())
    }
}

#[async_trait::async_trait]
impl Calls for CallRelay {
    async fn signaling(&self, peer: &CallPeer) -> PortResult<Signaling> {
        let url = format!("{}/calls/signal?{}", self.ws_base, self.signer.sign(peer));
        // Loopback and LAN calls connect directly: no STUN or TURN.
        Ok(Signaling { url, ice_servers: Vec::new() })
    }

    async fn close(&self, tenant: &TenantSlug, interview: InterviewId) -> PortResult<()> {
        self.hub.close(&(tenant.clone(), interview));
        Ok(())
    }
}

type ChannelKey = (TenantSlug, InterviewId);

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Slot {
    Master,
    Viewer(String),
}

enum Outgoing {
    Text(String),
    /// The peer is replaced by a newer connection of the same person, or the call ended.
    Close {
        go_away: bool,
        reason: &'static str,
    },
}

struct Peer {
    connection: u64,
    tx: mpsc::Sender<Outgoing>,
}

#[derive(Default)]
struct Channel {
    peers: HashMap<Slot, Peer>,
}

#[derive(Default)]
struct Hub {
    channels: Mutex<HashMap<ChannelKey, Channel>>,
    next_connection: AtomicU64,
}

impl Hub {
    /// Seats a new connection in `slot`, replacing whoever held it; `None` when the channel has
    /// no room for another viewer.
    fn join(&self, key: &ChannelKey, slot: &Slot) -> Option<(u64, mpsc::Receiver<Outgoing>)> {
        let mut channels = self.channels.lock().expect("hub lock");
        let channel = channels.entry(key.clone()).or_default();
        let viewers = channel.peers.keys().filter(|s| matches!(s, Slot::Viewer(_))).count();
        if matches!(slot, Slot::Viewer(_)) && !channel.peers.contains_key(slot) && viewers >= MAX_VIEWERS {
            return None;
        }
        let connection = self.next_connection.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = mpsc::channel(QUEUE);
        if let Some(old) = channel.peers.insert(slot.clone(), Peer { connection, tx }) {
            let _ = old.tx.try_send(Outgoing::Close { go_away: false, reason: "joined again elsewhere" });
        }
        Some((connection, rx))
    }

    /// Frees `slot` if this connection still holds it.
    fn leave(&self, key: &ChannelKey, slot: &Slot, connection: u64) {
        let mut channels = self.channels.lock().expect("hub lock");
        if let Some(channel) = channels.get_mut(key) {
            if channel.peers.get(slot).is_some_and(|p| p.connection == connection) {
                channel.peers.remove(slot);
            }
            if channel.peers.is_empty() {
                channels.remove(key);
            }
        }
    }

    /// Hands `text` to `to`, if connected and keeping up.
    fn deliver(&self, key: &ChannelKey, to: &Slot, text: String) {
        let channels = self.channels.lock().expect("hub lock");
        if let Some(peer) = channels.get(key).and_then(|c| c.peers.get(to)) {
            let _ = peer.tx.try_send(Outgoing::Text(text));
        }
    }

    fn close(&self, key: &ChannelKey) {
        let gone = self.channels.lock().expect("hub lock").remove(key);
        for peer in gone.into_iter().flat_map(|c| c.peers.into_values()) {
            let _ = peer.tx.try_send(Outgoing::Close { go_away: true, reason: "the call has ended" });
        }
    }
}

/// A message from a browser, as KVS receives it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Inbound {
    action: String,
    message_payload: String,
    recipient_client_id: Option<String>,
    correlation_id: Option<String>,
}

/// A message to a browser, as KVS sends it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Outbound<'a> {
    message_type: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    message_payload: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    sender_client_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    status_response: Option<StatusResponse<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StatusResponse<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    correlation_id: Option<&'a str>,
    error_type: &'a str,
    status_code: &'a str,
    description: &'a str,
}

async fn upgrade(State(relay): State<CallRelay>, RawQuery(query): RawQuery, ws: WebSocketUpgrade) -> Response {
    let admitted = match relay.signer.verify(query.as_deref().unwrap_or(""), chrono::Utc::now().timestamp()) {
        Ok(a) => a,
        Err(e) => {
            let body = serde_json::json!({ "type": "call_join", "status": 403, "detail": e.to_string() });
            return (StatusCode::FORBIDDEN, [("content-type", "application/problem+json")], body.to_string())
                .into_response();
        }
    };
    let Ok(permit) = relay.sockets.clone().try_acquire_owned() else {
        let body = serde_json::json!({ "type": "call_busy", "status": 503, "detail": "too many calls at once; try again shortly" });
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [("content-type", "application/problem+json"), ("retry-after", "5")],
            body.to_string(),
        )
            .into_response();
    };
    ws.max_message_size(MAX_MESSAGE).max_frame_size(MAX_MESSAGE).on_upgrade(move |socket| async move {
        let _permit = permit;
        serve_peer(relay.hub.clone(), socket, admitted).await
    })
}

/// One browser's connection: relays what it sends, forwards what others send it.
async fn serve_peer(hub: Arc<Hub>, socket: WebSocket, who: Admitted) {
    let key = (who.tenant.clone(), who.interview_id);
    let slot = match who.role {
        CallRole::Master => Slot::Master,
        CallRole::Viewer => Slot::Viewer(who.client_id.clone()),
    };
    let (mut sink, mut stream) = socket.split();
    let Some((connection, mut outbox)) = hub.join(&key, &slot) else {
        let frame = CloseFrame { code: 1008, reason: Utf8Bytes::from_static("the call is full") };
        let _ = sink.send(Message::Close(Some(frame))).await;
        return;
    };
    let mut budget = Budget::new();
    let mut ping = tokio::time::interval(PING_EVERY);
    ping.tick().await;
    loop {
        tokio::select! {
            incoming = stream.next() => {
                let text = match incoming {
                    Some(Ok(Message::Text(text))) => text,
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                    // Binary frames are not part of the protocol; a close or an error ends it.
                    Some(Ok(Message::Binary(_))) | Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                };
                if !budget.take() {
                    let frame = CloseFrame { code: 1008, reason: Utf8Bytes::from_static("too many messages") };
                    let _ = sink.send(Message::Close(Some(frame))).await;
                    break;
                }
                if let Err(refusal) = relay_one(&hub, &key, &slot, &text) {
                    let _ = sink.send(Message::Text(refusal.into())).await;
                }
            }
            outgoing = outbox.recv() => match outgoing {
                Some(Outgoing::Text(text)) => {
                    if sink.send(Message::Text(text.into())).await.is_err() {
                        break;
                    }
                }
                Some(Outgoing::Close { go_away, reason }) => {
                    if go_away {
                        let notice = Outbound { message_type: "GO_AWAY", message_payload: "", sender_client_id: "", status_response: None };
                        let _ = sink.send(Message::Text(serde_json::to_string(&notice).expect("plain JSON").into())).await;
                    }
                    let _ = sink.send(Message::Close(Some(CloseFrame { code: 1000, reason: Utf8Bytes::from_static(reason) }))).await;
                    break;
                }
                None => break,
            },
            _ = ping.tick() => {
                if sink.send(Message::Ping(Vec::new().into())).await.is_err() {
                    break;
                }
            }
        }
    }
    hub.leave(&key, &slot, connection);
}

/// Relays one message from `from`, or answers the STATUS_RESPONSE that refuses it.
fn relay_one(hub: &Hub, key: &ChannelKey, from: &Slot, text: &str) -> Result<(), String> {
    let refuse = |correlation_id: Option<&str>, description: &str| {
        let status =
            StatusResponse { correlation_id, error_type: "InvalidArgumentException", status_code: "400", description };
        let answer = Outbound {
            message_type: "STATUS_RESPONSE",
            message_payload: "",
            sender_client_id: "",
            status_response: Some(status),
        };
        serde_json::to_string(&answer).expect("plain JSON")
    };
    let Ok(message) = serde_json::from_str::<Inbound>(text) else {
        return Err(refuse(None, "the message is not a signaling message"));
    };
    let correlation = message.correlation_id.as_deref();
    if !ACTIONS.contains(&message.action.as_str()) {
        return Err(refuse(correlation, "unknown action"));
    }
    if base64::Engine::decode(&base64::engine::general_purpose::STANDARD, &message.message_payload).is_err() {
        return Err(refuse(correlation, "messagePayload is not base64"));
    }
    let (to, sender) = match from {
        Slot::Viewer(me) => (Slot::Master, me.as_str()),
        Slot::Master => {
            let Some(recipient) = message.recipient_client_id.as_deref().and_then(check_client_id) else {
                return Err(refuse(correlation, "the master names the viewer in recipientClientId"));
            };
            (Slot::Viewer(recipient), "")
        }
    };
    let out = Outbound {
        message_type: &message.action,
        message_payload: &message.message_payload,
        sender_client_id: sender,
        status_response: None,
    };
    hub.deliver(key, &to, serde_json::to_string(&out).expect("plain JSON"));
    Ok(())
}

/// A token bucket of messages.
struct Budget {
    tokens: f64,
    at: Instant,
}

impl Budget {
    fn new() -> Self {
        Self { tokens: BURST, at: Instant::now() }
    }

    fn take(&mut self) -> bool {
        let now = Instant::now();
        self.tokens = (self.tokens + now.duration_since(self.at).as_secs_f64() * REFILL_PER_SECOND).min(BURST);
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> ChannelKey {
        (TenantSlug::parse("acme").unwrap(), InterviewId(uuid::Uuid::from_u128(1)))
    }

    fn text(rx: &mut mpsc::Receiver<Outgoing>) -> serde_json::Value {
        match rx.try_recv() {
            Ok(Outgoing::Text(t)) => serde_json::from_str(&t).unwrap(),
            _ => panic!("expected a message"),
        }
    }

    #[test]
    fn viewers_reach_the_master_and_the_master_reaches_the_viewer_it_names() {
        let hub = Hub::default();
        let (_, mut master) = hub.join(&key(), &Slot::Master).unwrap();
        let (_, mut alice) = hub.join(&key(), &Slot::Viewer("alice".into())).unwrap();
        let (_, mut bob) = hub.join(&key(), &Slot::Viewer("bob".into())).unwrap();
        let offer = r#"{"action":"SDP_OFFER","messagePayload":"eyJ0eXBlIjoib2ZmZXIifQ=="}"#;
        relay_one(&hub, &key(), &Slot::Viewer("alice".into()), offer).unwrap();
        let got = text(&mut master);
        assert_eq!(got["messageType"], "SDP_OFFER");
        assert_eq!(got["senderClientId"], "alice");
        assert_eq!(got["messagePayload"], "eyJ0eXBlIjoib2ZmZXIifQ==");
        let answer = r#"{"action":"SDP_ANSWER","messagePayload":"e30=","recipientClientId":"bob"}"#;
        relay_one(&hub, &key(), &Slot::Master, answer).unwrap();
        assert_eq!(text(&mut bob)["messageType"], "SDP_ANSWER");
        assert!(alice.try_recv().is_err(), "alice was not named");
    }

    #[test]
    fn malformed_messages_are_refused_with_a_status_response() {
        let hub = Hub::default();
        let (_, _master) = hub.join(&key(), &Slot::Master).unwrap();
        for bad in [
            "not json",
            r#"{"action":"DELETE_CHANNEL","messagePayload":"e30="}"#,
            r#"{"action":"SDP_OFFER","messagePayload":"***"}"#,
        ] {
            let refusal = relay_one(&hub, &key(), &Slot::Viewer("v".into()), bad).unwrap_err();
            assert!(refusal.contains("STATUS_RESPONSE"), "{refusal}");
        }
        let unnamed = r#"{"action":"SDP_ANSWER","messagePayload":"e30="}"#;
        assert!(relay_one(&hub, &key(), &Slot::Master, unnamed).is_err());
    }

    #[test]
    fn a_second_join_replaces_the_first_and_the_channel_is_bounded() {
        let hub = Hub::default();
        let (first, mut old) = hub.join(&key(), &Slot::Master).unwrap();
        let (_, _new) = hub.join(&key(), &Slot::Master).unwrap();
        assert!(matches!(old.try_recv(), Ok(Outgoing::Close { go_away: false, .. })));
        // The replaced connection leaving does not unseat the new one.
        hub.leave(&key(), &Slot::Master, first);
        assert_eq!(hub.channels.lock().unwrap()[&key()].peers.len(), 1);
        let mut viewers: Vec<_> =
            (0..MAX_VIEWERS).map(|i| hub.join(&key(), &Slot::Viewer(format!("v{i}"))).unwrap()).collect();
        assert!(hub.join(&key(), &Slot::Viewer("one-too-many".into())).is_none());
        // Rejoining as a seated viewer still works.
        assert!(hub.join(&key(), &Slot::Viewer("v0".into())).is_some());
        hub.close(&key());
        assert!(matches!(viewers[1].1.try_recv(), Ok(Outgoing::Close { go_away: true, .. })));
        assert!(hub.channels.lock().unwrap().is_empty());
    }

    #[test]
    fn the_message_budget_runs_out_and_refills() {
        let mut budget = Budget::new();
        assert!((0..BURST as usize).all(|_| budget.take()));
        assert!(!budget.take());
        budget.at -= Duration::from_secs(1);
        assert!(budget.take());
    }
}
