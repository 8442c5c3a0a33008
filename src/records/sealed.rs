//! Sealing a person record under the records key. The associated data binds a sealed record to its vault,
//! its person ref and its key epoch, so sealed rows cannot be swapped between persons unnoticed.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::model::{Contact, PersonRecord};
use crate::canonical::Canonical;
use crate::crypto::wrap;
use crate::error::{Error, Result};
use crate::keys::DomainKey;

/// What is sealed: the record, and the slow hashes under which the reception register finds it (kept
/// so the register can be rebuilt under a new reception key without recomputing them).
///
/// The stored form is not the input form: a record input refuses fields it does not know, a stored
/// record keeps them (`later`, written by a newer version) and writes them back unchanged, so opening
/// a vault with an older version after a rollback neither fails nor loses them.
#[derive(Clone)]
pub struct SealedPerson {
    pub record: PersonRecord,
    pub lookup: Vec<String>,
    /// Dated, signed case notes, appended only (never part of a record input or a patch).
    pub journal: Vec<JournalEntry>,
    /// The person's data-subject rights: requests, harm assessments, disclosures, consents, ….
    pub rights: crate::rights::PersonRights,
    /// The parts of the stored record this version does not know, in the record's shape.
    pub later: Map<String, Value>,
}

/// One case note: when, by whom, what; a wrong one is corrected by a new one that names it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    pub id: u32,
    pub at: String,
    pub author: String,
    pub text: String,
    #[serde(default)]
    pub corrects: Option<u32>,
}

impl std::fmt::Debug for JournalEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "JournalEntry({}, **redacted**)", self.id)
    }
}

/// Where the journal sits in the stored record: inside it, so a version that does not know it keeps
/// it as a later field and writes it back.
const JOURNAL_KEY: &str = "journal";
/// Where the rights register sits, beside the journal and for the same reason.
const RIGHTS_KEY: &str = "rights";

impl SealedPerson {
    pub fn new(record: PersonRecord, lookup: Vec<String>) -> Self {
        SealedPerson {
            record,
            lookup,
            journal: Vec::new(),
            rights: Default::default(),
            later: Map::new(),
        }
    }
}

/// Every key this version knows, in the record's shape (contacts: one element as the pattern).
fn known_shape() -> Value {
    let record = PersonRecord {
        contacts: vec![Contact {
            name: String::new(),
            relation: None,
            phone: None,
        }],
        ..PersonRecord::default()
    };
    serde_json::to_value(record).unwrap_or(Value::Null)
}

/// Moves out of `value` what `shape` does not have, keeping the nesting; `None` when nothing was.
fn split_unknown(value: &mut Value, shape: &Value) -> Option<Value> {
    match (value, shape) {
        (Value::Object(obj), Value::Object(known)) => {
            let mut out = Map::new();
            for key in obj.keys().cloned().collect::<Vec<_>>() {
                match known.get(&key) {
                    None => {
                        if let Some(v) = obj.remove(&key) {
                            out.insert(key, v);
                        }
                    }
                    Some(inner) => {
                        if let Some(v) = obj.get_mut(&key).and_then(|v| split_unknown(v, inner)) {
                            out.insert(key, v);
                        }
                    }
                }
            }
            (!out.is_empty()).then_some(Value::Object(out))
        }
        (Value::Array(items), Value::Array(pattern)) => {
            let pattern = pattern.first()?;
            let out: Vec<Value> = items
                .iter_mut()
                .map(|item| split_unknown(item, pattern).unwrap_or(Value::Null))
                .collect();
            out.iter()
                .any(|v| !v.is_null())
                .then_some(Value::Array(out))
        }
        _ => None,
    }
}

/// Puts back what [`split_unknown`] took out (array elements by position).
fn merge_unknown(value: &mut Value, later: &Value) {
    match (value, later) {
        (Value::Object(obj), Value::Object(extra)) => {
            for (key, v) in extra {
                match obj.get_mut(key) {
                    Some(inner) => merge_unknown(inner, v),
                    None => {
                        obj.insert(key.clone(), v.clone());
                    }
                }
            }
        }
        (Value::Array(items), Value::Array(extra)) => {
            for (item, v) in items.iter_mut().zip(extra) {
                merge_unknown(item, v);
            }
        }
        _ => {}
    }
}

