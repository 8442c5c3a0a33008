//! Creating a vault: the database, records and reception keys, the first administrator's slot and the
//! recovery slot. The administrator gets only the database key; the records and reception keys are
//! sealed to the recovery slot alone, whose holder grants the first case handler.

use std::path::Path;
use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use crate::audit::{announce, chain, Action, Announcement, NewEntry, Outcome};
use crate::auth::password_policy::{normalize, PasswordPolicy};
use crate::auth::{users, Role, UserInfo};
use crate::crypto::{KdfParams, Key32, RecoveryCode, UserKeys};
use crate::device::DeviceSecrets;
use crate::error::{Error, Result};
use crate::keys::{grants, DomainKey, SessionKeys};
use crate::records::register::LookupHash;
use crate::session::{Opened, Session};
use crate::settings::{self, keys as names};
use crate::storage::sqlite::SqliteStorage;
use crate::storage::{GrantKind, NewUser, Storage};
use crate::time::now_rfc3339;
use crate::vault::keyslots::{self, KeyslotFile, Slot, SlotKind, SlotSecret, RECOVERY_LOCATOR};
use crate::vault::{create_dir, Vault, VaultPaths};

/// What `create` hands back: the vault, and the recovery code to show exactly once.
pub struct Created {
    pub vault: Vault,
    pub recovery_code: RecoveryCode,
}

impl Vault {
    /// Creates a new vault with one admin whose slot is bound to this OS account's keyring.
    pub fn create(
        dir: &Path,
        admin: &str,
        password: &SecretString,
        device: Arc<DeviceSecrets>,
        kdf: KdfParams,
    ) -> Result<Created> {
        let paths = VaultPaths::new(dir);
        if paths.keyslots().exists() || paths.database().exists() {
            return Err(Error::VaultExists);
        }
        users::validate_name(admin)?;
        PasswordPolicy::default().check(password.expose_secret(), &[admin, "skyddsvalv"])?;
        kdf.validate()?;
        create_dir(dir)?;
        let result = build(&paths, admin, password, Arc::clone(&device), kdf);
        match result {
            Ok((vault_id, recovery_code)) => {
                tracing::info!(vault = %vault_id, "vault created");
                Ok(Created {
                    vault: Vault::at(paths, vault_id, device),
                    recovery_code,
                })
            }
            Err(e) => {
                // Leave no half-made vault behind; nothing else was in this directory before.
                for p in paths.all_files() {
                    let _ = std::fs::remove_file(p);
                }
                Err(e)
            }
        }
    }
}

fn build(
    paths: &VaultPaths,
    admin: &str,
    password: &SecretString,
    device: Arc<DeviceSecrets>,
    kdf: KdfParams,
) -> Result<(String, RecoveryCode)> {
    let vault_id = hex::encode(keyslots::random_bytes::<16>());
    let database = Key32::random();
    let records = DomainKey::generate(GrantKind::Records, 1);
    let reception = DomainKey::generate(GrantKind::Reception, 1);
    let device_secret = device.get_or_create(&vault_id)?;

    let mut file = KeyslotFile::new(vault_id.clone());
    let admin_locator = file.locator_for(admin);
    let admin_keys = UserKeys::generate();
    let pw = Zeroizing::new(normalize(password.expose_secret()));
    let admin_slot = Slot::seal(
        &vault_id,
        &admin_locator,
        SlotKind::User,
        kdf,
        &SlotSecret {
            secret: pw.as_bytes(),
            device: Some(&device_secret),
        },
        &admin_keys,
    )?;
    let recovery_code = RecoveryCode::generate();
    let recovery_keys = UserKeys::generate();
    let recovery_slot = Slot::seal(
        &vault_id,
        RECOVERY_LOCATOR,
        SlotKind::Recovery,
        kdf,
        &SlotSecret {
            secret: &recovery_code.kdf_input(),
            device: None,
        },
        &recovery_keys,
    )?;
    file.put_database_key(&admin_locator, &admin_keys.public(), 1, &database);
    file.put_database_key(RECOVERY_LOCATOR, &recovery_keys.public(), 1, &database);

    let mut store = SqliteStorage::create(&paths.database(), &database)?;
    let admin_id = {
        let txb = store.begin()?;
        let tx = &*txb;
        tx.set_setting(names::VAULT_ID, &vault_id)?;
        tx.set_setting(
            names::RECOVERY_SLOT_DIGEST,
            &hex::encode(recovery_slot.digest()),
        )?;
        settings::set_json(tx, names::RECOVERY_PUBLIC, &recovery_keys.public())?;
        settings::save(tx, &settings::Settings::default())?;
        settings::set_json(tx, names::KDF_PARAMS, &kdf)?;
        settings::set_json(tx, names::LOOKUP_HASH, &LookupHash::new())?;
        for key in [
            names::DATABASE_EPOCH,
            names::RECORDS_EPOCH,
            names::RECEPTION_EPOCH,
        ] {
            tx.set_setting(key, "1")?;
        }
        let admin_id = tx.insert_user(&NewUser {
            name: admin.trim().to_string(),
            name_key: keyslots::normalize_user_name(admin),
            role: Role::Admin,
            must_change_password: false,
            slot_locator: admin_locator.clone(),
            slot_digest: admin_slot.digest(),
            public: admin_keys.public(),
            created_at: now_rfc3339(),
        })?;
        for key in [&records, &reception] {
            tx.put_grant(&grants::seal(
                &vault_id,
                key,
                RECOVERY_LOCATOR,
                &recovery_keys.public(),
                announce::RECOVERY,
            ))?;
        }
        let mut entry = NewEntry::new(
            admin.trim(),
            Role::Admin.as_str(),
            Action::VaultCreated,
            Outcome::Allowed,
        );
        entry.detail = Some(
            [
                Announcement::new(
                    &vault_id,
                    admin.trim(),
                    Some(Role::Admin),
                    admin_keys.public().signing,
                    admin_keys.signing(),
                ),
                Announcement::new(
                    &vault_id,
                    announce::RECOVERY,
                    None,
                    recovery_keys.public().signing,
                    recovery_keys.signing(),
                ),
            ]
            .iter()
            .map(Announcement::to_detail)
            .collect::<Vec<_>>()
            .join("\n"),
        );
        chain::append(tx, &entry)?;
        file.put(admin_slot);
        file.put(recovery_slot);
        file.save(&paths.keyslots())?;
        txb.commit()?;
        admin_id
    };
    // Closing a session over the new store writes the first `lock` entry and the first checkpoint,
    // signed with the administrator's own key.
    let session = Session::new(Opened {
        store: Box::new(store),
        keys: SessionKeys {
            database,
            database_epoch: 1,
            user: admin_keys,
            records: None,
            reception: None,
        },
        user: UserInfo {
            id: admin_id,
            name: admin.trim().to_string(),
            role: Role::Admin,
            disabled: false,
            must_change_password: false,
            slot_locator: admin_locator,
            slot_digest: Vec::new(),
            public: None,
        },
        paths: paths.clone(),
        vault_id: vault_id.clone(),
        device,
        kdf,
    });
    session.lock()?;
    Ok((vault_id, recovery_code))
}
