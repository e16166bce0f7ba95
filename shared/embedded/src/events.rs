//! The `Events` port in process: handlers subscribe by detail-type; each delivery runs on its
//! own task with bounded retries (backing off), at most `concurrency` at a time per handler, and
//! what still fails is kept as a dead letter. With an [`Outbox`] (as `mendan serve` runs it) every
//! delivery is stored before `publish` returns and settled when its handler finishes, so
//! [`InProcessEvents::replay_pending`] at the next start redoes what a crash cut off.

use async_trait::async_trait;
use futures_util::future::BoxFuture;
use mendan_core::ports::{Event, Events, PortError, PortResult};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use tokio::sync::{Semaphore, watch};

use crate::outbox::Outbox;

pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// Runs of one handler at the same time, unless it is subscribed with its own limit.
pub const DEFAULT_CONCURRENCY: usize = 4;
/// Published events and dead letters kept in memory (the newest; the dead letters are also on disk).
pub const HISTORY_LIMIT: usize = 1_000;
/// A delivery started this often without ever finishing (the process died each time) is given up.
pub const MAX_INTERRUPTED_STARTS: u32 = 5;

pub use mendan_core::events::HandlerError;

pub type Handler = Arc<dyn Fn(Event) -> BoxFuture<'static, Result<(), HandlerError>> + Send + Sync>;

#[derive(Clone, Debug, PartialEq)]
pub struct DeadLetter {
    pub event: Event,
    pub error: String,
    pub attempts: u32,
}

/// One handler of one detail-type. Its name (`{detail_type}#{n}`, the n-th subscription to that
/// type) is what the outbox stores, so subscriptions must be made in the same order at each start.
#[derive(Clone)]
struct Subscription {
    name: String,
    handler: Handler,
    permits: Arc<Semaphore>,
}

/// What every delivery task shares.
#[derive(Clone)]
struct Shared {
    max_attempts: u32,
    dead_letters: Arc<Mutex<VecDeque<DeadLetter>>>,
    outbox: Option<Arc<Outbox>>,
    in_flight: watch::Sender<usize>,
}

pub struct InProcessEvents {
    subscriptions: RwLock<HashMap<String, Vec<Subscription>>>,
    published: Mutex<VecDeque<Event>>,
    shared: Shared,
}

/// Pushes onto a ring of [`HISTORY_LIMIT`] entries.
fn remember<T>(ring: &Mutex<VecDeque<T>>, entry: T) {
    if let Ok(mut ring) = ring.lock() {
        if ring.len() == HISTORY_LIMIT {
            ring.pop_front();
        }
        ring.push_back(entry);
    }
}

/// Counts a delivery as running until dropped, also when its handler panics.
struct InFlight(watch::Sender<usize>);

impl InFlight {
    fn start(counter: &watch::Sender<usize>) -> Self {
        counter.send_modify(|n| *n += 1);
        Self(counter.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.send_modify(|n| *n -= 1);
    }
}

impl InProcessEvents {
    /// A bus in memory only (tests, one-shot commands).
    pub fn new(max_attempts: u32) -> Self {
        Self::build(max_attempts, None)
    }

    /// A bus whose deliveries are stored in `outbox` until their handlers finish.
    pub fn durable(max_attempts: u32, outbox: Outbox) -> Self {
        Self::build(max_attempts, Some(Arc::new(outbox)))
    }

    fn build(max_attempts: u32, outbox: Option<Arc<Outbox>>) -> Self {
        Self {
            subscriptions: RwLock::default(),
            published: Mutex::default(),
            shared: Shared {
                max_attempts: max_attempts.max(1),
                dead_letters: Arc::default(),
                outbox,
                in_flight: watch::channel(0).0,
            },
        }
    }

    /// Subscribes `handler` with at most [`DEFAULT_CONCURRENCY`] runs at a time.
    pub fn subscribe(&self, detail_type: &str, handler: Handler) {
        self.subscribe_limited(detail_type, handler, DEFAULT_CONCURRENCY);
    }

