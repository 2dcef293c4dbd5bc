//! Application services: the steps of a use case in order, calling `crypto` and `store`,
//! with no knowledge of HTTP.

pub mod intake;
pub mod maintenance;
pub mod spool;
