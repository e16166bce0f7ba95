//! A TEST DOUBLE of the Kinesis Video Streams signaling control plane on loopback: moto has no
//! signaling channels, so this small server answers the five REST-JSON operations Mendan calls
//! (Describe/Create/Delete SignalingChannel, GetSignalingChannelEndpoint, GetIceServerConfig) in
//! the service's shapes, and records every call, so the AWS adapter is tested through the real SDK.
//! It also answers archived media's GetClip (moto's server routes it to the control plane), and what preparing the
//! server's copy of a call needs (Create/DescribeStream, Describe/UpdateMediaStorageConfiguration, and
//! JoinStorageSession on the WEBRTC endpoint), which moto does not have.
//! It checks what the service would refuse of our requests (names, roles, protocols, client ids).

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// What the double holds and saw.
#[derive(Default)]
pub struct KvsState {
    /// Channel name → ARN.
    pub channels: BTreeMap<String, String>,
    /// Every call: (operation, request body, the Authorization header's credential scope).
    pub calls: Vec<(String, Value, String)>,
    /// Stream name → the file GetClip answers for any span of it.
    pub clips: BTreeMap<String, Vec<u8>>,
    /// Stream name → ARN.
    pub streams: BTreeMap<String, String>,
    /// Channel ARN → the stream ARN it stores into.
    pub storage: BTreeMap<String, String>,
}

#[derive(Clone)]
pub struct KvsDouble {
    pub url: String,
    pub state: Arc<Mutex<KvsState>>,
}

impl KvsDouble {
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(KvsState::default()));
        let app = Router::new()
            .route("/describeSignalingChannel", post(describe))
            .route("/createSignalingChannel", post(create))
            .route("/deleteSignalingChannel", post(delete))
            .route("/getSignalingChannelEndpoint", post(endpoint))
            .route("/v1/get-ice-server-config", post(ice))
            .route("/getClip", post(get_clip))
            .route("/createStream", post(create_stream))
            .route("/describeStream", post(describe_stream))
            .route("/describeMediaStorageConfiguration", post(describe_storage))
            .route("/updateMediaStorageConfiguration", post(update_storage))
            .route("/joinStorageSession", post(join_storage))
            .with_state((url.clone(), state.clone()));
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { url, state }
    }

    pub fn operations(&self) -> Vec<String> {
        self.state.lock().unwrap().calls.iter().map(|c| c.0.clone()).collect()
    }
}

type Shared = State<(String, Arc<Mutex<KvsState>>)>;

fn error(status: StatusCode, kind: &str, message: &str) -> Response {
    (status, [("x-amzn-errortype", kind)], Json(json!({ "message": message }))).into_response()
}

fn record(state: &Mutex<KvsState>, operation: &str, headers: &HeaderMap, body: &Value) {
    let scope = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|a| a.split("Credential=").nth(1))
        .map(|c| c.split(',').next().unwrap_or("").to_owned())
        .unwrap_or_default();
    state.lock().unwrap().calls.push((operation.to_owned(), body.clone(), scope));
}

fn arn_of(name: &str) -> String {
    format!("arn:aws:kinesisvideo:ap-northeast-1:123456789012:channel/{name}/1700000000000")
}

fn valid_name(name: &str) -> bool {
    (1..=256).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b))
}

async fn describe(State((_, state)): Shared, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    record(&state, "DescribeSignalingChannel", &headers, &body);
    let name = body["ChannelName"].as_str().unwrap_or_default();
    match state.lock().unwrap().channels.get(name) {
        Some(arn) => Json(json!({"ChannelInfo": {"ChannelName": name, "ChannelARN": arn, "ChannelType": "SINGLE_MASTER", "ChannelStatus": "ACTIVE"}})).into_response(),
        None => error(StatusCode::NOT_FOUND, "ResourceNotFoundException", "The requested channel is not found or not active."),
    }
}

async fn create(State((_, state)): Shared, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    record(&state, "CreateSignalingChannel", &headers, &body);
    let name = body["ChannelName"].as_str().unwrap_or_default().to_owned();
    if !valid_name(&name) || body["ChannelType"] != "SINGLE_MASTER" {
        return error(StatusCode::BAD_REQUEST, "InvalidArgumentException", "bad channel name or type");
    }
    let mut s = state.lock().unwrap();
    if s.channels.contains_key(&name) {
        return error(StatusCode::BAD_REQUEST, "ResourceInUseException", "The signaling channel already exists.");
    }
    let arn = arn_of(&name);
    s.channels.insert(name, arn.clone());
    Json(json!({"ChannelARN": arn})).into_response()
}

async fn delete(State((_, state)): Shared, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    record(&state, "DeleteSignalingChannel", &headers, &body);
    let arn = body["ChannelARN"].as_str().unwrap_or_default();
    let mut s = state.lock().unwrap();
    let before = s.channels.len();
    s.channels.retain(|_, a| a != arn);
    if s.channels.len() == before {
        return error(StatusCode::NOT_FOUND, "ResourceNotFoundException", "no such channel");
    }
    Json(json!({})).into_response()
}