    /// Subscribes `handler` with at most `concurrency` runs at a time; the others wait their turn.
    pub fn subscribe_limited(&self, detail_type: &str, handler: Handler, concurrency: usize) {
        if let Ok(mut map) = self.subscriptions.write() {
            let list = map.entry(detail_type.to_owned()).or_default();
            let name = format!("{detail_type}#{}", list.len());
            list.push(Subscription { name, handler, permits: Arc::new(Semaphore::new(concurrency.max(1))) });
        }
    }

    /// The newest published events, up to [`HISTORY_LIMIT`] (for tests and the local event log).
    pub fn published(&self) -> Vec<Event> {
        self.published.lock().map(|p| p.iter().cloned().collect()).unwrap_or_default()
    }

    /// The newest dead letters, up to [`HISTORY_LIMIT`] (all of them are in the outbox, if any).
    pub fn dead_letters(&self) -> Vec<DeadLetter> {
        self.shared.dead_letters.lock().map(|d| d.iter().cloned().collect()).unwrap_or_default()
    }

    /// Waits until no delivery is running or waiting its turn (tests; orderly shutdown).
    pub async fn idle(&self) {
        let mut rx = self.shared.in_flight.subscribe();
        let _ = rx.wait_for(|n| *n == 0).await;
    }

    /// Starts every delivery the outbox still owes (call once at start-up, after subscribing and
    /// before anything is published). Returns how many were started.
    pub async fn replay_pending(&self) -> Result<usize, String> {
        let Some(outbox) = &self.shared.outbox else { return Ok(0) };
        let pending = outbox.pending().await?;
        let by_name: HashMap<String, Subscription> = self
            .subscriptions
            .read()
            .map(|m| m.values().flatten().map(|s| (s.name.clone(), s.clone())).collect())
            .unwrap_or_default();
        let mut started = 0;
        for delivery in pending {
            let give_up = match by_name.get(&delivery.handler) {
                None => Some(format!("no handler {} is subscribed any more", delivery.handler)),
                Some(_) if delivery.starts >= MAX_INTERRUPTED_STARTS => {
                    Some(format!("cut off {} times without finishing", delivery.starts))
                }
                Some(subscription) => {
                    self.spawn(subscription.clone(), delivery.event.clone(), Some(delivery.id));
                    started += 1;
                    None
                }
            };
            if let Some(error) = give_up {
                tracing::error!(handler = %delivery.handler, %error, "owed event delivery given up");
                let dead = DeadLetter { event: delivery.event, error, attempts: delivery.starts };
                outbox
                    .dead_letter(Some(delivery.id), &delivery.handler, &dead.event, &dead.error, dead.attempts)
                    .await?;
                remember(&self.shared.dead_letters, dead);
            }
        }
        Ok(started)
    }

