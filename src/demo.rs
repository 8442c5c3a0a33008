//! A throw-away demo vault: one account per role and synthetic persons (invented names, valid but
//! synthetic identity numbers, invented addresses). Used by `make run` and the screenshots.

use std::path::Path;
use std::sync::Arc;

use secrecy::SecretString;
use serde::Serialize;

use crate::auth::Role;
use crate::crypto::KdfParams;
use crate::device::DeviceSecrets;
use crate::error::Result;
use crate::identity::synthetic::synthetic_identity;
use crate::records::{PersonRecord, Protection, ProtectionKind};
use crate::unlock::Login;
use crate::vault::Vault;

#[derive(Debug, Clone, Serialize)]
pub struct DemoAccount {
    pub name: String,
    pub role: Role,
    /// A demo password, printed for the person trying the app. Never use a demo vault for real data.
    pub password: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DemoVault {
    pub accounts: Vec<DemoAccount>,
    pub persons: usize,
    pub recovery_code: String,
    /// The first synthetic person's identity number, to try the reception lookup with.
    pub sample_identity: String,
}

const SEED: u64 = 0x5EED;

const ACCOUNTS: [(&str, Role, &str); 4] = [
    ("admin", Role::Admin, "demo admin lösenfras 1"),
    ("hanna", Role::Handlaggare, "demo handläggare lösenfras 2"),
    ("reception", Role::Reception, "demo reception lösenfras 3"),
    ("gunnar", Role::Granskare, "demo granskare lösenfras 4"),
];

/// Creates the demo vault in `dir` with `persons` synthetic persons assigned to the case handler.
pub fn create(
    dir: &Path,
    device: Arc<DeviceSecrets>,
    kdf: KdfParams,
    persons: usize,
) -> Result<DemoVault> {
    let (admin, _, admin_pw) = ACCOUNTS[0];
    let created = Vault::create(dir, admin, &secret(admin_pw), Arc::clone(&device), kdf)?;
    let vault = created.vault;
    let mut admin_session = ready(&vault, admin, admin_pw)?;
    let initial = "demo initialt lösenord 0";
    for (name, role, _) in &ACCOUNTS[1..] {
        admin_session.add_user(name, *role, &secret(initial))?;
    }
    let activities = crate::duties::register::social_services_example();
    admin_session.set_register(
        &serde_json::to_string(&activities).map_err(|e| crate::Error::Storage(e.to_string()))?,
    )?;
    admin_session.lock()?;
    let mut fingerprints = Vec::new();
    for (name, role, pw) in &ACCOUNTS[1..] {
        if let Login::MustChangePassword(first) = vault.login(name, &secret(initial))? {
            let session = first.choose_password(&secret(pw))?;
            if !role.needs_keys().is_empty() {
                fingerprints.push((*name, session.my_fingerprint()));
            }
            session.lock()?;
        }
    }
    // The data controller's recovery code grants the demo's handler and reception their keys, as it
    // would for the first case handler of a real vault.
    let mut recovery = vault.recovery_session(&created.recovery_code)?;
    for (name, fingerprint) in &fingerprints {
        recovery.grant_access(name, fingerprint)?;
    }
    recovery.lock()?;
    let mut handler = ready(&vault, ACCOUNTS[1].0, ACCOUNTS[1].2)?;
    for i in 0..persons {
        handler.create_person(synthetic_record(i as u64))?;
    }
    handler.lock()?;
    Ok(DemoVault {
        accounts: ACCOUNTS
            .iter()
            .map(|(n, r, p)| DemoAccount {
                name: n.to_string(),
                role: *r,
                password: p.to_string(),
            })
            .collect(),
        persons,
        recovery_code: created.recovery_code.display().to_string(),
        sample_identity: synthetic_identity(SEED, 0)
            .identity_number
            .display_separated(),
    })
}

impl DemoVault {
    /// A ready session of the demo account `name` (benches and tests sign in as the demo's people).
    pub fn login(&self, vault: &Vault, name: &str) -> Result<crate::Session> {
        let account = self
            .accounts
            .iter()
            .find(|a| a.name == name)
            .ok_or(crate::Error::UserNotFound)?;
        ready(vault, name, &account.password)
    }
}

/// One synthetic person with invented contact data.
pub fn synthetic_record(index: u64) -> PersonRecord {
    let who = synthetic_identity(SEED, index);
    let kinds = [
        ProtectionKind::SkyddadFolkbokforing,
        ProtectionKind::Sekretessmarkering,
        ProtectionKind::FingeradePersonuppgifter,
    ];
    PersonRecord {
        name: format!("{} {}", who.given_name, who.family_name),
        identity_number: Some(who.identity_number.canonical()),
        address: Some(format!("Påhittade vägen {}", index % 97 + 1)),
        postcode: Some(format!("{:03} {:02}", 100 + index % 800, index % 100)),
        municipality: Some("Exempelby".into()),
        phone: Some(format!(
            "070-000 {:02} {:02}",
            index % 100,
            (index / 100) % 100
        )),
        health: (index % 3 == 0).then(|| "Påhittad hälsouppgift för demo".into()),
        notes: Some("Syntetisk demoperson.".into()),
        protection: Protection {
            kind: Some(kinds[(index % 3) as usize]),
            since: Some("2025-01-15".into()),
            review_on: Some("2027-01-15".into()),
            note: None,
        },
        ..Default::default()
    }
}

fn secret(s: &str) -> SecretString {
    SecretString::from(s.to_string())
}

fn ready(vault: &Vault, name: &str, pw: &str) -> Result<crate::Session> {
    match vault.login(name, &secret(pw))? {
        Login::Ready(s) => Ok(s),
        Login::MustChangePassword(_) => Err(crate::Error::PasswordChangeRequired),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_vault_has_every_role_and_persons() {
        let dir = tempfile::tempdir().unwrap();
        let device = Arc::new(DeviceSecrets::mock());
        let demo = create(
            &dir.path().join("demo"),
            Arc::clone(&device),
            KdfParams::MINIMUM,
            5,
        )
        .unwrap();
        // One account per role an account can have (a new role needs its demo account).
        for role in Role::ACCOUNTS {
            assert!(
                demo.accounts.iter().any(|a| a.role == role),
                "the demo vault has no {role} account"
            );
        }
        assert_eq!(demo.accounts.len(), Role::ACCOUNTS.len());
        let vault = Vault::open(&dir.path().join("demo"), device).unwrap();
        let mut s = ready(&vault, "hanna", ACCOUNTS[1].2).unwrap();
        let first = synthetic_record(0).name;
        let hits = s.find_persons(first.split(' ').next().unwrap()).unwrap();
        assert!(!hits.hits.is_empty());
    }
}
