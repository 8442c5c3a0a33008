//! An in-memory implementation of the storage seam: the reference for what a backend must do, and a
//! fast store for tests. A transaction works on a copy that replaces the state on commit.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use super::{
    ActiveEmergency, CheckpointRow, EmergencyRow, GrantKind, GrantRow, NameToken, NewPerson,
    NewRegisterRow, NewUser, PersonRow, Profile, RegisterRow, Storage, Tx, UserRow,
};
use crate::audit::{Entry, EntryRef, LogFilter};
use crate::crypto::Key32;
use crate::error::{Error, Result};

#[derive(Clone, Default)]
struct State {
    settings: BTreeMap<String, String>,
    users: BTreeMap<i64, UserRow>,
    persons: BTreeMap<i64, PersonRow>,
    tokens: BTreeSet<(NameToken, i64)>,
    register: BTreeMap<i64, RegisterRow>,
    assignments: BTreeSet<(i64, i64)>,
    emergency: Vec<EmergencyRow>,
    grants: BTreeMap<(String, &'static str), GrantRow>,
    log: Vec<Entry>,
    checkpoints: Vec<CheckpointRow>,
    next_id: i64,
}

#[derive(Default)]
pub struct MemoryStorage {
    state: State,
}

impl MemoryStorage {
    pub fn new() -> Self {
        Self::default()
    }
}

impl Storage for MemoryStorage {
    fn begin(&mut self) -> Result<Box<dyn Tx + '_>> {
        let work = RefCell::new(self.state.clone());
        Ok(Box::new(MemoryTx {
            state: &mut self.state,
            work,
        }))
    }

    fn probe(&mut self) -> Result<()> {
        Ok(())
    }

    fn reopen(&mut self, _key: &Key32) -> Result<()> {
        Ok(())
    }

    fn integrity_problems(&mut self) -> Result<Vec<String>> {
        Ok(Vec::new())
    }

    fn rekey(&mut self, _key: &Key32) -> Result<()> {
        Ok(())
    }

    #[cfg(feature = "test-support")]
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn compact(&mut self) -> Result<()> {
        Ok(())
    }

    fn snapshot_into(&mut self, _path: &std::path::Path) -> Result<()> {
        Err(crate::error::Error::Storage(
            "the in-memory store has no file to back up".into(),
        ))
    }
}

struct MemoryTx<'a> {
    state: &'a mut State,
    work: RefCell<State>,
}

fn constraint(what: &str) -> Error {
    Error::Storage(format!("constraint failed: {what}"))
}

impl State {
    fn id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }
}

impl MemoryTx<'_> {
    fn read<T>(&self, f: impl FnOnce(&State) -> T) -> Result<T> {
        Ok(f(&self.work.borrow()))
    }

    fn write<T>(&self, f: impl FnOnce(&mut State) -> Result<T>) -> Result<T> {
        f(&mut self.work.borrow_mut())
    }
}