    fn spawn(&self, subscription: Subscription, event: Event, delivery: Option<i64>) {
        let shared = self.shared.clone();
        let running = InFlight::start(&shared.in_flight);
        tokio::spawn(async move {
            let _running = running;
            let Ok(_permit) = subscription.permits.acquire().await else { return };
            if let (Some(outbox), Some(id)) = (&shared.outbox, delivery)
                && let Err(e) = outbox.started(id).await
            {
                tracing::warn!(error = %e, "could not count a delivery start");
            }
            let dead = deliver(&subscription.handler, &event, shared.max_attempts).await;
            let settled = match (&shared.outbox, delivery, &dead) {
                (Some(outbox), id, Some(dead)) => {
                    outbox.dead_letter(id, &subscription.name, &dead.event, &dead.error, dead.attempts).await
                }
                (Some(outbox), Some(id), None) => outbox.done(id).await,
                _ => Ok(()),
            };
            if let Err(e) = settled {
                // Left owed: the next start delivers it again, which idempotent handlers allow.
                tracing::error!(handler = %subscription.name, error = %e, "could not settle an event delivery");
            }
            if let Some(dead) = dead {
                remember(&shared.dead_letters, dead);
            }
        });
    }
}

/// Runs `handler` with bounded retries; returns the dead letter when it gave up.
async fn deliver(handler: &Handler, event: &Event, max_attempts: u32) -> Option<DeadLetter> {
    let mut attempt = 1;
    loop {
        let error = match handler(event.clone()).await {
            Ok(()) => return None,
            Err(HandlerError::Retryable(e)) if attempt < max_attempts => {
                tracing::warn!(detail_type = %event.detail_type, attempt, error = %e, "event handler failed; retrying");
                tokio::time::sleep(Duration::from_millis(50 * 2u64.pow(attempt))).await;
                attempt += 1;
                continue;
            }
            Err(HandlerError::Retryable(e) | HandlerError::Permanent(e)) => e,
        };
        tracing::error!(detail_type = %event.detail_type, attempts = attempt, error = %error, "event handler gave up");
        return Some(DeadLetter { event: event.clone(), error, attempts: attempt });
    }
}

#[async_trait]
impl Events for InProcessEvents {
    async fn publish(&self, event: Event) -> PortResult<()> {
        let subscriptions = self
            .subscriptions
            .read()
            .map(|m| m.get(&event.detail_type).cloned().unwrap_or_default())
            .unwrap_or_default();
        let deliveries = match &self.shared.outbox {
            Some(outbox) if !subscriptions.is_empty() => {
                let names = subscriptions.iter().map(|s| s.name.clone()).collect();
                outbox.enqueue(&event, names).await.map_err(PortError::Backend)?.into_iter().map(Some).collect()
            }
            _ => vec![None; subscriptions.len()],
        };
        remember(&self.published, event.clone());
        for (subscription, delivery) in subscriptions.into_iter().zip(deliveries) {
            self.spawn(subscription, event.clone(), delivery);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};

    fn counting(calls: Arc<AtomicU32>, fail_first: u32, permanent: bool) -> Handler {
        Arc::new(move |_event| {
            let calls = calls.clone();
            Box::pin(async move {
                let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
                match (n <= fail_first, permanent) {
                    (false, _) => Ok(()),
                    (true, false) => Err(HandlerError::Retryable("try later".into())),
                    (true, true) => Err(HandlerError::Permanent("bad input".into())),
                }
            })
        })
    }

    fn event() -> Event {
        Event { detail_type: "Thing".into(), detail: serde_json::json!({ "tenant": "acme" }) }
    }

    #[tokio::test]
    async fn retries_retryable_failures_up_to_the_limit() {
        let bus = InProcessEvents::new(3);
        let calls = Arc::new(AtomicU32::new(0));
        bus.subscribe("Thing", counting(calls.clone(), 2, false));
        bus.publish(event()).await.unwrap();
        bus.idle().await;
        assert_eq!(calls.load(Ordering::SeqCst), 3);
        assert!(bus.dead_letters().is_empty());

        let always = Arc::new(AtomicU32::new(0));
        let bus = InProcessEvents::new(3);
        bus.subscribe("Thing", counting(always.clone(), u32::MAX, false));
        bus.publish(event()).await.unwrap();
        bus.idle().await;
        assert_eq!(always.load(Ordering::SeqCst), 3);
        assert_eq!(bus.dead_letters()[0].attempts, 3);
    }

    #[tokio::test]
    async fn never_retries_bad_input() {
        let bus = InProcessEvents::new(5);
        let calls = Arc::new(AtomicU32::new(0));
        bus.subscribe("Thing", counting(calls.clone(), 1, true));
        bus.publish(event()).await.unwrap();
        bus.idle().await;
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(bus.dead_letters().len(), 1);
    }

    /// Counts how many runs overlap; each run yields a few times so the others get a chance.
    fn overlapping(running: Arc<AtomicUsize>, most: Arc<AtomicUsize>, runs: Arc<AtomicU32>) -> Handler {
        Arc::new(move |_event| {
            let (running, most, runs) = (running.clone(), most.clone(), runs.clone());
            Box::pin(async move {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(20)).await;
                running.fetch_sub(1, Ordering::SeqCst);
                runs.fetch_add(1, Ordering::SeqCst);
                Ok(())
            })
        })
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_handler_runs_at_most_its_limit_at_once() {
        let bus = InProcessEvents::new(3);
        let (running, most, runs) = (Arc::default(), Arc::new(AtomicUsize::new(0)), Arc::new(AtomicU32::new(0)));
        bus.subscribe_limited("Thing", overlapping(running, most.clone(), runs.clone()), 2);
        let (others_running, others_most) = (Arc::default(), Arc::new(AtomicUsize::new(0)));
        bus.subscribe("Thing", overlapping(others_running, others_most.clone(), Arc::default()));
        for _ in 0..8 {
            bus.publish(event()).await.unwrap();
        }
        bus.idle().await;
        assert_eq!(runs.load(Ordering::SeqCst), 8, "every delivery ran in the end");
        assert_eq!(most.load(Ordering::SeqCst), 2, "never more than the limit at once");
        assert!(others_most.load(Ordering::SeqCst) <= DEFAULT_CONCURRENCY);
    }

    #[tokio::test]
    async fn history_in_memory_is_bounded() {
        let bus = InProcessEvents::new(1);
        bus.subscribe("Thing", counting(Arc::default(), u32::MAX, true));
        for _ in 0..HISTORY_LIMIT + 5 {
            bus.publish(event()).await.unwrap();
        }
        bus.idle().await;
        assert_eq!(bus.published().len(), HISTORY_LIMIT);
        assert_eq!(bus.dead_letters().len(), HISTORY_LIMIT);
    }

    #[tokio::test]
    async fn owed_deliveries_are_replayed_after_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("db.sqlite3");
        // A bus whose handler never finishes stands for a process that dies mid-delivery.
        let stuck = InProcessEvents::durable(3, Outbox::open(&db).unwrap());
        stuck.subscribe("Thing", Arc::new(|_| Box::pin(std::future::pending())));
        let done = Arc::new(AtomicU32::new(0));
        stuck.subscribe("Thing", counting(done.clone(), 0, false));
        stuck.publish(event()).await.unwrap();
        while done.load(Ordering::SeqCst) == 0 {
            tokio::task::yield_now().await;
        }
        drop(stuck);

        let restarted = InProcessEvents::durable(3, Outbox::open(&db).unwrap());
        let calls = Arc::new(AtomicU32::new(0));
        restarted.subscribe("Thing", counting(calls.clone(), 0, false));
        restarted.subscribe("Thing", counting(Arc::default(), 0, false));
        tokio::time::timeout(Duration::from_secs(10), async {
            // The finished delivery may still be settling; wait until only the cut-off one is owed.
            while Outbox::open(&db).unwrap().pending().await.unwrap().len() > 1 {
                tokio::task::yield_now().await;
            }
        })
        .await
        .expect("the finished delivery is settled");
        assert_eq!(restarted.replay_pending().await.unwrap(), 1, "only the cut-off delivery is owed");
        restarted.idle().await;
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert!(Outbox::open(&db).unwrap().pending().await.unwrap().is_empty());
        assert_eq!(restarted.replay_pending().await.unwrap(), 0, "delivered once, replayed once");
    }

    #[tokio::test]
    async fn dead_letters_are_stored_and_crash_loops_given_up() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("db.sqlite3");
        let outbox = Outbox::open(&db).unwrap();
        let ids = outbox.enqueue(&event(), vec!["Thing#0".into()]).await.unwrap();
        for _ in 0..MAX_INTERRUPTED_STARTS {
            outbox.started(ids[0]).await.unwrap();
        }
        let bus = InProcessEvents::durable(3, outbox);
        let calls = Arc::new(AtomicU32::new(0));
        bus.subscribe("Thing", counting(calls.clone(), 0, true));
        assert_eq!(bus.replay_pending().await.unwrap(), 0, "a delivery that keeps killing the process stops");
        bus.publish(event()).await.unwrap();
        bus.idle().await;
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        let stored = Outbox::open(&db).unwrap();
        assert_eq!(stored.dead_letter_count().await.unwrap(), 1, "given-up delivery kept as a dead letter");
        assert!(stored.pending().await.unwrap().is_empty());
        assert_eq!(bus.dead_letters().len(), 1);
    }
}
