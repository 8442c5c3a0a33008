//! Argon2id password hashing, with parameters stored per keyslot and calibrated to the device at init.

use std::time::{Duration, Instant};

use argon2::{Algorithm, Argon2, Params, Version};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::Key32;
use crate::error::{Error, Result};

/// The floor DESIGN.md sets: never less than 64 MiB of memory.
pub const MIN_MEMORY_KIB: u32 = 64 * 1024;
/// Time cost is capped so a tampered slot cannot make unlock hang for hours.
pub const MAX_TIME_COST: u32 = 64;
/// Memory is capped for the same reason (1 GiB).
pub const MAX_MEMORY_KIB: u32 = 1024 * 1024;
/// Unlock must stay under 1 s in total, also on a loaded 2-core workstation (where a derivation takes
/// two to three times as long): Argon2id gets 0.3 s of an idle machine. The memory cost stays 64 MiB.
pub const DEFAULT_TARGET: Duration = Duration::from_millis(300);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub time_cost: u32,
    pub parallelism: u32,
}

impl KdfParams {
    /// The cheapest parameters DESIGN.md allows; used by tests and as the calibration start.
    pub const MINIMUM: KdfParams = KdfParams {
        memory_kib: MIN_MEMORY_KIB,
        time_cost: 1,
        parallelism: 1,
    };

    /// Refuses parameters below the floor or absurdly above it (a slot edited to stall unlock).
    pub fn validate(&self) -> Result<()> {
        let ok = self.memory_kib >= MIN_MEMORY_KIB
            && self.memory_kib <= MAX_MEMORY_KIB
            && (1..=MAX_TIME_COST).contains(&self.time_cost)
            && (1..=4).contains(&self.parallelism);
        if ok {
            Ok(())
        } else {
            Err(Error::SlotTampered {
                what: "key derivation parameters out of range",
            })
        }
    }

    /// Measures one Argon2id run at the minimum cost on this device and scales the time cost so that a
    /// derivation takes about `target`. Memory stays at 64 MiB: more memory would push unlock past 1 s
    /// on the slow workstations this runs on.
    pub fn calibrate(target: Duration) -> KdfParams {
        // The first pass also fills 64 MiB, so time t=1 and t=2 and scale on the difference.
        let time = |t: u32| {
            let p = KdfParams {
                time_cost: t,
                ..KdfParams::MINIMUM
            };
            // The fastest of three: the machine's own speed, not whatever else ran meanwhile (a
            // calibration on a busy machine would otherwise pick a cost that is too low).
            (0..3)
                .map(|_| {
                    let start = Instant::now();
                    // The output is discarded; only the duration matters.
                    let _ = derive(b"calibration", &[0u8; 16], &p);
                    start.elapsed().as_secs_f64()
                })
                .fold(f64::INFINITY, f64::min)
        };
        let one = time(1);
        let per_pass = (time(2) - one).max(0.001);
        let extra = ((target.as_secs_f64() - one) / per_pass).floor().max(0.0);
        KdfParams {
            time_cost: (1 + extra as u32).clamp(1, MAX_TIME_COST),
            ..KdfParams::MINIMUM
        }
    }
}

/// Argon2id(password, salt) → 32 bytes. Callers pass the NFKC-normalised password.
pub fn derive(password: &[u8], salt: &[u8], params: &KdfParams) -> Result<Key32> {
    params.validate()?;
    let p = Params::new(
        params.memory_kib,
        params.time_cost,
        params.parallelism,
        Some(32),
    )
    .map_err(|_| Error::SlotTampered {
        what: "key derivation parameters rejected",
    })?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, p);
    let mut out = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(password, salt, out.as_mut())
        .map_err(|_| Error::SlotTampered {
            what: "key derivation input rejected",
        })?;
    Ok(Key32::from_bytes(*out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_input_same_key_and_salt_matters() {
        let p = KdfParams::MINIMUM;
        let a = derive(b"pw", &[1; 16], &p).unwrap();
        let b = derive(b"pw", &[1; 16], &p).unwrap();
        let c = derive(b"pw", &[2; 16], &p).unwrap();
        assert_eq!(a.expose(), b.expose());
        assert_ne!(a.expose(), c.expose());
    }

    #[test]
    fn parameters_below_the_floor_are_refused() {
        let weak = KdfParams {
            memory_kib: 1024,
            ..KdfParams::MINIMUM
        };
        assert!(derive(b"pw", &[1; 16], &weak).is_err());
        let stalling = KdfParams {
            time_cost: 10_000,
            ..KdfParams::MINIMUM
        };
        assert!(stalling.validate().is_err());
    }

    #[test]
    fn calibration_respects_the_floor() {
        let p = KdfParams::calibrate(Duration::from_millis(1));
        assert_eq!(p, KdfParams::MINIMUM);
        p.validate().unwrap();
    }
}