impl Serialize for SealedPerson {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut record = serde_json::to_value(&self.record).map_err(serde::ser::Error::custom)?;
        merge_unknown(&mut record, &Value::Object(self.later.clone()));
        if !self.journal.is_empty() {
            if let Value::Object(obj) = &mut record {
                obj.insert(
                    JOURNAL_KEY.into(),
                    serde_json::to_value(&self.journal).map_err(serde::ser::Error::custom)?,
                );
            }
        }
        if !self.rights.is_empty() {
            if let Value::Object(obj) = &mut record {
                obj.insert(
                    RIGHTS_KEY.into(),
                    serde_json::to_value(&self.rights).map_err(serde::ser::Error::custom)?,
                );
            }
        }
        #[derive(Serialize)]
        struct Stored<'a> {
            record: Value,
            lookup: &'a [String],
        }
        Stored {
            record,
            lookup: &self.lookup,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for SealedPerson {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Stored {
            record: Value,
            #[serde(default)]
            lookup: Vec<String>,
        }
        let Stored { mut record, lookup } = Stored::deserialize(d)?;
        let journal = match &mut record {
            Value::Object(obj) => match obj.remove(JOURNAL_KEY) {
                Some(v) => serde_json::from_value(v).map_err(serde::de::Error::custom)?,
                None => Vec::new(),
            },
            _ => Vec::new(),
        };
        let rights = match &mut record {
            Value::Object(obj) => match obj.remove(RIGHTS_KEY) {
                Some(v) => serde_json::from_value(v).map_err(serde::de::Error::custom)?,
                None => Default::default(),
            },
            _ => Default::default(),
        };
        let later = match split_unknown(&mut record, &known_shape()) {
            Some(Value::Object(m)) => m,
            _ => Map::new(),
        };
        // Known fields are parsed as strictly as ever: a wrong type or value is damage.
        let record = serde_json::from_value(record).map_err(serde::de::Error::custom)?;
        Ok(SealedPerson {
            record,
            lookup,
            journal,
            rights,
            later,
        })
    }
}

fn associated(vault_id: &str, person_ref: &str, epoch: u32) -> Vec<u8> {
    let mut c = Canonical::new("skyddsvalv/person/v1");
    c.str(vault_id).str(person_ref).u64(epoch.into());
    c.finish().to_vec()
}

pub fn seal(
    vault_id: &str,
    key: &DomainKey,
    person_ref: &str,
    person: &SealedPerson,
) -> Result<(Vec<u8>, Vec<u8>)> {
    let json = Zeroizing::new(
        serde_json::to_vec(person).map_err(|e| Error::Storage(format!("cannot encode: {e}")))?,
    );
    let (nonce, sealed) = wrap::seal(
        &key.sub("seal"),
        &json,
        &associated(vault_id, person_ref, key.epoch),
    );
    Ok((nonce.to_vec(), sealed))
}

pub fn open(
    vault_id: &str,
    key: &DomainKey,
    person_ref: &str,
    epoch: u32,
    nonce: &[u8],
    sealed: &[u8],
) -> Result<SealedPerson> {
    if epoch != key.epoch {
        return Err(Error::damaged(
            "a person record is sealed under another key epoch",
        ));
    }
    let plain = wrap::open(
        &key.sub("seal"),
        nonce,
        sealed,
        &associated(vault_id, person_ref, epoch),
    )
    .ok_or_else(|| Error::damaged("a sealed person record does not open"))?;
    serde_json::from_slice(&plain).map_err(|_| Error::damaged("a person record is malformed"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_record_keeps_what_a_later_version_added_and_writes_it_back() {
        let stored = serde_json::json!({
            "record": {
                "name": "Åsa Lind",
                "languages": ["sv", "fi"],
                "protection": {"kind": "sekretessmarkering", "authority": "Skatteverket"},
                "contacts": [{"name": "A", "phone": "070"}, {"name": "B", "pronoun": "hen"}],
            },
            "lookup": ["x"],
            "register_version": 3,
        });
        let p: SealedPerson = serde_json::from_value(stored.clone()).unwrap();
        assert_eq!(p.record.name, "Åsa Lind");
        assert_eq!(p.record.contacts.len(), 2);
        assert!(p.later.contains_key("languages"));
        let again = serde_json::to_value(&p).unwrap();
        assert_eq!(again["record"]["languages"], stored["record"]["languages"]);
        assert_eq!(again["record"]["protection"]["authority"], "Skatteverket");
        assert_eq!(again["record"]["contacts"][1]["pronoun"], "hen");
        assert_eq!(again["record"]["contacts"][0]["phone"], "070");
        assert!(again["record"]["contacts"][0].get("pronoun").is_none());
    }

    #[test]
    fn a_known_field_of_the_wrong_type_is_still_refused() {
        let stored = serde_json::json!({"record": {"name": 7}, "lookup": []});
        assert!(serde_json::from_value::<SealedPerson>(stored).is_err());
    }

    #[test]
    fn record_input_still_refuses_unknown_fields() {
        assert!(crate::records::model::from_json::<PersonRecord>(
            r#"{"name": "A", "languages": ["sv"]}"#
        )
        .is_err());
    }
}
