//! Who is calling, and what their role allows. Every use case takes a [`Principal`], which only
//! [`crate::usecases::session::authenticate`] builds, from a verified token and the stored user.

use crate::domain::user::User;
use crate::domain::{Role, TenantSlug, UserId};
use crate::{CoreError, CoreResult};

#[derive(Clone, Debug)]
pub struct Principal {
    /// The tenant from the verified token; every query of the request is scoped to it.
    pub tenant: TenantSlug,
    pub user: User,
}

impl Principal {
    pub fn role(&self) -> Role {
        self.user.role
    }

    pub fn id(&self) -> UserId {
        self.user.id
    }

    /// Refuses unless the caller has one of `allowed`; `action` says what was refused, for the message.
    pub fn require(&self, allowed: &[Role], action: &'static str) -> CoreResult<()> {
        if allowed.contains(&self.role()) {
            Ok(())
        } else {
            Err(CoreError::Forbidden { role: self.role().to_string(), action })
        }
    }

    pub fn is(&self, role: Role) -> bool {
        self.role() == role
    }
}
