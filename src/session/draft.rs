//! An unsaved form kept across a lock: sealed under a key only this user's own slot yields, stored in
//! the vault (never in plaintext, never in the UI across the lock), and handed back to the same user
//! after they log in again. Not an operation on a person — nothing stored is read — so not logged.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::Session;
use crate::crypto::{wrap, Key32};
use crate::error::{Error, Result};
use crate::input::{Input, Rule};
use crate::limits::{DRAFT_HOURS, MAX_DRAFT_BYTES};
use crate::settings;

#[derive(Serialize, Deserialize)]
struct SealedDraft {
    nonce: String,
    sealed: String,
    saved_at: i64,
}

impl Session {
    fn draft_key(&self) -> Result<Key32> {
        let secret = self.keys.user.to_bytes();
        Key32::from_slice(&secret[..32])
            .map(|k| k.derive("skyddsvalv/draft/v1"))
            .ok_or_else(|| Error::damaged("the account key has the wrong length"))
    }

    fn draft_setting(&self) -> String {
        format!("draft/{}", self.user.slot_locator_or_recovery())
    }

    fn draft_context(&self) -> Vec<u8> {
        format!("skyddsvalv draft|{}|{}", self.vault_id, self.user.name).into_bytes()
    }

    /// Keeps `draft` (the UI's own JSON of an unsaved form and where the user was), replacing any
    /// earlier one.
    pub fn keep_draft(&mut self, draft: &str) -> Result<()> {
        if draft.len() > MAX_DRAFT_BYTES {
            return Err(Error::invalid(
                Input::Record,
                Rule::TooLong,
                format!("a draft holds at most {MAX_DRAFT_BYTES} bytes"),
            ));
        }
        let key = self.draft_key()?;
        let (nonce, sealed) = wrap::seal(&key, draft.as_bytes(), &self.draft_context());
        let row = SealedDraft {
            nonce: hex::encode(nonce),
            sealed: hex::encode(sealed),
            saved_at: crate::time::now_unix(),
        };
        let name = self.draft_setting();
        self.with_tx(|tx| settings::set_json(tx, &name, &row))
    }

    /// The kept draft, if there is one younger than [`DRAFT_HOURS`] that this user's key opens; it is
    /// removed either way.
    pub fn take_draft(&mut self) -> Result<Option<Zeroizing<String>>> {
        let name = self.draft_setting();
        let row: Option<SealedDraft> = self.with_tx(|tx| {
            let row = settings::get_json(tx, &name).unwrap_or(None);
            tx.delete_setting(&name)?;
            Ok(row)
        })?;
        let Some(row) = row else {
            return Ok(None);
        };
        if crate::time::now_unix() - row.saved_at > DRAFT_HOURS * 3600 {
            return Ok(None);
        }
        let key = self.draft_key()?;
        let (Ok(nonce), Ok(sealed)) = (hex::decode(&row.nonce), hex::decode(&row.sealed)) else {
            return Ok(None);
        };
        // Sealed under keys this account no longer has (a reset) or altered: nothing to hand back.
        Ok(wrap::open(&key, &nonce, &sealed, &self.draft_context())
            .and_then(|bytes| String::from_utf8(bytes.to_vec()).ok())
            .map(Zeroizing::new))
    }

    /// Forgets the kept draft (the form was saved or given up).
    pub fn discard_draft(&mut self) -> Result<()> {
        let name = self.draft_setting();
        self.with_tx(|tx| tx.delete_setting(&name))
    }
}
