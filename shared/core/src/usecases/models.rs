//! Models: administrators list the versions with their cards and choose the
//! active one; people read an interview's prediction. The training and prediction handlers
//! (`mendan-pipeline`) use the `*_inputs` and `save_*` functions here for their reads and writes.

use serde::Serialize;
use utoipa::ToSchema;

use super::consents::is_granted;
use super::interviews::load_visible;
use super::store;
use crate::auth::Principal;
use crate::domain::consent::ConsentKind;
use crate::domain::interview::Interview;
use crate::domain::item::EvaluationItem;
use crate::domain::model::{ActiveModel, ModelVersion, Prediction};
use crate::domain::rating::Rating;
use crate::domain::recording::{Recording, RecordingStatus};
use crate::domain::tenant::ContractOption;
use crate::domain::{InterviewId, ItemId, ModelId, RecordingId, Role, TenantSlug, UserId};
use crate::repo::{TenantStore, keys};
use crate::{CoreResult, Ports};

/// A model version and whether it is the one predicting.
#[derive(Debug, Serialize, ToSchema)]
pub struct ModelView {
    #[serde(flatten)]
    pub model: ModelVersion,
    pub active: bool,
}

/// Why an interview has (or has not) a prediction: never a made-up score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PredictionStatus {
    Ready,
    /// The tenant has no active model yet.
    NoModel,
    /// The interviewee has not granted `ai_evaluation`.
    ConsentMissing,
    /// No recording of the interview passed the analysis' quality gate (yet).
    NotYetAvailable,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PredictionView {
    pub status: PredictionStatus,
    pub prediction: Option<Prediction>,
}

pub async fn list(ports: &Ports, principal: &Principal) -> CoreResult<Vec<ModelView>> {
    principal.require(&[Role::Admin], "list models")?;
    let store = store(ports, principal);
    let active = store.find::<ActiveModel>(keys::ACTIVE_MODEL).await?.map(|a| a.value.model_id);
    let mut models = store.list::<ModelVersion>(keys::MODEL_PREFIX).await?;
    models.sort_by_key(|m| std::cmp::Reverse(m.version));
    Ok(models.into_iter().map(|model| ModelView { active: Some(model.id) == active, model }).collect())
}

/// Makes `id` the predicting model; activating an older version is the roll-back.
pub async fn activate(ports: &Ports, principal: &Principal, id: ModelId) -> CoreResult<ModelView> {
    principal.require(&[Role::Admin], "activate models")?;
    let store = store(ports, principal);
    let model = store.get::<ModelVersion>(&keys::model(id)).await?.value;
    set_active(&store, &model, Some(principal.id()), ports.clock.now()).await?;
    Ok(ModelView { model, active: true })
}

async fn set_active(
    store: &TenantStore<'_>,
    model: &ModelVersion,
    by: Option<UserId>,
    now: chrono::DateTime<chrono::Utc>,
) -> CoreResult<()> {
    let pointer = ActiveModel { model_id: model.id, version: model.version, activated_at: now, activated_by: by };
    store.replace(&pointer).await
}

/// The interview's prediction, or why there is none.
pub async fn prediction(ports: &Ports, principal: &Principal, id: InterviewId) -> CoreResult<PredictionView> {
    // Experts rate without seeing the model's opinion, so their ratings stay independent labels.
    principal.require(&[Role::Admin, Role::Interviewer], "see predictions")?;
    let store = store(ports, principal);
    let interview = load_visible(&store, principal, id).await?.value;
    let view = |status, prediction| Ok(PredictionView { status, prediction });
    if !is_granted(&store, id, ConsentKind::AiEvaluation, interview.interviewee_id).await? {
        return view(PredictionStatus::ConsentMissing, None);
    }
    if let Some(found) = store.find::<Prediction>(&keys::prediction(id)).await? {
        return view(PredictionStatus::Ready, Some(found.value));
    }
    if store.find::<ActiveModel>(keys::ACTIVE_MODEL).await?.is_none() {
        return view(PredictionStatus::NoModel, None);
    }
    view(PredictionStatus::NotYetAvailable, None)
}

// ---------------------------------------------------------------------------------------------
// For the training and prediction handlers.

/// An expert's score for one item of one interview, usable as a training label.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub interview_id: InterviewId,
    pub item_id: ItemId,
    pub score: f64,
    pub rater_id: UserId,
}

/// An interview's analysed recordings that passed the quality gate.
#[derive(Clone, Debug, PartialEq)]
pub struct AnalysedInterview {
    pub interview_id: InterviewId,
    pub recordings: Vec<(RecordingId, String)>,
}

