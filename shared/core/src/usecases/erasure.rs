//! A person's erasure on request (issue 18 item 5): everything of theirs leaves the tenant's table and bucket —
//! the interviews they were interviewed in with every recording, feature, timeline, transcript, summary, feedback,
//! prediction, consent and rating of them; the ratings they gave; their account, sessions, attributes and mail log;
//! and every other item that names them says "an erased person" instead. Models trained while their data was there
//! are marked for retraining (the next training cannot see the data: it is gone). What is left is the fact of the
//! erasure, with counts. Idempotent and resumable: run again, it finds what is left by the same id.
//!
//! The API only accepts a request ([`request_by_admin`], [`ConsentWithdrawn`] from the consents): the deleting runs
//! in the erasure handler ([`on_erasure_requested`], [`on_consent_withdrawn`]), so the API's role may not delete a
//! stored file.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::auth::Principal;
use crate::domain::model::ModelVersion;
use crate::domain::{InterviewId, Role, TenantSlug, UserId};
use crate::events::{ConsentWithdrawn, DomainEvent, PersonErasureRequested};
use crate::ports::{Condition, Item, PortError};
use crate::repo::{TenantStore, keys, tenant_pk};
use crate::{CoreError, CoreResult, Ports};

/// What stands in for the erased person where a record of someone else keeps a reference (an audit entry, an
/// interview they ran): the nil id and this name.
pub const ERASED_NAME: &str = "（削除された利用者）";
const ERASED_ID: &str = "00000000-0000-0000-0000-000000000000";

pub fn erasure_key(at: chrono::DateTime<chrono::Utc>, id: uuid::Uuid) -> String {
    format!("ERASURE#{}#{id}", at.format("%Y-%m-%dT%H:%M:%S%.3fZ"))
}

/// The fact of an erasure: when, at whose request (a role, never a name), and how much went.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ErasureCounts {
    pub interviews: u64,
    pub items_deleted: u64,
    pub items_anonymised: u64,
    pub objects: u64,
    pub models_marked: u64,
}

/// An accepted request for a person's erasure: the erasure handler carries it out within moments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ErasureAccepted {
    pub request_id: uuid::Uuid,
    pub person: UserId,
}

/// An admin asks for the erasure of a person of their tenant (not themselves: another admin, or an operator, does
/// that); the erasure handler does it.
pub async fn request_by_admin(ports: &Ports, principal: &Principal, person: UserId) -> CoreResult<ErasureAccepted> {
    principal.require(&[Role::Admin], "erase a person's data")?;
    if principal.id() == person {
        return Err(CoreError::invalid(
            "id",
            "自分自身のデータは消去できません。別の管理者に依頼してください。",
            "You cannot erase yourself; ask another administrator.",
        ));
    }
    let store = TenantStore::new(ports.items.as_ref(), &principal.tenant);
    store
        .find::<crate::domain::user::User>(&keys::user(person))
        .await?
        .ok_or(CoreError::NotFound { entity: "user" })?;
    let request_id = ports.ids.new_id();
    let event =
        PersonErasureRequested { tenant: principal.tenant.clone(), person, request_id, requested_by: "admin".into() };
    ports.events.publish(event.to_event()).await?;
    tracing::info!(%request_id, "a person's erasure was requested");
    Ok(ErasureAccepted { request_id, person })
}

/// The erasure handler's part of a request: erases the person once; a redelivery after it finished answers `None`.
pub async fn on_erasure_requested(ports: &Ports, event: &PersonErasureRequested) -> CoreResult<Option<ErasureCounts>> {
    let done = keys::processed("person-erasure", &event.request_id.to_string());
    let store = TenantStore::new(ports.items.as_ref(), &event.tenant);
    // Done before, or the tenant was purged meanwhile (nothing to erase, and no record to leave behind).
    if store.raw_get(&done).await?.is_some() || store.raw_get(keys::TENANT).await?.is_none() {
        return Ok(None);
    }
    erase(ports, &event.tenant, event.person, &event.requested_by, Some(done)).await.map(Some)
}

