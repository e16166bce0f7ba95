//! Service hours per feature and plan (サービス提供時間, 表5-1). On the business-hours plan the interactive
//! functions are served on weekdays 9:00-21:00 Japan time, except Japanese public holidays and, when the tenant's
//! contract says so, the year's end (12/29-1/3); building the AI model, using it (except looking at a prediction
//! on screen) and the ethics analyses are served around the clock. The 24-hour plan serves everything around
//! the clock. Planned maintenance closes everything on both plans (`maintenance`). Holidays are computed (no
//! table to keep up to date), as the Act on National Holidays defines them since 2007: fixed days, Happy
//! Mondays, the equinoxes, the substitute holiday after a Sunday holiday, and a day between two holidays.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Timelike, Utc, Weekday};
use serde::Serialize;

use super::Role;
use super::tenant::{Plan, Tenant};

const OPENS_AT: u32 = 9;
const CLOSES_AT: u32 = 21;

/// The service menu of 表5-1, plus the account itself (signing in, the session), which is open whenever one of
/// the caller's features is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    /// 1 利用者登録機能: users, consent texts, the audit log, the tenant's settings.
    UserRegistration,
    /// 2 面談設定機能: interviews, question sets, evaluation items, mail.
    InterviewSetup,
    /// 3 対面面談機能: the face-to-face call.
    FaceToFace,
    /// 4 AI モデル構築機能: expert ratings, training, model versions.
    ModelBuilding,
    /// 5 AI モデル利用機能: predictions made in the background and models carried between tenants.
    ModelUse,
    /// 5 (note) AI 予測結果の画面確認: a prediction looked at on screen.
    PredictionOnScreen,
    /// 6 セルフ面談機能: recording answers, follow-up questions.
    SelfInterview,
    /// 7 面談要約機能: transcripts, summaries, reports of meetings.
    Summary,
    /// 8 パーソナライズドフィードバック機能.
    Feedback,
    /// 9 倫理問題分析オプション (AI モデル).
    EthicsModel,
    /// 10 倫理問題分析オプション (AI 予測結果).
    EthicsPredictions,
    /// 11 学習済モデルオプション.
    PretrainedModel,
    /// 12 会話分析オプション.
    ConversationAnalysis,
    /// Signing in, the session and one's own account: open when any feature of the caller's role is.
    Account,
}

impl Feature {
    pub const MENU: [Feature; 13] = [
        Feature::UserRegistration,
        Feature::InterviewSetup,
        Feature::FaceToFace,
        Feature::ModelBuilding,
        Feature::ModelUse,
        Feature::PredictionOnScreen,
        Feature::SelfInterview,
        Feature::Summary,
        Feature::Feedback,
        Feature::EthicsModel,
        Feature::EthicsPredictions,
        Feature::PretrainedModel,
        Feature::ConversationAnalysis,
    ];

    /// Served around the clock on the business-hours plan too (表5-1 rows 4, 5, 9, 10).
    pub fn all_day_on_every_plan(self) -> bool {
        matches!(self, Feature::ModelBuilding | Feature::ModelUse | Feature::EthicsModel | Feature::EthicsPredictions)
    }

    /// The features a role works with, for whether its account is open.
    pub fn of_role(role: Role) -> &'static [Feature] {
        match role {
            Role::Admin => &Feature::MENU,
            Role::Expert => &[Feature::ModelBuilding, Feature::PredictionOnScreen],
            Role::Interviewer => &[
                Feature::InterviewSetup,
                Feature::FaceToFace,
                Feature::ModelBuilding,
                Feature::PredictionOnScreen,
                Feature::Summary,
                Feature::Feedback,
            ],
            Role::Interviewee => &[Feature::FaceToFace, Feature::SelfInterview, Feature::Feedback],
        }
    }
}

impl Tenant {
    /// Whether the tenant's contract serves `feature` at `at` (planned maintenance aside).
    pub fn serves(&self, feature: Feature, at: DateTime<Utc>) -> bool {
        if feature == Feature::Account {
            return false;
        }
        match self.plan {
            Plan::Always => true,
            Plan::BusinessHours => feature.all_day_on_every_plan() || self.in_business_hours(at),
        }
    }

    /// Whether someone of `role` may sign in and hold a session at `at`: one of their features is served.
    pub fn serves_role(&self, role: Role, at: DateTime<Utc>) -> bool {
        Feature::of_role(role).iter().any(|f| self.serves(*f, at))
    }

    /// Weekdays 9:00-21:00 Japan time, not on holidays nor, when the contract says so, at the year's end.
    pub fn in_business_hours(&self, at: DateTime<Utc>) -> bool {
        let japan = at.with_timezone(&FixedOffset::east_opt(9 * 3600).expect("UTC+9 is a valid offset"));
        let date = japan.date_naive();
        let weekday = !matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        weekday
            && !is_holiday(date)
            && !(self.year_end_closed && is_year_end(date))
            && (OPENS_AT..CLOSES_AT).contains(&japan.hour())
    }
}

