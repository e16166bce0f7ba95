//! Rewording by the optional language model: asked only when the deployment has one and the
//! tenant turned it on; its answer is used only if it passes `mendan_text::wording`'s checks and
//! arrives in time. Otherwise the templates' text stands, so the feature can only make wording
//! better, never make an answer late, wrong or missing.

use std::time::Duration;

use mendan_text::star::FollowUp;
use mendan_text::wording::{accept_feedback, accept_follow_ups, feedback_request, follow_up_request};

use crate::Ports;
use crate::domain::feedback::WrittenBy;
use crate::domain::model::ModelSettings;
use crate::ports::{LanguageModel, WordingRequest};

/// Follow-ups are shown while the interviewee waits (3-second screen target): the model gets
/// two seconds, the rest is the request around it.
pub const FOLLOW_UP_DEADLINE: Duration = Duration::from_secs(2);
/// Feedback is drafted on an interviewer's click; well inside API Gateway's 29 seconds.
pub const FEEDBACK_DEADLINE: Duration = Duration::from_secs(20);

fn model<'a>(ports: &'a Ports, settings: &ModelSettings) -> Option<&'a dyn LanguageModel> {
    ports.language_model.as_deref().filter(|_| settings.language_model_wording)
}

/// The model's answer to `request` as `accept` takes it; `None` (logged without content) when the
/// model errs, is late, or the answer fails the checks.
async fn reworded<T>(
    model: &dyn LanguageModel,
    request: &WordingRequest,
    deadline: Duration,
    accept: impl FnOnce(&str) -> Option<T>,
) -> Option<T> {
    match model.complete(request, deadline).await {
        Ok(reply) => {
            let accepted = accept(&reply);
            if accepted.is_none() {
                tracing::warn!("the language model's answer failed the checks; the templates' text is used");
            }
            accepted
        }
        Err(e) => {
            tracing::warn!(error = %e, "the language model did not answer; the templates' text is used");
            None
        }
    }
}

/// The templates' follow-ups, or the model's rewording of them.
pub async fn follow_ups(
    ports: &Ports,
    settings: &ModelSettings,
    question: Option<&str>,
    answer: &str,
    templates: Vec<FollowUp>,
) -> (Vec<FollowUp>, WrittenBy) {
    let Some(model) = model(ports, settings).filter(|_| !templates.is_empty()) else {
        return (templates, WrittenBy::Templates);
    };
    let request = follow_up_request(question, answer, &templates);
    match reworded(model, &request, FOLLOW_UP_DEADLINE, |reply| accept_follow_ups(reply, &templates)).await {
        Some(worded) => (worded, WrittenBy::LanguageModel),
        None => (templates, WrittenBy::Templates),
    }
}

/// The drafted paragraphs, or the model's rewording of them.
pub async fn feedback(
    ports: &Ports,
    settings: &ModelSettings,
    ja: Vec<String>,
    en: Vec<String>,
) -> (Vec<String>, Vec<String>, WrittenBy) {
    let Some(model) = model(ports, settings) else { return (ja, en, WrittenBy::Templates) };
    let request = feedback_request(&ja, &en);
    match reworded(model, &request, FEEDBACK_DEADLINE, |reply| accept_feedback(reply, &ja, &en)).await {
        Some((new_ja, new_en)) => (new_ja, new_en, WrittenBy::LanguageModel),
        None => (ja, en, WrittenBy::Templates),
    }
}
