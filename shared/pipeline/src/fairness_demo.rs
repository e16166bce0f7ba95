//! A demonstration tenant for the AI-ethics option (`mendan tenant demo-ethics`): generated, anonymous interviews
//! with declared genders and age bands, expert ratings with a known bias against one group on one item, a model
//! trained on them by the real learner (so pitch becomes its proxy for gender) and predictions in each of the three
//! months before now (which the monthly run then analyses). Nobody in it exists: the interviewees have no account and
//! the experts none that can sign in. For sales demonstrations and the web UI's end-to-end test.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, TimeZone, Utc};
use mendan_core::domain::interview::{Interview, InterviewMode, InterviewStatus};
use mendan_core::domain::item::{EvaluationItem, ItemKind, Scale};
use mendan_core::domain::model::{ModelVersion, Prediction};
use mendan_core::domain::rating::{ItemScore, Rating};
use mendan_core::domain::user::{AttributeBasis, ProtectedAttributes, User};
use mendan_core::domain::{Email, InterviewId, ItemId, Role, TenantSlug, UserId};
use mendan_core::events::{HandlerError, TrainingRequested};
use mendan_core::repo::TenantStore;
use mendan_core::repo::keys::{self, StoredAttributes};
use mendan_core::{CoreError, Ports};
use mendan_ml::{Dataset, FeatureVector, ItemSpec, Predictor, Rating as MlRating};
use serde::Serialize;

/// New interviews predicted in each of the three months.
const PER_MONTH: usize = 40;

/// Score points the demo's experts take off women's "話し方" ratings.
pub const DEMO_RATING_BIAS: f64 = -0.7;

#[derive(Debug, Serialize)]
pub struct DemoSeeded {
    pub rated_interviews: usize,
    pub model_version: u32,
    /// The months with predictions (`YYYY-MM`), oldest first.
    pub months: Vec<String>,
    pub predictions_per_month: usize,
}

/// Normal draws from a fixed seed: the same demo every time.
struct Draws(u64);

