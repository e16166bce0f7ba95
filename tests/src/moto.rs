//! Fresh AWS resources in a running moto server (a local AWS-API endpoint), one set per test, and
//! the AWS ports built on them. Tests that need AWS skip when no endpoint is configured.

use anyhow::{Context, Result, anyhow};
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_cognitoidentityprovider::types::{AttributeDataType, ExplicitAuthFlowsType, SchemaAttributeType};
use aws_sdk_dynamodb::types::{AttributeDefinition, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType};
use aws_sdk_s3::types::{BucketLocationConstraint, CreateBucketConfiguration};
use aws_sdk_sqs::types::QueueAttributeName;
use mendan_aws::AwsSettings;
use mendan_core::Ports;
use mendan_core::ports::Event;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// The moto server to provision in, e.g. `http://127.0.0.1:5123`.
pub const ENDPOINT_VAR: &str = "MENDAN_TEST_AWS_ENDPOINT";
/// A second moto server for the tests that read back what SES was sent (`/moto-api/data.json`
/// dumps every service's models, and breaks once AWS Batch models exist, which other tests make);
/// without it they use [`ENDPOINT_VAR`].
pub const MAIL_ENDPOINT_VAR: &str = "MENDAN_TEST_AWS_MAIL_ENDPOINT";
/// Set to `1` (as CI does) to make a missing endpoint fail instead of skip.
pub const REQUIRE_VAR: &str = "MENDAN_REQUIRE_AWS_TESTS";
/// How long [`MotoBackend::received_events`] waits for the queue to fill.
const EVENT_WAIT: Duration = Duration::from_secs(5);

pub struct MotoBackend {
    pub settings: AwsSettings,
    pub ports: Ports,
    /// The SDK configuration of the endpoint, for clients the ports do not hold.
    pub sdk: SdkConfig,
    sqs: aws_sdk_sqs::Client,
    queue_url: String,
    received: Mutex<Vec<Event>>,
}

/// A backend on fresh resources, or `None` when no moto endpoint is configured.
///
/// # Panics
/// When `MENDAN_REQUIRE_AWS_TESTS=1` and the endpoint is unset, or when provisioning fails.
pub async fn moto_backend() -> Option<MotoBackend> {
    backend_at(std::env::var(ENDPOINT_VAR).ok()).await
}

/// Like [`moto_backend`], on the mail tests' own server when there is one.
pub async fn moto_mail_backend() -> Option<MotoBackend> {
    backend_at(std::env::var(MAIL_ENDPOINT_VAR).ok().or_else(|| std::env::var(ENDPOINT_VAR).ok())).await
}

async fn backend_at(endpoint: Option<String>) -> Option<MotoBackend> {
    let endpoint = endpoint.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let Some(endpoint) = endpoint else {
        if std::env::var(REQUIRE_VAR).is_ok_and(|v| v == "1") {
            panic!(
                "{REQUIRE_VAR}=1 but {ENDPOINT_VAR} is unset: start moto (`moto_server -H 127.0.0.1 -p 5123`) \
                 and set {ENDPOINT_VAR}=http://127.0.0.1:5123"
            );
        }
        eprintln!("skipping: {ENDPOINT_VAR} is unset, so there is no moto server to test the AWS adapters against");
        return None;
    };
    match provision(&endpoint).await {
        Ok(backend) => Some(backend),
        Err(e) => panic!("could not provision test resources in moto at {endpoint}: {e:#}"),
    }
}

impl MotoBackend {
    /// The events published to the bus so far, as an EventBridge rule on source `mendan` delivered
    /// them to the test's queue; waits up to ~5 s for at least `at_least` of them.
    pub async fn received_events(&self, at_least: usize) -> Vec<Event> {
        let mut received = self.received.lock().await;
        let deadline = Instant::now() + EVENT_WAIT;
        while received.len() < at_least && Instant::now() < deadline {
            let out = self
                .sqs
                .receive_message()
                .queue_url(&self.queue_url)
                .max_number_of_messages(10)
                .wait_time_seconds(1)
                .send()
                .await
                .unwrap_or_else(|e| {
                    panic!("receiving from the test queue: {}", aws_sdk_sqs::error::DisplayErrorContext(e))
                });
            for message in out.messages() {
                received.push(parse_delivery(message.body().unwrap_or_default()));
                if let Some(handle) = message.receipt_handle() {
                    // Consumed messages must not come back after their visibility timeout.
                    let _ = self.sqs.delete_message().queue_url(&self.queue_url).receipt_handle(handle).send().await;
                }
            }
        }
        received.clone()
    }
}

