//! Typed Shop API calls. Each query lives in `graphql/*.graphql` and is checked at compile time
//! against the committed Shop API schema (`schema/shop.graphql`): a field the server does not
//! have is a build error, not a runtime surprise.

use graphql_client::GraphQLQuery;
use shared::web::{ClientError, graphql};

/// The `MinorUnits` scalar: an integer amount in the currency's minor units.
type MinorUnits = i64;

const ENDPOINT: &str = "/graphql";

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/shop.graphql",
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct ShopInfo;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/shop.graphql",
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct HomeProducts;

pub async fn shop_info() -> Result<shop_info::ResponseData, ClientError> {
    graphql::<ShopInfo>(ENDPOINT, shop_info::Variables, &[]).await
}

pub async fn home_products(first: i64) -> Result<home_products::ResponseData, ClientError> {
    graphql::<HomeProducts>(ENDPOINT, home_products::Variables { first }, &[]).await
}
