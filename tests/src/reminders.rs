//! Interview reminders (issue 15): timers 24 hours and 1 hour before an interview, moved with it
//! and removed when it is cancelled; a due reminder is mailed once, and not at all once the
//! interview changed.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::{TestApp, id_of, spawn_app_in};

async fn reminder_lines(app: &TestApp, admin: &str, tenant: &str) -> Vec<Value> {
    let reply = app.call(Method::GET, &format!("/t/{tenant}/v1/mail/sent"), Some(admin), None).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body.as_array().unwrap().iter().filter(|l| l["kind"] == "interview_reminder").cloned().collect()
}

/// A reminder set while the server ran fires after it was stopped and started again, once, to
/// those who did not turn reminders off.
pub async fn a_reminder_fires_after_a_restart() {
    let data = tempfile::tempdir().unwrap();
    let tenant = "remind";
    let before_stop = spawn_app_in(data.path()).await;
    // Stopped before anything falls due: what is set must be kept on disk.
    before_stop.timers.as_ref().unwrap().abort();
    let fx = before_stop.fixture(tenant).await;
    // The interviewer turned reminders off in their profile; the candidate keeps the default.
    let prefs = format!("/t/{tenant}/v1/me/mail-preferences");
    let default = before_stop.call(Method::GET, &prefs, Some(&fx.interviewee.1), None).await;
    assert_eq!(default.body, json!({"reminders": true, "language": "both"}));
    let off = before_stop.call(Method::PUT, &prefs, Some(&fx.interviewer.1), Some(json!({"reminders": false}))).await;
    assert_eq!((off.status, off.body.clone()), (StatusCode::OK, json!({"reminders": false, "language": "both"})));
    let soon = chrono::Utc::now() + chrono::Duration::hours(1) + chrono::Duration::seconds(2);
    let created = before_stop
        .call(
            Method::POST,
            &format!("/t/{tenant}/v1/interviews"),
            Some(&fx.admin),
            Some(
                json!({"mode": "face_to_face", "interviewee_id": fx.interviewee.0, "interviewer_id": fx.interviewer.0,
                "scheduled_at": soon.to_rfc3339()}),
            ),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    before_stop.embedded.as_ref().unwrap().events.idle().await;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    assert!(reminder_lines(&before_stop, &fx.admin, tenant).await.is_empty(), "nothing fires while stopped");

    let after_start = spawn_app_in(data.path()).await;
    let mut lines = Vec::new();
    for _ in 0..100 {
        after_start.embedded.as_ref().unwrap().events.idle().await;
        lines = reminder_lines(&after_start, &fx.admin, tenant).await;
        if !lines.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(lines.len(), 1, "the candidate is reminded, the interviewer asked for none: {lines:?}");
    assert_eq!(lines[0]["to"], format!("interviewee@{tenant}.example"));
    let id = id_of(&created);
    let copy = after_start
        .http
        .get(format!("{}/t/{tenant}/v1/mail/sent/{}/message", after_start.url, lines[0]["id"].as_str().unwrap()))
        .bearer_auth(&fx.admin)
        .send()
        .await
        .unwrap();
    let message = mail_parser::MessageParser::default().parse(&copy.bytes().await.unwrap()).unwrap().into_owned();
    assert!(message.subject().unwrap().contains("面談のリマインド"), "{:?}", message.subject());
    let text = message.body_text(0).unwrap().into_owned();
    assert!(text.contains("まもなく（1 時間後）"), "{text}");
    assert!(text.contains(&format!("/t/{tenant}")) && !text.contains(&format!("{id}@mendan")));
    // Once: another second of ticking sends nothing more.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    after_start.embedded.as_ref().unwrap().events.idle().await;
    assert_eq!(reminder_lines(&after_start, &fx.admin, tenant).await.len(), 1);
}

/// On AWS: the scheduling function keeps one EventBridge Scheduler schedule per reminder, aimed at
/// Mendan's bus; moved with the interview, gone when it is cancelled. A schedule's input, fed to
/// the email function as EventBridge would deliver it, is mailed while it is current and ignored
/// once stale.
pub async fn reminder_schedules_follow_the_interview(app: &TestApp, moto: &crate::moto::MotoBackend) {
    let tenant = "remind";
    let fx = app.fixture(tenant).await;
    let scheduler = aws_sdk_scheduler::Client::new(&moto.sdk);
    let group = moto.settings.timers.as_ref().unwrap().group.clone();
    let site = mendan_core::usecases::interview_mail::SiteUrl("https://mendan.example.co.jp".into());
    let mut fed = moto.received_events(1).await.len();
    // The events published since the last call, each fed to the scheduling function.
    let feed = |fed: usize| async move {
        let events = moto.received_events(fed + 1).await;
        for event in events[fed..].iter().filter(|e| e.detail_type == "InterviewChanged") {
            let envelope = json!({"source": "mendan", "detail-type": event.detail_type, "detail": event.detail});
            let answer = mendan_pipeline::scheduling::handle_envelope(&app.ports, envelope).await;
            assert_eq!(answer.as_ref().map(|a| a["status"].clone()), Ok(json!("done")), "{answer:?}");
        }
        events.len()
    };
    let schedule = |name: String| {
        let (scheduler, group) = (scheduler.clone(), group.clone());
        async move { scheduler.get_schedule().group_name(group).name(name).send().await }
    };

    let created = app
        .call(
            Method::POST,
            &format!("/t/{tenant}/v1/interviews"),
            Some(&fx.admin),
            Some(
                json!({"mode": "face_to_face", "interviewee_id": fx.interviewee.0, "interviewer_id": fx.interviewer.0,
                "scheduled_at": "2030-06-10T05:00:00Z"}),
            ),
        )
        .await;
    let id = id_of(&created);
    fed = feed(fed).await;
    let day_before = schedule(format!("{id}-24h")).await.expect("the 24-hour reminder");
    assert_eq!(day_before.schedule_expression(), Some("at(2030-06-09T05:00:00)"));
    let hour_before = schedule(format!("{id}-1h")).await.expect("the 1-hour reminder");
    assert_eq!(hour_before.schedule_expression(), Some("at(2030-06-10T04:00:00)"));
    let target = hour_before.target().unwrap();
    assert_eq!(Some(target.arn()), moto.settings.timers.as_ref().map(|t| t.event_bus_arn.as_str()));
    assert_eq!(target.event_bridge_parameters().map(|p| p.detail_type()), Some("InterviewReminderDue"));
    // A face-to-face call also ends by itself when its join window closes (3 hours after the start).
    let call_end = schedule(format!("{id}-callend")).await.expect("the call's end");
    assert_eq!(call_end.schedule_expression(), Some("at(2030-06-10T08:00:00)"));
    assert_eq!(call_end.target().unwrap().event_bridge_parameters().map(|p| p.detail_type()), Some("CallEnded"));

    let moved = app
        .call(
            Method::PATCH,
            &format!("/t/{tenant}/v1/interviews/{id}"),
            Some(&fx.admin),
            Some(json!({"scheduled_at": "2030-06-11T01:30:00Z"})),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{:?}", moved.body);
    fed = feed(fed).await;
    let moved_reminder = schedule(format!("{id}-1h")).await.expect("moved, not removed");
    assert_eq!(moved_reminder.schedule_expression(), Some("at(2030-06-11T00:30:00)"));
    let moved_end = schedule(format!("{id}-callend")).await.expect("the call's end, moved");
    assert_eq!(moved_end.schedule_expression(), Some("at(2030-06-11T04:30:00)"));

    // The moved schedule fires: EventBridge delivers its input to the email function.
    let due = |input: &str| json!({"source": "mendan", "detail-type": "InterviewReminderDue", "detail": serde_json::from_str::<Value>(input).unwrap()});
    let input = moved_reminder.target().unwrap().input().unwrap().to_owned();
    let sent = mendan_pipeline::mail::handle_envelope(&app.ports, &site, due(&input)).await.unwrap();
    assert_eq!(sent["sent"], 2, "{sent}");
    let again = mendan_pipeline::mail::handle_envelope(&app.ports, &site, due(&input)).await.unwrap();
    assert_eq!(again["sent"], 0, "a reminder delivered twice is mailed once");
    // The old (first revision) reminder is stale: nothing is mailed.
    let stale = hour_before.target().unwrap().input().unwrap().to_owned();
    assert_eq!(mendan_pipeline::mail::handle_envelope(&app.ports, &site, due(&stale)).await.unwrap()["sent"], 0);

    let cancelled = app
        .call(
            Method::POST,
            &format!("/t/{tenant}/v1/interviews/{id}/status"),
            Some(&fx.admin),
            Some(json!({"status": "cancelled"})),
        )
        .await;
    assert_eq!(cancelled.status, StatusCode::OK);
    fed = feed(fed).await;
    for hours in ["24h", "1h", "callend"] {
        let gone = schedule(format!("{id}-{hours}")).await;
        assert!(gone.is_err_and(|e| e.as_service_error().is_some_and(|s| s.is_resource_not_found_exception())));
    }
    // A self-interview with a deadline: reminded 3 days and 1 day before it, the candidate alone.
    let created = app
        .call(
            Method::POST,
            &format!("/t/{tenant}/v1/interviews"),
            Some(&fx.admin),
            Some(json!({"mode": "self", "interviewee_id": fx.interviewee.0, "interviewer_id": fx.interviewer.0,
                "question_set_id": fx.question_set, "scheduled_at": "2030-07-01T00:00:00Z",
                "deadline": "2030-07-08T14:59:00Z"})),
        )
        .await;
    let self_id = id_of(&created);
    feed(fed).await;
    let three_days = schedule(format!("{self_id}-72h")).await.expect("3 days before the deadline");
    assert_eq!(three_days.schedule_expression(), Some("at(2030-07-05T14:59:00)"));
    let one_day = schedule(format!("{self_id}-24h")).await.expect("1 day before the deadline");
    assert_eq!(one_day.schedule_expression(), Some("at(2030-07-07T14:59:00)"));
    assert!(schedule(format!("{self_id}-1h")).await.is_err(), "no start reminder for a self-interview with a deadline");
    assert!(schedule(format!("{self_id}-callend")).await.is_err(), "a self-interview has no call");
    let input = three_days.target().unwrap().input().unwrap().to_owned();
    let sent = mendan_pipeline::mail::handle_envelope(&app.ports, &site, due(&input)).await.unwrap();
    assert_eq!(sent["sent"], 1, "the candidate alone: {sent}");
    // Started but not finished: the 1-day reminder still goes; finished: it does not.
    let started = app
        .call(
            Method::POST,
            &format!("/t/{tenant}/v1/interviews/{self_id}/status"),
            Some(&fx.interviewee.1),
            Some(json!({"status": "in_progress"})),
        )
        .await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    let input = one_day.target().unwrap().input().unwrap().to_owned();
    assert_eq!(mendan_pipeline::mail::handle_envelope(&app.ports, &site, due(&input)).await.unwrap()["sent"], 1);
    // The scheduling function's sample event of events/ takes the same path.
    let notice = uuid::Uuid::now_v7().to_string();
    let sample = crate::samples::sample_event(
        "scheduling-interview-changed.json",
        &[
            ("TENANT", tenant),
            ("INTERVIEW_ID", &id),
            ("NOTICE_ID", &notice),
            ("INTERVIEWEE_ID", &fx.interviewee.0),
            ("INTERVIEWER_ID", &fx.interviewer.0),
        ],
    );
    let answer = mendan_pipeline::scheduling::handle_envelope(&app.ports, sample).await.unwrap();
    assert_eq!(answer["status"], "done", "{answer}");
}

/// A self-interview's deadline: only for self-interviews, after the start, within 90 days; the
/// interview answers it back.
pub async fn deadlines_are_checked(app: &TestApp) {
    let tenant = "deadline";
    let fx = app.fixture(tenant).await;
    let path = format!("/t/{tenant}/v1/interviews");
    let body = |mode: &str, deadline: &str| {
        json!({"mode": mode, "interviewee_id": fx.interviewee.0, "interviewer_id": fx.interviewer.0,
            "question_set_id": fx.question_set, "scheduled_at": "2030-06-01T00:00:00Z", "deadline": deadline})
    };
    for (mode, deadline) in
        [("face_to_face", "2030-06-03T00:00:00Z"), ("self", "2030-05-31T00:00:00Z"), ("self", "2030-12-31T00:00:00Z")]
    {
        let refused = app.call(Method::POST, &path, Some(&fx.admin), Some(body(mode, deadline))).await;
        assert_eq!(
            (refused.status, refused.body["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("deadline"))
        );
    }
    let created = app.call(Method::POST, &path, Some(&fx.admin), Some(body("self", "2030-06-08T14:59:00Z"))).await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    assert_eq!(created.body["deadline"], "2030-06-08T14:59:00Z");
    let id = id_of(&created);
    let moved = app
        .call(
            Method::PATCH,
            &format!("{path}/{id}"),
            Some(&fx.admin),
            Some(json!({"deadline": "2030-06-10T14:59:00Z"})),
        )
        .await;
    assert_eq!((moved.status, moved.body["deadline"].as_str()), (StatusCode::OK, Some("2030-06-10T14:59:00Z")));
    assert_eq!(moved.body["revision"], 1, "a new deadline is a change the people are told about");
}
