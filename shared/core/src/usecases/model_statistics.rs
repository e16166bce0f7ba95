//! The statistics option (面談動画分析) through the API: what the training job computed on a
//! model's training data, and a short-lived download link for its Excel workbook.

use chrono::{DateTime, Utc};
use serde::Serialize;
use std::time::Duration;
use utoipa::ToSchema;

use super::store;
use crate::auth::Principal;
use crate::domain::model::ModelVersion;
use crate::domain::{ModelId, Role};
use crate::repo::keys;
use crate::{CoreError, CoreResult, Ports};

/// Long enough to click, short enough that a forwarded link soon stops working.
const WORKBOOK_LINK_TTL: Duration = Duration::from_secs(15 * 60);

#[derive(Debug, Serialize, ToSchema)]
pub struct StatisticsView {
    pub model_id: ModelId,
    /// `{interviews, items, relations: [{item, feature, n, pearson, spearman, extremes}], dataset_hash}`.
    #[schema(value_type = Object)]
    pub statistics: serde_json::Value,
    /// The Excel workbook (`stats.xlsx`) for download.
    pub workbook_url: String,
    pub workbook_url_expires_at: DateTime<Utc>,
}

pub async fn get(ports: &Ports, principal: &Principal, id: ModelId) -> CoreResult<StatisticsView> {
    principal.require(&[Role::Admin], "read model statistics")?;
    let model = store(ports, principal).get::<ModelVersion>(&keys::model(id)).await?.value;
    let missing = || CoreError::NotFound { entity: "statistics of this model" };
    let stats_keys = model.stats_keys.ok_or_else(missing)?;
    let bytes = ports.objects.get(&stats_keys.json).await?.ok_or_else(missing)?;
    let statistics = serde_json::from_slice(&bytes).map_err(|e| CoreError::Backend(format!("stats.json: {e}")))?;
    let link = ports.objects.presign_get(&stats_keys.workbook, WORKBOOK_LINK_TTL).await?;
    Ok(StatisticsView { model_id: id, statistics, workbook_url: link.url, workbook_url_expires_at: link.expires_at })
}
