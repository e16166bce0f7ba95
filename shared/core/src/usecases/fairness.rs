//! The AI-ethics analyses (issue 19) for admins: the experts' ratings by group (the training labels), a trained
//! model's training data and cross-validated scores, and the predictions of a month; the tenant's pass scores and
//! alert limits. Attributes are read here only, never by training or prediction.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use super::store;
use crate::auth::Principal;
use crate::domain::fairness::documents::{AuditInputs, DocumentTitle, FeatureLabel, Lang, audit_zip, workbook_bytes};
use crate::domain::fairness::{
    CvTable, ExpertScore, FairnessInput, FairnessReport, FairnessSettings, GroupComparison, ItemInput, ItemMeta,
    MIN_GROUP, MonthlyFairness, Scored, Subject, analyse, compare_groups, in_month, model_input,
};
use crate::domain::interview::Interview;
use crate::domain::item::EvaluationItem;
use crate::domain::model::{ActiveModel, ModelVersion, Prediction};
use crate::domain::rating::Rating;
use crate::domain::tenant::ContractOption;
use crate::domain::user::User;
use crate::domain::{ModelId, Role, UserId};
use crate::repo::TenantStore;
use crate::repo::keys::{self, StoredAttributes};
use crate::usecases::contract;
use crate::{CoreError, CoreResult, Ports};

