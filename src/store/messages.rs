//! The conversation with the whistle-blower: messages, the case as the whistle-blower sees it,
//! and the reply templates.

use sqlx::Row;

use crate::crypto::recipients::AgeRecipient;
use crate::crypto::sealed::{ObjectKind, ObjectMac, Record, Sealed};
use crate::domain::account::AccountId;
use crate::domain::case::{CaseId, ReceivedDay, Status};
use crate::domain::document::Sender;

use super::{BlobId, Store, StoreError, StoredObject};

/// A message being stored.
pub struct NewMessage<'a> {
    /// The case.
    pub case: &'a CaseId,
    /// Who wrote it.
    pub sender: Sender,
    /// The day (never a time).
    pub day: ReceivedDay,
    /// The investigator's account (none for the whistle-blower).
    pub author: Option<&'a AccountId>,
    /// Staged blobs sent with an answer: `(blob, name, MAC)`, linked in the same transaction.
    pub attachments: &'a [(BlobId, String, ObjectMac)],
    /// A once-only record to write in the same transaction (a gateway's message id, so a
    /// message delivered twice is stored once); spent already: nothing is stored.
    pub once: Option<&'a super::FormSpend>,
}

/// Links staged answer files to their case and message (rolled back with the message if one
/// has vanished: an answer is stored whole or not at all).
async fn link_answer_files(
    tx: &mut super::Conn,
    m: &NewMessage<'_>,
    seq: i64,
) -> Result<(), StoreError> {
    for (blob, name, mac) in m.attachments {
        let linked = sqlx::query(
            "UPDATE blobs SET case_id = $1, mac = $2, message_seq = $3 \
             WHERE id = $4 AND name = $5 AND case_id IS NULL",
        )
        .bind(m.case.as_str())
        .bind(mac.to_hex())
        .bind(seq)
        .bind(blob.as_str())
        .bind(name)
        .execute(&mut *tx)
        .await?;
        if linked.rows_affected() != 1 {
            return Err(corrupt("staged answer file vanished"));
        }
    }
    Ok(())
}

/// A whistle-blower's answer marks the case unread; an investigator's first message
/// acknowledges it (moving a new case on), a later one counts as feedback.
async fn update_triage(tx: &mut super::Conn, m: &NewMessage<'_>) -> Result<(), StoreError> {
    let sql = match m.sender {
        Sender::Whistleblower => "UPDATE cases SET unread_answers = 1 WHERE id = $1",
        // SQLite and PostgreSQL evaluate every SET expression on the old row.
        Sender::Investigator => {
            "UPDATE cases SET \
             feedback_day = CASE WHEN acknowledged_day IS NULL THEN feedback_day ELSE $2 END, \
             acknowledged_day = COALESCE(acknowledged_day, $2), \
             status = CASE WHEN status = 'new' THEN 'acknowledged' ELSE status END \
             WHERE id = $1"
        }
    };
    let done = sqlx::query(sql)
        .bind(m.case.as_str())
        .bind(m.day.iso())
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() != 1 {
        return Err(corrupt("message for a missing case"));
    }
    Ok(())
}

/// A stored message, unchecked.
pub struct MessageRow {
    /// Order within the case.
    pub seq: i64,
    /// Who wrote it.
    pub sender: Sender,
    /// The day.
    pub day: String,
    /// The investigator's account name, if the account still exists.
    pub author: Option<String>,
    /// Ciphertext and MAC.
    pub object: StoredObject,
    /// The author's account id, as stored.
    pub author_id: Option<String>,
    /// The MAC of the sender and author (`Record::Authorship`), as stored.
    pub author_mac: Option<String>,
    /// Whether it also went out by SMS (investigators' messages).
    pub sms: Option<super::SmsState>,
}

impl MessageRow {
    /// The record its authorship MAC covers.
    pub fn authorship<'a>(&'a self, case: &'a CaseId) -> Record<'a> {
        Record::Authorship {
            case,
            kind: ObjectKind::Message,
            seq: self.seq,
            sender: self.sender.as_str(),
            author: self.author_id.as_deref(),
        }
    }
}

