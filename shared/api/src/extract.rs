//! axum's extractors, with their rejections turned into problems a user can act on.

use axum::extract::FromRequest;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;

use crate::problem::ApiError;

/// A JSON body; unknown fields, wrong types and a wrong content type are refused clearly.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Json<T>(pub T);

/// Path parameters; an id that is not a UUID answers 404 like any unknown id.
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);

impl<T: serde::Serialize> axum::response::IntoResponse for Json<T> {
    fn into_response(self) -> axum::response::Response {
        axum::Json(self.0).into_response()
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Content-Type: application/json で送ってください。",
                "Send the body as Content-Type: application/json.",
            ),
            JsonRejection::JsonDataError(e) => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                // serde's words are English and name Rust types: for API clients, not the screen.
                "入力内容の形式が正しくありません。画面を再読み込みしてからやり直してください。",
                format!("The body does not match the expected fields: {}", e.body_text()),
            ),
            other => ApiError::bad_request(
                "送信された内容を読み取れません。画面を再読み込みしてからやり直してください。",
                format!("The body is not valid JSON: {}", other.body_text()),
            ),
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(_: PathRejection) -> Self {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "見つかりません。URL を確認してください。",
            "Not found. Check the address.",
        )
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::bad_request(
            format!("検索条件が正しくありません: {}", rejection.body_text()),
            format!("The query parameters are wrong: {}", rejection.body_text()),
        )
    }
}
