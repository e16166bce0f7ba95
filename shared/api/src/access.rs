//! Which feature of the service menu (表5-1) each route belongs to, and which contracted option it needs: what
//! the tenant's plan, hours and options are checked against on every authenticated call. A route missing here is
//! refused (a test walks the OpenAPI document so that none is).

use axum::http::Method;
use mendan_core::domain::Role;
use mendan_core::domain::service_hours::Feature;
use mendan_core::domain::tenant::ContractOption;
use mendan_core::usecases::contract::Access;

/// The access a call of `method` on the route template `route` needs from someone of `role`; `None` for a route
/// this table does not know.
pub fn access_of(method: &Method, route: &str, role: Role) -> Option<Access> {
    let path = route.strip_prefix("/t/{tenant}/v1/")?;
    let reading = *method == Method::GET;
    // An expert reads interviews, their recordings and the items to rate them: building the model (24 hours).
    let expert_reading = role == Role::Expert && reading;
    let interviewee = role == Role::Interviewee;
    use Feature::*;
    let feature = match path {
        // One's own account, the contract's terms and its usage: open while anything of the caller's is.
        "me"
        | "me/mail-preferences"
        | "me/attributes"
        | "me/mfa"
        | "me/mfa/totp"
        | "me/mfa/totp/confirm"
        | "tenant"
        | "usage"
        | "exports"
        | "exports/{id}" => Account,
        "audit"
        | "users"
        | "users/{id}"
        | "users/{id}/disable"
        | "users/{id}/reset-password"
        | "users/{id}/attributes"
        | "users/{id}/mfa/reset"
        | "users/{id}/erase"
        | "mfa/policy"
        | "mail-domain" => UserRegistration,
        "consent-texts" if *method == Method::PUT => UserRegistration,
        "consent-texts" | "consent-texts/{version}" | "interviews/{id}/consents" if interviewee => SelfInterview,
        "consent-texts" | "consent-texts/{version}" | "interviews/{id}/consents" => InterviewSetup,
        "interviews" | "interviews/{id}" | "interviews/{id}/recordings" | "question-sets/{id}" if expert_reading => {
            ModelBuilding
        }
        "interviews"
        | "interviews/{id}"
        | "interviews/{id}/status"
        | "question-sets"
        | "question-sets/{id}"
        | "calls/settings"
        | "mail/sent"
        | "mail/sent/{id}/message"
        | "mail/undeliverable"
        | "mail/undeliverable/{id}" => InterviewSetup,
        "interviews/{id}/call" | "interviews/{id}/call/copy" | "interviews/{id}/call/copy/session" => FaceToFace,
        "interviews/{id}/recordings"
        | "interviews/{id}/recordings/{recording_id}/retake-request"
        | "interviews/{id}/follow-ups" => SelfInterview,
        // What experts rate and what the model predicts; the ratings themselves; training and versions.
        "evaluation-items"
        | "evaluation-items/{id}"
        | "interviews/{id}/ratings"
        | "models"
        | "models/training"
        | "models/readiness"
        | "models/settings"
        | "models/{id}/activate"
        | "models/{id}/statistics" => ModelBuilding,
        "models/{id}/bundle" => ModelUse,
        "fairness/ratings"
        | "fairness/model"
        | "fairness/model/workbook"
        | "fairness/model/audit"
        | "fairness/settings" => EthicsModel,
        "fairness/predictions"
        | "fairness/months"
        | "fairness/months/{month}"
        | "fairness/months/{month}/workbook"
        | "fairness/months/{month}/audit" => EthicsPredictions,
        "models/import" => PretrainedModel,
        "interviews/{id}/prediction" => PredictionOnScreen,
        "interviews/{id}/transcript"
        | "interviews/{id}/transcript/speaker"
        | "interviews/{id}/summary"
        | "reports"
        | "reports/{id}"
        | "reports/items" => Summary,
        "interviews/{id}/feedback" | "interviews/{id}/feedback/approve" => Feedback,
        _ => return None,
    };
    let option = match (feature, path) {
        (_, "models/{id}/statistics") => Some(ContractOption::VideoAnalysis),
        // Serves both ethics options: the use case wants either.
        (_, "fairness/settings") => None,
        (PretrainedModel, _) => Some(ContractOption::PretrainedModel),
        (EthicsModel, _) => Some(ContractOption::EthicsModel),
        (EthicsPredictions, _) => Some(ContractOption::EthicsPredictions),
        (ConversationAnalysis, _) => Some(ContractOption::ConversationAnalysis),
        _ => None,
    };
    // Where staff who must set up their authenticator app first can do so: their account and its set-up.
    let before_mfa_setup = matches!(path, "me" | "me/mfa" | "me/mfa/totp" | "me/mfa/totp/confirm" | "tenant");
    Some(Access { feature, option, before_mfa_setup })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_authenticated_route_belongs_to_a_feature_for_every_role() {
        let routes = crate::authenticated_routes();
        assert!(routes.len() > 60, "{}", routes.len());
        for (method, path) in routes {
            for role in Role::ALL {
                assert!(access_of(&method, &path, role).is_some(), "{method} {path} as {role:?}");
            }
        }
    }

    #[test]
    fn an_expert_reads_interviews_to_rate_them_around_the_clock() {
        let get = |role| access_of(&Method::GET, "/t/{tenant}/v1/interviews/{id}", role).unwrap().feature;
        assert_eq!(get(Role::Expert), Feature::ModelBuilding);
        assert_eq!(get(Role::Interviewer), Feature::InterviewSetup);
    }

    #[test]
    fn statistics_need_the_video_analysis_option() {
        let access = access_of(&Method::GET, "/t/{tenant}/v1/models/{id}/statistics", Role::Admin).unwrap();
        assert_eq!(access.option, Some(ContractOption::VideoAnalysis));
        assert_eq!(access_of(&Method::GET, "/t/{tenant}/v1/nothing", Role::Admin), None);
    }
}
