//! Video call signaling on AWS: one Kinesis Video Streams signaling channel per interview
//! (`{prefix}-{tenant}-{interview}`, single master), made on the first join and deleted when the
//! call ends. A join answers a SigV4-presigned WSS URL for exactly that channel, role and client,
//! valid [`JOIN_VALID_FOR`](mendan_core::domain::call::JOIN_VALID_FOR); the browser holds no AWS
//! credentials. ICE servers: KVS's STUN server and the TURN servers `GetIceServerConfig` answers
//! for the channel (so calls work behind company firewalls). The server's copy of a call is the video stream of the
//! same name (`call_archive`).

use async_trait::async_trait;
use aws_config::SdkConfig;
use aws_credential_types::provider::ProvideCredentials;
use aws_sdk_kinesisvideo::types::{
    ChannelProtocol, ChannelRole, ChannelType, SingleMasterChannelEndpointConfiguration, SingleMasterConfiguration, Tag,
};
use aws_sigv4::http_request::{SignableBody, SignableRequest, SignatureLocation, SigningSettings, sign};
use aws_sigv4::sign::v4;
use mendan_core::domain::call::{CallPeer, CallRole, IceServer, Signaling};
use mendan_core::domain::{InterviewId, TenantSlug};
use mendan_core::ports::{Calls, Clip, PortError, PortResult};
use std::time::{Duration, SystemTime};

use crate::error::{backend, build};

/// Where a deployment's channels are named: `MENDAN_CALL_CHANNEL_PREFIX` (the SAM template sets
/// `mendan-{stage}`, and scopes the functions' permissions to it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallSettings {
    pub channel_prefix: String,
    /// Where GetClip goes instead of the stream's data endpoint (a local stand-in in tests); `None` on AWS.
    pub media_endpoint: Option<String>,
}

/// How long KVS keeps an undelivered signaling message (its minimum is 5 s, its maximum 120 s).
const MESSAGE_TTL_SECONDS: i32 = 60;

pub struct KvsCalls {
    kvs: aws_sdk_kinesisvideo::Client,
    sdk: SdkConfig,
    settings: CallSettings,
}

impl KvsCalls {
    pub fn new(sdk: &SdkConfig, settings: CallSettings) -> Self {
        Self { kvs: aws_sdk_kinesisvideo::Client::new(sdk), sdk: sdk.clone(), settings }
    }

    /// The channel's name: unique per interview (ids are unique across tenants), in KVS's alphabet.
    pub fn channel_name(&self, tenant: &TenantSlug, interview: InterviewId) -> String {
        format!("{}-{}-{}", self.settings.channel_prefix, tenant.as_str(), interview)
    }