/// 年末年始: 29 December to 3 January.
pub fn is_year_end(date: NaiveDate) -> bool {
    (date.month() == 12 && date.day() >= 29) || (date.month() == 1 && date.day() <= 3)
}

/// Whether `date` is a Japanese public holiday (valid 2007-2099).
pub fn is_holiday(date: NaiveDate) -> bool {
    if is_named_holiday(date) {
        return true;
    }
    // 振替休日: the first non-holiday after a holiday that fell on a Sunday.
    let mut back = date - Duration::days(1);
    while is_named_holiday(back) {
        if back.weekday() == Weekday::Sun {
            return true;
        }
        back -= Duration::days(1);
    }
    // 国民の休日: a weekday between two holidays.
    date.weekday() != Weekday::Sun
        && is_named_holiday(date - Duration::days(1))
        && is_named_holiday(date + Duration::days(1))
}

fn is_named_holiday(date: NaiveDate) -> bool {
    let (y, m, d) = (date.year(), date.month(), date.day());
    let nth_monday = |n: u32| date.weekday() == Weekday::Mon && (d - 1) / 7 + 1 == n;
    match m {
        1 => d == 1 || nth_monday(2),
        2 => d == 11 || d == 23,
        3 => d == equinox_day(y, 20.8431),
        4 => d == 29,
        5 => (3..=5).contains(&d),
        7 => nth_monday(3),
        8 => d == 11,
        9 => nth_monday(3) || d == equinox_day(y, 23.2488),
        10 => nth_monday(2),
        11 => d == 3 || d == 23,
        _ => false,
    }
}

/// The day of the vernal (base 20.8431) or autumnal (23.2488) equinox, by the formula the
/// National Astronomical Observatory's predictions follow for 1980-2099.
fn equinox_day(year: i32, base: f64) -> u32 {
    let since = f64::from(year - 1980);
    (base + 0.242194 * since - (since / 4.0).floor()).floor() as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn knows_the_holidays_of_2026() {
        let holidays: Vec<NaiveDate> =
            (0..365).map(|k| day(2026, 1, 1) + Duration::days(k)).filter(|d| is_holiday(*d)).collect();
        let expected = [
            (1, 1),
            (1, 12),
            (2, 11),
            (2, 23),
            (3, 20),
            (4, 29),
            (5, 3),
            (5, 4),
            (5, 5),
            (5, 6),
            (7, 20),
            (8, 11),
            (9, 21),
            (9, 22),
            (9, 23),
            (10, 12),
            (11, 3),
            (11, 23),
        ];
        assert_eq!(holidays, expected.map(|(m, d)| day(2026, m, d)));
    }

    fn tenant(plan: Plan) -> Tenant {
        Tenant::new(crate::domain::TenantSlug::parse("acme").unwrap(), "Acme".into(), plan)
    }

    fn jst(m: u32, d: u32, h: u32) -> DateTime<Utc> {
        FixedOffset::east_opt(9 * 3600).unwrap().with_ymd_and_hms(2026, m, d, h, 0, 0).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn business_hours_are_weekdays_nine_to_nine_japan_time() {
        let business = tenant(Plan::BusinessHours);
        let open = |m, d, h| business.serves(Feature::InterviewSetup, jst(m, d, h));
        assert!(open(11, 25, 9) && open(11, 25, 20), "a Wednesday");
        assert!(!open(11, 25, 8) && !open(11, 25, 21));
        assert!(!open(11, 28, 12), "a Saturday");
        assert!(!open(5, 6, 12), "振替休日: 憲法記念日 fell on a Sunday");
        assert!(!open(9, 22, 12), "国民の休日 between 敬老の日 and 秋分の日");
        assert!(!open(12, 29, 12), "年末年始, closed by default");
        assert!(tenant(Plan::Always).serves(Feature::InterviewSetup, jst(11, 28, 3)));
    }

    #[test]
    fn model_building_and_use_are_served_at_night_on_the_business_plan() {
        let business = tenant(Plan::BusinessHours);
        let night = jst(11, 28, 3);
        assert!(business.serves(Feature::ModelBuilding, night) && business.serves(Feature::ModelUse, night));
        assert!(!business.serves(Feature::PredictionOnScreen, night), "a prediction on screen keeps the hours");
        assert!(business.serves_role(Role::Admin, night) && business.serves_role(Role::Expert, night));
        assert!(!business.serves_role(Role::Interviewee, night));
    }

    #[test]
    fn the_year_end_closure_is_the_tenants_choice() {
        let mut open_at_year_end = tenant(Plan::BusinessHours);
        open_at_year_end.year_end_closed = false;
        assert!(open_at_year_end.serves(Feature::SelfInterview, jst(12, 29, 12)), "a Tuesday");
        assert!(!open_at_year_end.serves(Feature::SelfInterview, jst(1, 1, 12)), "元日 is a holiday anyway");
    }
}