/// What the store keeps to find a case again from its receipt.
pub struct ReceiptCase {
    /// The case.
    pub id: CaseId,
    /// Salt of the whistle-blower key.
    pub salt: String,
    /// Public half of the whistle-blower key (to check the derived key).
    pub whistleblower_recipient: AgeRecipient,
}

/// The clear facts a whistle-blower is shown about their case.
pub struct FollowupFacts {
    /// Internal status (shown as one of three public states).
    pub status: Status,
    /// Day received.
    pub received_day: ReceivedDay,
    /// Day an investigator first acknowledged it.
    pub acknowledged_day: Option<ReceivedDay>,
    /// The case key's and the whistle-blower key's public halves.
    pub case_recipient: AgeRecipient,
    /// See above.
    pub whistleblower_recipient: AgeRecipient,
}

/// A reply template.
#[derive(Debug, Clone)]
pub struct TemplateRow {
    /// Random id.
    pub id: String,
    /// Order on the page.
    pub position: i64,
    /// Short titles and texts, in English and French.
    pub title_en: String,
    /// See above.
    pub title_fr: String,
    /// See above.
    pub body_en: String,
    /// See above.
    pub body_fr: String,
}

fn recipient(stored: String) -> Result<AgeRecipient, StoreError> {
    AgeRecipient::parse(&stored).ok_or_else(|| corrupt("stored recipient"))
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(what.to_owned())
}

impl Store {
    /// Appends a message in one short transaction: the next number goes to `seal` (the MACs
    /// bind it), which returns the sealed message and the MAC of its authorship (sender and
    /// author, `Record::Authorship`); staged answer files are linked to the case and the message, and the case's
    /// triage fields follow. An investigator's first message acknowledges the case; a later one
    /// is feedback. A whistle-blower's answer marks the case unread. Returns the number.
    pub async fn add_message(
        &self,
        m: &NewMessage<'_>,
        seal: impl FnOnce(i64) -> (Sealed, ObjectMac, Option<Sealed>),
    ) -> Result<i64, StoreError> {
        let mut tx = self.write_tx().await?;
        if let Some(once) = m.once
            && !super::spent_tokens::spend_in(&mut tx, once).await?
        {
            tx.rollback().await?;
            return Err(StoreError::Spent);
        }
        let seq: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM case_messages WHERE case_id = $1",
        )
        .bind(m.case.as_str())
        .fetch_one(&mut *tx)
        .await?;
        let (sealed, author_mac, identifiers) = seal(seq);
        sqlx::query(
            "INSERT INTO case_messages \
             (case_id, seq, sender, day, author_id, ciphertext, mac, author_mac) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(m.case.as_str())
        .bind(seq)
        .bind(m.sender.as_str())
        .bind(m.day.iso())
        .bind(m.author.map(AccountId::as_str))
        .bind(sealed.ciphertext().as_bytes())
        .bind(sealed.mac().to_hex())
        .bind(author_mac.to_hex())
        .execute(&mut *tx)
        .await?;
        if let Some(ids) = &identifiers {
            super::identifiers::insert_in(&mut tx, m.case, &seq.to_string(), ids).await?;
        }
        link_answer_files(&mut tx, m, seq).await?;
        update_triage(&mut tx, m).await?;
        tx.commit().await?;
        self.identifiers_changed();
        Ok(seq)
    }