    async fn find_channel(&self, name: &str) -> PortResult<Option<String>> {
        match self.kvs.describe_signaling_channel().channel_name(name).send().await {
            Ok(out) => Ok(out.channel_info().and_then(|i| i.channel_arn()).map(str::to_owned)),
            Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_not_found_exception()) => Ok(None),
            Err(e) => Err(backend("kinesisvideo DescribeSignalingChannel", &e)),
        }
    }

    /// The channel of the server's copy: fed by the interviewee's browser, stored into the stream of the call's name.
    fn copy_channel_name(&self, tenant: &TenantSlug, interview: InterviewId) -> String {
        format!("{}-copy", self.channel_name(tenant, interview))
    }

    /// The channel `name`'s ARN, creating the channel the first time; two first joins at once both end
    /// with the one channel.
    async fn channel(&self, tenant: &TenantSlug, name: &str) -> PortResult<String> {
        if let Some(arn) = self.find_channel(name).await? {
            return Ok(arn);
        }
        let tag = Tag::builder()
            .key("mendan:tenant")
            .value(tenant.as_str())
            .build()
            .map_err(|e| build("kinesisvideo tag", e))?;
        let created = self
            .kvs
            .create_signaling_channel()
            .channel_name(name)
            .channel_type(ChannelType::SingleMaster)
            .single_master_configuration(
                SingleMasterConfiguration::builder().message_ttl_seconds(MESSAGE_TTL_SECONDS).build(),
            )
            .tags(tag)
            .send()
            .await;
        match created {
            Ok(out) => out.channel_arn().map(str::to_owned).ok_or_else(|| PortError::Backend("no channel ARN".into())),
            Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_in_use_exception()) => {
                self.find_channel(name).await?.ok_or_else(|| PortError::Backend("the channel vanished".into()))
            }
            Err(e) => Err(backend("kinesisvideo CreateSignalingChannel", &e)),
        }
    }

    /// The channel's WSS and HTTPS endpoints for `role`.
    async fn endpoints(&self, arn: &str, role: CallRole) -> PortResult<(String, String)> {
        let role = match role {
            CallRole::Master => ChannelRole::Master,
            CallRole::Viewer => ChannelRole::Viewer,
        };
        let configuration = SingleMasterChannelEndpointConfiguration::builder()
            .protocols(ChannelProtocol::Wss)
            .protocols(ChannelProtocol::Https)
            .role(role)
            .build();
        let out = self
            .kvs
            .get_signaling_channel_endpoint()
            .channel_arn(arn)
            .single_master_channel_endpoint_configuration(configuration)
            .send()
            .await
            .map_err(|e| backend("kinesisvideo GetSignalingChannelEndpoint", &e))?;
        let endpoint = |protocol: ChannelProtocol| {
            out.resource_endpoint_list()
                .iter()
                .find(|e| e.protocol() == Some(&protocol))
                .and_then(|e| e.resource_endpoint())
                .map(str::to_owned)
                .ok_or_else(|| PortError::Backend(format!("no {protocol:?} endpoint for the channel")))
        };
        Ok((endpoint(ChannelProtocol::Wss)?, endpoint(ChannelProtocol::Https)?))
    }

    /// KVS's STUN server for the region and the channel's TURN servers.
    async fn ice_servers(&self, arn: &str, https: &str, client_id: &str) -> PortResult<Vec<IceServer>> {
        let config = aws_sdk_kinesisvideosignaling::config::Builder::from(&self.sdk).endpoint_url(https).build();
        let signaling = aws_sdk_kinesisvideosignaling::Client::from_conf(config);
        let out = signaling
            .get_ice_server_config()
            .channel_arn(arn)
            .client_id(client_id)
            .service(aws_sdk_kinesisvideosignaling::types::Service::Turn)
            .send()
            .await
            .map_err(|e| backend("kinesisvideo GetIceServerConfig", &e))?;
        let region = self.region()?;
        let mut servers = vec![IceServer {
            urls: vec![format!("stun:stun.kinesisvideo.{region}.amazonaws.com:443")],
            username: None,
            credential: None,
        }];
        servers.extend(out.ice_server_list().iter().map(|s| IceServer {
            urls: s.uris().to_vec(),
            username: s.username().map(str::to_owned),
            credential: s.password().map(str::to_owned),
        }));
        Ok(servers)
    }

    /// Where `peer` connects on the channel `arn`, and through which relays.
    async fn signaling_on(&self, arn: &str, peer: &CallPeer) -> PortResult<Signaling> {
        let (wss, https) = self.endpoints(arn, peer.role).await?;
        let ice_servers = self.ice_servers(arn, &https, &peer.client_id).await?;
        Ok(Signaling { url: self.presign(&wss, arn, peer).await?, ice_servers })
    }

    /// Deletes the channel `name`; one that is not there is no error.
    async fn delete_channel(&self, name: &str) -> PortResult<()> {
        let Some(arn) = self.find_channel(name).await? else { return Ok(()) };
        match self.kvs.delete_signaling_channel().channel_arn(arn).send().await {
            Ok(_) => Ok(()),
            Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_not_found_exception()) => Ok(()),
            Err(e) => Err(backend("kinesisvideo DeleteSignalingChannel", &e)),
        }
    }

    fn region(&self) -> PortResult<String> {
        self.sdk.region().map(|r| r.to_string()).ok_or_else(|| PortError::Backend("no AWS region configured".into()))
    }

    async fn presign(&self, wss: &str, arn: &str, peer: &CallPeer) -> PortResult<String> {
        let provider = self
            .sdk
            .credentials_provider()
            .ok_or_else(|| PortError::Backend("no AWS credentials to presign with".into()))?;
        let credentials = provider
            .provide_credentials()
            .await
            .map_err(|e| PortError::Backend(format!("credentials for presigning: {e}")))?;
        let valid_for = (peer.expires_at - chrono::Utc::now()).to_std().unwrap_or(Duration::from_secs(1));
        // A viewer is named by its client id; the master by the channel alone.
        let client_id = (peer.role == CallRole::Viewer).then_some(peer.client_id.as_str());
        presign_url(
            &PresignRequest { endpoint: wss, channel_arn: arn, client_id, region: &self.region()?, valid_for },
            credentials,
            SystemTime::now(),
        )
    }
}