/// An EventBridge event as delivered to SQS: `{"detail-type": ..., "detail": {...}, ...}`.
fn parse_delivery(body: &str) -> Event {
    let value: serde_json::Value =
        serde_json::from_str(body).unwrap_or_else(|e| panic!("the queue holds a non-JSON message ({e}): {body}"));
    Event { detail_type: value["detail-type"].as_str().unwrap_or_default().to_owned(), detail: value["detail"].clone() }
}

/// SDK configuration for a local endpoint (moto, or a test double of a service moto lacks): the
/// environment's credentials and region when set, otherwise dummy ones (both accept any), without
/// touching the process environment.
pub async fn local_sdk_config(endpoint: &str) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest()).endpoint_url(endpoint);
    if std::env::var_os("AWS_ACCESS_KEY_ID").is_none() {
        loader = loader.credentials_provider(aws_sdk_sqs::config::Credentials::new("test", "test", None, None, "moto"));
    }
    if std::env::var_os("AWS_REGION").is_none() && std::env::var_os("AWS_DEFAULT_REGION").is_none() {
        loader = loader.region(Region::new("ap-northeast-1"));
    }
    loader.load().await
}

async fn provision(endpoint: &str) -> Result<MotoBackend> {
    let sdk = local_sdk_config(endpoint).await;
    let region = sdk.region().map(|r| r.to_string()).context("no AWS region configured")?;
    // Unique names, so tests can share one moto server and run in parallel.
    let name = format!("mendan-test-{}", uuid::Uuid::new_v4().simple());

    create_table(&sdk, &name).await.context("creating the DynamoDB table")?;
    create_bucket(&sdk, &name, &region).await.context("creating the S3 bucket")?;
    let (sqs, queue_url) = create_bus_to_queue(&sdk, &name).await.context("creating the event bus and queue")?;
    let (user_pool_id, user_pool_client_id) = create_user_pool(&sdk, &name).await.context("creating the user pool")?;

    let settings = AwsSettings {
        table: name.clone(),
        bucket: name.clone(),
        event_bus: name.clone(),
        user_pool_id,
        user_pool_client_id,
        endpoint_url: Some(endpoint.to_owned()),
        training_jobs: None,
        // moto has no Bedrock runtime; `tests/it/language_model.rs` stands one in.
        language_model_id: None,
        mail: Some(create_mail_sender(&sdk).await.context("creating the SES sender identity")?),
        timers: Some(create_schedule_group(&sdk, &name).await.context("creating the schedule group")?),
        // moto has no KVS signaling; `tests/src/kvs_double.rs` stands in where calls are tested.
        calls: None,
        malware_scanning: false,
    };
    let ports = mendan_aws::ports_from(&sdk, &settings);
    Ok(MotoBackend { settings, ports, sdk, sqs, queue_url, received: Mutex::new(Vec::new()) })
}

/// A schedule group for reminder timers, aimed at the test's bus (moto does not run schedules;
/// tests read them back).
async fn create_schedule_group(sdk: &SdkConfig, name: &str) -> Result<mendan_aws::TimerSettings> {
    aws_sdk_scheduler::Client::new(sdk).create_schedule_group().name(name).send().await?;
    let bus = aws_sdk_eventbridge::Client::new(sdk).describe_event_bus().name(name).send().await?;
    Ok(mendan_aws::TimerSettings {
        group: name.to_owned(),
        role_arn: "arn:aws:iam::123456789012:role/mendan-test-scheduler".into(),
        event_bus_arn: bus.arn().context("no event bus ARN")?.to_owned(),
    })
}

/// The deployment's sender: an SES identity for a test domain (moto verifies it at once).
async fn create_mail_sender(sdk: &SdkConfig) -> Result<mendan_aws::MailSettings> {
    let domain = "mail.mendan-test.example";
    aws_sdk_sesv2::Client::new(sdk).create_email_identity().email_identity(domain).send().await?;
    Ok(mendan_aws::MailSettings { default_from: format!("no-reply@{domain}"), configuration_set: None })
}

