//! Personal feedback (個別フィードバック): Mendan drafts it from what the interviewee said (content
//! criteria, judged against their answers with the evidence quoted) and from the reference
//! prediction (strengths and points to work on, numbers only if the tenant allows); the
//! interviewer edits and approves it; only then does the interviewee see it.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::interviews::load_visible;
use super::summaries::load_transcript;
use super::{store, wording};
use crate::auth::Principal;
use crate::domain::feedback::{Coverage, CriterionResult, FeedbackLanguage, FeedbackState, InterviewFeedback};
use crate::domain::item::{EvaluationItem, ItemKind};
use crate::domain::model::Prediction;
use crate::domain::summary::InterviewSummary;
use crate::domain::{InterviewId, Role};
use crate::events::{DomainEvent, FeedbackPublished};
use crate::repo::{TenantStore, keys};
use crate::{CoreError, CoreResult, Ports};
use mendan_text::feedback::{self as text, Criterion, ScoredItem, feedback};

const WRITERS: &[Role] = &[Role::Admin, Role::Interviewer];
const MAX_PARAGRAPHS: usize = 30;
const MAX_PARAGRAPH_CHARS: usize = 2000;

/// The paragraphs as the interviewer edited them (send the draft's unchanged to approve it as is).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApproveFeedback {
    /// Required in the interviewee's language (`language` of the draft); the other may be empty.
    #[serde(default)]
    pub ja: Vec<String>,
    #[serde(default)]
    pub en: Vec<String>,
}

/// The feedback, or that there is none yet. Not having one is a state, not an error (404 is kept for an interview
/// that does not exist or is not the caller's to see): `{"state": "none"}`, or the feedback with its own
/// `state` (`draft` or `approved`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum FeedbackView {
    None(NoFeedback),
    Feedback(InterviewFeedback),
}

/// No feedback yet: none drafted, or, for the interviewee, none approved yet.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoFeedback {
    pub state: NoFeedbackState,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoFeedbackState {
    None,
}

impl FeedbackView {
    fn none() -> Self {
        FeedbackView::None(NoFeedback { state: NoFeedbackState::None })
    }
}

/// The interview's feedback: drafts for admins and its interviewer; the interviewee sees it only
/// once approved (before that there is none for them).
pub async fn get(ports: &Ports, principal: &Principal, interview_id: InterviewId) -> CoreResult<FeedbackView> {
    principal.require(&[Role::Admin, Role::Interviewer, Role::Interviewee], "read feedback")?;
    let store = store(ports, principal);
    load_visible(&store, principal, interview_id).await?;
    let Some(found) = store.find::<InterviewFeedback>(&keys::feedback(interview_id)).await? else {
        return Ok(FeedbackView::none());
    };
    if principal.is(Role::Interviewee) && found.value.state != FeedbackState::Approved {
        return Ok(FeedbackView::none());
    }
    Ok(FeedbackView::Feedback(found.value))
}

/// Drafts (again) from the stored transcript and the prediction, if any. Approved feedback is
/// not replaced: the interviewee may have read it.
pub async fn generate(
    ports: &Ports,
    principal: &Principal,
    interview_id: InterviewId,
) -> CoreResult<InterviewFeedback> {
    principal.require(WRITERS, "draft feedback")?;
    let store = store(ports, principal);
    load_visible(&store, principal, interview_id).await?;
    let existing = store.find::<InterviewFeedback>(&keys::feedback(interview_id)).await?;
    if existing.as_ref().is_some_and(|f| f.value.state == FeedbackState::Approved) {
        return Err(CoreError::Conflict("this feedback is approved already; the interviewee may have read it".into()));
    }
    let summary = store.find::<InterviewSummary>(&keys::summary(interview_id)).await?.ok_or_else(|| {
        CoreError::invalid(
            "transcript",
            "先に面談の文字起こしを登録してください。フィードバックは回答の内容から作ります。",
            "Upload the interview's transcript first: feedback is made from the answers.",
        )
    })?;
    let utterances = load_transcript(ports, &principal.tenant, interview_id).await?;
    let speaker = summary.value.interviewee_speaker.as_str();
    let answers: Vec<&str> =
        utterances.iter().filter(|u| u.speaker.as_deref() == Some(speaker)).map(|u| u.text.as_str()).collect();

    let items = store.list::<EvaluationItem>(keys::ITEM_PREFIX).await?;
    let criteria: Vec<Criterion> = items
        .iter()
        .filter(|i| i.kind == ItemKind::Content)
        .map(|i| Criterion { name: i.name.clone(), description: i.description.clone(), examples: i.examples.clone() })
        .collect();
    let scored = scored_items(&store, interview_id, &items).await?;
    let settings = super::model_settings::current(&store).await?;
    let (text, shows_scores) = (answers.join("\n"), settings.feedback_shows_scores);
    // Every answer sentence against every content criterion: CPU work, off the request threads.
    let words = ports.words.clone();
    let made = super::text_work::run(move || {
        let words = words.as_deref().and_then(mendan_text::morphology::LazyMorphology::get);
        feedback(&scored, &criteria, &text, shows_scores, words)
    })
    .await?;
    let (ja, en, written_by) = wording::feedback(ports, &settings, made.ja, made.en).await;

    let draft = InterviewFeedback {
        interview_id,
        state: FeedbackState::Draft,
        ja,
        en,
        language: match made.language {
            text::Language::Ja => FeedbackLanguage::Ja,
            text::Language::En => FeedbackLanguage::En,
        },
        written_by,
        criteria: made
            .criteria
            .into_iter()
            .map(|c| {
                let coverage = match c.coverage {
                    text::Coverage::Found => Coverage::Found,
                    text::Coverage::Partly => Coverage::Partly,
                    text::Coverage::NotFound => Coverage::NotFound,
                };
                CriterionResult::new(c.name, coverage, c.evidence, c.matched, c.similarity)
            })
            .collect(),
        generated_at: ports.clock.now(),
        approved_by: None,
        approved_at: None,
    };
    match existing {
        Some(previous) => store.update(&draft, previous.version).await?,
        None => store.create(&draft).await?,
    }
    Ok(draft)
}

