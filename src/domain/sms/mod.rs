//! Reporting and following up from a basic phone, as plain values: what a text message asks
//! for ([`inbound`]), the sender's number ([`phone`]), what a message costs on the air
//! ([`encoding`]) and what Filimbi answers ([`reply`]). The gateways (Kannel, Africa's
//! Talking, `http::gateways`), the words (`http::phone_text`) and storage live outside.

pub mod encoding;
pub mod inbound;
pub mod phone;
pub mod reply;
