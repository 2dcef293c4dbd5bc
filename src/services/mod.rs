//! Application services: the steps of a use case in order, calling `crypto` and `store`,
//! with no knowledge of HTTP.

pub mod accounts;
pub mod audit;
pub mod intake;
pub mod maintenance;
pub mod notify;
pub mod spool;
pub mod warnings;
pub mod workspace;
