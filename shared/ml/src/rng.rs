//! A tiny deterministic PRNG (splitmix64) and fold assignment: the same seed gives the same folds on
//! every machine, without pulling in a random-number crate.

/// splitmix64: a 64-bit state advanced by a constant and mixed; good enough for shuffling folds.
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0); the modulo bias is negligible for the sizes used here.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// Mixes two values into a new seed, so inner folds and items get independent but reproducible streams.
pub fn derive_seed(seed: u64, salt: u64) -> u64 {
    SplitMix64::new(seed ^ salt.wrapping_mul(0xD1B5_4A32_D192_ED03)).next_u64()
}

/// Assigns each of `n` rows to one of `k` folds (k ≤ n), shuffled by `seed`, sizes differing by at most one.
pub fn folds(n: usize, k: usize, seed: u64) -> Vec<usize> {
    let k = k.clamp(1, n.max(1));
    let mut order: Vec<usize> = (0..n).collect();
    SplitMix64::new(seed).shuffle(&mut order);
    let mut fold = vec![0; n];
    for (pos, &row) in order.iter().enumerate() {
        fold[row] = pos % k;
    }
    fold
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_are_balanced_and_reproducible() {
        let a = folds(23, 5, 7);
        assert_eq!(a, folds(23, 5, 7));
        assert_ne!(a, folds(23, 5, 8));
        for f in 0..5 {
            let size = a.iter().filter(|&&x| x == f).count();
            assert!(size == 4 || size == 5, "fold {f} has {size}");
        }
    }
}