    /// A case's messages, in conversation order.
    pub async fn messages(&self, case: &CaseId) -> Result<Vec<MessageRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT m.seq, m.sender, m.day, a.name AS author, m.ciphertext, m.mac, \
             m.author_id, m.author_mac, m.sms \
             FROM case_messages m LEFT JOIN accounts a ON a.id = m.author_id \
             WHERE m.case_id = $1 ORDER BY m.seq",
        )
        .bind(case.as_str())
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let sender: String = r.try_get("sender")?;
                Ok(MessageRow {
                    seq: r.try_get("seq")?,
                    sender: Sender::parse(&sender).ok_or_else(|| corrupt("message sender"))?,
                    day: r.try_get("day")?,
                    author: r.try_get("author")?,
                    object: StoredObject {
                        bytes: r.try_get("ciphertext")?,
                        mac: r.try_get("mac")?,
                    },
                    author_id: r.try_get("author_id")?,
                    author_mac: r.try_get("author_mac")?,
                    sms: r
                        .try_get::<Option<String>, _>("sms")?
                        .as_deref()
                        .and_then(super::SmsState::parse),
                })
            })
            .collect()
    }

    /// Clears a case's "unread answer" mark (an investigator who can read it opened it).
    pub async fn mark_answers_read(&self, case: &CaseId) -> Result<(), StoreError> {
        sqlx::query("UPDATE cases SET unread_answers = 0 WHERE id = $1 AND unread_answers <> 0")
            .bind(case.as_str())
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// The case a receipt's lookup hash names, if any.
    pub async fn case_by_receipt(&self, lookup: &str) -> Result<Option<ReceiptCase>, StoreError> {
        let row = sqlx::query(
            "SELECT id, receipt_salt, whistleblower_recipient FROM cases WHERE receipt_lookup = $1",
        )
        .bind(lookup)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| {
            let id: String = r.try_get("id")?;
            Ok(ReceiptCase {
                id: CaseId::parse(&id).ok_or_else(|| corrupt("case id"))?,
                salt: r.try_get("receipt_salt")?,
                whistleblower_recipient: recipient(r.try_get("whistleblower_recipient")?)?,
            })
        })
        .transpose()
    }

    /// What the whistle-blower is shown about a case, in clear.
    pub async fn followup_facts(&self, case: &CaseId) -> Result<Option<FollowupFacts>, StoreError> {
        let row = sqlx::query(
            "SELECT status, received_day, acknowledged_day, case_recipient, \
             whistleblower_recipient FROM cases WHERE id = $1",
        )
        .bind(case.as_str())
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| {
            let status: String = r.try_get("status")?;
            let received: String = r.try_get("received_day")?;
            let ack: Option<String> = r.try_get("acknowledged_day")?;
            Ok(FollowupFacts {
                status: Status::parse(&status).ok_or_else(|| corrupt("status"))?,
                received_day: ReceivedDay::parse(&received).ok_or_else(|| corrupt("day"))?,
                acknowledged_day: ack
                    .map(|d| ReceivedDay::parse(&d).ok_or_else(|| corrupt("day")))
                    .transpose()?,
                case_recipient: recipient(r.try_get("case_recipient")?)?,
                whistleblower_recipient: recipient(r.try_get("whistleblower_recipient")?)?,
            })
        })
        .transpose()
    }

    /// The reply templates, in page order.
    pub async fn templates(&self) -> Result<Vec<TemplateRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, position, title_en, title_fr, body_en, body_fr FROM message_templates \
             ORDER BY position, id",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(TemplateRow {
                    id: r.try_get("id")?,
                    position: r.try_get("position")?,
                    title_en: r.try_get("title_en")?,
                    title_fr: r.try_get("title_fr")?,
                    body_en: r.try_get("body_en")?,
                    body_fr: r.try_get("body_fr")?,
                })
            })
            .collect()
    }

    /// Adds or replaces a template.
    pub async fn put_template(&self, t: &TemplateRow) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO message_templates (id, position, title_en, title_fr, body_en, body_fr) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO UPDATE SET \
             position = excluded.position, title_en = excluded.title_en, \
             title_fr = excluded.title_fr, body_en = excluded.body_en, body_fr = excluded.body_fr",
        )
        .bind(&t.id)
        .bind(t.position)
        .bind(&t.title_en)
        .bind(&t.title_fr)
        .bind(&t.body_en)
        .bind(&t.body_fr)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Deletes a template; `false` if there was none.
    pub async fn delete_template(&self, id: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM message_templates WHERE id = $1")
            .bind(id)
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected() == 1)
    }
}
