//! Interview notices on the embedded backend (the outbox of `.eml` files); the same scenario runs
//! on SES (moto) in aws_api.rs.

use mendan_tests::app::spawn_app;
use mendan_tests::mail::{EmbeddedMail, interview_notices};

#[tokio::test]
async fn scheduling_moving_and_cancelling_an_interview_mails_its_people() {
    let app = spawn_app().await;
    interview_notices(&app, &EmbeddedMail).await;
}

#[tokio::test]
async fn invitations_and_forgotten_passwords_are_mailed_links() {
    let app = spawn_app().await;
    mendan_tests::mail::invitations_and_password_links(&app, &EmbeddedMail).await;
}

#[tokio::test]
async fn a_reminder_set_before_a_restart_fires_after_it() {
    mendan_tests::reminders::a_reminder_fires_after_a_restart().await;
}

#[tokio::test]
async fn a_bounced_address_gets_no_more_mail_until_cleared() {
    let app = spawn_app().await;
    mendan_tests::mail::a_bounced_address_gets_no_more_mail(&app, &EmbeddedMail).await;
}

#[tokio::test]
async fn the_mail_domain_is_saved_and_its_records_are_marked_not_needed_here() {
    let app = spawn_app().await;
    mendan_tests::mail::the_mail_domain_shows_its_records(&app, true).await;
}

#[tokio::test]
async fn ready_mail_goes_to_whoever_waits() {
    let app = spawn_app().await;
    mendan_tests::mail::ready_mail_goes_to_whoever_waits(&app, &EmbeddedMail).await;
}

#[tokio::test]
async fn self_interview_deadlines_are_checked() {
    let app = spawn_app().await;
    mendan_tests::reminders::deadlines_are_checked(&app).await;
}
