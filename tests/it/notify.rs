//! Notifications through real protocols: email over SMTP to a server the test runs (and to the
//! outbox folder by default), SMS and AlimTalk over HTTP to a recorder speaking the provider's
//! shape. Each message is sent once per cause, however often its job runs.

use jangteo::jobs::model::JobState;
use jangteo::notify::mail::{self, SendEmail};
use jangteo::notify::sms::{self, Category, Recipient};
use jangteo_tests::{Backend, Recorder, SmtpBehaviour, SmtpServer, TestApp, both_backends};
use serde_json::{Value, json};

async fn app_with_smtp(backend: Backend, smtp: &SmtpServer, retry_base_ms: u64) -> TestApp {
    let port = smtp.port;
    TestApp::spawn_with(backend, move |c| {
        c.mail.transport = jangteo::config::MailTransportKind::Smtp;
        c.mail.from = "바른한끼 <shop@bareun.example>".into();
        c.public_url = "https://shop.bareun.example/".into();
        c.mail.smtp.host = "127.0.0.1".into();
        c.mail.smtp.port = port;
        c.mail.smtp.security = jangteo::config::SmtpSecurity::None;
        c.mail.smtp.timeout_secs = 1;
        c.jobs.poll_interval_ms = 50;
        c.jobs.retry_base_ms = retry_base_ms;
    })
    .await
}

