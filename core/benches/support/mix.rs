//! The seeded benches' one source of chance: a fixed pseudo-random number per row and salt
//! (a splitmix64 finaliser), so every run seeds the same store.

pub fn mix(i: usize, salt: u64) -> u64 {
    let mut x = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ salt;
    x ^= x >> 31;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 27;
    x
}
