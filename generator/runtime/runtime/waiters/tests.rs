//! When a waiter stops polling, and how long it waits in between; polls are scripted, so
//! no socket is needed.

use super::*;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A response of the polled operation: its status, when it has one.
type Job = Option<&'static str>;

/// A waiter whose polls answer `script` in turn (and fail the test if polled once more),
/// counting them in `polls`.
fn waiter(script: Vec<Result<Job, Error<()>>>, polls: &Arc<AtomicUsize>) -> Wait<'static, Job, ()> {
    let mut script = VecDeque::from(script);
    let polls = Arc::clone(polls);
    Wait {
        poll: Box::new(move || -> PollFuture<'static, Job, ()> {
            polls.fetch_add(1, Ordering::SeqCst);
            let next = script.pop_front().expect("polled after the script ended");
            Box::pin(async move { next })
        }),
        status: |job| job.map(str::to_owned),
        terminal: &["succeeded", "failed"],
        timeout: Duration::from_secs(60),
        interval: Duration::from_millis(1),
        max_interval: Duration::from_millis(2),
    }
}

#[tokio::test]
async fn a_terminal_status_ends_the_wait_with_that_response() {
    let polls = Arc::new(AtomicUsize::new(0));
    let script = vec![
        Ok(Some("queued")),
        Ok(None),
        Ok(Some("running")),
        Ok(Some("failed")),
    ];
    let last = waiter(script, &polls).await.unwrap();
    // A failure is terminal too: the caller reads it in the response.
    assert_eq!(last, Some("failed"));
    assert_eq!(polls.load(Ordering::SeqCst), 4);
}

/// `wait`, failed rather than left hanging should it sleep for its (long) interval.
async fn promptly(wait: Wait<'static, Job, ()>) -> Result<Job, Error<()>> {
    tokio::time::timeout(Duration::from_secs(30), wait)
        .await
        .expect("the waiter slept for its interval")
}

#[tokio::test]
async fn the_first_poll_is_not_delayed_and_may_end_the_wait() {
    let polls = Arc::new(AtomicUsize::new(0));
    let wait = waiter(vec![Ok(Some("succeeded"))], &polls)
        // Neither a long interval nor a timeout already spent holds up the first poll.
        .interval(Duration::from_secs(3600))
        .timeout(Duration::ZERO);
    assert_eq!(promptly(wait).await.unwrap(), Some("succeeded"));
    assert_eq!(polls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_delay_past_the_timeout_is_cut_short_for_a_last_poll_at_the_deadline() {
    for status in [Some("running"), None] {
        let polls = Arc::new(AtomicUsize::new(0));
        let wait = waiter(vec![Ok(status), Ok(status)], &polls)
            .interval(Duration::from_secs(3600))
            .timeout(Duration::from_millis(100));
        match promptly(wait).await {
            Err(Error::WaitTimedOut {
                waited,
                last_status,
            }) => {
                assert_eq!(last_status.as_deref(), status);
                assert!(waited >= Duration::from_millis(100), "{waited:?}");
                assert!(waited < Duration::from_secs(30), "{waited:?}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(polls.load(Ordering::SeqCst), 2);
    }
}

#[tokio::test]
async fn the_last_poll_at_the_deadline_may_still_end_the_wait() {
    let polls = Arc::new(AtomicUsize::new(0));
    let wait = waiter(vec![Ok(Some("running")), Ok(Some("succeeded"))], &polls)
        .interval(Duration::MAX)
        .max_interval(Duration::MAX)
        .timeout(Duration::from_millis(50));
    assert_eq!(promptly(wait).await.unwrap(), Some("succeeded"));
    assert_eq!(polls.load(Ordering::SeqCst), 2);
}

#[test]
fn the_longest_delays_do_not_overflow() {
    let polls = Arc::new(AtomicUsize::new(0));
    let wait = waiter(Vec::new(), &polls)
        .interval(Duration::MAX)
        .max_interval(Duration::MAX);
    assert_eq!(wait.next_delay(Duration::MAX), Duration::MAX);
}

#[tokio::test]
async fn polling_goes_on_until_the_timeout_and_no_longer() {
    let polls = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&polls);
    let wait: Wait<'static, Job, ()> = Wait {
        poll: Box::new(move || -> PollFuture<'static, Job, ()> {
            counted.fetch_add(1, Ordering::SeqCst);
            Box::pin(async { Ok(Some("running")) })
        }),
        ..waiter(Vec::new(), &Arc::new(AtomicUsize::new(0)))
    }
    .interval(Duration::from_millis(1))
    .max_interval(Duration::from_millis(8))
    .timeout(Duration::from_millis(200));
    match promptly(wait).await {
        Err(Error::WaitTimedOut { last_status, .. }) => {
            assert_eq!(last_status.as_deref(), Some("running"));
        }
        other => panic!("{other:?}"),
    }
    // Delays of 1, 2, 4 and then 8 ms fit many polls into 200 ms.
    assert!(polls.load(Ordering::SeqCst) > 2, "{polls:?}");
}

#[tokio::test]
async fn an_error_that_survives_the_retries_ends_the_wait_at_once() {
    let polls = Arc::new(AtomicUsize::new(0));
    let script = vec![
        Ok(Some("running")),
        Err(Error::InvalidHeader("X-Api-Version".to_owned())),
    ];
    match waiter(script, &polls).await {
        Err(Error::InvalidHeader(name)) => assert_eq!(name, "X-Api-Version"),
        other => panic!("{other:?}"),
    }
    assert_eq!(polls.load(Ordering::SeqCst), 2);
}

#[test]
fn the_delay_doubles_from_the_interval_up_to_the_longest() {
    let polls = Arc::new(AtomicUsize::new(0));
    let wait = waiter(Vec::new(), &polls)
        .interval(Duration::from_secs(1))
        .max_interval(Duration::from_secs(30));
    let mut delay = wait.interval;
    let mut delays = vec![delay.as_secs()];
    for _ in 0..6 {
        delay = wait.next_delay(delay);
        delays.push(delay.as_secs());
    }
    assert_eq!(delays, [1, 2, 4, 8, 16, 30, 30]);
    assert_eq!(polls.load(Ordering::SeqCst), 0);
}

#[test]
fn an_interval_longer_than_the_longest_delay_is_kept() {
    let polls = Arc::new(AtomicUsize::new(0));
    let wait = waiter(Vec::new(), &polls)
        .interval(Duration::from_secs(10))
        .max_interval(Duration::from_secs(5));
    let ten = Duration::from_secs(10);
    assert_eq!(wait.next_delay(ten), ten);
    assert_eq!(wait.next_delay(wait.next_delay(ten)), ten);
}

#[test]
fn generated_waiters_start_with_the_documented_defaults() {
    let client = Client::builder()
        .base_url("https://api.example.com")
        .build()
        .unwrap();
    fn decode(_: u16, bytes: &[u8]) -> Option<Result<serde_json::Value, serde_json::Error>> {
        decode_error(bytes)
    }
    let wait = Wait::new(
        || {
            client.request::<serde_json::Value, serde_json::Value, ()>(
                Method::GET,
                "getJob",
                "/jobs/1",
                decode,
            )
        },
        |job| job["status"].as_str().map(str::to_owned),
        &["done"],
    );
    assert_eq!(wait.timeout, Duration::from_secs(30 * 60));
    assert_eq!(wait.interval, Duration::from_secs(1));
    assert_eq!(wait.max_interval, Duration::from_secs(30));
    assert_eq!(wait.terminal, ["done"]);
    assert_eq!(
        (wait.status)(&serde_json::json!({"status": "done"})).as_deref(),
        Some("done")
    );
}
