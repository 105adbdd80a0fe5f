//! Orders: what was bought (a snapshot of names, SKUs, prices and the address), its amounts,
//! its status through one state machine (`state`), and its timeline of who changed what, when
//! and why. Orders are created by `checkout`; payments and refunds move them through `payment`.

pub mod error;
pub mod model;
pub mod notify;
pub mod service;
pub mod state;

pub use error::OrderError;
pub use model::{Order, OrderLine, OrderSource, PaymentMethod};
pub use service::OrderDetail;
pub use state::{OrderAction, OrderStatus};
