//! The server's copy of a video call on AWS: the interview's Kinesis video stream (`{prefix}-{tenant}-{interview}`,
//! filled by KVS WebRTC ingestion), read back in pieces with GetClip (a playable MP4 per piece, from the data
//! endpoint GetDataEndpoint names) and deleted after the export.

use aws_config::SdkConfig;
use aws_sdk_kinesisvideo::types::ApiName;
use aws_sdk_kinesisvideoarchivedmedia::primitives::DateTime as AwsTime;
use aws_sdk_kinesisvideoarchivedmedia::types::{ClipFragmentSelector, ClipFragmentSelectorType, ClipTimestampRange};
use chrono::{DateTime, Utc};
use mendan_core::domain::recording::MAX_RECORDING_BYTES;
use mendan_core::ports::{Clip, PortError, PortResult};

use crate::error::{backend, build};

/// The piece of the stream `name` between `from` and `to` (server timestamps), or `None` when the stream or any
/// fragment in that span is missing.
pub async fn clip(
    kvs: &aws_sdk_kinesisvideo::Client,
    sdk: &SdkConfig,
    media_endpoint: Option<&str>,
    name: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> PortResult<Option<Clip>> {
    let endpoint = match kvs.get_data_endpoint().stream_name(name).api_name(ApiName::GetClip).send().await {
        Ok(out) => out.data_endpoint().map(str::to_owned),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_not_found_exception()) => return Ok(None),
        Err(e) => return Err(backend("kinesisvideo GetDataEndpoint", &e)),
    };
    let Some(endpoint) = endpoint else { return Err(PortError::Backend("GetDataEndpoint named no endpoint".into())) };
    // A deployment reads from the stream's own data endpoint; tests name a stand-in.
    let url = media_endpoint.map_or(endpoint, str::to_owned);
    let config = aws_sdk_kinesisvideoarchivedmedia::config::Builder::from(sdk).endpoint_url(url).build();
    let media = aws_sdk_kinesisvideoarchivedmedia::Client::from_conf(config);
    let range = ClipTimestampRange::builder()
        .start_timestamp(AwsTime::from_millis(from.timestamp_millis()))
        .end_timestamp(AwsTime::from_millis(to.timestamp_millis()))
        .build()
        .map_err(|e| build("kinesis-video-archived-media range", e))?;
    let selector = ClipFragmentSelector::builder()
        .fragment_selector_type(ClipFragmentSelectorType::ServerTimestamp)
        .timestamp_range(range)
        .build()
        .map_err(|e| build("kinesis-video-archived-media selector", e))?;
    let out = match media.get_clip().stream_name(name).clip_fragment_selector(selector).send().await {
        Ok(out) => out,
        // No stream, no fragments in the span, or nothing kept: nothing to export.
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_resource_not_found_exception() || s.is_no_data_retention_exception()) =>
        {
            return Ok(None);
        }
        Err(e) => return Err(backend("kinesis-video-archived-media GetClip", &e)),
    };
    let content_type = out.content_type().unwrap_or("video/mp4").to_owned();
    let bytes = out.payload.collect().await.map_err(|e| PortError::Backend(format!("GetClip payload: {e}")))?.to_vec();
    if bytes.len() as u64 > MAX_RECORDING_BYTES {
        return Err(PortError::Backend(format!("a clip of {} bytes is larger than a recording may be", bytes.len())));
    }
    Ok((!bytes.is_empty()).then_some(Clip { content_type, bytes }))
}

/// Deletes the stream `name`; one that is not there is no error.
pub async fn remove(kvs: &aws_sdk_kinesisvideo::Client, name: &str) -> PortResult<()> {
    let arn = match kvs.describe_stream().stream_name(name).send().await {
        Ok(out) => out.stream_info().and_then(|i| i.stream_arn()).map(str::to_owned),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_not_found_exception()) => None,
        Err(e) => return Err(backend("kinesisvideo DescribeStream", &e)),
    };
    let Some(arn) = arn else { return Ok(()) };
    match kvs.delete_stream().stream_arn(arn).send().await {
        Ok(_) => Ok(()),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_not_found_exception()) => Ok(()),
        Err(e) => Err(backend("kinesisvideo DeleteStream", &e)),
    }
}
