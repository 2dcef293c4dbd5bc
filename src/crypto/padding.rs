//! Length buckets. Ciphertext length equals plaintext length plus a constant, so without padding
//! the stored size of a report would tell how much someone wrote — enough to tell a one-line tip
//! from a detailed insider account. Every plaintext is padded up to a bucket:
//!
//! - at least 1 KiB;
//! - up to 1 MiB: the next power of two;
//! - above: the next whole MiB.
//!
//! Powers of two leak at most log2(log2(size)) bits; whole MiB above 1 MiB keeps the overhead of
//! large files (attachments) under 1 MiB each.

/// Smallest bucket.
pub const MIN_BUCKET: usize = 1024;
const MIB: usize = 1024 * 1024;

/// The padded length for a plaintext of `len` bytes.
pub fn bucket(len: usize) -> usize {
    if len <= MIN_BUCKET {
        MIN_BUCKET
    } else if len <= MIB {
        len.next_power_of_two()
    } else {
        len.div_ceil(MIB).saturating_mul(MIB)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_follow_the_documented_scheme() {
        assert_eq!(bucket(0), 1024);
        assert_eq!(bucket(1024), 1024);
        assert_eq!(bucket(1025), 2048);
        assert_eq!(bucket(300_000), 512 * 1024);
        assert_eq!(bucket(MIB), MIB);
        assert_eq!(bucket(MIB + 1), 2 * MIB);
        assert_eq!(bucket(5 * MIB - 3), 5 * MIB);
    }
}
