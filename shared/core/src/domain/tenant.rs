use std::collections::BTreeSet;

use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::TenantSlug;

/// When the interactive functions are open (spec: weekdays 9-21 excluding Japanese holidays, or 24/365).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Plan {
    BusinessHours,
    Always,
}

/// The options a contract may add (spec 4.1.2, 表4-2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContractOption {
    /// 面談動画分析オプション: statistics of the video features against the ratings.
    VideoAnalysis,
    /// 倫理問題分析オプション (AI モデル): the ethics analysis of the training data and the model.
    EthicsModel,
    /// 倫理問題分析オプション (AI 予測結果): the ethics analysis of the predictions, monthly.
    EthicsPredictions,
    /// 学習済モデルオプション: a model prepared elsewhere, imported as a provided version.
    PretrainedModel,
    /// 会話分析オプション: what the interviewee said as features of the model.
    ConversationAnalysis,
}

impl ContractOption {
    pub const ALL: [ContractOption; 5] = [
        ContractOption::VideoAnalysis,
        ContractOption::EthicsModel,
        ContractOption::EthicsPredictions,
        ContractOption::PretrainedModel,
        ContractOption::ConversationAnalysis,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ContractOption::VideoAnalysis => "video_analysis",
            ContractOption::EthicsModel => "ethics_model",
            ContractOption::EthicsPredictions => "ethics_predictions",
            ContractOption::PretrainedModel => "pretrained_model",
            ContractOption::ConversationAnalysis => "conversation_analysis",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == name)
    }

    /// The option's name as the contract says it.
    pub fn label_ja(self) -> &'static str {
        match self {
            ContractOption::VideoAnalysis => "面談動画分析オプション",
            ContractOption::EthicsModel => "倫理問題分析オプション（AI モデル）",
            ContractOption::EthicsPredictions => "倫理問題分析オプション（AI 予測結果）",
            ContractOption::PretrainedModel => "学習済モデルオプション",
            ContractOption::ConversationAnalysis => "会話分析オプション",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ContractOption::VideoAnalysis => "video analysis option",
            ContractOption::EthicsModel => "ethics analysis option (AI model)",
            ContractOption::EthicsPredictions => "ethics analysis option (AI predictions)",
            ContractOption::PretrainedModel => "pre-trained model option",
            ContractOption::ConversationAnalysis => "conversation analysis option",
        }
    }
}

/// One customer company (甲). Everything it owns lives under its slug. Operators set the contract's terms
/// (`mendan tenant create | update`); the tenant's admins read them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Tenant {
    pub slug: TenantSlug,
    pub name: String,
    pub plan: Plan,
    /// Invitations outside this domain are still allowed; the UI warns about them.
    pub mail_domain: Option<String>,
    /// The last day of the contract; the data is deleted `retention_grace_days` (default one month) later.
    pub contract_end: Option<NaiveDate>,
    /// Days from the contract's end to the deletion of the tenant's data; `None` is one calendar month.
    #[serde(default)]
    pub retention_grace_days: Option<u16>,
    /// On the business-hours plan, 12/29-1/3 count as holidays (年末年始).
    #[serde(default = "closed_at_year_end")]
    pub year_end_closed: bool,
    /// The options the contract adds.
    #[serde(default)]
    pub options: BTreeSet<ContractOption>,
    /// Suspended by an operator: nobody of the tenant may sign in or call the API; the data stays.
    #[serde(default)]
    pub suspended: bool,
    /// Set by its admins: admins and experts must sign in with an authenticator app (they set it up first).
    #[serde(default)]
    pub staff_mfa_required: bool,
}

fn closed_at_year_end() -> bool {
    true
}

impl Tenant {
    /// A tenant with the contract's defaults: no end, one month's grace, closed at the year's end, no options.
    pub fn new(slug: TenantSlug, name: String, plan: Plan) -> Self {
        Tenant {
            slug,
            name,
            plan,
            mail_domain: None,
            contract_end: None,
            retention_grace_days: None,
            year_end_closed: true,
            options: BTreeSet::new(),
            suspended: false,
            staff_mfa_required: false,
        }
    }

    pub fn has(&self, option: ContractOption) -> bool {
        self.options.contains(&option)
    }

    /// The day the tenant's data is deleted: the contract's end plus the grace.
    pub fn purge_due(&self) -> Option<NaiveDate> {
        let end = self.contract_end?;
        match self.retention_grace_days {
            Some(days) => end.checked_add_days(chrono::Days::new(u64::from(days))),
            None => end.checked_add_months(Months::new(1)),
        }
    }

    /// Whether the contract has ended and its grace passed at `at` (Japan's date).
    pub fn is_due_for_purge(&self, at: DateTime<Utc>) -> bool {
        self.purge_due().is_some_and(|due| super::japan_time::japan_date(at) >= due)
    }
}
