//! The reception register's deliberately slow hash: Argon2id over a canonical identity number (or an
//! exact name and birth year) with the vault's own salt. One lookup costs a few milliseconds; testing
//! every valid number of one birth date (1 998 of them) costs seconds, and a whole birth year hours.
//! The result is then keyed with the reception key, so the hash alone finds nothing.

use argon2::{Algorithm, Argon2, Params, Version};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlowHashParams {
    pub memory_kib: u32,
    pub time_cost: u32,
}

impl SlowHashParams {
    /// The floor: 16 MiB, one pass (about 9 ms on the 2-core workstations measured). Never lower.
    pub const MINIMUM: SlowHashParams = SlowHashParams {
        memory_kib: 16 * 1024,
        time_cost: 1,
    };
    /// A stored setting above this would stall every lookup; it is damage, not a choice.
    const MAX_MEMORY_KIB: u32 = 256 * 1024;
    const MAX_TIME_COST: u32 = 8;

    pub fn validate(&self) -> Result<()> {
        let ok = (Self::MINIMUM.memory_kib..=Self::MAX_MEMORY_KIB).contains(&self.memory_kib)
            && (Self::MINIMUM.time_cost..=Self::MAX_TIME_COST).contains(&self.time_cost);
        if ok {
            Ok(())
        } else {
            Err(Error::damaged(
                "the lookup hash parameters are out of range",
            ))
        }
    }
}

/// Argon2id(input, salt) with `params`; 32 bytes, wiped on drop.
pub fn slow_hash(
    input: &[u8],
    salt: &[u8; 16],
    params: SlowHashParams,
) -> Result<Zeroizing<[u8; 32]>> {
    params.validate()?;
    let p = Params::new(params.memory_kib, params.time_cost, 1, Some(32))
        .map_err(|_| Error::damaged("the lookup hash parameters are rejected"))?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, p)
        .hash_password_into(input, salt, out.as_mut())
        .map_err(|_| Error::damaged("the lookup hash input is rejected"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_salted_and_floored() {
        let p = SlowHashParams::MINIMUM;
        let a = slow_hash(b"198507099805", &[1; 16], p).unwrap();
        let b = slow_hash(b"198507099805", &[1; 16], p).unwrap();
        let c = slow_hash(b"198507099805", &[2; 16], p).unwrap();
        assert_eq!(*a, *b);
        assert_ne!(*a, *c);
        let cheap = SlowHashParams {
            memory_kib: 8,
            time_cost: 1,
        };
        assert!(slow_hash(b"x", &[1; 16], cheap).is_err());
    }
}
