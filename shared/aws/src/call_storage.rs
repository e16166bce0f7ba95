//! Storing a video call on the server (issue 16 item 5): Kinesis Video Streams WebRTC ingestion. The interview's
//! video stream (`{prefix}-{tenant}-{interview}`, what `call_archive` exports) is fed by a second signaling channel of
//! the interview (`…-copy`) whose media storage is enabled; its one master, the interviewee's browser, connects
//! and the server then asks the service to join that channel (`JoinStorageSession`) and store what it receives.

use aws_config::SdkConfig;
use aws_sdk_kinesisvideo::types::{
    ChannelProtocol, ChannelRole, MediaStorageConfiguration, MediaStorageConfigurationStatus,
    SingleMasterChannelEndpointConfiguration,
};
use mendan_core::ports::{PortError, PortResult};

use crate::error::{backend, build};

/// How long the stream keeps the call: long enough for the export after the call (retried for a day at most),
/// short because it is a copy of personal data; the stream is deleted after the export anyway.
const RETENTION_HOURS: i32 = 48;

/// The stream `name`'s ARN, creating it the first time; two first joins at once both end with the one stream.
pub async fn ensure_stream(kvs: &aws_sdk_kinesisvideo::Client, name: &str, tenant: &str) -> PortResult<String> {
    if let Some(arn) = find_stream(kvs, name).await? {
        return Ok(arn);
    }
    let created = kvs
        .create_stream()
        .stream_name(name)
        .data_retention_in_hours(RETENTION_HOURS)
        .tags("mendan:tenant", tenant)
        .send()
        .await;
    match created {
        Ok(out) => out.stream_arn().map(str::to_owned).ok_or_else(|| PortError::Backend("no stream ARN".into())),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_in_use_exception()) => {
            find_stream(kvs, name).await?.ok_or_else(|| PortError::Backend("the stream vanished".into()))
        }
        Err(e) => Err(backend("kinesisvideo CreateStream", &e)),
    }
}

async fn find_stream(kvs: &aws_sdk_kinesisvideo::Client, name: &str) -> PortResult<Option<String>> {
    match kvs.describe_stream().stream_name(name).send().await {
        Ok(out) => Ok(out.stream_info().and_then(|i| i.stream_arn()).map(str::to_owned)),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_not_found_exception()) => Ok(None),
        Err(e) => Err(backend("kinesisvideo DescribeStream", &e)),
    }
}

/// Makes the channel store into the stream; left alone when it already does (changing it under a running session
/// would end the session).
pub async fn enable_storage(kvs: &aws_sdk_kinesisvideo::Client, channel_arn: &str, stream_arn: &str) -> PortResult<()> {
    let current = kvs
        .describe_media_storage_configuration()
        .channel_arn(channel_arn)
        .send()
        .await
        .map_err(|e| backend("kinesisvideo DescribeMediaStorageConfiguration", &e))?;
    let stored = current
        .media_storage_configuration()
        .is_some_and(|c| c.status() == &MediaStorageConfigurationStatus::Enabled && c.stream_arn() == Some(stream_arn));
    if stored {
        return Ok(());
    }
    let configuration = MediaStorageConfiguration::builder()
        .stream_arn(stream_arn)
        .status(MediaStorageConfigurationStatus::Enabled)
        .build()
        .map_err(|e| build("kinesisvideo media storage configuration", e))?;
    kvs.update_media_storage_configuration()
        .channel_arn(channel_arn)
        .media_storage_configuration(configuration)
        .send()
        .await
        .map_err(|e| backend("kinesisvideo UpdateMediaStorageConfiguration", &e))?;
    Ok(())
}

/// Asks the service to join the storage-enabled channel as the peer that stores (its master must be connected).
pub async fn join_session(kvs: &aws_sdk_kinesisvideo::Client, sdk: &SdkConfig, channel_arn: &str) -> PortResult<()> {
    let configuration = SingleMasterChannelEndpointConfiguration::builder()
        .protocols(ChannelProtocol::Webrtc)
        .role(ChannelRole::Master)
        .build();
    let out = kvs
        .get_signaling_channel_endpoint()
        .channel_arn(channel_arn)
        .single_master_channel_endpoint_configuration(configuration)
        .send()
        .await
        .map_err(|e| backend("kinesisvideo GetSignalingChannelEndpoint", &e))?;
    let endpoint = out
        .resource_endpoint_list()
        .iter()
        .find(|e| e.protocol() == Some(&ChannelProtocol::Webrtc))
        .and_then(|e| e.resource_endpoint())
        .ok_or_else(|| PortError::Backend("no WEBRTC endpoint for the copy's channel".into()))?;
    let config = aws_sdk_kinesisvideowebrtcstorage::config::Builder::from(sdk).endpoint_url(endpoint).build();
    let storage = aws_sdk_kinesisvideowebrtcstorage::Client::from_conf(config);
    match storage.join_storage_session().channel_arn(channel_arn).send().await {
        Ok(_) => Ok(()),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_not_found_exception()) => Err(PortError::NotFound),
        Err(e) => Err(backend("kinesisvideo JoinStorageSession", &e)),
    }
}
