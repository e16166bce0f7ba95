//! Face-to-face video calls on the embedded backend (issue 16): who joins when, and the relay.

use mendan_tests::app::spawn_app;

#[tokio::test]
async fn only_the_interviews_people_join_its_call_while_it_is_open() {
    let app = spawn_app().await;
    mendan_tests::calls::only_the_interviews_people_join_while_it_is_open(&app).await;
}

#[tokio::test]
async fn the_relay_introduces_the_calls_people_and_refuses_changed_links() {
    let app = spawn_app().await;
    mendan_tests::calls::the_relay_introduces_the_calls_people(&app).await;
}

#[tokio::test]
async fn a_call_recording_is_analysed_with_the_voices_apart() {
    let app = spawn_app().await;
    mendan_tests::calls::a_call_recording_is_analysed_with_the_voices_apart(&app).await;
}

/// The AWS adapter against a test double of the KVS signaling control plane (moto has none).
#[tokio::test]
async fn kvs_channels_are_made_presigned_and_removed() {
    mendan_tests::calls::kvs_channels_are_made_presigned_and_removed().await;
}

/// The kinesis-ingest function against moto's video streams and archived media.
#[tokio::test]
async fn the_servers_copy_of_a_call_is_exported_only_when_the_browser_sent_nothing() {
    mendan_tests::calls::the_servers_copy_of_a_call_is_exported_only_when_the_browser_sent_nothing().await;
}

#[tokio::test]
async fn call_settings_are_the_admins_and_reach_the_join() {
    let app = spawn_app().await;
    mendan_tests::call_storage::call_settings_are_the_admins_and_reach_the_join(&app).await;
}

/// The server's copy's producer against the KVS test double (moto has no WebRTC storage).
#[tokio::test]
async fn the_interviewees_browser_feeds_the_servers_copy() {
    mendan_tests::call_storage::the_interviewees_browser_feeds_the_servers_copy().await;
}
