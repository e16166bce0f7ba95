//! The texts a candidate reads before the consent choices (issue 14 item 11): per tenant, versioned, so that a
//! recorded consent's `text_version` can always be shown again. A tenant that never saved any reads the default.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::UserId;

/// The version id of the built-in default texts; a tenant's own saves are numbered "1", "2", …
pub const DEFAULT_VERSION: &str = "default-2026-12";

/// What the candidate reads in one language: one text per consent kind and the common parts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentWording {
    pub recording: String,
    pub ai_evaluation: String,
    pub training_use: String,
    /// Why the data is collected.
    pub purpose: String,
    /// Who processes the data: the company, Mendan as its service, and where it runs.
    pub processors: String,
    pub retention: String,
    /// How to change or withdraw a consent.
    pub withdrawal: String,
}

/// The editable part: what an admin sends with `PUT consent-texts`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentTextsInput {
    /// The company responsible for the data (the operator).
    pub operator: String,
    /// An e-mail address or an https page where candidates can ask.
    pub contact: String,
    /// The company's privacy policy (https), if any.
    #[serde(default)]
    pub privacy_policy_url: Option<String>,
    pub ja: ConsentWording,
    pub en: ConsentWording,
}

/// One version of a tenant's consent texts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ConsentTexts {
    /// What a consent decision records as `text_version`: "1", "2", … or the default's id.
    pub version: String,
    /// When it was saved; `None` for the built-in default.
    pub saved_at: Option<DateTime<Utc>>,
    pub saved_by: Option<UserId>,
    #[serde(flatten)]
    pub texts: ConsentTextsInput,
}

impl ConsentTextsInput {
    /// The built-in texts, naming `operator` (the tenant's name) as the company responsible.
    pub fn default_for(operator: &str) -> Self {
        ConsentTextsInput {
            operator: operator.to_owned(),
            contact: String::new(),
            privacy_policy_url: None,
            ja: ConsentWording {
                recording: "この面談の映像（あなたの顔を含む）と音声を録画します。録画は、この面談を行い、応募先の会社が選考のために見返すために使います。録画を見られるのは、応募先の会社で採用を担当する人と、その会社が評価を依頼した専門家だけです。".into(),
                ai_evaluation: "録画をAIで分析し、評価の参考値を出します。分析するのは、表情、視線や顔の向き・頭の動き、声（話す速さや声の調子など）です。AIの結果は参考にすぎず、必ず人が確かめたうえで評価を決めます。".into(),
                training_use: "録画とその評価を、応募先の会社のAIモデルを改善するための学習データとして使います。録画への同意とは別にお尋ねしています。".into(),
                purpose: "採用選考のための面談を行い、その内容を評価するため。".into(),
                processors: "応募先の会社の委託を受けて、面談支援サービス「Mendan」が録画の保存と分析を行います。".into(),
                retention: "録画と分析結果は、応募先の会社がサービスの利用を終えてから1か月以内に削除されます。それより前に削除を求めることもできます。削除したデータは、バックアップからも7日以内に消えます。".into(),
                withdrawal: "面談を始める前なら、この画面でいつでも選び直せます。面談のあとで同意を取り消したいときや、録画の削除を求めたいときは、お問い合わせ先に連絡してください。".into(),
            },
            en: ConsentWording {
                recording: "The video (including your face) and sound of this interview are recorded. The recording is used to hold this interview and for the company you are applying to to review it for its selection. Only the company’s staff in charge of hiring and the experts the company asks to evaluate can see it.".into(),
                ai_evaluation: "AI analyses the recording to give a reference score. It analyses facial expressions, gaze, head direction and movement, and the voice (such as pace and tone). The AI result is only a reference: a person always checks it and makes the evaluation.".into(),
                training_use: "The recording and its evaluation are used as training data to improve the AI model of the company you are applying to. This is asked separately from the recording itself.".into(),
                purpose: "To hold the interview for the company’s selection and to evaluate it.".into(),
                processors: "On the company’s behalf, the interview service “Mendan” stores and analyses the recording.".into(),
                retention: "The recording and the analysis are deleted within one month after the company stops using the service. You can ask for deletion earlier. Deleted data is gone from the backups within 7 days.".into(),
                withdrawal: "Before the interview starts you can change your choices on this page at any time. To withdraw consent after the interview, or to ask for the recording to be deleted, use the contact below.".into(),
            },
        }
    }
}
