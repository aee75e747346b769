//! The simulator's seeded random numbers: ChaCha8 from `rand_chacha`, so the same seed gives
//! the same meeting on every machine and platform (ChaCha's output is specified, unlike
//! `rand`'s `StdRng`), with the few helpers the generator draws from.

use rand_chacha::rand_core::{Rng as _, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[derive(Debug, Clone)]
pub struct Rng(ChaCha8Rng);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(ChaCha8Rng::seed_from_u64(seed))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Uniform integer in [0, n) (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }

    /// Roughly normal around `mean` (sum of uniforms), never below `floor`.
    pub fn around(&mut self, mean: f64, spread: f64, floor: f64) -> f64 {
        let n = (self.unit() + self.unit() + self.unit() - 1.5) * 2.0 * spread;
        (mean + n).max(floor)
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn same_seed_same_sequence_other_seed_other_sequence() {
        let (mut a, mut b, mut c) = (super::Rng::new(7), super::Rng::new(7), super::Rng::new(8));
        let mut differs = false;
        for _ in 0..100 {
            let x = a.next_u64();
            assert_eq!(x, b.next_u64());
            differs |= x != c.next_u64();
        }
        assert!(differs);
    }
}