async fn send_test_mail(app: &TestApp, to: &str) -> Value {
    let body = app
        .admin(
            "mutation($to: String!) { mailSendTest(to: $to) { job { id kind status } userErrors { field code message } } }",
            json!({ "to": to }),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["mailSendTest"].clone()
}

fn job_id(payload: &Value) -> i64 {
    let gid = payload["job"]["id"].as_str().expect("a job");
    gid.parse::<shared::JobId>().unwrap().key()
}

both_backends!(email_arrives_over_smtp_with_both_parts, email_over_smtp);
async fn email_over_smtp(backend: Backend) {
    let smtp = SmtpServer::start().await;
    let app = app_with_smtp(backend, &smtp, 10_000).await;
    let queued = send_test_mail(&app, "staff@example.com").await;
    assert_eq!(queued["job"]["kind"], "email.send");
    app.wait_for_job(job_id(&queued), |j| j.state() == Some(JobState::Succeeded))
        .await;
    let got = smtp.wait_for(1).await;
    let message = &got[0];
    assert_eq!(message.mail_from, "shop@bareun.example");
    assert_eq!(message.rcpt_to, vec!["staff@example.com".to_owned()]);
    assert_eq!(
        message.header("Subject").as_deref(),
        Some("[바른한끼] 메일 발송 테스트")
    );
    assert!(
        message
            .header("From")
            .unwrap()
            .contains("shop@bareun.example")
    );
    let message_id = message.header("Message-ID").unwrap();
    assert!(message_id.ends_with("@bareun.example>"), "{message_id}");
    let text = message.part("text/plain").expect("a plain-text part");
    let html = message.part("text/html").expect("an HTML part");
    assert!(
        text.contains("메일 설정이 올바르게 동작하고 있습니다."),
        "{text}"
    );
    assert!(
        text.contains("관리자 화면 열기: https://shop.bareun.example/admin/"),
        "{text}"
    );
    assert!(
        html.contains("href=\"https://shop.bareun.example/admin/\""),
        "absolute links survive: {html}"
    );
    assert!(
        text.contains("(Asia/Seoul)"),
        "times in the shop's zone: {text}"
    );
    assert!(
        html.contains("style=\"") && !html.contains("<style"),
        "CSS inlined: {html}"
    );

    // Bad input is a user error, not a job.
    let refused = send_test_mail(&app, "not an address").await;
    assert_eq!(refused["job"], Value::Null);
    assert_eq!(refused["userErrors"][0]["field"], json!(["to"]));
}

both_backends!(one_email_per_cause_however_often_the_job_runs, email_once);
async fn email_once(backend: Backend) {
    let smtp = SmtpServer::start().await;
    let app = app_with_smtp(backend, &smtp, 10_000).await;
    let email = SendEmail {
        to: "buyer@example.com".into(),
        template: "test".into(),
        context: json!({ "requested_by": "test", "requested_at": "now", "admin_url": "/admin/" }),
        channel_id: None,
        cause: "order:20261125-000001:paid".into(),
    };
    let mut ids = Vec::new();
    for _ in 0..3 {
        let email = email.clone();
        let templates = mail::Templates::new().unwrap();
        ids.push(
            app.db
                .run(move |c| mail::enqueue(c, &templates, &email))
                .await
                .unwrap(),
        );
    }
    for id in ids {
        app.wait_for_job(id, |j| j.state() == Some(JobState::Succeeded))
            .await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        smtp.messages().len(),
        1,
        "three jobs for one cause, one email"
    );
}

both_backends!(refusals_and_outages_of_the_mail_server, smtp_failures);
async fn smtp_failures(backend: Backend) {
    let smtp = SmtpServer::start().await;
    let app = app_with_smtp(backend, &smtp, 60_000).await;
    // A permanent refusal: dead at once, with the server's words.
    smtp.set_behaviour(SmtpBehaviour::RejectRecipients);
    let job = job_id(&send_test_mail(&app, "nobody@example.com").await);
    let dead = app
        .wait_for_job(job, |j| j.state() == Some(JobState::Dead))
        .await;
    assert_eq!(dead.attempts, 1);
    assert!(
        dead.last_error.as_deref().unwrap().contains("refused"),
        "{dead:?}"
    );
    // A temporary failure and a server that does not answer: retried later.
    for behaviour in [SmtpBehaviour::TemporaryFailure, SmtpBehaviour::Hang] {
        smtp.set_behaviour(behaviour);
        let job = job_id(&send_test_mail(&app, "later@example.com").await);
        let failed = app.wait_for_job(job, |j| j.is_failed()).await;
        assert_eq!(failed.attempts, 1);
        assert!(
            failed.run_at > failed.updated_at,
            "scheduled for a later retry: {failed:?}"
        );
        assert!(
            failed
                .last_error
                .as_deref()
                .unwrap()
                .contains("unavailable"),
            "{behaviour:?}: {failed:?}"
        );
    }
    assert!(smtp.messages().is_empty());
}

both_backends!(email_goes_to_the_outbox_by_default, outbox);
async fn outbox(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.jobs.poll_interval_ms = 50).await;
    let job = job_id(&send_test_mail(&app, "staff@example.com").await);
    app.wait_for_job(job, |j| j.state() == Some(JobState::Succeeded))
        .await;
    let outbox = app.data_dir().join("outbox");
    let files: Vec<_> = std::fs::read_dir(&outbox).unwrap().flatten().collect();
    assert_eq!(files.len(), 1);
    let eml = std::fs::read_to_string(files[0].path()).unwrap();
    let parsed = mailparse::parse_mail(eml.as_bytes()).unwrap();
    use mailparse::MailHeaderMap;
    assert_eq!(
        parsed.headers.get_first_value("To").as_deref(),
        Some("staff@example.com")
    );
    assert_eq!(
        parsed.headers.get_first_value("Subject").as_deref(),
        Some("[바른한끼] 메일 발송 테스트")
    );
    assert!(files[0].file_name().to_string_lossy().ends_with(".eml"));
}

async fn app_with_sms(backend: Backend, provider: &Recorder, kakao: bool) -> TestApp {
    let endpoint = provider.url("/v1/messages");
    TestApp::spawn_with(backend, move |c| {
        c.sms.provider = jangteo::config::SmsProviderKind::Http;
        c.sms.sender = "02-1234-5678".into();
        c.sms.http.endpoint = endpoint;
        c.sms.http.api_key = Some(jangteo::config::Secret::new("sms-key".into()));
        c.sms.http.kakao_sender_key =
            kakao.then(|| jangteo::config::Secret::new("KAKAO-SENDER".to_owned()));
        c.jobs.poll_interval_ms = 50;
        c.jobs.retry_base_ms = 60_000;
    })
    .await
}

