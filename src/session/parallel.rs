//! Memory-hard hashing spread over the machine's cores (an import's and a register export's slowest
//! part). The items never leave the process; the results keep their order.

use crate::error::{Error, Result};

/// `f` over `items` on up to eight threads, in order; the first error is returned.
pub(crate) fn map<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> Result<R> + Sync,
) -> Result<Vec<R>> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    let chunk = items.len().div_ceil(threads).max(1);
    let f = &f;
    std::thread::scope(|scope| {
        let parts: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Result<Vec<R>>>()))
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for p in parts {
            out.extend(
                p.join()
                    .map_err(|_| Error::Storage("a hashing thread failed".into()))??,
            );
        }
        Ok(out)
    })
}
