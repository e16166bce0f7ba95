//! The training job (`mendan job train`: an AWS Batch job, or in process on the embedded backend):
//! TrainingRequested → the tenant's dataset from the store → a model (`mendan-ml`) →
//! `t/{tenant}/models/{model}/model.onnx` + `model.json` → a new model version (active when it is
//! the tenant's first) → ModelTrained. One request trains once; its outcome is kept under
//! [`done_key`], and the request item (`usecases::training`) moves running → trained | refused
//! (its code and counts), or failed when a retry may help.

use std::collections::BTreeSet;

use mendan_core::Ports;
use mendan_core::domain::model::{CV_RECORD, ModelVersion, StatsKeys, model_prefix};
use mendan_core::domain::training::{MIN_RATED_INTERVIEWS, Refusal, RefusalCode};
use mendan_core::domain::usage::Meter;
use mendan_core::domain::{ItemId, ModelId, TenantSlug};
use mendan_core::events::{DomainEvent, HandlerError, ModelTrained, TrainingRequested};
use mendan_core::repo::{TenantStore, keys};
use mendan_core::usecases::models::{self, TrainingInputs};
use mendan_core::usecases::training::{self, Step};
use mendan_core::usecases::usage;
use mendan_ml::train::MIN_INTERVIEWS;
use mendan_ml::{Dataset, ItemSpec, MlError, Rating, TrainOptions, stats, train};

use crate::cv_table::cv_table;
use crate::interview_features::of_interview;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Fixed, so a retrained model on the same data is the same model.
const SEED: u64 = 1;

/// Where a request's outcome is kept: `{"status": "trained", ...}` or `{"status": "refused", "reason": ...}`.
pub fn done_key(event: &TrainingRequested) -> String {
    keys::processed("training", &event.request_id.to_string())
}

pub async fn handle(ports: &Ports, event: &TrainingRequested) -> Result<(), HandlerError> {
    let result = run(ports, event).await;
    if let Err(HandlerError::Retryable(_)) = &result {
        training::note_failure(ports, event).await;
    }
    result
}

async fn run(ports: &Ports, event: &TrainingRequested) -> Result<(), HandlerError> {
    let store = TenantStore::new(ports.items.as_ref(), &event.tenant);
    let done = done_key(event);
    if store.raw_get(&done).await?.is_some() {
        return Ok(());
    }
    training::advance(ports, event, Step::Running).await?;
    let inputs = models::training_inputs(ports, &event.tenant).await?;
    if let Err(refusal) = trainable_items(&inputs) {
        return refuse(ports, event, refusal).await;
    }
    let outcome = match dataset(ports, &event.tenant, inputs).await? {
        Ok(dataset) => train_and_store(ports, event, dataset).await?,
        Err(refusal) => Err(refusal),
    };
    match outcome {
        Ok(trained) => {
            let record =
                serde_json::json!({ "status": "trained", "model_id": trained.model_id, "version": trained.version });
            let step = Step::Trained { model_id: trained.model_id, version: trained.version };
            let mut writes = vec![store.raw_create_write(done, record)];
            writes.extend(training::step_write(ports, event, step).await?);
            store.commit(writes).await?;
            Ok(ports.events.publish(trained.to_event()).await?)
        }
        Err(refusal) => refuse(ports, event, refusal).await,
    }
}

/// Keeps the refusal with the request (its code and counts) and fails for good: the data is what it is.
pub async fn refuse(ports: &Ports, event: &TrainingRequested, refusal: Refusal) -> Result<(), HandlerError> {
    let store = TenantStore::new(ports.items.as_ref(), &event.tenant);
    let reason = refusal.reason();
    let record = serde_json::json!({ "status": "refused", "reason": reason, "refusal": refusal });
    let mut writes = vec![store.raw_create_write(done_key(event), record)];
    writes.extend(training::step_write(ports, event, Step::Refused(refusal)).await?);
    store.commit(writes).await?;
    tracing::info!(request_id = %event.request_id, %reason, "training refused");
    Err(HandlerError::Permanent(reason))
}

// The page's readiness and the learner count rated interviews by the same number.
const _: () = assert!(MIN_RATED_INTERVIEWS == MIN_INTERVIEWS);

/// The items the rule of [`training::readiness_of`] finds learnable, as the learner takes them;
/// the refusal when there is none. Needs no features, so the training function can check it
/// before a job.
pub fn trainable_items(inputs: &TrainingInputs) -> Result<Vec<ItemSpec>, Refusal> {
    let readiness = training::readiness_of(inputs);
    if let Some(refusal) = readiness.refusal {
        return Err(refusal);
    }
    let ready: BTreeSet<ItemId> = readiness.items.iter().filter(|i| i.ready).map(|i| i.item_id).collect();
    Ok(inputs
        .items
        .iter()
        .filter(|item| ready.contains(&item.id))
        .map(|item| ItemSpec {
            id: item.id.to_string(),
            name: item.name.clone(),
            min: f64::from(item.scale.min),
            max: f64::from(item.scale.max),
        })
        .collect())
}