async fn endpoint(State((url, state)): Shared, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    record(&state, "GetSignalingChannelEndpoint", &headers, &body);
    let config = &body["SingleMasterChannelEndpointConfiguration"];
    let role = config["Role"].as_str().unwrap_or_default();
    if !["MASTER", "VIEWER"].contains(&role) {
        return error(StatusCode::BAD_REQUEST, "InvalidArgumentException", "Role must be MASTER or VIEWER");
    }
    let known = state.lock().unwrap().channels.values().any(|a| body["ChannelARN"] == a.as_str());
    if !known {
        return error(StatusCode::NOT_FOUND, "ResourceNotFoundException", "no such channel");
    }
    let protocols: Vec<&str> = config["Protocols"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    let mut list = Vec::new();
    if protocols.contains(&"WSS") {
        list.push(
            json!({"Protocol": "WSS", "ResourceEndpoint": "wss://m-double.kinesisvideo.ap-northeast-1.amazonaws.com"}),
        );
    }
    if protocols.contains(&"HTTPS") {
        // GetIceServerConfig goes to the HTTPS endpoint: this double again.
        list.push(json!({"Protocol": "HTTPS", "ResourceEndpoint": url}));
    }
    if protocols.contains(&"WEBRTC") {
        // JoinStorageSession goes to the WEBRTC endpoint: this double again.
        list.push(json!({"Protocol": "WEBRTC", "ResourceEndpoint": url}));
    }
    Json(json!({"ResourceEndpointList": list})).into_response()
}

async fn ice(State((_, state)): Shared, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    record(&state, "GetIceServerConfig", &headers, &body);
    let client = body["ClientId"].as_str().unwrap_or_default();
    if body["Service"] != "TURN" || client.is_empty() || client.len() > 256 {
        return error(StatusCode::BAD_REQUEST, "InvalidArgumentException", "Service must be TURN, with a client id");
    }
    Json(json!({"IceServerList": [{
        "Uris": ["turn:198.51.100.7:443?transport=udp", "turns:198.51.100.7:443?transport=tcp"],
        "Username": format!("1700000300:{client}"),
        "Password": "double-password",
        "Ttl": 300
    }]}))
    .into_response()
}

async fn get_clip(State((_, state)): Shared, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    record(&state, "GetClip", &headers, &body);
    let selector = &body["ClipFragmentSelector"];
    if selector["FragmentSelectorType"] != "SERVER_TIMESTAMP"
        || !selector["TimestampRange"]["StartTimestamp"].is_number()
    {
        return error(StatusCode::BAD_REQUEST, "InvalidArgumentException", "a server-timestamp range is required");
    }
    let name = body["StreamName"].as_str().unwrap_or_default();
    match state.lock().unwrap().clips.get(name) {
        Some(bytes) => ([("content-type", "video/mp4")], bytes.clone()).into_response(),
        None => error(StatusCode::NOT_FOUND, "ResourceNotFoundException", "no fragments in the range"),
    }
}

async fn create_stream(State((_, state)): Shared, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    record(&state, "CreateStream", &headers, &body);
    let name = body["StreamName"].as_str().unwrap_or_default().to_owned();
    if !valid_name(&name) || body["DataRetentionInHours"].as_i64().is_none_or(|h| h <= 0) {
        return error(
            StatusCode::BAD_REQUEST,
            "InvalidArgumentException",
            "a stream name and a retention are required",
        );
    }
    let mut s = state.lock().unwrap();
    if s.streams.contains_key(&name) {
        return error(StatusCode::BAD_REQUEST, "ResourceInUseException", "The stream already exists.");
    }
    let arn = format!("arn:aws:kinesisvideo:ap-northeast-1:123456789012:stream/{name}/1700000000000");
    s.streams.insert(name, arn.clone());
    Json(json!({"StreamARN": arn})).into_response()
}

async fn describe_stream(State((_, state)): Shared, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    record(&state, "DescribeStream", &headers, &body);
    let name = body["StreamName"].as_str().unwrap_or_default();
    match state.lock().unwrap().streams.get(name) {
        Some(arn) => {
            Json(json!({"StreamInfo": {"StreamName": name, "StreamARN": arn, "Status": "ACTIVE"}})).into_response()
        }
        None => error(StatusCode::NOT_FOUND, "ResourceNotFoundException", "no such stream"),
    }
}

fn known_channel(state: &KvsState, arn: &Value) -> bool {
    state.channels.values().any(|a| arn == a.as_str())
}

async fn describe_storage(State((_, state)): Shared, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    record(&state, "DescribeMediaStorageConfiguration", &headers, &body);
    let s = state.lock().unwrap();
    if !known_channel(&s, &body["ChannelARN"]) {
        return error(StatusCode::NOT_FOUND, "ResourceNotFoundException", "no such channel");
    }
    let configuration = match s.storage.get(body["ChannelARN"].as_str().unwrap_or_default()) {
        Some(stream) => json!({"StreamARN": stream, "Status": "ENABLED"}),
        None => json!({"Status": "DISABLED"}),
    };
    Json(json!({"MediaStorageConfiguration": configuration})).into_response()
}

async fn update_storage(State((_, state)): Shared, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    record(&state, "UpdateMediaStorageConfiguration", &headers, &body);
    let mut s = state.lock().unwrap();
    let configuration = &body["MediaStorageConfiguration"];
    let stream = configuration["StreamARN"].as_str().unwrap_or_default().to_owned();
    if !known_channel(&s, &body["ChannelARN"]) || !s.streams.values().any(|a| *a == stream) {
        return error(StatusCode::NOT_FOUND, "ResourceNotFoundException", "no such channel or stream");
    }
    if configuration["Status"] != "ENABLED" {
        return error(StatusCode::BAD_REQUEST, "InvalidArgumentException", "only ENABLED is used here");
    }
    s.storage.insert(body["ChannelARN"].as_str().unwrap_or_default().to_owned(), stream);
    Json(json!({})).into_response()
}

async fn join_storage(State((_, state)): Shared, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    record(&state, "JoinStorageSession", &headers, &body);
    // The storage service only joins channels whose media storage is enabled.
    match state.lock().unwrap().storage.contains_key(body["channelArn"].as_str().unwrap_or_default()) {
        true => StatusCode::OK.into_response(),
        false => error(StatusCode::NOT_FOUND, "ResourceNotFoundException", "the channel stores nothing"),
    }
}
