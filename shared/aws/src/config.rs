//! The AWS resources a function talks to, read once from the environment at start-up.

/// Names of the resources the adapters use; the SAM template passes them to every function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsSettings {
    /// DynamoDB table holding every item (`pk`, `sk`).
    pub table: String,
    /// S3 bucket holding recordings, features, models and reports.
    pub bucket: String,
    /// EventBridge bus the functions publish to.
    pub event_bus: String,
    /// Cognito user pool, `{region}_{id}`.
    pub user_pool_id: String,
    /// Cognito app client the web UI signs in with (no client secret).
    pub user_pool_client_id: String,
    /// A local AWS-API server (moto) instead of AWS; `None` in AWS.
    pub endpoint_url: Option<String>,
    /// Where training jobs go; only the training function has it.
    pub training_jobs: Option<TrainingJobSettings>,
    /// The Amazon Bedrock model (or inference profile) id that may reword follow-ups and feedback;
    /// `None` (the default) leaves the templates as they are.
    pub language_model_id: Option<String>,
    /// Who sends mail when a tenant's own domain cannot; `None`: this deployment sends no mail.
    pub mail: Option<crate::mailer::MailSettings>,
    /// Where reminder timers go; only the scheduling function has it.
    pub timers: Option<crate::timers::TimerSettings>,
    /// How this deployment names the video calls' signaling channels; `None`: no calls.
    pub calls: Option<crate::calls::CallSettings>,
    /// Uploads are scanned (GuardDuty Malware Protection for S3): analysis waits for the scan's tag
    /// (`MENDAN_MALWARE_SCANNING=on`).
    pub malware_scanning: bool,
}

/// The AWS Batch job queue and job definition of the training job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrainingJobSettings {
    pub job_queue: String,
    pub job_definition: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{name} is not set: it must name {purpose}")]
    Missing { name: &'static str, purpose: &'static str },
    #[error("{name} is not valid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

/// Each required variable with what it is for, so the error tells the operator what to set.
const TABLE: (&str, &str) = ("MENDAN_TABLE", "the DynamoDB table that holds Mendan's items");
const BUCKET: (&str, &str) = ("MENDAN_BUCKET", "the S3 bucket that holds recordings, models and reports");
const EVENT_BUS: (&str, &str) = ("MENDAN_EVENT_BUS", "the EventBridge bus the functions publish events to");
const USER_POOL: (&str, &str) = ("MENDAN_USER_POOL_ID", "the Cognito user pool holding the accounts");
const USER_POOL_CLIENT: (&str, &str) =
    ("MENDAN_USER_POOL_CLIENT_ID", "the Cognito app client the web UI signs in with");
const JOB_QUEUE: &str = "MENDAN_TRAINING_JOB_QUEUE";
const JOB_DEFINITION: &str = "MENDAN_TRAINING_JOB_DEFINITION";
const LANGUAGE_MODEL: &str = "MENDAN_BEDROCK_MODEL_ID";
const MAIL_FROM: &str = "MENDAN_MAIL_FROM";
const MAIL_CONFIGURATION_SET: &str = "MENDAN_MAIL_CONFIGURATION_SET";
const SCHEDULE_GROUP: &str = "MENDAN_SCHEDULE_GROUP";
const SCHEDULER_ROLE: &str = "MENDAN_SCHEDULER_ROLE_ARN";
const EVENT_BUS_ARN: &str = "MENDAN_EVENT_BUS_ARN";
const CALL_CHANNEL_PREFIX: &str = "MENDAN_CALL_CHANNEL_PREFIX";