async fn enqueue_sms(
    app: &TestApp,
    phone: &str,
    consent: bool,
    category: Category,
    cause: &str,
) -> Result<i64, String> {
    let (phone, cause) = (phone.to_owned(), cause.to_owned());
    app.db
        .run(move |c| {
            let templates = sms::SmsTemplates::new().unwrap();
            let recipient = Recipient {
                phone,
                marketing_consent: consent,
            };
            Ok::<_, jangteo::db::DbError>(
                sms::enqueue(
                    c,
                    &templates,
                    &recipient,
                    "test",
                    json!({ "message": "배송이 시작되었어요" }),
                    category,
                    &cause,
                )
                .map_err(|e| e.to_string()),
            )
        })
        .await
        .unwrap()
}

both_backends!(alimtalk_reaches_the_provider_in_its_shape, alimtalk);
async fn alimtalk(backend: Backend) {
    let provider = Recorder::start().await;
    let app = app_with_sms(backend, &provider, true).await;
    let job = enqueue_sms(
        &app,
        "010-9876-5432",
        false,
        Category::Transactional,
        "order:1:shipped",
    )
    .await
    .unwrap();
    app.wait_for_job(job, |j| j.state() == Some(JobState::Succeeded))
        .await;
    let got = provider.wait_for(1).await;
    let request = &got[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/v1/messages");
    assert_eq!(request.headers["authorization"], "Bearer sms-key");
    let body = request.json();
    assert_eq!(body["from"], "0212345678");
    assert_eq!(body["to"], "01098765432");
    assert_eq!(body["type"], "ATA");
    assert_eq!(body["kakao"]["senderKey"], "KAKAO-SENDER");
    assert_eq!(body["kakao"]["templateCode"], "JT_TEST_01");
    assert_eq!(
        body["kakao"]["variables"],
        json!({ "#{shop}": "바른한끼", "#{message}": "배송이 시작되었어요" })
    );
    assert_eq!(
        body["kakao"]["fallback"],
        json!({ "type": "SMS", "text": "[바른한끼] 문자 발송 테스트입니다. 배송이 시작되었어요" })
    );
    // The same cause again: no second message.
    let again = enqueue_sms(
        &app,
        "+82 10 9876 5432",
        false,
        Category::Transactional,
        "order:1:shipped",
    )
    .await
    .unwrap();
    app.wait_for_job(again, |j| j.state() == Some(JobState::Succeeded))
        .await;
    assert_eq!(provider.requests().len(), 1);
}

both_backends!(sms_consent_numbers_and_provider_errors, sms_rules);
async fn sms_rules(backend: Backend) {
    let provider = Recorder::start().await;
    let app = app_with_sms(backend, &provider, false).await;
    // Marketing needs consent; transactional does not; numbers must be mobile numbers.
    let refused = enqueue_sms(&app, "010-1111-2222", false, Category::Marketing, "promo:1").await;
    assert_eq!(
        refused.unwrap_err(),
        "the recipient has not consented to marketing messages"
    );
    let invalid = enqueue_sms(&app, "02-123-4567", true, Category::Transactional, "x").await;
    assert!(invalid.unwrap_err().contains("not a Korean mobile number"));
    let ok = enqueue_sms(&app, "010-1111-2222", true, Category::Marketing, "promo:1")
        .await
        .unwrap();
    app.wait_for_job(ok, |j| j.state() == Some(JobState::Succeeded))
        .await;
    assert_eq!(
        provider.wait_for(1).await[0].json()["type"],
        "SMS",
        "no KakaoTalk channel: plain SMS"
    );

    // The provider's own errors: 5xx is retried later, 4xx is final.
    provider.reply_with(503, r#"{"error":"maintenance"}"#);
    let later = enqueue_sms(&app, "010-3333-4444", false, Category::Transactional, "a")
        .await
        .unwrap();
    let failed = app.wait_for_job(later, |j| j.is_failed()).await;
    assert!(failed.last_error.unwrap().contains("503"));
    provider.reply_with(400, r#"{"error":"unregistered sender"}"#);
    let never = enqueue_sms(&app, "010-5555-6666", false, Category::Transactional, "b")
        .await
        .unwrap();
    let dead = app
        .wait_for_job(never, |j| j.state() == Some(JobState::Dead))
        .await;
    assert!(dead.last_error.unwrap().contains("unregistered sender"));
}

both_backends!(message_reservations_belong_to_their_holder, reservations);
async fn reservations(backend: Backend) {
    use jangteo::notify::delivery::{self, Reservation};
    let app = TestApp::spawn_with(backend, |c| c.jobs.worker = false).await;
    let result = app
        .db
        .run(|c| {
            let reserve = |c: &mut jangteo::db::AnyConnection| {
                delivery::reserve(c, "m1", "email", "a@example.com", "test")
            };
            let first = reserve(c)?;
            let second = reserve(c)?;
            let Reservation::Send { token } = first.clone() else {
                panic!("{first:?}")
            };
            assert!(
                matches!(second, Reservation::InProgress { .. }),
                "{second:?}"
            );
            assert!(
                !delivery::mark_sent(c, "m1", "someone-else")?,
                "only the holder marks it"
            );
            // The holder died: once the reservation ends another sender takes it over ...
            use diesel::prelude::*;
            use jangteo::db::schema::message_deliveries as md;
            diesel::update(md::table.find("m1"))
                .set(md::claimed_until.eq(Some(jangteo::db::now() - chrono::Duration::seconds(1))))
                .execute(c)?;
            let Reservation::Send { token: new_token } = reserve(c)? else {
                panic!("takeover")
            };
            // ... and the old holder can neither mark nor release it.
            assert!(!delivery::mark_sent(c, "m1", &token)?);
            delivery::release(c, "m1", &token)?;
            assert!(matches!(reserve(c)?, Reservation::InProgress { .. }));
            assert!(delivery::mark_sent(c, "m1", &new_token)?);
            reserve(c)
        })
        .await
        .unwrap();
    assert_eq!(result, Reservation::AlreadySent);
}

both_backends!(
    a_message_being_sent_elsewhere_defers_the_job_without_costing_an_attempt,
    deferred
);
async fn deferred(backend: Backend) {
    use jangteo::notify::delivery::{self, Reservation};
    let smtp = SmtpServer::start().await;
    let app = app_with_smtp(backend, &smtp, 10).await;
    let email = SendEmail {
        to: "buyer@example.com".into(),
        template: "test".into(),
        context: json!({ "requested_by": "test", "requested_at": "now", "admin_url": "/admin/" }),
        channel_id: None,
        cause: "order:42:paid".into(),
    };
    // Another job holds the message for two more seconds.
    let notifier = jangteo::notify::Notifier::from_config(&jangteo::config::Config {
        mail: jangteo::config::MailConfig {
            from: "바른한끼 <shop@bareun.example>".into(),
            ..Default::default()
        },
        ..Default::default()
    })
    .unwrap();
    let message_id = notifier
        .mail
        .message_id(&email.cause, &email.template, &email.to);
    let held = message_id.clone();
    app.db
        .run(move |c| {
            let r = delivery::reserve(c, &held, "email", "buyer@example.com", "test")?;
            assert!(matches!(r, Reservation::Send { .. }));
            use diesel::prelude::*;
            use jangteo::db::schema::message_deliveries as md;
            diesel::update(md::table.find(&held))
                .set(md::claimed_until.eq(Some(jangteo::db::now() + chrono::Duration::seconds(2))))
                .execute(c)?;
            Ok::<_, jangteo::db::DbError>(())
        })
        .await
        .unwrap();
    let templates = mail::Templates::new().unwrap();
    let e = email.clone();
    let id = app
        .db
        .run(move |c| mail::enqueue(c, &templates, &e))
        .await
        .unwrap();
    let waiting = app
        .wait_for_job(id, |j| {
            j.last_error
                .as_deref()
                .is_some_and(|e| e.contains("another job is sending"))
        })
        .await;
    assert_eq!(waiting.state(), Some(JobState::Queued));
    assert_eq!(waiting.attempts, 0, "waiting does not spend attempts");
    // The holder never finished: after its reservation ends, the job sends the message once.
    let done = app
        .wait_for_job(id, |j| j.state() == Some(JobState::Succeeded))
        .await;
    assert_eq!(done.attempts, 1);
    let got = smtp.wait_for(1).await;
    assert_eq!(
        got[0].header("Message-ID").unwrap(),
        format!("<{message_id}>")
    );
}