#[async_trait]
impl Calls for KvsCalls {
    async fn signaling(&self, peer: &CallPeer) -> PortResult<Signaling> {
        let arn = self.channel(&peer.tenant, &self.channel_name(&peer.tenant, peer.interview_id)).await?;
        self.signaling_on(&arn, peer).await
    }

    async fn close(&self, tenant: &TenantSlug, interview: InterviewId) -> PortResult<()> {
        self.delete_channel(&self.channel_name(tenant, interview)).await?;
        self.delete_channel(&self.copy_channel_name(tenant, interview)).await
    }

    async fn copy_signaling(&self, peer: &CallPeer) -> PortResult<Signaling> {
        let (tenant, interview) = (&peer.tenant, peer.interview_id);
        let stream =
            crate::call_storage::ensure_stream(&self.kvs, &self.channel_name(tenant, interview), tenant.as_str())
                .await?;
        let channel = self.channel(tenant, &self.copy_channel_name(tenant, interview)).await?;
        crate::call_storage::enable_storage(&self.kvs, &channel, &stream).await?;
        self.signaling_on(&channel, peer).await
    }

    async fn start_copy_session(&self, tenant: &TenantSlug, interview: InterviewId) -> PortResult<()> {
        let name = self.copy_channel_name(tenant, interview);
        let Some(channel) = self.find_channel(&name).await? else { return Err(PortError::NotFound) };
        crate::call_storage::join_session(&self.kvs, &self.sdk, &channel).await
    }

    fn keeps_copies(&self) -> bool {
        true
    }

    async fn archived_clip(
        &self,
        tenant: &TenantSlug,
        interview: InterviewId,
        from: chrono::DateTime<chrono::Utc>,
        to: chrono::DateTime<chrono::Utc>,
    ) -> PortResult<Option<Clip>> {
        let name = self.channel_name(tenant, interview);
        crate::call_archive::clip(&self.kvs, &self.sdk, self.settings.media_endpoint.as_deref(), &name, from, to).await
    }

    async fn remove_archive(&self, tenant: &TenantSlug, interview: InterviewId) -> PortResult<()> {
        crate::call_archive::remove(&self.kvs, &self.channel_name(tenant, interview)).await
    }
}

/// What a presigned signaling URL grants.
pub struct PresignRequest<'a> {
    /// The channel's WSS endpoint, `wss://{host}`.
    pub endpoint: &'a str,
    pub channel_arn: &'a str,
    pub client_id: Option<&'a str>,
    pub region: &'a str,
    pub valid_for: Duration,
}

