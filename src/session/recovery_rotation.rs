//! Replacing the recovery code: the administrator and a case handler together. The administrator holds
//! only the database key, and the recovery slot must also open the records and reception keys, which
//! only case handlers hold — so the handler hands those keys over in their own logged operation, and the
//! administrator's operation seals them to the new recovery key, announces that key in the log (signed
//! by the administrator, as a new account is) and rotates the database key. The records and reception
//! keys are marked for rotation, so whatever the old code could open is retired at the next handler
//! session (the CLI runs it at once, in the handler's session).

use crate::audit::{announce, Action, Announcement, Outcome};
use crate::auth::Role;
use crate::crypto::{RecoveryCode, UserKeys};
use crate::error::{Error, Result};
use crate::keys::{grants, DomainKey};
use crate::policy::Operation;
use crate::settings::{self, keys as names};
use crate::storage::GrantKind;
use crate::vault::keyslots::{KeyslotFile, Slot, SlotKind, SlotSecret, RECOVERY_LOCATOR};

use super::admin::{na, remove_access};
use super::rotation::{current_epoch, DbRotation};
use super::Session;

/// The records and reception keys a case handler hands over for one recovery-code rotation. It cannot
/// be copied, and its keys are wiped when it is dropped.
pub struct RecoveryHandover {
    handler: String,
    records: DomainKey,
    reception: DomainKey,
}

impl std::fmt::Debug for RecoveryHandover {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RecoveryHandover(by {})", self.handler)
    }
}

impl Session {
    /// A case handler's half of a recovery-code rotation: one flagged entry (`keys_handed_over`).
    pub fn hand_over_keys(&mut self) -> Result<RecoveryHandover> {
        let mut entry = self.entry(Action::KeysHandedOver, Outcome::Allowed);
        entry.flagged = true;
        self.perform(Operation::HandOverKeys, entry, na, |ctx, (), _| {
            Ok(RecoveryHandover {
                handler: ctx.user.name.clone(),
                records: ctx.records()?.clone(),
                reception: ctx.reception()?.clone(),
            })
        })
    }

    /// The administrator's half: a new recovery code (returned, to be shown once), a new recovery slot
    /// that opens the handed-over keys, the old slot gone and the database key rotated. One flagged
    /// entry (`recovery_code_rotated`) that announces the new recovery key.
    pub fn rotate_recovery_code(&mut self, handover: RecoveryHandover) -> Result<RecoveryCode> {
        let mut entry = self.entry(Action::RecoveryCodeRotated, Outcome::Allowed);
        entry.flagged = true;
        entry.purpose = Some(format!("with handler={}", handover.handler));
        // Argon2id is slow: only for the role that `perform` will let through.
        let prepared = if self.user.role == Role::Admin {
            let code = RecoveryCode::generate();
            let keys = UserKeys::generate();
            let slot = Slot::seal(
                &self.vault_id,
                RECOVERY_LOCATOR,
                SlotKind::Recovery,
                self.kdf,
                &SlotSecret {
                    secret: &code.kdf_input(),
                    device: None,
                },
                &keys,
            )?;
            Some((code, keys, slot))
        } else {
            None
        };
        let paths = self.paths.clone();
        let vault_id = self.vault_id.clone();
        let (code, rotation) = self.perform_then(
            Operation::RotateRecoveryCode,
            entry,
            na,
            |ctx, (), entry| {
                let (code, keys, slot) = prepared.ok_or(Error::Denied {
                    reason: "admin only",
                })?;
                for key in [&handover.records, &handover.reception] {
                    check_handed_over(ctx.tx, &vault_id, key)?;
                }
                remove_access(ctx, RECOVERY_LOCATOR)?;
                for key in [&handover.records, &handover.reception] {
                    ctx.tx.put_grant(&grants::seal(
                        &vault_id,
                        key,
                        RECOVERY_LOCATOR,
                        &keys.public(),
                        announce::RECOVERY,
                    ))?;
                }
                ctx.tx
                    .set_setting(names::RECOVERY_SLOT_DIGEST, &hex::encode(slot.digest()))?;
                settings::set_json(ctx.tx, names::RECOVERY_PUBLIC, &keys.public())?;
                let mut file = KeyslotFile::load(&paths.keyslots())?;
                file.remove(RECOVERY_LOCATOR);
                file.put(slot);
                let rotation = DbRotation::plan(ctx, &file, &[])?;
                entry.detail = Some(
                    Announcement::new(
                        &vault_id,
                        announce::RECOVERY,
                        None,
                        keys.public().signing,
                        ctx.keys.user.signing(),
                    )
                    .to_detail(),
                );
                rotation.seal_into(&mut file);
                Ok((code, (file, rotation)))
            },
            |(_, (file, _))| file.save(&paths.keyslots_pending()),
        )?;
        self.finish_db_rotation(rotation.1)?;
        Ok(code)
    }
}

/// The handed-over key is the vault's current one: it endorses a grant the vault holds.
fn check_handed_over(tx: &dyn crate::storage::Tx, vault_id: &str, key: &DomainKey) -> Result<()> {
    let current = current_epoch(tx, key.kind)?;
    let endorses = tx
        .grants(key.kind)?
        .iter()
        .any(|g| grants::endorsement_holds(vault_id, key, g));
    if key.epoch != current || !endorses {
        return Err(Error::NoDataAccess {
            what: match key.kind {
                GrantKind::Records => "the current records key",
                GrantKind::Reception => "the current reception key",
            },
        });
    }
    Ok(())
}
