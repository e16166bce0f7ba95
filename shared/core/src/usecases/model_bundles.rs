//! The pre-trained model option: a model version exported as one JSON bundle (ONNX graph + model
//! card) and imported into another tenant, where it is marked as provided. The card keeps saying
//! what it was trained on (interviews, experts, data hash), so nobody mistakes it for a model of
//! the tenant's own ratings.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::models::{ModelView, save_model};
use super::store;
use crate::auth::Principal;
use crate::domain::model::{ModelVersion, ProvidedFrom, model_prefix};
use crate::domain::{ModelId, Role};
use crate::repo::keys;
use crate::{CoreError, CoreResult, Ports};

pub const BUNDLE_FORMAT: &str = "mendan-model-bundle/1";
/// Far above any model Mendan trains (a few KiB), far below what could hurt the API.
const MAX_ONNX_BYTES: usize = 1 << 20;

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ModelBundle {
    /// Always `mendan-model-bundle/1`.
    pub format: String,
    pub source_tenant: String,
    pub source_model_id: ModelId,
    pub source_version: u32,
    pub exported_at: DateTime<Utc>,
    /// The model card (`model.json`).
    #[schema(value_type = Object)]
    pub card: serde_json::Value,
    /// `model.onnx`, base64.
    pub onnx_base64: String,
}

/// Checks that an ONNX graph and its card load together and predict, and hands both back; the API
/// passes the model runtime's loader (run off the request threads), so the core needs none.
pub type ModelCheck<'a> = &'a (dyn Fn(Vec<u8>, serde_json::Value) -> CheckFuture + Sync);
pub type CheckFuture =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<(Vec<u8>, serde_json::Value), String>> + Send>>;

pub async fn export(ports: &Ports, principal: &Principal, id: ModelId) -> CoreResult<ModelBundle> {
    principal.require(&[Role::Admin], "export models")?;
    let model = store(ports, principal).get::<ModelVersion>(&keys::model(id)).await?.value;
    let onnx = ports.objects.get(&model.onnx_key).await?.ok_or(CoreError::NotFound { entity: "model file" })?;
    Ok(ModelBundle {
        format: BUNDLE_FORMAT.to_owned(),
        source_tenant: principal.tenant.to_string(),
        source_model_id: model.id,
        source_version: model.version,
        exported_at: ports.clock.now(),
        card: model.card,
        onnx_base64: STANDARD.encode(onnx),
    })
}

/// Stores `bundle` as a new, provided version of the caller's tenant. Like a trained version it
/// becomes active only when the tenant has no model yet.
pub async fn import(
    ports: &Ports,
    principal: &Principal,
    bundle: ModelBundle,
    check: ModelCheck<'_>,
) -> CoreResult<ModelView> {
    principal.require(&[Role::Admin], "import models")?;
    if bundle.format != BUNDLE_FORMAT {
        return Err(CoreError::invalid(
            "format",
            "Mendan が書き出したモデルファイルではありません。",
            format!("expected {BUNDLE_FORMAT}, got {:?}", bundle.format),
        ));
    }
    let onnx = STANDARD
        .decode(bundle.onnx_base64.as_bytes())
        .map_err(|e| CoreError::invalid("onnx_base64", "モデルファイルが壊れています。", e.to_string()))?;
    if onnx.len() > MAX_ONNX_BYTES {
        return Err(CoreError::TooLarge { size: onnx.len() as u64, limit: MAX_ONNX_BYTES as u64 });
    }
    let (onnx, mut card) = check(onnx, bundle.card).await.map_err(|reason| {
        CoreError::invalid("card", "モデルファイルを読み込めません（内容が正しくありません）。", reason)
    })?;

    let now = ports.clock.now();
    let provided = ProvidedFrom {
        tenant: bundle.source_tenant,
        model_id: bundle.source_model_id,
        version: bundle.source_version,
        imported_at: now,
        imported_by: principal.id(),
    };
    if let Some(fields) = card.as_object_mut() {
        // The card file itself says the model was provided, for whoever reads it without the store.
        fields.insert("provided".into(), serde_json::to_value(&provided).unwrap_or_default());
    }
    let id = ModelId(ports.ids.new_id());
    let prefix = model_prefix(&principal.tenant, id);
    let (onnx_key, card_key) = (format!("{prefix}model.onnx"), format!("{prefix}model.json"));
    ports.objects.put(&onnx_key, onnx, "application/octet-stream").await?;
    let card_bytes = serde_json::to_vec_pretty(&card).unwrap_or_default();
    ports.objects.put(&card_key, card_bytes, "application/json").await?;
    let mut model = ModelVersion {
        cv_key: None,
        id,
        version: 0,
        created_at: now,
        requested_by: Some(principal.id()),
        onnx_key,
        card_key,
        card,
        stats_keys: None,
        provided: Some(provided),
        erased_data_since: None,
    };
    let (version, active) = save_model(ports, &principal.tenant, model.clone()).await?;
    model.version = version;
    tracing::info!(model_id = %id, version, "model imported from a bundle");
    Ok(ModelView { model, active })
}
