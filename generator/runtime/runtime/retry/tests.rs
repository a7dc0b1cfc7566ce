//! Retry policies.

use super::*;

#[test]
fn retry_policies_count_attempts() {
    assert_eq!(RetryPolicy::default().attempts(), 3);
    assert_eq!(RetryPolicy::never().attempts(), 1);
    assert_eq!(RetryPolicy::default().max_attempts(0).attempts(), 1);
}

#[test]
fn retry_after_reads_seconds_and_every_http_date_form() {
    use std::time::UNIX_EPOCH;
    // Sun, 06 Nov 1994 08:49:37 GMT, minus 30 s.
    let now = UNIX_EPOCH + Duration::from_secs(784_111_777 - 30);
    let thirty = Some(Duration::from_secs(30));
    assert_eq!(retry_after_value("30", now), thirty);
    assert_eq!(retry_after_value(" 30 ", now), thirty);
    assert_eq!(
        retry_after_value("Sun, 06 Nov 1994 08:49:37 GMT", now),
        thirty
    );
    assert_eq!(
        retry_after_value("Sunday, 06-Nov-94 08:49:37 GMT", now),
        thirty
    );
    assert_eq!(retry_after_value("Sun Nov  6 08:49:37 1994", now), thirty);
    // A date already past means at once; nonsense means no advice.
    let later = now + Duration::from_secs(3600);
    assert_eq!(
        retry_after_value("Sun, 06 Nov 1994 08:49:37 GMT", later),
        Some(Duration::ZERO)
    );
    assert_eq!(retry_after_value("soon", now), None);
    assert_eq!(retry_after_value("-5", now), None);
}

#[test]
fn only_failures_that_may_pass_next_time_are_retried() {
    // Safe to repeat (GET) or not (a POST without an idempotency key).
    for repeatable in [true, false] {
        assert!(Failure::Connect.retryable(repeatable));
        assert!(!Failure::Timeout.retryable(repeatable));
        assert!(!Failure::HeadersTooLarge.retryable(repeatable));
        assert!(!Failure::Permanent.retryable(repeatable));
    }
    assert!(Failure::Dropped.retryable(true));
    assert!(!Failure::Dropped.retryable(false));
}

#[test]
fn retryable_statuses_and_methods() {
    for status in [408, 429, 500, 502, 503, 599] {
        assert!(is_retryable_status(status), "{status}");
    }
    for status in [200, 301, 400, 401, 404, 409, 422, 600] {
        assert!(!is_retryable_status(status), "{status}");
    }
    assert!(is_idempotent(&Method::GET) && is_idempotent(&Method::DELETE));
    assert!(!is_idempotent(&Method::POST) && !is_idempotent(&Method::PATCH));
}

#[test]
fn backoff_doubles_up_to_its_cap_with_jitter_in_the_upper_half() {
    let policy = RetryPolicy::default()
        .initial_backoff(Duration::from_millis(100))
        .max_backoff(Duration::from_millis(400));
    for (attempt, base) in [(1, 100), (2, 200), (3, 400), (4, 400), (30, 400)] {
        let base = Duration::from_millis(base);
        for _ in 0..20 {
            let delay = policy.backoff(attempt);
            assert!(delay >= base / 2 && delay <= base, "{attempt}: {delay:?}");
        }
    }
}