impl AwsSettings {
    /// Reads the settings from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the settings through `lookup`, so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let required = |(name, purpose): (&'static str, &'static str)| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
                .ok_or(ConfigError::Missing { name, purpose })
        };
        let optional = |name: &str| lookup(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let training_jobs = match (optional(JOB_QUEUE), optional(JOB_DEFINITION)) {
            (Some(job_queue), Some(job_definition)) => Some(TrainingJobSettings { job_queue, job_definition }),
            (None, None) => None,
            (Some(_), None) | (None, Some(_)) => {
                return Err(ConfigError::Invalid {
                    name: JOB_QUEUE,
                    reason: format!("{JOB_QUEUE} and {JOB_DEFINITION} go together: set both or neither"),
                });
            }
        };
        let timers = match optional(SCHEDULE_GROUP) {
            None => None,
            Some(group) => {
                let with_group = |name: &'static str| {
                    optional(name).ok_or(ConfigError::Invalid {
                        name,
                        reason: format!("{SCHEDULE_GROUP} needs {SCHEDULER_ROLE} and {EVENT_BUS_ARN} too"),
                    })
                };
                Some(crate::timers::TimerSettings {
                    group,
                    role_arn: with_group(SCHEDULER_ROLE)?,
                    event_bus_arn: with_group(EVENT_BUS_ARN)?,
                })
            }
        };
        let settings = Self {
            table: required(TABLE)?,
            bucket: required(BUCKET)?,
            event_bus: required(EVENT_BUS)?,
            user_pool_id: required(USER_POOL)?,
            user_pool_client_id: required(USER_POOL_CLIENT)?,
            endpoint_url: optional("AWS_ENDPOINT_URL"),
            malware_scanning: optional("MENDAN_MALWARE_SCANNING").is_some_and(|v| v == "on"),
            training_jobs,
            language_model_id: optional(LANGUAGE_MODEL),
            mail: optional(MAIL_FROM).map(|default_from| crate::mailer::MailSettings {
                default_from,
                configuration_set: optional(MAIL_CONFIGURATION_SET),
            }),
            timers,
            calls: optional(CALL_CHANNEL_PREFIX)
                .map(|channel_prefix| crate::calls::CallSettings { channel_prefix, media_endpoint: None }),
        };
        if settings.user_pool_region().is_none() {
            return Err(ConfigError::Invalid {
                name: USER_POOL.0,
                reason: "a user pool id looks like ap-northeast-1_AbCdEf123 (region, '_', id)".into(),
            });
        }
        Ok(settings)
    }

    /// The region part of the user pool id (`ap-northeast-1` in `ap-northeast-1_AbCdEf123`).
    pub fn user_pool_region(&self) -> Option<&str> {
        self.user_pool_id
            .split_once('_')
            .map(|(region, _)| region)
            .filter(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |name| map.get(name).cloned()
    }

    const FULL: [(&str, &str); 5] = [
        ("MENDAN_TABLE", "t"),
        ("MENDAN_BUCKET", "b"),
        ("MENDAN_EVENT_BUS", "bus"),
        ("MENDAN_USER_POOL_ID", "ap-northeast-1_abc"),
        ("MENDAN_USER_POOL_CLIENT_ID", "client"),
    ];

    #[test]
    fn reads_every_variable() {
        let mut pairs = FULL.to_vec();
        pairs.push(("AWS_ENDPOINT_URL", "http://127.0.0.1:5123"));
        let s = AwsSettings::from_lookup(env(&pairs)).expect("complete environment");
        assert_eq!(s.table, "t");
        assert_eq!(s.user_pool_region(), Some("ap-northeast-1"));
        assert_eq!(s.endpoint_url.as_deref(), Some("http://127.0.0.1:5123"));
    }

    #[test]
    fn names_the_missing_variable_and_its_purpose() {
        let pairs: Vec<_> = FULL.iter().copied().filter(|(k, _)| *k != "MENDAN_EVENT_BUS").collect();
        let err = AwsSettings::from_lookup(env(&pairs)).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("MENDAN_EVENT_BUS") && text.contains("EventBridge"), "{text}");
    }

    #[test]
    fn training_jobs_need_queue_and_definition_together() {
        assert_eq!(AwsSettings::from_lookup(env(&FULL)).unwrap().training_jobs, None);
        let mut pairs = FULL.to_vec();
        pairs.push(("MENDAN_TRAINING_JOB_QUEUE", "q"));
        assert!(matches!(AwsSettings::from_lookup(env(&pairs)), Err(ConfigError::Invalid { .. })));
        pairs.push(("MENDAN_TRAINING_JOB_DEFINITION", "d"));
        let jobs = AwsSettings::from_lookup(env(&pairs)).unwrap().training_jobs.unwrap();
        assert_eq!((jobs.job_queue.as_str(), jobs.job_definition.as_str()), ("q", "d"));
    }

    #[test]
    fn refuses_a_pool_id_without_region() {
        let mut pairs = FULL.to_vec();
        pairs[3] = ("MENDAN_USER_POOL_ID", "nopool");
        assert!(matches!(
            AwsSettings::from_lookup(env(&pairs)),
            Err(ConfigError::Invalid { name: "MENDAN_USER_POOL_ID", .. })
        ));
    }
}