/// The reference prediction's scores by item name, on each item's scale; none without a prediction.
async fn scored_items(
    store: &TenantStore<'_>,
    interview_id: InterviewId,
    items: &[EvaluationItem],
) -> CoreResult<Vec<ScoredItem>> {
    let Some(prediction) = store.find::<Prediction>(&keys::prediction(interview_id)).await? else {
        return Ok(Vec::new());
    };
    let predicted = prediction.value.result["items"].as_array().cloned().unwrap_or_default();
    Ok(predicted
        .iter()
        .filter_map(|p| {
            let item = items.iter().find(|i| Some(i.id.to_string().as_str()) == p["item"].as_str())?;
            Some(ScoredItem {
                name: item.name.clone(),
                score: p["score"].as_f64()?,
                min: f64::from(item.scale.min),
                max: f64::from(item.scale.max),
            })
        })
        .collect())
}

/// Approves the feedback as edited; from now on the interviewee can read it.
pub async fn approve(
    ports: &Ports,
    principal: &Principal,
    interview_id: InterviewId,
    input: ApproveFeedback,
) -> CoreResult<InterviewFeedback> {
    principal.require(WRITERS, "approve feedback")?;
    let store = store(ports, principal);
    load_visible(&store, principal, interview_id).await?;
    let current = store.get::<InterviewFeedback>(&keys::feedback(interview_id)).await?;
    if current.value.state == FeedbackState::Approved {
        return Err(CoreError::Conflict("this feedback is approved already".into()));
    }
    // The interviewee's language must be written; the other is optional (they may not read it).
    let language = current.value.language;
    let approved = InterviewFeedback {
        ja: paragraphs("ja", input.ja, language == FeedbackLanguage::Ja)?,
        en: paragraphs("en", input.en, language == FeedbackLanguage::En)?,
        state: FeedbackState::Approved,
        approved_by: Some(principal.id()),
        approved_at: Some(ports.clock.now()),
        ..current.value
    };
    store.update(&approved, current.version).await?;
    // The candidate is mailed where to read it; the approval stands even if that notice is lost.
    let published = FeedbackPublished { tenant: principal.tenant.clone(), interview_id };
    if let Err(error) = ports.events.publish(published.to_event()).await {
        tracing::warn!(%interview_id, %error, "the feedback notice could not be requested");
    }
    Ok(approved)
}

fn paragraphs(field: &str, input: Vec<String>, required: bool) -> CoreResult<Vec<String>> {
    let kept: Vec<String> = input.iter().map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect();
    if kept.is_empty() && required {
        let (ja, en) = if field == "ja" { ("日本語", "Japanese") } else { ("英語", "English") };
        return Err(CoreError::invalid(
            field,
            format!("被面談者は{ja}で回答しています。{ja}の本文を 1 段落以上書いてください。"),
            format!("The interviewee answered in {en}: write at least one paragraph in {en}."),
        ));
    }
    if kept.len() > MAX_PARAGRAPHS {
        return Err(CoreError::invalid(
            field,
            format!("段落は {MAX_PARAGRAPHS} 個以内にしてください。"),
            format!("At most {MAX_PARAGRAPHS} paragraphs."),
        ));
    }
    if kept.iter().any(|p| p.chars().count() > MAX_PARAGRAPH_CHARS) {
        return Err(CoreError::invalid(
            field,
            format!("1 段落は {MAX_PARAGRAPH_CHARS} 文字以内にしてください。"),
            format!("At most {MAX_PARAGRAPH_CHARS} characters per paragraph."),
        ));
    }
    Ok(kept)
}
