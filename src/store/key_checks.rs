//! The secrets a database was made with (migration 0008): see `ServerSecret::check_value`.

use super::{Store, StoreError};

impl Store {
    /// Records `value` for the secret `name` if none is recorded yet (the first start), and
    /// says whether the recorded one is `value`. Replicas starting at once agree on the
    /// first: the insert of the second does nothing, and it compares with the first's.
    pub async fn key_matches(&self, name: &str, value: &str) -> Result<bool, StoreError> {
        sqlx::query(
            "INSERT INTO key_checks (name, check_value) VALUES ($1, $2) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(value)
        .execute(&self.write)
        .await?;
        let recorded: String =
            sqlx::query_scalar("SELECT check_value FROM key_checks WHERE name = $1")
                .bind(name)
                .fetch_one(&self.write)
                .await?;
        Ok(recorded == value)
    }
}
