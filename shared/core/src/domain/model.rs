//! Trained models and their predictions. The artifact (ONNX graph + model card) lives in objects
//! under `t/{tenant}/models/{model}/`; the store keeps what lists and pointers need.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{InterviewId, ModelId, RecordingId, TenantSlug, UserId};

/// One trained model version of a tenant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ModelVersion {
    pub id: ModelId,
    /// 1, 2, ... in the order they were trained.
    pub version: u32,
    pub created_at: DateTime<Utc>,
    pub requested_by: Option<UserId>,
    pub onnx_key: String,
    pub card_key: String,
    /// The statistics option on the training data (`stats.json`, `stats.xlsx`); absent on models
    /// trained before it existed.
    #[serde(default)]
    pub stats_keys: Option<StatsKeys>,
    /// The training table with each item's cross-validated scores (`cv.json`), which the ethics analysis reads;
    /// absent on models trained before it was kept, and on imported models.
    #[serde(default)]
    pub cv_key: Option<String>,
    /// Set on a model imported from a bundle (the pre-trained model option): where it came from.
    #[serde(default)]
    pub provided: Option<ProvidedFrom>,
    /// When a person whose data this model may have learned from was erased: it should be trained again (the
    /// next training cannot see their data).
    #[serde(default)]
    pub erased_data_since: Option<DateTime<Utc>>,
    /// The model card (`model.json`): items, cross-validated figures, rater agreement, warnings.
    #[schema(value_type = Object)]
    pub card: serde_json::Value,
}

/// The origin of an imported model. Its card still describes the data it was trained on
/// (interviews, experts, data hash), which is not this tenant's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ProvidedFrom {
    pub tenant: String,
    pub model_id: ModelId,
    pub version: u32,
    pub imported_at: DateTime<Utc>,
    pub imported_by: UserId,
}

/// Where a model's statistics (every feature against every item's ratings) are kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct StatsKeys {
    pub json: String,
    pub workbook: String,
}

/// Which model predicts for the tenant: one pointer, so activating and rolling back are one write.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ActiveModel {
    pub model_id: ModelId,
    pub version: u32,
    pub activated_at: DateTime<Utc>,
    pub activated_by: Option<UserId>,
}

/// The model's reference scores for one interview, from its analysed recordings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Prediction {
    pub interview_id: InterviewId,
    pub model_id: ModelId,
    pub model_version: u32,
    /// The recordings whose features were combined for this prediction.
    pub recordings: Vec<RecordingId>,
    /// `{items: [{item, name, score, low, high, top_features: [...]}], warnings: [...]}`.
    #[schema(value_type = Object)]
    pub result: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

/// Where in a model's folder its training record for the ethics analysis is kept (a folder of its own).
pub const CV_RECORD: &str = "ethics/cv.json";

/// `t/{tenant}/models/{model}/`: where a model's files go.
pub fn model_prefix(tenant: &TenantSlug, model: ModelId) -> String {
    format!("t/{tenant}/models/{model}/")
}

/// The tenant's choice about retraining on its own (admin).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ModelSettings {
    /// Request a training when experts have rated enough new interviews. New versions still wait
    /// for an administrator to activate them (only a tenant's first model becomes active by itself).
    pub auto_retrain: bool,
    /// New expert ratings that trigger a retraining, 1..=1000.
    pub retrain_after_ratings: u32,
    /// Train on the interviewee's conversation features (`conversation.*`, from transcripts) too.
    #[serde(default)]
    pub conversation_features: bool,
    /// Show the reference scores as numbers in the interviewee's feedback (off: words only).
    #[serde(default)]
    pub feedback_shows_scores: bool,
    /// Let the deployment's language model (Amazon Bedrock) reword follow-up questions and feedback
    /// drafts. The interviewee's answers are then sent to it; off unless an admin turns it on, and
    /// without effect where the deployment has no model.
    #[serde(default)]
    pub language_model_wording: bool,
}

impl Default for ModelSettings {
    fn default() -> Self {
        ModelSettings {
            auto_retrain: false,
            retrain_after_ratings: 10,
            conversation_features: false,
            feedback_shows_scores: false,
            language_model_wording: false,
        }
    }
}

/// Expert ratings since the last automatic training request.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RetrainCounter {
    pub since_last_request: u32,
}
