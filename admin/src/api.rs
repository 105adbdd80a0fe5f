//! Typed Admin API calls, checked at compile time against `schema/admin.graphql`. Every call
//! carries the signed-in session's credentials.

use graphql_client::GraphQLQuery;
use shared::web::{ClientError, graphql};

use crate::session::Session;

const ENDPOINT: &str = "/admin-api/graphql";

/// The `DateTime` scalar: RFC 3339 in UTC.
type DateTime = String;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/viewer.graphql",
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct Viewer;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/jobs.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone, PartialEq"
)]
pub struct JobsPage;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/jobs.graphql",
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct JobRetry;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/jobs.graphql",
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct JobDiscard;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/staff.graphql",
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct StaffLogin;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/staff.graphql",
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct StaffLoginVerify;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/staff.graphql",
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct StaffPasswordSet;

/// Sets a password with the token of a set-password link.
pub async fn staff_password_set(
    token: String,
    password: String,
) -> Result<staff_password_set::StaffPasswordSetStaffPasswordSet, ClientError> {
    let input = staff_password_set::StaffPasswordSetInput { token, password };
    Ok(
        graphql::<StaffPasswordSet>(ENDPOINT, staff_password_set::Variables { input }, &[])
            .await?
            .staff_password_set,
    )
}

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/staff.graphql",
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct StaffLogout;

/// Ends a staff session on the server (other credentials are only forgotten by the browser).
pub async fn staff_logout_token(token: String) {
    if token.starts_with("jts_") {
        let auth = format!("Bearer {token}");
        let _ = graphql::<StaffLogout>(
            ENDPOINT,
            staff_logout::Variables,
            &[("authorization", auth.as_str())],
        )
        .await;
    }
}

/// Step one of a staff sign-in (no credentials needed).
pub async fn staff_login(
    email: String,
    password: String,
) -> Result<staff_login::StaffLoginStaffLogin, ClientError> {
    let input = staff_login::StaffLoginInput { email, password };
    Ok(
        graphql::<StaffLogin>(ENDPOINT, staff_login::Variables { input }, &[])
            .await?
            .staff_login,
    )
}

/// Step two: a TOTP code or a recovery code for the challenge.
pub async fn staff_login_verify(
    challenge: String,
    code: Option<String>,
    recovery_code: Option<String>,
) -> Result<staff_login_verify::StaffLoginVerifyStaffLoginVerify, ClientError> {
    let input = staff_login_verify::StaffLoginVerifyInput {
        challenge,
        code,
        recovery_code,
    };
    Ok(
        graphql::<StaffLoginVerify>(ENDPOINT, staff_login_verify::Variables { input }, &[])
            .await?
            .staff_login_verify,
    )
}

async fn call<Q: GraphQLQuery>(
    session: Session,
    variables: Q::Variables,
) -> Result<Q::ResponseData, ClientError> {
    let auth = session.token().map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("authorization", a.as_str())).collect();
    graphql::<Q>(ENDPOINT, variables, &headers).await
}

pub async fn viewer(session: Session) -> Result<viewer::ResponseData, ClientError> {
    call::<Viewer>(session, viewer::Variables).await
}

pub async fn jobs_page(
    session: Session,
    status: Option<jobs_page::JobStatus>,
    kind: Option<String>,
) -> Result<jobs_page::ResponseData, ClientError> {
    call::<JobsPage>(
        session,
        jobs_page::Variables {
            status,
            kind,
            first: 50,
        },
    )
    .await
}

/// Retries (`retry = true`) or discards a job; returns the user error message if refused.
pub async fn job_change(
    session: Session,
    id: String,
    retry: bool,
) -> Result<Option<String>, ClientError> {
    if retry {
        let r = call::<JobRetry>(session, job_retry::Variables { id }).await?;
        Ok(r.job_retry
            .user_errors
            .into_iter()
            .next()
            .map(|e| e.message))
    } else {
        let r = call::<JobDiscard>(session, job_discard::Variables { id }).await?;
        Ok(r.job_discard
            .user_errors
            .into_iter()
            .next()
            .map(|e| e.message))
    }
}

/// True when the server refused the credentials (sign in again).
pub fn is_unauthenticated(error: &ClientError) -> bool {
    match error {
        ClientError::Graphql(errors) => errors
            .iter()
            .any(|e| e.code.as_deref() == Some("UNAUTHENTICATED")),
        ClientError::Status(401) => true,
        _ => false,
    }
}