impl Draws {
    fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// One generated interviewee: groups, features, and what the two items "really" are.
struct Person {
    gender: &'static str,
    age_band: &'static str,
    features: FeatureVector,
    manner: f64,
    logic: f64,
}

fn person(i: usize, draws: &mut Draws) -> Person {
    let gender = if i % 5 < 2 { "female" } else { "male" };
    // A few in a band too small to compare, and some who chose not to answer.
    let age_band = match (i % 23, i % 41) {
        (0 | 1, _) => "undisclosed",
        (_, 2) => "50-59",
        _ if draws.uniform() < 0.55 => "20-29",
        _ => "30-39",
    };
    let (speech, smile, latency, gaze) = (draws.normal(), draws.normal(), draws.normal(), draws.normal());
    let pitch = if gender == "female" { 215.0 } else { 125.0 } + 22.0 * draws.normal();
    let values: BTreeMap<String, f64> = [
        ("voice.pitch_mean_hz", pitch),
        ("voice.speech_ratio", 0.55 + 0.08 * speech),
        ("expression.happy_mean", 0.3 + 0.1 * smile),
        ("voice.pause_mean_s", 0.9 + 0.25 * latency),
        ("gaze.away_ratio", 0.2 + 0.06 * gaze),
        ("duration_s", 1800.0),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    Person {
        gender,
        age_band,
        features: FeatureVector { schema_version: 2, values, sufficient: true, ..FeatureVector::default() },
        manner: 3.0 + 0.7 * speech + 0.4 * smile,
        logic: 3.0 + 0.5 * smile - 0.5 * latency,
    }
}

/// Fills `tenant` (which must exist) with the demonstration; refuses a tenant that has interviews already.
pub async fn seed(ports: &Ports, tenant: &TenantSlug, rated: usize) -> Result<DemoSeeded, HandlerError> {
    let store = TenantStore::new(ports.items.as_ref(), tenant);
    if store.holds_any(keys::INTERVIEW_PREFIX).await? {
        return Err(HandlerError::Permanent(
            "the tenant has interviews already: a demonstration needs an empty one".into(),
        ));
    }
    let now = ports.clock.now();
    let items = [("話し方", "落ち着いて、聞き取りやすく話せているか"), ("論理性", "結論から筋道立てて話せているか")]
        .map(|(name, description)| EvaluationItem {
            id: ItemId(ports.ids.new_id()),
            name: name.into(),
            description: description.into(),
            scale: Scale { min: 1, max: 5 },
            kind: ItemKind::Behaviour,
            examples: vec![],
        });
    for item in &items {
        store.create(item).await?;
    }
    let experts: Vec<User> = ["評価者 A", "評価者 B", "評価者 C"]
        .iter()
        .enumerate()
        .map(|(i, name)| User {
            id: UserId(ports.ids.new_id()),
            email: Email::parse(&format!("expert-{i}@demo.invalid")).expect("a valid address"),
            display_name: (*name).into(),
            role: Role::Expert,
            disabled: true,
            created_at: now,
        })
        .collect();
    for expert in &experts {
        store.create(expert).await?;
    }
    let mut draws = Draws(19);
    let mut recordings = Vec::new();
    let mut ml_ratings = Vec::new();
    let started = now - Duration::days(120);
    for i in 0..rated {
        let person = person(i, &mut draws);
        let interview = interview(ports, &store, &person, started + Duration::minutes(i as i64 * 30)).await?;
        for (k, expert) in experts.iter().enumerate().filter(|(k, _)| *k != i % 3) {
            let mut manner = person.manner + 0.3 * draws.normal();
            if person.gender == "female" {
                manner += DEMO_RATING_BIAS;
            }
            let logic =
                person.logic + 0.3 * draws.normal() - if person.gender == "female" && k == 2 { 0.8 } else { 0.0 };
            let scores = [manner, logic].map(|s| (s.clamp(1.0, 5.0) * 2.0).round() / 2.0);
            let rating = Rating {
                interview_id: interview,
                rater_id: expert.id,
                rater_role: Role::Expert,
                scores: items.iter().zip(scores).map(|(item, score)| ItemScore { item_id: item.id, score }).collect(),
                comment: None,
                updated_at: now,
            };
            store.create(&rating).await?;
            for (item, score) in items.iter().zip(scores) {
                ml_ratings.push(MlRating {
                    recording: interview.to_string(),
                    item: item.id.to_string(),
                    score,
                    rater: Some(expert.id.to_string()),
                });
            }
        }
        recordings.push((interview.to_string(), person.features));
    }
    let specs =
        items.iter().map(|i| ItemSpec { id: i.id.to_string(), name: i.name.clone(), min: 1.0, max: 5.0 }).collect();
    let dataset = Dataset::new(recordings, ml_ratings, specs).map_err(|e| HandlerError::Permanent(e.to_string()))?;
    let request = TrainingRequested { tenant: tenant.clone(), request_id: ports.ids.new_id(), requested_by: None };
    let trained = crate::training::train_and_store(ports, &request, dataset)
        .await?
        .map_err(|refusal| HandlerError::Permanent(refusal.reason()))?;
    let model = store.get::<ModelVersion>(&keys::model(trained.model_id)).await?.value;
    let predictor = load_predictor(ports, &model).await?;

    let mut months = Vec::new();
    for back in (1..=3).rev() {
        let (start, month) = month_start(now, back);
        for i in 0..PER_MONTH {
            let person = person(rated + back as usize * 100 + i, &mut draws);
            let at = start + Duration::days(1 + (i as i64 % 25)) + Duration::hours(3);
            let interview = interview(ports, &store, &person, at).await?;
            let result = predictor
                .predict(&format!("interview {interview}"), &person.features)
                .map_err(|e| HandlerError::Permanent(e.to_string()))?;
            let prediction = Prediction {
                interview_id: interview,
                model_id: model.id,
                model_version: model.version,
                recordings: vec![],
                result: serde_json::to_value(&result).unwrap_or_default(),
                created_at: at,
            };
            store.replace(&prediction).await?;
        }
        months.push(month);
    }
    Ok(DemoSeeded { rated_interviews: rated, model_version: trained.version, months, predictions_per_month: PER_MONTH })
}

/// A rated, analysed interview of a person with no account, and their declared groups.
async fn interview(
    ports: &Ports,
    store: &TenantStore<'_>,
    person: &Person,
    at: DateTime<Utc>,
) -> Result<InterviewId, CoreError> {
    let interviewee = UserId(ports.ids.new_id());
    let interview = Interview {
        id: InterviewId(ports.ids.new_id()),
        mode: InterviewMode::SelfInterview,
        interviewee_id: interviewee,
        interviewer_id: None,
        question_set_id: None,
        scheduled_at: at,
        status: InterviewStatus::Rated,
        created_at: at,
        updated_at: at,
        revision: 0,
        deadline: None,
    };
    store.create(&interview).await?;
    let attributes = StoredAttributes {
        user_id: interviewee,
        attributes: ProtectedAttributes { gender: Some(person.gender.into()), age_band: Some(person.age_band.into()) },
        basis: Some(AttributeBasis::SelfDeclared { text_version: "demo".into(), at }),
    };
    store.create(&attributes).await?;
    Ok(interview.id)
}

async fn load_predictor(ports: &Ports, model: &ModelVersion) -> Result<Predictor, HandlerError> {
    let onnx =
        ports.objects.get(&model.onnx_key).await?.ok_or_else(|| HandlerError::Permanent("no model graph".into()))?;
    let card = serde_json::from_value(model.card.clone()).map_err(|e| HandlerError::Permanent(e.to_string()))?;
    Predictor::load(&onnx, card).map_err(|e| HandlerError::Permanent(e.to_string()))
}

/// The first moment (Japan time) of the month `back` months before `now`'s, and its `YYYY-MM`.
fn month_start(now: DateTime<Utc>, back: u32) -> (DateTime<Utc>, String) {
    let today = mendan_core::domain::japan_time::japan_date(now);
    let index = today.year() * 12 + today.month0() as i32 - back as i32;
    let (year, month) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
    let japan = chrono::FixedOffset::east_opt(9 * 3600).expect("UTC+9");
    let start = japan.with_ymd_and_hms(year, month, 1, 0, 0, 0).single().expect("a valid month").with_timezone(&Utc);
    (start, format!("{year:04}-{month:02}"))
}