/// The dataset of every analysed interview whose features can be read, with the items the rule
/// finds learnable on those interviews; the refusal when nothing can be trained.
async fn dataset(
    ports: &Ports,
    tenant: &TenantSlug,
    mut inputs: TrainingInputs,
) -> Result<Result<Dataset, Refusal>, HandlerError> {
    let mut recordings = Vec::new();
    for interview in &inputs.interviews {
        let keys: Vec<String> = interview.recordings.iter().map(|(_, key)| key.clone()).collect();
        let with_conversation = inputs.conversation_features;
        if let Some(features) = of_interview(ports, tenant, interview.interview_id, &keys, with_conversation).await? {
            recordings.push((interview.interview_id.to_string(), features));
        }
    }
    // An interview without features cannot count: the rule again, on what is left.
    let with_features: BTreeSet<String> = recordings.iter().map(|(id, _)| id.clone()).collect();
    inputs.interviews.retain(|i| with_features.contains(&i.interview_id.to_string()));
    inputs.labels.retain(|l| with_features.contains(&l.interview_id.to_string()));
    let items = match trainable_items(&inputs) {
        Ok(items) => items,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let wanted: BTreeSet<&str> = items.iter().map(|i| i.id.as_str()).collect();
    let ratings = inputs
        .labels
        .iter()
        .filter(|l| wanted.contains(l.item_id.to_string().as_str()))
        .map(|l| Rating {
            recording: l.interview_id.to_string(),
            item: l.item_id.to_string(),
            score: l.score,
            rater: Some(l.rater_id.to_string()),
        })
        .collect();
    Ok(Dataset::new(recordings, ratings, items).map_err(|e| unusable(&e)))
}

/// The learner's own refusals as codes; the details go to the log only.
fn unusable(error: &MlError) -> Refusal {
    tracing::warn!(error = %error, "the training data cannot be used");
    Refusal::new(match error {
        MlError::TooLittleData(_) => RefusalCode::NoUsableFeatures,
        _ => RefusalCode::TrainingDataUnusable,
    })
}

/// Trains and stores the artifact and the version. A refusal by the learner is `Ok(Err(reason))`;
/// storage trouble is a retryable `Err`.
/// `stats.json` and `stats.xlsx` beside the model; `None` (and a log line) if the workbook cannot
/// be built, which must not cost the tenant its model.
async fn store_statistics(
    ports: &Ports,
    prefix: &str,
    statistics: &stats::StatsReport,
) -> Result<Option<StatsKeys>, HandlerError> {
    let workbook = match stats::workbook::workbook_bytes(statistics) {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::warn!(error = %e, "statistics workbook not built");
            return Ok(None);
        }
    };
    let keys = StatsKeys { json: format!("{prefix}stats.json"), workbook: format!("{prefix}stats.xlsx") };
    let json = serde_json::to_vec(statistics).unwrap_or_default();
    ports.objects.put(&keys.json, json, "application/json").await?;
    ports.objects.put(&keys.workbook, workbook, XLSX).await?;
    Ok(Some(keys))
}

pub(crate) async fn train_and_store(
    ports: &Ports,
    event: &TrainingRequested,
    dataset: Dataset,
) -> Result<Result<ModelTrained, Refusal>, HandlerError> {
    let now = ports.clock.now();
    let options = TrainOptions { seed: SEED, created_at: now.to_rfc3339() };
    let started = std::time::Instant::now();
    // The statistics option comes with every model: the same data, a few milliseconds more.
    let (trained, statistics) = tokio::task::spawn_blocking(move || {
        let trained = train(&dataset, &options).map(|model| {
            let table = cv_table(&dataset, &model);
            (model, table)
        });
        (trained, stats::analyse(&dataset))
    })
    .await
    .map_err(|e| HandlerError::Retryable(format!("training stopped: {e}")))?;
    let (trained, table) = match trained {
        Ok(trained) => trained,
        Err(error) => return Ok(Err(unusable(&error))),
    };
    tracing::info!(seconds = started.elapsed().as_secs_f64(), "model trained");
    let model_id = ModelId(ports.ids.new_id());
    let prefix = model_prefix(&event.tenant, model_id);
    let (onnx_key, card_key) = (format!("{prefix}model.onnx"), format!("{prefix}model.json"));
    let card = serde_json::to_value(&trained.card).unwrap_or_default();
    ports.objects.put(&onnx_key, trained.onnx, "application/octet-stream").await?;
    ports.objects.put(&card_key, serde_json::to_vec_pretty(&card).unwrap_or_default(), "application/json").await?;
    let stats_keys = store_statistics(ports, &prefix, &statistics).await?;
    // What the ethics analysis reads: features and cross-validated scores by interview, never an attribute.
    // In a folder of its own, so an erasure can remove every version of it (see usecases::erasure).
    let cv_key = format!("{prefix}{CV_RECORD}");
    ports.objects.put(&cv_key, serde_json::to_vec(&table).unwrap_or_default(), "application/json").await?;
    let model = ModelVersion {
        id: model_id,
        version: 0,
        created_at: now,
        requested_by: event.requested_by,
        onnx_key,
        card_key,
        card,
        stats_keys,
        cv_key: Some(cv_key),
        provided: None,
        erased_data_since: None,
    };
    let (version, activated) = models::save_model(ports, &event.tenant, model).await?;
    let what = format!("trained:{}", event.request_id);
    usage::count(ports, &event.tenant, &what, Meter::Trainings, 1).await?;
    Ok(Ok(ModelTrained { tenant: event.tenant.clone(), model_id, version, activated }))
}
