//! "It is ready" mail: feedback published to the candidate, a report workbook to whoever asked for
//! it, a trained model to the tenant's admins. Each names what is ready and links to it; once per
//! thing and person.

use super::interview_mail::SiteUrl;
use super::mail_delivery::{send_once, tenant_of};
use crate::Ports;
use crate::domain::Role;
use crate::domain::interview::Interview;
use crate::domain::mail::{Block, Letter, MailKind};
use crate::domain::report::Report;
use crate::domain::tenant::Tenant;
use crate::domain::user::User;
use crate::events::{FairnessAlertRaised, FeedbackPublished, HandlerError, ModelTrained, ReportReady};
use crate::repo::{TenantStore, keys};

/// The candidate's feedback was approved: they are told where to read it.
pub async fn on_feedback_published(
    ports: &Ports,
    site: &SiteUrl,
    event: &FeedbackPublished,
) -> Result<u32, HandlerError> {
    let store = TenantStore::new(ports.items.as_ref(), &event.tenant);
    let tenant = tenant_of(&store, &event.tenant).await?;
    let Some(interview) = store.find::<Interview>(&keys::interview(event.interview_id)).await?.map(|i| i.value) else {
        return Ok(0);
    };
    let link = site.tenant_page(&tenant.slug, &format!("me/{}/feedback", interview.id));
    let words = Words {
        kind: MailKind::FeedbackPublished,
        subject: "面談のフィードバックが届きました",
        subject_en: "Feedback on your interview",
        ja: "先日の面談について、フィードバックをお送りします。下記のページからご覧ください。",
        en: "Feedback on your recent interview is ready. You can read it here:",
    };
    let notice = format!("feedback#{}", interview.id);
    send_to(ports, &store, &tenant, &notice, &[interview.interviewee_id], &words, &link).await
}

/// A report workbook is ready: its requester is told.
pub async fn on_report_ready(ports: &Ports, site: &SiteUrl, event: &ReportReady) -> Result<u32, HandlerError> {
    let store = TenantStore::new(ports.items.as_ref(), &event.tenant);
    let tenant = tenant_of(&store, &event.tenant).await?;
    let Some(report) = store.find::<Report>(&keys::report(event.report_id)).await?.map(|r| r.value) else {
        return Ok(0);
    };
    let words = Words {
        kind: MailKind::ReportReady,
        subject: "帳票ができました",
        subject_en: "Your report is ready",
        ja: "ご依頼の帳票（Excel）ができました。下記のページから保存できます。",
        en: "The report (Excel workbook) you asked for is ready. You can download it here:",
    };
    let link = site.tenant_page(&tenant.slug, "reports");
    let notice = format!("report#{}", report.id);
    send_to(ports, &store, &tenant, &notice, &[report.created_by], &words, &link).await
}

/// A model was trained: the tenant's admins are told (whether it is in use already).
pub async fn on_model_trained(ports: &Ports, site: &SiteUrl, event: &ModelTrained) -> Result<u32, HandlerError> {
    let store = TenantStore::new(ports.items.as_ref(), &event.tenant);
    let tenant = tenant_of(&store, &event.tenant).await?;
    let admins = admins_of(&store).await?;
    let words = Words {
        kind: MailKind::ModelTrained,
        subject: "AI モデルの作成が終わりました",
        subject_en: "The AI model is ready",
        ja: if event.activated {
            "評価の予測に使う AI モデルの新しい版ができ、使い始めました。内容は下記のページで確認できます。"
        } else {
            "評価の予測に使う AI モデルの新しい版ができました。使うかどうかは下記のページで選べます。"
        },
        en: if event.activated {
            "A new version of the AI model that predicts ratings is ready and in use. You can review it here:"
        } else {
            "A new version of the AI model that predicts ratings is ready. You can choose to use it here:"
        },
    };
    let link = site.tenant_page(&tenant.slug, "admin/models");
    let notice = format!("model#{}#{}", event.model_id, event.version);
    send_to(ports, &store, &tenant, &notice, &admins, &words, &link).await
}

/// The monthly fairness run raised an alert: the tenant's admins are told to look at the month (once a month).
pub async fn on_fairness_alert(
    ports: &Ports,
    site: &SiteUrl,
    event: &FairnessAlertRaised,
) -> Result<u32, HandlerError> {
    let store = TenantStore::new(ports.items.as_ref(), &event.tenant);
    let tenant = tenant_of(&store, &event.tenant).await?;
    let admins = admins_of(&store).await?;
    let words = Words {
        kind: MailKind::FairnessAlert,
        subject: "AI 倫理の月次分析で確認が必要な結果がありました",
        subject_en: "The monthly AI ethics check needs your attention",
        ja: "先月の予測を属性のグループ別に分析したところ、設定した基準を超える差がありました。下記のページで内容と対応の目安を確認してください。",
        en: "Last month's predictions differ between groups beyond the limits you set. Review the figures and what to do here:",
    };
    let link = site.tenant_page(&tenant.slug, "admin/ethics");
    let notice = format!("fairness#{}", event.month);
    send_to(ports, &store, &tenant, &notice, &admins, &words, &link).await
}

/// The tenant's admins, who are told about its models and their fairness.
async fn admins_of(store: &TenantStore<'_>) -> Result<Vec<crate::domain::UserId>, HandlerError> {
    Ok(store
        .list::<User>(keys::USER_PREFIX)
        .await?
        .into_iter()
        .filter(|u| u.role == Role::Admin)
        .map(|u| u.id)
        .collect())
}

/// What one kind of "ready" mail says.
struct Words {
    kind: MailKind,
    subject: &'static str,
    subject_en: &'static str,
    ja: &'static str,
    en: &'static str,
}

async fn send_to(
    ports: &Ports,
    store: &TenantStore<'_>,
    tenant: &Tenant,
    notice: &str,
    people: &[crate::domain::UserId],
    words: &Words,
    link: &str,
) -> Result<u32, HandlerError> {
    let mut sent = 0;
    for id in people {
        let Some(person) = store.find::<User>(&keys::user(*id)).await?.map(|u| u.value).filter(|u| !u.disabled) else {
            continue;
        };
        let company = &tenant.name;
        let letter = Letter {
            kind: words.kind,
            to: person.email.clone(),
            to_name: person.display_name.clone(),
            from_name: company.clone(),
            subject: format!("【{company}】{}", words.subject),
            subject_en: format!("[{company}] {}", words.subject_en),
            japanese: vec![
                Block::Paragraph(format!("{} 様", person.display_name)),
                Block::Link { label: words.ja.into(), url: link.into() },
                Block::Paragraph("このメールは送信専用のアドレスからお送りしています。".into()),
            ],
            english: vec![
                Block::Paragraph(format!("Dear {},", person.display_name)),
                Block::Link { label: words.en.into(), url: link.into() },
                Block::Paragraph("This address does not receive replies.".into()),
            ],
            calendar: None,
        };
        if send_once(ports, store, tenant, notice, &person, &letter).await? {
            sent += 1;
        }
    }
    Ok(sent)
}
