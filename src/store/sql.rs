//! A query put together piece by piece (the queue's filters, retention rules, `IN` lists),
//! with `$1, $2, …` placeholders. sqlx's `QueryBuilder` writes `?` for the `Any` driver, which
//! SQLite takes and PostgreSQL refuses; this is the little of it the store needs, numbering
//! its placeholders the way both engines read them.

use std::fmt::Write;

use sqlx::any::AnyArguments;
use sqlx::query::{Query, QueryScalar};
use sqlx::{Arguments, Encode, Type};

use super::{Db, StoreError};

/// SQL text and the values bound to its placeholders so far.
pub(crate) struct Sql {
    text: String,
    args: AnyArguments,
    /// The first failure to encode a value, reported when the query runs.
    failed: Option<sqlx::error::BoxDynError>,
}

impl Sql {
    /// Starts with `text`.
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            args: AnyArguments::default(),
            failed: None,
        }
    }

    /// Appends SQL text (never a value: values go through [`Sql::push_bind`]).
    pub fn push(&mut self, text: impl AsRef<str>) -> &mut Self {
        self.text.push_str(text.as_ref());
        self
    }

    /// Appends the next placeholder and binds `value` to it.
    pub fn push_bind<'t, T>(&mut self, value: T) -> &mut Self
    where
        T: Encode<'t, Db> + Type<Db>,
    {
        if let Err(e) = self.args.add(value) {
            self.failed.get_or_insert(e);
        }
        let _ = write!(self.text, "${}", self.args.len());
        self
    }

    /// Appends `, ` and the next placeholder, bound to `value`: the values of a row after
    /// its first.
    pub fn push_next<'t, T>(&mut self, value: T) -> &mut Self
    where
        T: Encode<'t, Db> + Type<Db>,
    {
        self.push(", ").push_bind(value)
    }

    /// Appends `a, b, c`, one placeholder per value.
    pub fn push_list<'t, T, I>(&mut self, values: I) -> &mut Self
    where
        I: IntoIterator<Item = T>,
        T: Encode<'t, Db> + Type<Db>,
    {
        for (i, v) in values.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.push_bind(v);
        }
        self
    }

    /// The SQL text so far.
    #[cfg(test)]
    pub fn text(&self) -> &str {
        &self.text
    }

    fn arguments(self) -> Result<(String, AnyArguments), StoreError> {
        match self.failed {
            Some(e) => Err(StoreError::Db(sqlx::Error::Encode(e))),
            None => Ok((self.text, self.args)),
        }
    }

    /// The query, to execute or fetch rows from; an error if a value could not be encoded.
    pub fn build(self) -> Result<Query<'static, Db, AnyArguments>, StoreError> {
        let (text, args) = self.arguments()?;
        Ok(sqlx::query_with(sqlx::AssertSqlSafe(text), args))
    }

    /// The query, fetching the first column of each row as `O`.
    pub fn build_query_scalar<O>(
        self,
    ) -> Result<QueryScalar<'static, Db, O, AnyArguments>, StoreError>
    where
        (O,): for<'r> sqlx::FromRow<'r, super::DbRow>,
    {
        let (text, args) = self.arguments()?;
        Ok(sqlx::query_scalar_with(sqlx::AssertSqlSafe(text), args))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_in_order() {
        let mut q = Sql::new("SELECT 1 FROM cases WHERE status = ");
        q.push_bind("new")
            .push(" AND id IN (")
            .push_list(["a", "b"])
            .push(")");
        q.push(" LIMIT ").push_bind(5i64);
        assert_eq!(
            q.text(),
            "SELECT 1 FROM cases WHERE status = $1 AND id IN ($2, $3) LIMIT $4"
        );
    }
}