/// The WSS URL with `X-Amz-ChannelARN` (and `X-Amz-ClientId` for a viewer) and a SigV4 query
/// signature for service `kinesisvideo`, as KVS's signaling service checks it.
pub fn presign_url(
    request: &PresignRequest<'_>,
    credentials: aws_credential_types::Credentials,
    now: SystemTime,
) -> PortResult<String> {
    let fail = |what: &str, e: &dyn std::fmt::Display| PortError::Backend(format!("presigning {what}: {e}"));
    let mut url = url::Url::parse(request.endpoint).map_err(|e| fail("the endpoint", &e))?;
    url.set_path("/");
    {
        let mut query = url.query_pairs_mut();
        query.append_pair("X-Amz-ChannelARN", request.channel_arn);
        if let Some(client) = request.client_id {
            query.append_pair("X-Amz-ClientId", client);
        }
    }
    let host = match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_owned(),
        (None, _) => return Err(PortError::Backend("the signaling endpoint has no host".into())),
    };
    let mut settings = SigningSettings::default();
    settings.signature_location = SignatureLocation::QueryParams;
    settings.expires_in = Some(request.valid_for);
    let identity = credentials.into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(request.region)
        .name("kinesisvideo")
        .time(now)
        .settings(settings)
        .build()
        .map_err(|e| fail("the parameters", &e))?
        .into();
    let signable =
        SignableRequest::new("GET", url.as_str(), [("host", host.as_str())].into_iter(), SignableBody::Bytes(&[]))
            .map_err(|e| fail("the request", &e))?;
    let (instructions, _) = sign(signable, &params).map_err(|e| fail("the request", &e))?.into_parts();
    {
        let mut query = url.query_pairs_mut();
        for (name, value) in instructions.params() {
            query.append_pair(name, value);
        }
    }
    Ok(url.into())
}

/// A deployment without `MENDAN_CALL_CHANNEL_PREFIX` has no calls: the API answers 409
/// `calls_not_set_up`.
pub struct NoCalls;

#[async_trait]
impl Calls for NoCalls {
    async fn signaling(&self, _peer: &CallPeer) -> PortResult<Signaling> {
        Err(PortError::NotFound)
    }

    async fn close(&self, _tenant: &TenantSlug, _interview: InterviewId) -> PortResult<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(url: &str) -> std::collections::HashMap<String, String> {
        url::Url::parse(url).unwrap().query_pairs().into_owned().collect()
    }

    #[test]
    fn a_viewers_url_names_its_channel_client_and_expiry_and_is_signed_for_kinesisvideo() {
        let credentials =
            aws_credential_types::Credentials::new("AKIDEXAMPLE", "secret", Some("token".into()), None, "test");
        let arn = "arn:aws:kinesisvideo:ap-northeast-1:123456789012:channel/mendan-prod-acme-x/1";
        let request = PresignRequest {
            endpoint: "wss://v-1234.kinesisvideo.ap-northeast-1.amazonaws.com",
            channel_arn: arn,
            client_id: Some("u-abc"),
            region: "ap-northeast-1",
            valid_for: Duration::from_secs(300),
        };
        let url =
            presign_url(&request, credentials.clone(), SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000))
                .unwrap();
        assert!(url.starts_with("wss://v-1234.kinesisvideo.ap-northeast-1.amazonaws.com/?"), "{url}");
        let q = query(&url);
        assert_eq!(q["X-Amz-ChannelARN"], arn);
        assert_eq!(q["X-Amz-ClientId"], "u-abc");
        assert_eq!(q["X-Amz-Expires"], "300");
        assert_eq!(q["X-Amz-Algorithm"], "AWS4-HMAC-SHA256");
        assert_eq!(q["X-Amz-Credential"], "AKIDEXAMPLE/20270115/ap-northeast-1/kinesisvideo/aws4_request");
        assert_eq!(q["X-Amz-SignedHeaders"], "host");
        assert_eq!(q["X-Amz-Security-Token"], "token");
        assert_eq!(q["X-Amz-Signature"].len(), 64);
        // The master is named by the channel alone; another client or time signs differently.
        let master = presign_url(
            &PresignRequest { client_id: None, ..request },
            credentials.clone(),
            SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000),
        )
        .unwrap();
        assert!(!query(&master).contains_key("X-Amz-ClientId"));
        assert_ne!(query(&master)["X-Amz-Signature"], q["X-Amz-Signature"]);
    }
}
