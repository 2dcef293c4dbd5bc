//! GSM 03.38 and SMS segments (placeholder until the full module lands).

/// How a text is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    /// The GSM 7-bit default alphabet (with its extension table).
    Gsm7,
    /// UCS-2 (UTF-16).
    Ucs2,
}

const GSM7: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€";

/// GSM-7 when every character is in the default alphabet or its extension table.
pub fn coding(text: &str) -> Coding {
    if text.chars().all(|c| GSM7.contains(c)) {
        Coding::Gsm7
    } else {
        Coding::Ucs2
    }
}
