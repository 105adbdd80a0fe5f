//! Sign-in, staff, jobs, the audit log and API keys.

use super::*;

/// Sets a password with the token of a set-password link.
pub async fn staff_password_set(
    token: String,
    password: String,
) -> Result<StaffMemberPayload, ClientError> {
    let input = ops::StaffPasswordSetInput { token, password };
    anonymous::<ops::StaffPasswordSet>(ops::Input { input }).await
}

/// Ends a staff session on the server (other credentials are only forgotten by the browser).
pub async fn staff_logout_token(token: String) {
    if token.starts_with("jts_") {
        let auth = format!("Bearer {token}");
        let _ = call::<ops::StaffLogout>(
            ENDPOINT,
            &NoVariables {},
            &[("authorization", auth.as_str())],
        )
        .await;
    }
}

/// Step one of a staff sign-in (no credentials needed).
pub async fn staff_login(
    email: String,
    password: String,
) -> Result<StaffLoginPayload, ClientError> {
    let input = ops::StaffLoginInput { email, password };
    anonymous::<ops::StaffLogin>(ops::Input { input }).await
}

/// Step two: a TOTP code or a recovery code for the challenge.
pub async fn staff_login_verify(
    challenge: String,
    code: Option<String>,
    recovery_code: Option<String>,
) -> Result<StaffLoginVerifyPayload, ClientError> {
    let input = ops::StaffLoginVerifyInput {
        challenge,
        code,
        recovery_code,
    };
    anonymous::<ops::StaffLoginVerify>(ops::Input { input }).await
}

/// Who is signed in; `None` when the credentials are not accepted.
pub async fn viewer(session: Session) -> Result<Option<ViewerInfo>, ClientError> {
    staff_call::<ops::Viewer>(session, NoVariables {}).await
}

pub async fn jobs_page(
    session: Session,
    status: Option<JobStatus>,
    kind: Option<String>,
) -> Result<JobsPage, ClientError> {
    let variables = ops::JobsPageVariables {
        status,
        kind,
        first: 50,
    };
    staff_call::<ops::JobsPage>(session, variables).await
}

/// Retries (`retry = true`) or discards a job; returns the user error message if refused.
pub async fn job_change(
    session: Session,
    id: String,
    retry: bool,
) -> Result<Option<String>, ClientError> {
    let payload = if retry {
        staff_call::<ops::JobRetry>(session, ops::Id { id }).await?
    } else {
        staff_call::<ops::JobDiscard>(session, ops::Id { id }).await?
    };
    Ok(payload.user_errors.into_iter().next().map(|e| e.message))
}

/// The staff page: the viewer's permissions and the first 100 staff members.
pub async fn staff_page(session: Session) -> Result<StaffPage, ClientError> {
    staff_call::<ops::StaffPage>(session, ops::First { first: 100 }).await
}

/// Invites a member of staff; returns the user errors' messages if refused.
pub async fn staff_invite(
    session: Session,
    email: String,
    name: String,
    role: StaffRole,
) -> Result<Option<String>, ClientError> {
    let input = ops::StaffInviteInput { email, name, role };
    let payload = staff_call::<ops::StaffInvite>(session, ops::Input { input }).await?;
    Ok(messages(payload.user_errors))
}

/// What a row action on the staff page does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StaffAction {
    Role(StaffRole),
    Disable,
    Enable,
    ResetTwoFactor,
}

/// Changes a staff member; returns the user errors' messages if refused.
pub async fn staff_change(
    session: Session,
    id: String,
    action: StaffAction,
) -> Result<Option<String>, ClientError> {
    let payload = match action {
        StaffAction::Role(role) => {
            let variables = ops::StaffRoleChangeVariables { id, role };
            staff_call::<ops::StaffRoleChange>(session, variables).await?
        }
        StaffAction::Disable => staff_call::<ops::StaffDisable>(session, ops::Id { id }).await?,
        StaffAction::Enable => staff_call::<ops::StaffEnable>(session, ops::Id { id }).await?,
        StaffAction::ResetTwoFactor => {
            staff_call::<ops::StaffTwoFactorReset>(session, ops::Id { id }).await?
        }
    };
    Ok(messages(payload.user_errors))
}

/// Audit log entries, newest first, after `after` (a previous page's `endCursor`), and where
/// the next page starts.
pub async fn audit_page(
    session: Session,
    action: Option<String>,
    after: Option<String>,
) -> Result<(Vec<AuditEntry>, Option<String>), ClientError> {
    let variables = ops::AuditPageVariables {
        first: 50,
        after,
        action,
    };
    let page = staff_call::<ops::AuditPage>(session, variables).await?;
    let next = page.next();
    Ok((page.nodes, next))
}

/// The API keys page: the viewer's permissions and the newest 100 keys.
pub async fn api_keys_page(session: Session) -> Result<ApiKeysPage, ClientError> {
    staff_call::<ops::ApiKeysPage>(session, ops::First { first: 100 }).await
}

/// Creates an API key: `Ok(secret)`, or the user errors' messages if refused.
pub async fn api_key_create(
    session: Session,
    name: String,
    scopes: Vec<Permission>,
    expires_at: Option<String>,
) -> Result<Result<String, String>, ClientError> {
    let input = ops::ApiKeyCreateInput {
        name,
        scopes,
        expires_at,
    };
    let r = staff_call::<ops::ApiKeyCreate>(session, ops::Input { input }).await?;
    Ok(match (r.secret, messages(r.user_errors)) {
        (Some(secret), None) => Ok(secret),
        (_, errors) => Err(errors.unwrap_or_default()),
    })
}

/// Revokes an API key; returns the user errors' messages if refused.
pub async fn api_key_revoke(session: Session, id: String) -> Result<Option<String>, ClientError> {
    let r = staff_call::<ops::ApiKeyRevoke>(session, ops::Id { id }).await?;
    Ok(messages(r.user_errors))
}
