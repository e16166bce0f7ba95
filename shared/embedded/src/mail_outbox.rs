//! Mail on one machine: every letter becomes a standard `.eml` file (RFC 5322, MIME, UTF-8) in the
//! data directory's `mail/` folder, which any mail program opens, and which admins read from the
//! sent-mail page. Nothing leaves the machine.

use async_trait::async_trait;
use mendan_core::domain::mail::Letter;
use mendan_core::domain::mail_domain::DomainIdentity;
use mendan_core::ports::{Mailer, PortError, PortResult, Sender};
use std::io::Write;
use std::path::PathBuf;

use crate::private_files;

/// The sender address when the tenant names no mail domain.
const LOCAL_DOMAIN: &str = "mendan.localhost";

pub struct MailOutbox {
    dir: PathBuf,
}

impl MailOutbox {
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// `{time}-{uuid}.eml`: sorts by time, and names nothing personal.
    fn file_name(now: chrono::DateTime<chrono::Utc>) -> String {
        format!("{}-{}.eml", now.format("%Y%m%dT%H%M%S%.3fZ"), uuid::Uuid::now_v7())
    }
}

/// Only names this outbox makes are read back: no path can leave the folder.
fn is_outbox_name(name: &str) -> bool {
    name.len() <= 80
        && name.ends_with(".eml")
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        && !name.starts_with('.')
}

#[async_trait]
impl Mailer for MailOutbox {
    async fn send(&self, from: &Sender, letter: &Letter) -> PortResult<String> {
        let now = chrono::Utc::now();
        let name = Self::file_name(now);
        let address = format!("no-reply@{}", from.mail_domain.as_deref().unwrap_or(LOCAL_DOMAIN));
        let envelope = mendan_mail::Envelope {
            from_name: &from.name,
            from_address: &address,
            message_id: format!("<{}@{}>", name.trim_end_matches(".eml"), LOCAL_DOMAIN),
            date: now.into(),
        };
        let bytes = mendan_mail::encode(&envelope, letter).map_err(|e| PortError::Invalid(e.to_string()))?;
        let (dir, path) = (self.dir.clone(), self.dir.join(&name));
        tokio::task::spawn_blocking(move || -> std::io::Result<()> {
            private_files::create_dir_all(&dir)?;
            // Written whole under a temporary name, so a reader never sees half a message.
            let partial = path.with_extension("part");
            let mut file = private_files::file_options().create_new(true).write(true).open(&partial)?;
            file.write_all(&bytes)?;
            file.sync_all()?;
            std::fs::rename(&partial, &path)
        })
        .await
        .map_err(|e| PortError::Backend(e.to_string()))?
        .map_err(|e| PortError::Backend(format!("cannot write the mail outbox: {e}")))?;
        Ok(name)
    }

    /// Nothing leaves this machine, so no domain needs verifying.
    async fn set_up_domain(&self, _domain: &str) -> PortResult<Option<DomainIdentity>> {
        Ok(None)
    }

    async fn domain_identity(&self, _domain: &str) -> PortResult<Option<DomainIdentity>> {
        Ok(None)
    }

    async fn forget(&self, message_id: &str) -> PortResult<()> {
        if !is_outbox_name(message_id) {
            return Ok(());
        }
        match tokio::fs::remove_file(self.dir.join(message_id)).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(PortError::Backend(e.to_string())),
        }
    }

    async fn copy(&self, message_id: &str) -> PortResult<Option<Vec<u8>>> {
        if !is_outbox_name(message_id) {
            return Ok(None);
        }
        match tokio::fs::read(self.dir.join(message_id)).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(PortError::Backend(e.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mendan_core::domain::Email;
    use mendan_core::domain::mail::{Block, MailKind};

    #[tokio::test]
    async fn writes_an_eml_file_and_reads_only_its_own_names() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = MailOutbox::new(dir.path().join("mail"));
        let from = Sender {
            tenant: mendan_core::domain::TenantSlug::parse("demo").unwrap(),
            name: "デモ".into(),
            mail_domain: None,
        };
        let letter = Letter {
            kind: MailKind::InterviewScheduled,
            to: Email::parse("a@example.test").unwrap(),
            to_name: "A".into(),
            from_name: "デモ".into(),
            subject: "件名".into(),
            subject_en: "Subject".into(),
            japanese: vec![Block::Paragraph("本文".into())],
            english: vec![],
            calendar: None,
        };
        let name = outbox.send(&from, &letter).await.unwrap();
        let eml = String::from_utf8(outbox.copy(&name).await.unwrap().unwrap()).unwrap();
        assert!(eml.contains("From: =?utf-8?b?") && eml.contains("<no-reply@mendan.localhost>"));
        for hostile in ["../secret.key", "/etc/passwd", ".eml", "a/../../b.eml"] {
            assert_eq!(outbox.copy(hostile).await.unwrap(), None, "{hostile}");
        }
    }
}