#[derive(Debug, Serialize, ToSchema)]
pub struct ItemFairness {
    pub item_id: String,
    pub item_name: String,
    /// `gender` or `age_band`.
    pub attribute: &'static str,
    #[serde(flatten)]
    pub figures: GroupComparison,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RatingFairness {
    /// Expert ratings read (their scores are what a model learns from).
    pub ratings: usize,
    pub items: Vec<ItemFairness>,
    pub min_group: usize,
}

/// A model's ethics analysis.
#[derive(Debug, Serialize, ToSchema)]
pub struct ModelFairness {
    pub model_id: ModelId,
    pub version: u32,
    pub report: FairnessReport,
}

/// A month's predictions, analysed now.
#[derive(Debug, Serialize, ToSchema)]
pub struct PredictionFairness {
    pub month: String,
    pub report: FairnessReport,
}

/// The months analysed by the monthly run, newest first, without their whole reports.
#[derive(Debug, Serialize, ToSchema)]
pub struct FairnessMonths {
    pub months: Vec<MonthlyFairness>,
}

/// Expert scores by the interviewee's gender and age band, per item (admins, with the ethics option).
pub async fn ratings_by_group(ports: &Ports, principal: &Principal) -> CoreResult<RatingFairness> {
    principal.require(&[Role::Admin], "read the ethics analysis")?;
    let store = store(ports, principal);
    let groups = groups_by_interview(&store).await?;
    let ratings: Vec<Rating> = training_labels(&store).await?;
    let mut items = Vec::new();
    for item in store.list::<EvaluationItem>(keys::ITEM_PREFIX).await? {
        for attribute in crate::domain::fairness::ATTRIBUTES {
            let mut by_group: BTreeMap<String, Vec<f64>> = BTreeMap::new();
            for rating in &ratings {
                let Some(score) = rating.scores.iter().find(|s| s.item_id == item.id) else { continue };
                let group = groups.get(&rating.interview_id.to_string()).and_then(|g| g.get(attribute)).cloned();
                by_group.entry(group.unwrap_or_else(|| "not_recorded".into())).or_default().push(score.score);
            }
            items.push(ItemFairness {
                item_id: item.id.to_string(),
                item_name: item.name.clone(),
                attribute,
                figures: compare_groups(&by_group),
            });
        }
    }
    Ok(RatingFairness { ratings: ratings.len(), items, min_group: MIN_GROUP })
}

/// The analysis of a model's training data and cross-validated scores: `model_id`, else the active model.
pub async fn model_report(
    ports: &Ports,
    principal: &Principal,
    model_id: Option<ModelId>,
) -> CoreResult<ModelFairness> {
    principal.require(&[Role::Admin], "read the ethics analysis")?;
    let store = store(ports, principal);
    let id = match model_id {
        Some(id) => id,
        None => match store.find::<ActiveModel>(keys::ACTIVE_MODEL).await? {
            Some(active) => active.value.model_id,
            None => return Err(CoreError::NotSetUp { what: "models" }),
        },
    };
    let model = store.get::<ModelVersion>(&keys::model(id)).await?.value;
    let Some(cv_key) = model.cv_key.as_deref() else {
        return Err(CoreError::invalid(
            "model_id",
            "このモデルには分析に使う学習時の記録がありません（以前の版か、取り込んだモデルです）。もう一度学習すると分析できます。",
            "This model keeps no training record to analyse (an older version, or an imported model). Train again to analyse it.",
        ));
    };
    let bytes = ports.objects.get(cv_key).await?.ok_or(CoreError::NotFound { entity: "model" })?;
    let table: CvTable = serde_json::from_slice(&bytes)
        .map_err(|e| CoreError::Backend(format!("the model's training record cannot be read: {e}")))?;
    let settings = settings_of(&store).await?;
    let names = expert_names(&store).await?;
    let experts: Vec<ExpertScore> = training_labels(&store)
        .await?
        .into_iter()
        .flat_map(|r| {
            let expert = names.get(&r.rater_id).cloned().unwrap_or_else(|| r.rater_id.to_string());
            r.scores.into_iter().map(move |s| ExpertScore {
                recording: r.interview_id.to_string(),
                item: s.item_id.to_string(),
                expert: expert.clone(),
                score: s.score,
            })
        })
        .collect();
    let items = item_meta(&store, &settings).await?;
    let input = model_input(&table, &experts, &groups_by_interview(&store).await?, &items);
    let report = analyse_off_thread(input, settings).await?;
    Ok(ModelFairness { model_id: model.id, version: model.version, report })
}

/// The analysis of the interviews predicted in `month` (`YYYY-MM`, Japan time), now.
pub async fn predictions_report(ports: &Ports, principal: &Principal, month: &str) -> CoreResult<PredictionFairness> {
    principal.require(&[Role::Admin], "read the ethics analysis")?;
    let month = checked_month(month)?;
    let report = month_report(&store(ports, principal), &month).await?;
    Ok(PredictionFairness { month, report })
}

/// The months the monthly run analysed, newest first (the trend), each without its whole report.
pub async fn months(ports: &Ports, principal: &Principal) -> CoreResult<FairnessMonths> {
    principal.require(&[Role::Admin], "read the ethics analysis")?;
    let mut months = store(ports, principal).list::<MonthlyFairness>(keys::FAIRNESS_MONTH_PREFIX).await?;
    months.sort_by(|a, b| b.month.cmp(&a.month));
    for month in &mut months {
        month.report = serde_json::Value::Null;
    }
    Ok(FairnessMonths { months })
}

/// One month's analysis as the monthly run stores it (whole report).
pub async fn stored_month(ports: &Ports, principal: &Principal, month: &str) -> CoreResult<MonthlyFairness> {
    principal.require(&[Role::Admin], "read the ethics analysis")?;
    let month = checked_month(month)?;
    Ok(store(ports, principal).get::<MonthlyFairness>(&keys::fairness_month(&month)).await?.value)
}

pub async fn settings(ports: &Ports, principal: &Principal) -> CoreResult<FairnessSettings> {
    principal.require(&[Role::Admin], "read the ethics settings")?;
    let store = store(ports, principal);
    require_an_ethics_option(&store).await?;
    settings_of(&store).await
}

/// Replaces the pass scores and limits; each pass score lies on its item's scale.
pub async fn save_settings(
    ports: &Ports,
    principal: &Principal,
    settings: FairnessSettings,
) -> CoreResult<FairnessSettings> {
    principal.require(&[Role::Admin], "change the ethics settings")?;
    let store = store(ports, principal);
    require_an_ethics_option(&store).await?;
    settings.validate()?;
    let items = store.list::<EvaluationItem>(keys::ITEM_PREFIX).await?;
    for (id, score) in &settings.pass_scores {
        let Some(item) = items.iter().find(|i| i.id.to_string() == *id) else {
            return Err(CoreError::invalid(
                "pass_scores",
                "合格点に評価項目でないものがあります。",
                "A pass score names no evaluation item.",
            ));
        };
        if *score < f64::from(item.scale.min) || *score > f64::from(item.scale.max) {
            return Err(CoreError::invalid(
                "pass_scores",
                "合格点は評価項目の尺度の範囲で入力してください。",
                "A pass score must lie on its item's scale.",
            ));
        }
    }
    store.replace(&settings).await?;
    Ok(settings)
}

/// Either ethics option will do: the settings serve both analyses.
async fn require_an_ethics_option(store: &TenantStore<'_>) -> CoreResult<()> {
    if contract::contracted(store, ContractOption::EthicsModel).await? {
        return Ok(());
    }
    contract::require_option(store, ContractOption::EthicsPredictions).await
}

/// The month's predictions analysed (by the page now, by the monthly run once).
pub(crate) async fn month_report(store: &TenantStore<'_>, month: &str) -> CoreResult<FairnessReport> {
    let settings = settings_of(store).await?;
    let predictions: Vec<Prediction> =
        store.list::<Prediction>("PREDICTION#").await?.into_iter().filter(|p| in_month(p.created_at, month)).collect();
    let groups = groups_by_interview(store).await?;
    let labels = training_labels(store).await?;
    let subjects: Vec<Subject> = predictions
        .iter()
        .map(|p| Subject {
            groups: groups.get(&p.interview_id.to_string()).cloned().unwrap_or_default(),
            features: vec![],
        })
        .collect();
    let items = item_meta(store, &settings)
        .await?
        .into_iter()
        .map(|meta| {
            let scores = predictions
                .iter()
                .enumerate()
                .filter_map(|(subject, p)| {
                    let predicted = predicted_score(&p.result, &meta.id)?;
                    let experts: Vec<(String, f64)> = labels
                        .iter()
                        .filter(|r| r.interview_id == p.interview_id)
                        .filter_map(|r| {
                            Some((
                                r.rater_id.to_string(),
                                r.scores.iter().find(|s| s.item_id.to_string() == meta.id)?.score,
                            ))
                        })
                        .collect();
                    let label =
                        (!experts.is_empty()).then(|| experts.iter().map(|e| e.1).sum::<f64>() / experts.len() as f64);
                    // Each expert's own figures belong to the training analysis; here only their mean counts.
                    Some(Scored { subject, label, experts: vec![], predicted: Some(predicted) })
                })
                .collect();
            ItemInput { id: meta.id, name: meta.name, pass_score: meta.pass_score, scores }
        })
        .collect();
    analyse_off_thread(FairnessInput { feature_names: vec![], subjects, items }, settings).await
}

fn predicted_score(result: &serde_json::Value, item: &str) -> Option<f64> {
    result["items"].as_array()?.iter().find(|i| i["item"] == item)?["score"].as_f64()
}

/// The bootstrap and the proxies' regressions take some milliseconds per item: off the async threads.
async fn analyse_off_thread(input: FairnessInput, settings: FairnessSettings) -> CoreResult<FairnessReport> {
    tokio::task::spawn_blocking(move || analyse(&input, settings.limits))
        .await
        .map_err(|e| CoreError::Backend(format!("the analysis stopped: {e}")))
}

pub(crate) fn checked_month(month: &str) -> CoreResult<String> {
    crate::domain::usage::checked_month(month).map(|(y, m)| format!("{y:04}-{m:02}"))
}

pub(crate) async fn settings_of(store: &TenantStore<'_>) -> CoreResult<FairnessSettings> {
    Ok(store.find::<FairnessSettings>(keys::FAIRNESS_SETTINGS).await?.map(|s| s.value).unwrap_or_default())
}

async fn training_labels(store: &TenantStore<'_>) -> CoreResult<Vec<Rating>> {
    Ok(store.list::<Rating>(keys::RATING_PREFIX).await?.into_iter().filter(Rating::is_training_label).collect())
}

/// interview id → attribute → group, from the interviewee's stored attributes.
async fn groups_by_interview(store: &TenantStore<'_>) -> CoreResult<BTreeMap<String, BTreeMap<String, String>>> {
    let attributes: BTreeMap<UserId, StoredAttributes> =
        store.list::<StoredAttributes>("USERATTR#").await?.into_iter().map(|a| (a.user_id, a)).collect();
    Ok(store
        .list::<Interview>(keys::INTERVIEW_PREFIX)
        .await?
        .into_iter()
        .map(|interview| {
            let stored = attributes.get(&interview.interviewee_id).map(|a| &a.attributes);
            let mut groups = BTreeMap::new();
            if let Some(g) = stored.and_then(|a| a.gender.clone()) {
                groups.insert("gender".to_owned(), g);
            }
            if let Some(a) = stored.and_then(|a| a.age_band.clone()) {
                groups.insert("age_band".to_owned(), a);
            }
            (interview.id.to_string(), groups)
        })
        .collect())
}

/// Experts by their display name, so an admin reads who rates a group differently.
async fn expert_names(store: &TenantStore<'_>) -> CoreResult<BTreeMap<UserId, String>> {
    Ok(store
        .list::<User>(keys::USER_PREFIX)
        .await?
        .into_iter()
        .filter(|u| u.role == Role::Expert)
        .map(|u| (u.id, u.display_name))
        .collect())
}

async fn item_meta(store: &TenantStore<'_>, settings: &FairnessSettings) -> CoreResult<Vec<ItemMeta>> {
    Ok(store
        .list::<EvaluationItem>(keys::ITEM_PREFIX)
        .await?
        .into_iter()
        .map(|item| ItemMeta {
            id: item.id.to_string(),
            pass_score: settings.pass_scores.get(&item.id.to_string()).copied(),
            name: item.name,
        })
        .collect())
}

/// A document of the ethics analysis: a workbook in one language, or the auditor's zip.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Document {
    Workbook(Lang),
    Audit,
}

