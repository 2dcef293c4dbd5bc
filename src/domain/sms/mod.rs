//! Reports and answers from a basic phone: what a text message means, what a phone number is,
//! and (with `encoding`) how long an answer may be. Free of gateways and storage: the gateway
//! adapters (`http::gateways`) turn requests into these types, the services act on them.

pub mod encoding;
pub mod inbound;
pub mod phone;
pub mod reply;