async fn create_table(sdk: &SdkConfig, name: &str) -> Result<()> {
    let key = |attr: &str, kind| KeySchemaElement::builder().attribute_name(attr).key_type(kind).build();
    let string =
        |attr: &str| AttributeDefinition::builder().attribute_name(attr).attribute_type(ScalarAttributeType::S).build();
    aws_sdk_dynamodb::Client::new(sdk)
        .create_table()
        .table_name(name)
        .key_schema(key("pk", KeyType::Hash)?)
        .key_schema(key("sk", KeyType::Range)?)
        .attribute_definitions(string("pk")?)
        .attribute_definitions(string("sk")?)
        .billing_mode(BillingMode::PayPerRequest)
        .send()
        .await?;
    Ok(())
}

async fn create_bucket(sdk: &SdkConfig, name: &str, region: &str) -> Result<()> {
    let client = aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(sdk).force_path_style(true).build());
    let mut request = client.create_bucket().bucket(name);
    // us-east-1 is the one region that refuses an explicit location constraint.
    if region != "us-east-1" {
        let location =
            CreateBucketConfiguration::builder().location_constraint(BucketLocationConstraint::from(region)).build();
        request = request.create_bucket_configuration(location);
    }
    request.send().await?;
    // Versioned, as the stack's bucket is: erasure must remove every version, not only the current one.
    let enabled = aws_sdk_s3::types::VersioningConfiguration::builder()
        .status(aws_sdk_s3::types::BucketVersioningStatus::Enabled)
        .build();
    client.put_bucket_versioning().bucket(name).versioning_configuration(enabled).send().await?;
    Ok(())
}

/// A bus with a rule on source `mendan` whose target is a fresh queue the test reads.
async fn create_bus_to_queue(sdk: &SdkConfig, name: &str) -> Result<(aws_sdk_sqs::Client, String)> {
    let sqs = aws_sdk_sqs::Client::new(sdk);
    let queue_url = sqs.create_queue().queue_name(name).send().await?.queue_url().context("no queue URL")?.to_owned();
    let attributes =
        sqs.get_queue_attributes().queue_url(&queue_url).attribute_names(QueueAttributeName::QueueArn).send().await?;
    let queue_arn =
        attributes.attributes().and_then(|a| a.get(&QueueAttributeName::QueueArn)).context("no queue ARN")?.to_owned();

    let events = aws_sdk_eventbridge::Client::new(sdk);
    events.create_event_bus().name(name).send().await?;
    let pattern = serde_json::json!({ "source": [mendan_core::events::SOURCE] }).to_string();
    events.put_rule().name(name).event_bus_name(name).event_pattern(pattern).send().await?;
    let target = aws_sdk_eventbridge::types::Target::builder().id("test-queue").arn(queue_arn).build()?;
    let out = events.put_targets().rule(name).event_bus_name(name).targets(target).send().await?;
    if out.failed_entry_count() > 0 {
        return Err(anyhow!("the rule refused the queue target: {:?}", out.failed_entries()));
    }
    Ok((sqs, queue_url))
}

/// A pool with the custom attributes Mendan uses and an app client without secret that may sign
/// in with ADMIN_USER_PASSWORD_AUTH.
async fn create_user_pool(sdk: &SdkConfig, name: &str) -> Result<(String, String)> {
    let cognito = aws_sdk_cognitoidentityprovider::Client::new(sdk);
    let custom = |attr: &str| {
        SchemaAttributeType::builder().name(attr).attribute_data_type(AttributeDataType::String).mutable(true).build()
    };
    let pool =
        cognito.create_user_pool().pool_name(name).schema(custom("tenant")).schema(custom("role")).send().await?;
    let pool_id = pool.user_pool().and_then(|p| p.id()).context("no user pool id")?.to_owned();
    let client = cognito
        .create_user_pool_client()
        .user_pool_id(&pool_id)
        .client_name(name)
        .generate_secret(false)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowAdminUserPasswordAuth)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
        .send()
        .await?;
    let client_id = client.user_pool_client().and_then(|c| c.client_id()).context("no app client id")?.to_owned();
    Ok((pool_id, client_id))
}
