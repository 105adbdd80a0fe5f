//! Typed Admin API calls, checked at compile time against `schema/admin.graphql`.

use graphql_client::GraphQLQuery;
use shared::web::{ClientError, graphql};

const ENDPOINT: &str = "/admin-api/graphql";

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/viewer.graphql",
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct Viewer;

pub async fn viewer() -> Result<viewer::ResponseData, ClientError> {
    graphql::<Viewer>(ENDPOINT, viewer::Variables, &[]).await
}