/// A document's bytes with its file name and content type.
pub struct DocumentFile {
    pub bytes: Vec<u8>,
    pub file_name: String,
    pub content_type: &'static str,
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A model's analysis as a workbook or the auditor's zip (with the model card).
pub async fn model_document(
    ports: &Ports,
    principal: &Principal,
    model_id: Option<ModelId>,
    document: Document,
    feature_label: FeatureLabel<'_>,
) -> CoreResult<DocumentFile> {
    let analysed = model_report(ports, principal, model_id).await?;
    let model = store(ports, principal).get::<ModelVersion>(&keys::model(analysed.model_id)).await?.value;
    let title = DocumentTitle {
        ja: format!("AI モデル 第 {} 版（{} 学習）", model.version, japan_date(model.created_at)),
        en: format!("AI model version {} (trained {})", model.version, japan_date(model.created_at)),
        made_at: moment_of(ports),
    };
    let name = format!("ethics-model-v{}", model.version);
    document_file(&analysed.report, &title, Some(&model.card), document, feature_label, &name)
}

/// A month's stored analysis of its predictions as a workbook or the auditor's zip.
pub async fn month_document(
    ports: &Ports,
    principal: &Principal,
    month: &str,
    document: Document,
    feature_label: FeatureLabel<'_>,
) -> CoreResult<DocumentFile> {
    let stored = stored_month(ports, principal, month).await?;
    let report: FairnessReport = serde_json::from_value(stored.report)
        .map_err(|e| CoreError::Backend(format!("the month's report cannot be read: {e}")))?;
    let title = DocumentTitle {
        ja: format!("{} の予測", stored.month),
        en: format!("Predictions of {}", stored.month),
        made_at: moment_of(ports),
    };
    let name = format!("ethics-predictions-{}", stored.month);
    document_file(&report, &title, None, document, feature_label, &name)
}

fn document_file(
    report: &FairnessReport,
    title: &DocumentTitle,
    card: Option<&serde_json::Value>,
    document: Document,
    feature_label: FeatureLabel<'_>,
    name: &str,
) -> CoreResult<DocumentFile> {
    let failed = |e: String| CoreError::Backend(format!("the document cannot be made: {e}"));
    Ok(match document {
        Document::Workbook(lang) => DocumentFile {
            bytes: workbook_bytes(report, title, lang, feature_label).map_err(|e| failed(e.to_string()))?,
            file_name: format!("{name}-{}.xlsx", if lang == Lang::Ja { "ja" } else { "en" }),
            content_type: XLSX,
        },
        Document::Audit => DocumentFile {
            bytes: audit_zip(&AuditInputs { report, title, card, feature_label }).map_err(failed)?,
            file_name: format!("{name}-audit.zip"),
            content_type: "application/zip",
        },
    })
}

fn japan_date(at: chrono::DateTime<chrono::Utc>) -> String {
    crate::domain::japan_time::japan_date(at).to_string()
}

fn moment_of(ports: &Ports) -> String {
    crate::domain::japan_time::moment_ja(ports.clock.now())
}
