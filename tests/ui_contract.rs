//! The UI contract is generated from the core and committed; this test regenerates it and fails when
//! the committed file differs (in the style of rust-analyzer's generated code). It also holds the two
//! catalogs to the core's lists: every code, rule, action, field, role and input has a Swedish and an
//! English text, and the catalogs have the same keys.
//!
//! `UPDATE_CONTRACT=1 cargo test --test ui_contract` writes the file instead of failing.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use skyddsvalv::audit::Action;
use skyddsvalv::auth::password_policy::PasswordRule;
use skyddsvalv::identity::IdentityRule;
use skyddsvalv::input::{Input, Rule};
use skyddsvalv::records::{Field, LegalBasis, ProtectionKind};
use skyddsvalv::{ErrorCode, Role};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

#[test]
fn the_committed_contract_is_the_generated_one() {
    let path = root().join(skyddsvalv::contract::PATH);
    let fresh = skyddsvalv::contract::render();
    if std::env::var_os("UPDATE_CONTRACT").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{} is out of date: run `UPDATE_CONTRACT=1 cargo test --test ui_contract` and commit it",
        skyddsvalv::contract::PATH
    );
}

/// The keys of a catalog file (`"error.WRONG_PASSWORD": "…",`, one a line).
fn catalog_keys(name: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(root().join("ui/i18n").join(name)).unwrap();
    text.lines()
        .filter_map(|line| {
            let rest = line.trim_start().strip_prefix('"')?;
            let (key, after) = rest.split_once('"')?;
            after.trim_start().starts_with(':').then(|| key.to_string())
        })
        .collect()
}

fn wanted() -> Vec<String> {
    let mut keys = Vec::new();
    keys.extend(ErrorCode::ALL.iter().map(|c| format!("error.{c}")));
    keys.extend(Rule::ALL.iter().map(|r| format!("error.INVALID_INPUT.{r}")));
    keys.extend(
        IdentityRule::ALL
            .iter()
            .map(|r| format!("error.INVALID_IDENTITY_NUMBER.{r}")),
    );
    keys.extend(
        PasswordRule::ALL
            .iter()
            .map(|r| format!("error.WEAK_PASSWORD.{r}")),
    );
    keys.extend(Input::ALL.iter().map(|i| format!("input.{i}")));
    keys.extend(Action::ALL.iter().map(|a| format!("action.{a}")));
    keys.extend(Field::ALL.iter().map(|f| format!("field.{f}")));
    keys.extend(Role::ALL.iter().map(|r| format!("role.{r}")));
    keys.extend(
        ProtectionKind::ALL
            .iter()
            .map(|p| format!("protection.{p}")),
    );
    keys.extend(LegalBasis::ALL.iter().map(|b| format!("legal.{b}")));
    keys.extend(
        skyddsvalv::records::ReviewStatus::ALL
            .iter()
            .map(|s| format!("review.{s}")),
    );
    keys.extend(
        skyddsvalv::audit::FlagCode::ALL
            .iter()
            .map(|c| format!("flag.{c}")),
    );
    keys.extend(
        skyddsvalv::duties::sweep::CertificateProblem::ALL
            .iter()
            .map(|p| format!("certificateCheck.problem.{p}")),
    );
    keys.extend(
        skyddsvalv::audit::ReviewOutcome::ALL
            .iter()
            .map(|o| format!("logOutcome.{o}")),
    );
    keys
}

#[test]
fn both_catalogs_have_a_text_for_every_name_of_the_core() {
    for catalog in ["sv.js", "en.js"] {
        let keys = catalog_keys(catalog);
        assert!(keys.len() > 100, "{catalog} was not read");
        let missing: Vec<_> = wanted().into_iter().filter(|k| !keys.contains(k)).collect();
        assert!(missing.is_empty(), "{catalog} lacks {missing:?}");
    }
}

#[test]
fn the_catalogs_have_the_same_keys() {
    let sv = catalog_keys("sv.js");
    let en = catalog_keys("en.js");
    let only_sv: Vec<_> = sv.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&sv).collect();
    assert!(
        only_sv.is_empty() && only_en.is_empty(),
        "only in sv.js: {only_sv:?}; only in en.js: {only_en:?}"
    );
}

/// The UI's own error texts (the IPC itself failing), not codes of the core.
const UI_OWN: &[&str] = &["error.IPC", "error.NO_BACKEND", "error.UNKNOWN"];

#[test]
fn the_catalogs_name_no_code_the_core_does_not_have() {
    // A code renamed in the core leaves its old text behind; this finds it.
    let mut known: BTreeSet<String> = wanted().into_iter().collect();
    known.extend(UI_OWN.iter().map(|k| k.to_string()));
    let families = [
        "error.",
        "action.",
        "field.",
        "role.",
        "input.",
        "review.",
        "flag.",
        "logOutcome.",
        "certificateCheck.problem.",
    ];
    for catalog in ["sv.js", "en.js"] {
        let stale: Vec<_> = catalog_keys(catalog)
            .into_iter()
            .filter(|k| families.iter().any(|f| k.starts_with(f)) && !known.contains(k))
            .collect();
        assert!(
            stale.is_empty(),
            "{catalog} has texts for unknown names: {stale:?}"
        );
    }
}
