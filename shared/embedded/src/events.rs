//! The `Events` port in process: handlers subscribe by detail-type; each delivery runs on its
//! own task with bounded retries (backing off), and what still fails is kept as a dead letter.

use async_trait::async_trait;
use futures_util::future::BoxFuture;
use mendan_core::ports::{Event, Events, PortResult};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use tokio::sync::watch;

pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;

pub use mendan_core::events::HandlerError;

pub type Handler = Arc<dyn Fn(Event) -> BoxFuture<'static, Result<(), HandlerError>> + Send + Sync>;

#[derive(Clone, Debug, PartialEq)]
pub struct DeadLetter {
    pub event: Event,
    pub error: String,
    pub attempts: u32,
}

pub struct InProcessEvents {
    handlers: RwLock<HashMap<String, Vec<Handler>>>,
    max_attempts: u32,
    published: Mutex<Vec<Event>>,
    dead_letters: Arc<Mutex<Vec<DeadLetter>>>,
    in_flight: watch::Sender<usize>,
}

impl InProcessEvents {
    pub fn new(max_attempts: u32) -> Self {
        Self {
            handlers: RwLock::default(),
            max_attempts: max_attempts.max(1),
            published: Mutex::default(),
            dead_letters: Arc::default(),
            in_flight: watch::channel(0).0,
        }
    }

    pub fn subscribe(&self, detail_type: &str, handler: Handler) {
        if let Ok(mut map) = self.handlers.write() {
            map.entry(detail_type.to_owned()).or_default().push(handler);
        }
    }

    /// Every event published so far (for tests and the local event log).
    pub fn published(&self) -> Vec<Event> {
        self.published.lock().map(|p| p.clone()).unwrap_or_default()
    }

    pub fn dead_letters(&self) -> Vec<DeadLetter> {
        self.dead_letters.lock().map(|d| d.clone()).unwrap_or_default()
    }

    /// Waits until no delivery is running (tests; orderly shutdown).
    pub async fn idle(&self) {
        let mut rx = self.in_flight.subscribe();
        let _ = rx.wait_for(|n| *n == 0).await;
    }
}

async fn deliver(handler: Handler, event: Event, max_attempts: u32, dead_letters: Arc<Mutex<Vec<DeadLetter>>>) {
    let mut attempt = 1;
    loop {
        let error = match handler(event.clone()).await {
            Ok(()) => return,
            Err(HandlerError::Retryable(e)) if attempt < max_attempts => {
                tracing::warn!(detail_type = %event.detail_type, attempt, error = %e, "event handler failed; retrying");
                tokio::time::sleep(Duration::from_millis(50 * 2u64.pow(attempt))).await;
                attempt += 1;
                continue;
            }
            Err(HandlerError::Retryable(e) | HandlerError::Permanent(e)) => e,
        };
        tracing::error!(detail_type = %event.detail_type, attempts = attempt, error = %error, "event handler gave up");
        if let Ok(mut dl) = dead_letters.lock() {
            dl.push(DeadLetter { event, error, attempts: attempt });
        }
        return;
    }
}

#[async_trait]
impl Events for InProcessEvents {
    async fn publish(&self, event: Event) -> PortResult<()> {
        if let Ok(mut p) = self.published.lock() {
            p.push(event.clone());
        }
        let handlers =
            self.handlers.read().map(|m| m.get(&event.detail_type).cloned().unwrap_or_default()).unwrap_or_default();
        for handler in handlers {
            self.in_flight.send_modify(|n| *n += 1);
            let (event, dead, max) = (event.clone(), self.dead_letters.clone(), self.max_attempts);
            let done = self.in_flight.clone();
            tokio::spawn(async move {
                deliver(handler, event, max, dead).await;
                done.send_modify(|n| *n -= 1);
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

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
}