/// Everything training needs from the store; the features themselves are objects.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainingInputs {
    pub items: Vec<EvaluationItem>,
    pub interviews: Vec<AnalysedInterview>,
    /// Only interviews whose interviewee granted `training_use`, and only the ratings of experts who
    /// granted it too.
    pub labels: Vec<Label>,
    /// The tenant trains on the interviewees' conversation features too (model settings).
    pub conversation_features: bool,
}

pub async fn training_inputs(ports: &Ports, tenant: &TenantSlug) -> CoreResult<TrainingInputs> {
    let store = TenantStore::new(ports.items.as_ref(), tenant);
    let items = store.list::<EvaluationItem>(keys::ITEM_PREFIX).await?;
    let (mut interviews, mut labels) = (Vec::new(), Vec::new());
    for interview in store.list::<Interview>(keys::INTERVIEW_PREFIX).await? {
        if !is_granted(&store, interview.id, ConsentKind::TrainingUse, interview.interviewee_id).await? {
            continue;
        }
        let analysed = analysed_recordings(&store, interview.id).await?;
        if analysed.recordings.is_empty() {
            continue;
        }
        for rating in store.list::<Rating>(&keys::ratings_of(interview.id)).await? {
            if !rating.is_training_label()
                || !is_granted(&store, interview.id, ConsentKind::TrainingUse, rating.rater_id).await?
            {
                continue;
            }
            labels.extend(rating.scores.iter().map(|s| Label {
                interview_id: interview.id,
                item_id: s.item_id,
                score: s.score,
                rater_id: rating.rater_id,
            }));
        }
        interviews.push(analysed);
    }
    let settings = super::model_settings::current(&store).await?;
    // A setting saved under a contract that has since lost the option trains without them.
    let contracted = super::contract::contracted(&store, ContractOption::ConversationAnalysis).await?;
    let conversation_features = settings.conversation_features && contracted;
    Ok(TrainingInputs { items, interviews, labels, conversation_features })
}

async fn analysed_recordings(store: &TenantStore<'_>, id: InterviewId) -> CoreResult<AnalysedInterview> {
    let recordings = store
        .list::<Recording>(&keys::recordings_of(id))
        .await?
        .into_iter()
        .filter(|r| r.status == RecordingStatus::Analysed)
        // An answer staff asked to be given again is not the answer any more (issue 14 item 3).
        .filter(|r| r.retake_request.is_none())
        .filter_map(|r| r.analysis.filter(|a| a.sufficient).map(|a| (r.id, a.features_key)))
        .collect();
    Ok(AnalysedInterview { interview_id: id, recordings })
}

/// Stores a trained version (numbered after the newest) and makes it active when the tenant has
/// none yet; later versions wait for an administrator. Returns the version and whether it is active.
pub async fn save_model(ports: &Ports, tenant: &TenantSlug, mut model: ModelVersion) -> CoreResult<(u32, bool)> {
    let store = TenantStore::new(ports.items.as_ref(), tenant);
    let newest = store.list::<ModelVersion>(keys::MODEL_PREFIX).await?.iter().map(|m| m.version).max();
    model.version = newest.unwrap_or(0) + 1;
    // Absent: two trainings racing for the same number cannot both win.
    store.create(&model).await?;
    let first = store.find::<ActiveModel>(keys::ACTIVE_MODEL).await?.is_none();
    if first {
        let pointer = ActiveModel {
            model_id: model.id,
            version: model.version,
            activated_at: model.created_at,
            activated_by: None,
        };
        // Another first model may have won the race; then this one simply stays inactive.
        if let Err(e) = store.create(&pointer).await {
            tracing::info!(error = %e, "another model became active first");
            return Ok((model.version, false));
        }
    }
    Ok((model.version, first))
}

/// What predicting an interview needs: the active model and the analysed recordings; `None` when
/// the interviewee has not granted `ai_evaluation` or there is no active model.
pub async fn prediction_inputs(
    ports: &Ports,
    tenant: &TenantSlug,
    interview_id: InterviewId,
) -> CoreResult<Option<(ModelVersion, AnalysedInterview)>> {
    let store = TenantStore::new(ports.items.as_ref(), tenant);
    let interview = store.get::<Interview>(&keys::interview(interview_id)).await?.value;
    if !is_granted(&store, interview_id, ConsentKind::AiEvaluation, interview.interviewee_id).await? {
        tracing::info!(%interview_id, "no ai_evaluation consent: not predicted");
        return Ok(None);
    }
    let Some(active) = store.find::<ActiveModel>(keys::ACTIVE_MODEL).await? else { return Ok(None) };
    let model = store.get::<ModelVersion>(&keys::model(active.value.model_id)).await?.value;
    Ok(Some((model, analysed_recordings(&store, interview_id).await?)))
}

pub async fn save_prediction(ports: &Ports, tenant: &TenantSlug, prediction: &Prediction) -> CoreResult<()> {
    TenantStore::new(ports.items.as_ref(), tenant).replace(prediction).await
}
