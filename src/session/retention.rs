//! Retention rules through the door: listed for whoever applies or reviews them, set by the
//! administrator (a rule with a new id is added, one with a known id replaced); each a logged
//! operation. A vault that never changed them has the shipped defaults.

use super::{Ctx, Session};
use crate::audit::{Action, Outcome};
use crate::duties::retention::{self, RetentionRule};
use crate::error::{Error, Result};
use crate::policy::Operation;

const RULES: &str = "retention_rules";

pub(super) fn load(ctx: &Ctx<'_>) -> Result<Vec<RetentionRule>> {
    match ctx.tx.setting(RULES)? {
        None => Ok(retention::defaults()),
        Some(json) => serde_json::from_str(&json)
            .map_err(|_| Error::damaged("the retention rules cannot be read")),
    }
}

impl Session {
    pub fn retention_rules(&mut self) -> Result<Vec<RetentionRule>> {
        let entry = self.entry(Action::RetentionRulesListed, Outcome::Allowed);
        self.perform(
            Operation::ListRetentionRules,
            entry,
            super::admin::na,
            |ctx, (), _| load(ctx),
        )
    }

    /// Adds or replaces (by id) one rule, given as JSON.
    pub fn set_retention_rule(&mut self, json: &str) -> Result<Vec<RetentionRule>> {
        let entry = self.entry(Action::RetentionRuleChanged, Outcome::Allowed);
        let rule = retention::parse_rule(json);
        self.perform(
            Operation::SetRetentionRule,
            entry,
            super::admin::na,
            |ctx, (), entry| {
                let rule = rule?;
                let mut rules = load(ctx)?;
                entry.purpose = Some(rule.id.clone());
                match rules.iter_mut().find(|r| r.id == rule.id) {
                    Some(r) => {
                        entry.detail = Some("replaced".into());
                        *r = rule;
                    }
                    None => {
                        entry.detail = Some("added".into());
                        rules.push(rule);
                    }
                }
                let json =
                    serde_json::to_string(&rules).map_err(|e| Error::Storage(e.to_string()))?;
                ctx.tx.set_setting(RULES, &json)?;
                Ok(rules)
            },
        )
    }
}