/// The erasure handler's part of a withdrawal: deletes what the consent covered unless it was given again since.
pub async fn on_consent_withdrawn(ports: &Ports, event: &ConsentWithdrawn) -> CoreResult<Option<ErasureCounts>> {
    let store = TenantStore::new(ports.items.as_ref(), &event.tenant);
    if super::consents::is_granted(&store, event.interview_id, event.kind, event.person).await? {
        return Ok(None);
    }
    withdraw(ports, &event.tenant, event.interview_id, event.kind).await.map(Some)
}

/// Erases everything of `person` in `tenant` at once (`requested_by` is a role: `operator` from the command line).
pub async fn erase_person(
    ports: &Ports,
    tenant: &TenantSlug,
    person: UserId,
    requested_by: &str,
) -> CoreResult<ErasureCounts> {
    erase(ports, tenant, person, requested_by, None).await
}

/// The erasure itself; `done` is the marker of the request it carries out, written with the record of the erasure.
async fn erase(
    ports: &Ports,
    tenant: &TenantSlug,
    person: UserId,
    requested_by: &str,
    done: Option<String>,
) -> CoreResult<ErasureCounts> {
    let pk = tenant_pk(tenant);
    let id = person.to_string();
    let mut counts = ErasureCounts::default();
    // The interviews they were interviewed in: everything under them goes.
    let interviews: Vec<InterviewId> = ports
        .items
        .query(&pk, keys::INTERVIEW_PREFIX)
        .await?
        .into_iter()
        .filter(|i| i.body["interviewee_id"].as_str() == Some(id.as_str()))
        .filter_map(|i| i.key.sk.strip_prefix(keys::INTERVIEW_PREFIX).and_then(|s| InterviewId::parse(s).ok()))
        .collect();
    let mut names: Vec<String> = interviews.iter().map(ToString::to_string).collect();
    for interview in &interviews {
        for timer in super::reminders::timers_of(*interview) {
            ports.timers.cancel(&timer).await?;
        }
        ports.calls.close(tenant, *interview).await.or_else(gone)?;
        ports.calls.remove_archive(tenant, *interview).await.or_else(gone)?;
        counts.objects += ports.objects.erase_prefix(&format!("t/{tenant}/interviews/{interview}/")).await?;
        // Their recordings' ids name the markers and meters of what was done with them.
        let recordings = ports.items.query(&pk, &keys::recordings_of(*interview)).await?;
        names.extend(recordings.iter().filter_map(|r| r.key.sk.rsplit('#').next().map(str::to_owned)));
    }
    counts.interviews = interviews.len() as u64;
    names.push(id.clone());
    ports.identity.delete_account(tenant, person).await.or_else(gone)?;

    let (mut last, mut rest): (Vec<Item>, Vec<Item>) = (Vec::new(), Vec::new());
    for item in ports.items.query(&pk, "").await? {
        // The interview's own record and the person's last: a run cut off finds the rest by them.
        if item.key.sk.starts_with(keys::INTERVIEW_PREFIX) || item.key.sk == keys::user(person) {
            last.push(item);
        } else {
            rest.push(item);
        }
    }
    // The copies of the mails sent to them go with the log lines that name them.
    let sent_to_them: Vec<Item> = ports
        .items
        .query(&pk, keys::SENT_MAIL_PREFIX)
        .await?
        .into_iter()
        .filter(|line| line.body["recipient_id"].as_str() == Some(id.as_str()))
        .collect();
    super::tenants::forget_mail_copies(ports, sent_to_them).await?;
    let mut ratings_erased = false;
    for item in rest.into_iter().chain(last) {
        let body = item.body.to_string();
        if names.iter().any(|n| item.key.sk.contains(n.as_str()))
            || deletes_with_person(&item.key.sk) && body.contains(&id)
        {
            ports.items.delete(&item.key, Condition::Any).await.or_else(gone)?;
            counts.items_deleted += 1;
            ratings_erased |= item.key.sk.starts_with(keys::RATING_PREFIX);
        } else if body.contains(&id) {
            let mut kept = item.clone();
            kept.body = anonymised(item.body, &id);
            kept.version += 1;
            match ports.items.put(kept, Condition::Version(item.version)).await {
                Ok(()) => counts.items_anonymised += 1,
                // Changed meanwhile: the next run reads it again.
                Err(PortError::ConditionFailed) => {
                    return Err(CoreError::Conflict("an item changed during the erasure; run it again".into()));
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
    // The training records kept for the ethics analysis hold their interviews' features and scores.
    forget_in_training_records(ports, tenant, &interviews).await?;
    // Models learn from rated interviews: only ratings of or by the person can be in one.
    if ratings_erased {
        counts.models_marked = mark_models_for_retraining(ports, tenant).await?;
    }
    let record = serde_json::json!({
        "at": ports.clock.now(),
        "requested_by": requested_by,
        "counts": counts,
    });
    let store = TenantStore::new(ports.items.as_ref(), tenant);
    let mut writes = vec![store.raw_create_write(erasure_key(ports.clock.now(), ports.ids.new_id()), record)];
    writes.extend(done.map(|key| store.raw_create_write(key, serde_json::json!({}))));
    store.commit(writes).await?;
    tracing::info!(tenant = %tenant, interviews = counts.interviews, objects = counts.objects, "a person was erased");
    Ok(counts)
}

/// What a withdrawn consent covered, deleted as the consent text says (issue 18 item 5): withdrawing the recording
/// consent deletes the interview's recordings and all derived from them (features, timelines, transcripts,
/// summary, feedback, prediction); withdrawing the AI-evaluation consent deletes the prediction; withdrawing the
/// training-use consent marks the models that may have learned from the interview. Returns what was deleted.
pub async fn withdraw(
    ports: &Ports,
    tenant: &TenantSlug,
    interview: InterviewId,
    kind: crate::domain::consent::ConsentKind,
) -> CoreResult<ErasureCounts> {
    use crate::domain::consent::ConsentKind;
    let pk = tenant_pk(tenant);
    let mut counts = ErasureCounts::default();
    let doomed: Vec<String> = match kind {
        ConsentKind::Recording => {
            counts.objects = ports.objects.erase_prefix(&format!("t/{tenant}/interviews/{interview}/")).await?;
            // A link signed but not used holds nothing recorded: it stays, and its upload is refused for the
            // missing consent.
            let recordings: Vec<Item> = ports
                .items
                .query(&pk, &keys::recordings_of(interview))
                .await?
                .into_iter()
                .filter(|r| r.body["status"].as_str() != Some("pending"))
                .collect();
            let mut prefixes: Vec<String> =
                recordings.iter().filter_map(|r| r.key.sk.rsplit('#').next().map(str::to_owned)).collect();
            prefixes.extend([
                format!("TRANSCRIPTION#{interview}#"),
                keys::summary(interview),
                keys::feedback(interview),
                keys::prediction(interview),
            ]);
            prefixes
        }
        ConsentKind::AiEvaluation => vec![keys::prediction(interview)],
        ConsentKind::TrainingUse => {
            let rated = !ports.items.query(&pk, &keys::ratings_of(interview)).await?.is_empty();
            if rated {
                counts.models_marked = mark_models_for_retraining(ports, tenant).await?;
            }
            Vec::new()
        }
    };
    if !doomed.is_empty() {
        for item in ports.items.query(&pk, "").await? {
            let sk = &item.key.sk;
            // Keys by prefix (`REC#{interview}#…`), recording ids wherever they appear (`DONE#…#{recording}#…`).
            let covered = doomed
                .iter()
                .any(|d| if d.contains('#') { sk.starts_with(d.as_str()) } else { sk.contains(d.as_str()) });
            if covered {
                ports.items.delete(&item.key, Condition::Any).await.or_else(gone)?;
                counts.items_deleted += 1;
            }
        }
    }
    Ok(counts)
}

/// Items that exist for the person alone and go when they name them: the e-mail index, mail sent to them.
fn deletes_with_person(sk: &str) -> bool {
    sk.starts_with("EMAIL#") || sk.starts_with(keys::SENT_MAIL_PREFIX)
}

/// The body with every mention of the person replaced: their id by the nil id, and the name next to it (an audit
/// entry's person) by [`ERASED_NAME`].
fn anonymised(mut body: Value, id: &str) -> Value {
    fn walk(value: &mut Value, id: &str) {
        match value {
            Value::Object(map) => {
                let names_them = map.get("id").and_then(Value::as_str) == Some(id);
                for (key, v) in map.iter_mut() {
                    if names_them && key == "display_name" {
                        *v = Value::String(ERASED_NAME.into());
                    } else {
                        walk(v, id);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| walk(v, id)),
            Value::String(s) if s.contains(id) => *s = s.replace(id, ERASED_ID),
            _ => {}
        }
    }
    walk(&mut body, id);
    body
}

/// Every model version trained so far may hold the erased ratings: each is marked, so admins see that it needs
/// retraining; returns how many were newly marked.
async fn mark_models_for_retraining(ports: &Ports, tenant: &TenantSlug) -> CoreResult<u64> {
    let store = TenantStore::new(ports.items.as_ref(), tenant);
    let mut marked = 0;
    for model in store.list::<ModelVersion>(keys::MODEL_PREFIX).await? {
        if model.provided.is_some() || model.erased_data_since.is_some() {
            continue;
        }
        let current = store.get::<ModelVersion>(&keys::model(model.id)).await?;
        let changed = ModelVersion { erased_data_since: Some(ports.clock.now()), ..current.value };
        store.update(&changed, current.version).await?;
        marked += 1;
    }
    Ok(marked)
}

/// Removes `interviews` from every model's training record (`cv.json`): their features and cross-validated scores.
async fn forget_in_training_records(ports: &Ports, tenant: &TenantSlug, interviews: &[InterviewId]) -> CoreResult<()> {
    if interviews.is_empty() {
        return Ok(());
    }
    let erased: Vec<String> = interviews.iter().map(ToString::to_string).collect();
    let store = TenantStore::new(ports.items.as_ref(), tenant);
    for model in store.list::<ModelVersion>(keys::MODEL_PREFIX).await? {
        let Some(key) = model.cv_key else { continue };
        let Some(bytes) = ports.objects.get(&key).await? else { continue };
        let Ok(mut table) = serde_json::from_slice::<crate::domain::fairness::CvTable>(&bytes) else { continue };
        let before = table.recordings.len();
        table.recordings.retain(|r| !erased.contains(&r.id));
        for item in &mut table.items {
            item.rows.retain(|(id, _, _)| !erased.contains(id));
        }
        if table.recordings.len() != before {
            // Every earlier version of the record goes too (a versioned bucket keeps them).
            if let Some(folder) = key.strip_suffix(crate::domain::model::CV_RECORD) {
                ports.objects.erase_prefix(&format!("{folder}ethics/")).await?;
            }
            ports.objects.put(&key, serde_json::to_vec(&table).unwrap_or_default(), "application/json").await?;
        }
    }
    Ok(())
}

fn gone(error: PortError) -> Result<(), PortError> {
    match error {
        PortError::NotFound => Ok(()),
        other => Err(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mention_becomes_the_erased_person() {
        let id = "01a21500-0000-7000-8000-00000000beef";
        let entry = serde_json::json!({
            "actor": {"id": "01a21500-0000-7000-8000-000000000001", "display_name": "管理者"},
            "subject": {"id": id, "display_name": "山田 花子"},
            "interviewer_id": id,
        });
        let kept = anonymised(entry, id);
        assert_eq!(kept["subject"], serde_json::json!({"id": ERASED_ID, "display_name": ERASED_NAME}));
        assert_eq!(kept["actor"]["display_name"], "管理者");
        assert_eq!(kept["interviewer_id"], ERASED_ID);
        assert!(!kept.to_string().contains(id));
    }
}
