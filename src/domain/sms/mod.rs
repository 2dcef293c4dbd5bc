//! Reporting and following up by SMS: what a message costs on the air ([`encoding`]) and
//! what Filimbi answers ([`reply`]), as plain values. The gateways (Kannel, Africa's Talking)
//! and the words (`http::phone_text`) live outside the domain.

pub mod encoding;
pub mod reply;
