//! Exponential back-off with jitter between attempts.

use std::time::Duration;

use rand::Rng;

/// The delay before attempt `attempt + 1` after attempt `attempt` (1-based) failed:
/// `base × 2^(attempt−1)`, capped, then drawn uniformly from its upper half so that jobs that
/// failed together do not all retry at the same instant.
pub fn backoff(attempt: i32, base: Duration, cap: Duration, rng: &mut impl Rng) -> Duration {
    let exp = u32::try_from(attempt.saturating_sub(1))
        .unwrap_or(0)
        .min(30);
    let full = base.saturating_mul(1u32 << exp).min(cap);
    let half = full / 2;
    let jitter_ms = u64::try_from(half.as_millis()).unwrap_or(u64::MAX);
    half + Duration::from_millis(if jitter_ms == 0 {
        0
    } else {
        rng.random_range(0..=jitter_ms)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn grows_exponentially_within_jitter_and_stops_at_the_cap() {
        let mut rng = StdRng::seed_from_u64(7);
        let base = Duration::from_secs(10);
        let cap = Duration::from_secs(3600);
        for attempt in 1..=12 {
            let full = (base * 2u32.pow(attempt as u32 - 1)).min(cap);
            for _ in 0..50 {
                let d = backoff(attempt, base, cap, &mut rng);
                assert!(
                    d >= full / 2 && d <= full,
                    "attempt {attempt}: {d:?} vs {full:?}"
                );
            }
        }
        assert!(backoff(1000, base, cap, &mut rng) <= cap);
        assert!(backoff(0, base, cap, &mut rng) <= base);
    }

    #[test]
    fn jitter_spreads_retries() {
        let mut rng = StdRng::seed_from_u64(1);
        let delays: std::collections::HashSet<_> = (0..20)
            .map(|_| {
                backoff(
                    3,
                    Duration::from_secs(10),
                    Duration::from_secs(3600),
                    &mut rng,
                )
            })
            .collect();
        assert!(delays.len() > 10, "{delays:?}");
    }
}