impl Tx for MemoryTx<'_> {
    fn commit(self: Box<Self>) -> Result<()> {
        let MemoryTx { state, work } = *self;
        *state = work.into_inner();
        Ok(())
    }

    fn setting(&self, key: &str) -> Result<Option<String>> {
        self.read(|s| s.settings.get(key).cloned())
    }

    fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.write(|s| {
            s.settings.insert(key.to_string(), value.to_string());
            Ok(())
        })
    }

    fn delete_setting(&self, key: &str) -> Result<()> {
        self.write(|s| {
            s.settings.remove(key);
            Ok(())
        })
    }

    fn insert_user(&self, u: &NewUser) -> Result<i64> {
        self.write(|s| {
            if s.users
                .values()
                .any(|x| x.name_key == u.name_key || x.slot_locator == u.slot_locator)
            {
                return Err(constraint("users unique"));
            }
            let id = s.id();
            s.users.insert(
                id,
                UserRow {
                    id,
                    name: u.name.clone(),
                    name_key: u.name_key.clone(),
                    role: u.role,
                    disabled: false,
                    must_change_password: u.must_change_password,
                    slot_locator: u.slot_locator.clone(),
                    slot_digest: u.slot_digest.clone(),
                    public: Some(u.public),
                    created_at: u.created_at.clone(),
                    profile: Profile::default(),
                    last_login_at: None,
                },
            );
            Ok(id)
        })
    }

    fn user_by_id(&self, id: i64) -> Result<Option<UserRow>> {
        self.read(|s| s.users.get(&id).cloned())
    }

    fn user_by_name_key(&self, name_key: &str) -> Result<Option<UserRow>> {
        self.read(|s| s.users.values().find(|u| u.name_key == name_key).cloned())
    }

    fn user_by_locator(&self, locator: &str) -> Result<Option<UserRow>> {
        self.read(|s| {
            s.users
                .values()
                .find(|u| u.slot_locator == locator)
                .cloned()
        })
    }

    fn users(&self) -> Result<Vec<UserRow>> {
        self.read(|s| {
            let mut v: Vec<UserRow> = s.users.values().cloned().collect();
            v.sort_by(|a, b| a.name_key.cmp(&b.name_key));
            v
        })
    }

    fn set_profile(&self, user_id: i64, p: &Profile) -> Result<()> {
        self.write(|s| {
            if let Some(row) = s.users.get_mut(&user_id) {
                row.profile = p.clone();
            }
            Ok(())
        })
    }

    fn set_last_login(&self, user_id: i64, at: &str) -> Result<()> {
        self.write(|s| {
            if let Some(row) = s.users.get_mut(&user_id) {
                row.last_login_at = Some(at.to_string());
            }
            Ok(())
        })
    }

    fn update_user(&self, u: &UserRow) -> Result<()> {
        self.write(|s| {
            if s.users
                .values()
                .any(|x| x.id != u.id && x.slot_locator == u.slot_locator)
            {
                return Err(constraint("users.slot_locator"));
            }
            if let Some(row) = s.users.get_mut(&u.id) {
                let kept = row.clone();
                *row = u.clone();
                row.name = kept.name;
                row.name_key = kept.name_key;
                row.created_at = kept.created_at;
                row.profile = kept.profile;
                row.last_login_at = kept.last_login_at;
            }
            Ok(())
        })
    }

    fn insert_person(&self, p: &NewPerson) -> Result<i64> {
        self.write(|s| {
            let clash = s.persons.values().any(|x| {
                x.person_ref == p.person_ref
                    || (p.identity_tag.is_some() && x.identity_tag == p.identity_tag)
            });
            if clash {
                return Err(constraint("persons unique"));
            }
            let id = s.id();
            s.persons.insert(
                id,
                PersonRow {
                    id,
                    person_ref: p.person_ref.clone(),
                    identity_tag: p.identity_tag,
                    epoch: p.epoch,
                    nonce: p.nonce.clone(),
                    sealed: p.sealed.clone(),
                    created_by: p.created_by,
                    created_at: p.created_at.clone(),
                    updated_at: p.created_at.clone(),
                },
            );
            Ok(id)
        })
    }

    fn update_person(&self, p: &PersonRow) -> Result<()> {
        self.write(|s| {
            if p.identity_tag.is_some()
                && s.persons
                    .values()
                    .any(|x| x.id != p.id && x.identity_tag == p.identity_tag)
            {
                return Err(constraint("persons.identity_tag"));
            }
            if let Some(row) = s.persons.get_mut(&p.id) {
                row.identity_tag = p.identity_tag;
                row.epoch = p.epoch;
                row.nonce = p.nonce.clone();
                row.sealed = p.sealed.clone();
                row.updated_at = p.updated_at.clone();
            }
            Ok(())
        })
    }

    fn person_by_id(&self, id: i64) -> Result<Option<PersonRow>> {
        self.read(|s| s.persons.get(&id).cloned())
    }

    fn person_by_ref(&self, person_ref: &str) -> Result<Option<PersonRow>> {
        self.read(|s| {
            s.persons
                .values()
                .find(|p| p.person_ref == person_ref)
                .cloned()
        })
    }

    fn person_by_identity_tag(&self, tag: &[u8; 32]) -> Result<Option<PersonRow>> {
        self.read(|s| {
            s.persons
                .values()
                .find(|p| p.identity_tag.as_ref() == Some(tag))
                .cloned()
        })
    }

    fn person_ids(&self) -> Result<Vec<i64>> {
        self.read(|s| s.persons.keys().copied().collect())
    }

    fn count_persons(&self) -> Result<u64> {
        self.read(|s| s.persons.len() as u64)
    }

    fn delete_person(&self, person_id: i64) -> Result<bool> {
        self.write(|s| {
            let found = s.persons.remove(&person_id).is_some();
            s.tokens.retain(|(_, p)| *p != person_id);
            s.assignments.retain(|(p, _)| *p != person_id);
            s.emergency.retain(|e| e.person_id != person_id);
            Ok(found)
        })
    }

    fn set_name_tokens(&self, person_id: i64, tokens: &[NameToken]) -> Result<()> {
        self.write(|s| {
            if !s.persons.contains_key(&person_id) {
                return Err(constraint("name_tokens.person_id"));
            }
            s.tokens.retain(|(_, p)| *p != person_id);
            for t in tokens {
                s.tokens.insert((*t, person_id));
            }
            Ok(())
        })
    }

    fn search_tokens(
        &self,
        tokens: &[NameToken],
        user_id: i64,
        now: i64,
        limit: u32,
    ) -> Result<(Vec<PersonRow>, u64)> {
        self.read(|s| {
            if tokens.is_empty() {
                return (Vec::new(), 0);
            }
            let visible = |pid: i64| {
                s.assignments.contains(&(pid, user_id))
                    || s.emergency
                        .iter()
                        .any(|e| e.person_id == pid && e.user_id == user_id && e.expires_at > now)
            };
            let ids: Vec<i64> = s
                .persons
                .keys()
                .copied()
                .filter(|pid| tokens.iter().all(|t| s.tokens.contains(&(*t, *pid))))
                .filter(|pid| visible(*pid))
                .collect();
            let total = ids.len() as u64;
            let rows = ids
                .into_iter()
                .take(limit as usize)
                .filter_map(|id| s.persons.get(&id).cloned())
                .collect();
            (rows, total)
        })
    }

    fn add_register_row(&self, row: &NewRegisterRow) -> Result<()> {
        self.write(|s| {
            let id = s.id();
            s.register.insert(
                id,
                RegisterRow {
                    id,
                    tag: row.tag,
                    epoch: row.epoch,
                    nonce: row.nonce.clone(),
                    sealed: row.sealed.clone(),
                },
            );
            Ok(())
        })
    }

    fn register_rows_by_tag(&self, tag: &[u8; 32]) -> Result<Vec<RegisterRow>> {
        self.read(|s| {
            s.register
                .values()
                .filter(|r| &r.tag == tag)
                .cloned()
                .collect()
        })
    }

    fn register_rows(&self) -> Result<Vec<RegisterRow>> {
        self.read(|s| s.register.values().cloned().collect())
    }

    fn delete_register_row(&self, id: i64) -> Result<()> {
        self.write(|s| {
            s.register.remove(&id);
            Ok(())
        })
    }

    fn count_register_rows(&self) -> Result<u64> {
        self.read(|s| s.register.len() as u64)
    }

    fn assign(&self, person_id: i64, user_id: i64) -> Result<bool> {
        self.write(|s| {
            if !s.persons.contains_key(&person_id) || !s.users.contains_key(&user_id) {
                return Err(constraint("assignments foreign key"));
            }
            Ok(s.assignments.insert((person_id, user_id)))
        })
    }

    fn unassign(&self, person_id: i64, user_id: i64) -> Result<bool> {
        self.write(|s| Ok(s.assignments.remove(&(person_id, user_id))))
    }

    fn is_assigned(&self, person_id: i64, user_id: i64) -> Result<bool> {
        self.read(|s| s.assignments.contains(&(person_id, user_id)))
    }

    fn assigned_person_ids(&self, user_id: i64) -> Result<Vec<i64>> {
        self.read(|s| {
            s.assignments
                .iter()
                .filter(|(_, u)| *u == user_id)
                .map(|(p, _)| *p)
                .collect()
        })
    }

    fn assigned_users(&self, person_id: i64) -> Result<Vec<UserRow>> {
        self.read(|s| {
            let mut v: Vec<UserRow> = s
                .assignments
                .iter()
                .filter(|(p, _)| *p == person_id)
                .filter_map(|(_, u)| s.users.get(u).cloned())
                .collect();
            v.sort_by(|a, b| a.name_key.cmp(&b.name_key));
            v
        })
    }

    fn grant_emergency(&self, g: &EmergencyRow) -> Result<()> {
        self.write(|s| {
            if !s.persons.contains_key(&g.person_id) {
                return Err(constraint("emergency_access.person_id"));
            }
            s.emergency.push(g.clone());
            Ok(())
        })
    }

    fn emergency(&self, person_id: i64, user_id: i64, now: i64) -> Result<Option<ActiveEmergency>> {
        self.read(|s| {
            let running: Vec<&EmergencyRow> = s
                .emergency
                .iter()
                .filter(|e| e.person_id == person_id && e.user_id == user_id && e.expires_at > now)
                .collect();
            running
                .iter()
                .map(|e| e.expires_at)
                .max()
                .map(|until| ActiveEmergency {
                    until,
                    may_edit: running.iter().any(|e| e.may_edit),
                })
        })
    }

    fn put_grant(&self, g: &GrantRow) -> Result<()> {
        self.write(|s| {
            s.grants
                .insert((g.locator.clone(), g.kind.as_str()), g.clone());
            Ok(())
        })
    }

    fn grant(&self, locator: &str, kind: GrantKind) -> Result<Option<GrantRow>> {
        self.read(|s| s.grants.get(&(locator.to_string(), kind.as_str())).cloned())
    }

    fn grants(&self, kind: GrantKind) -> Result<Vec<GrantRow>> {
        self.read(|s| {
            s.grants
                .values()
                .filter(|g| g.kind == kind)
                .cloned()
                .collect()
        })
    }

    fn delete_grant(&self, locator: &str, kind: GrantKind) -> Result<bool> {
        self.write(|s| {
            Ok(s.grants
                .remove(&(locator.to_string(), kind.as_str()))
                .is_some())
        })
    }

    fn log_head(&self) -> Result<Option<(u64, Vec<u8>)>> {
        self.read(|s| s.log.last().map(|e| (e.seq, e.hash.clone())))
    }

    fn log_append(&self, e: &Entry) -> Result<()> {
        self.write(|s| {
            if s.log.last().is_some_and(|last| last.seq >= e.seq) {
                return Err(constraint("audit_log.seq"));
            }
            s.log.push(e.clone());
            Ok(())
        })
    }

    fn log_entry(&self, seq: u64) -> Result<Option<Entry>> {
        self.read(|s| s.log.iter().find(|e| e.seq == seq).cloned())
    }

    fn log_walk(
        &self,
        from_seq: u64,
        f: &mut dyn FnMut(&EntryRef<'_>) -> Result<bool>,
    ) -> Result<()> {
        let s = self.work.borrow();
        for e in s.log.iter().filter(|e| e.seq >= from_seq) {
            let joined = e.fields_joined();
            if !f(&e.as_ref(&joined))? {
                break;
            }
        }
        Ok(())
    }

    fn log_query(&self, f: &LogFilter) -> Result<Vec<Entry>> {
        self.read(|s| {
            s.log
                .iter()
                .rev()
                .filter(|e| f.matches(e))
                .take(f.limit() as usize)
                .cloned()
                .collect()
        })
    }

    fn log_first_at(&self, at: &str) -> Result<Option<u64>> {
        self.read(|s| s.log.iter().find(|e| e.at.as_str() >= at).map(|e| e.seq))
    }

    fn count_log(&self, actor: &str, action: &str, since: &str) -> Result<u64> {
        self.read(|s| {
            s.log
                .iter()
                .filter(|e| e.actor == actor && e.action == action && e.at.as_str() >= since)
                .count() as u64
        })
    }

    fn add_checkpoint(&self, c: &CheckpointRow) -> Result<()> {
        self.write(|s| {
            s.checkpoints.push(c.clone());
            Ok(())
        })
    }

    fn checkpoints(&self) -> Result<Vec<CheckpointRow>> {
        self.read(|s| s.checkpoints.clone())
    }
}
