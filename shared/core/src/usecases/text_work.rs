//! CPU-heavy text work on request paths (parsing a transcript, digesting and summarising it,
//! classifying a report) runs off the async threads, at most [`WORKERS_ENV`] jobs at a time
//! (default: one per core). A large transcript then never stalls a `GET me` served by the same
//! runtime, and many uploaded at once wait their turn instead of taking every thread.

use std::sync::{Arc, OnceLock};

use tokio::sync::Semaphore;

use crate::{CoreError, CoreResult};

/// Environment variable: most text jobs run at once in this process (a positive number).
pub const WORKERS_ENV: &str = "MENDAN_TEXT_WORKERS";

/// A bounded pool of blocking text jobs.
#[derive(Clone, Debug)]
pub struct TextWorkers {
    limit: Arc<Semaphore>,
}

impl TextWorkers {
    pub fn new(workers: usize) -> Self {
        TextWorkers { limit: Arc::new(Semaphore::new(workers.max(1))) }
    }

    /// The process's pool, sized from [`WORKERS_ENV`] or the number of cores.
    pub fn shared() -> &'static TextWorkers {
        static SHARED: OnceLock<TextWorkers> = OnceLock::new();
        SHARED.get_or_init(|| {
            let configured = std::env::var(WORKERS_ENV).ok().and_then(|v| v.trim().parse::<usize>().ok());
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
            TextWorkers::new(configured.filter(|&n| n > 0).unwrap_or(cores))
        })
    }

    /// Runs `job` on a blocking thread once a worker is free. A job that panics is an internal
    /// error of this request, not of the process.
    pub async fn run<T: Send + 'static>(&self, job: impl FnOnce() -> T + Send + 'static) -> CoreResult<T> {
        let permit = Arc::clone(&self.limit)
            .acquire_owned()
            .await
            .map_err(|_| CoreError::Backend("the text workers have stopped".into()))?;
        tokio::task::spawn_blocking(move || {
            let _held = permit;
            job()
        })
        .await
        .map_err(|e| CoreError::Backend(format!("text work did not finish: {e}")))
    }
}

/// Runs `job` in the process's pool ([`TextWorkers::shared`]).
pub async fn run<T: Send + 'static>(job: impl FnOnce() -> T + Send + 'static) -> CoreResult<T> {
    TextWorkers::shared().run(job).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    /// [`TextWorkers::run`] for a task of its own (`tokio::spawn` needs a `'static` future).
    async fn run_owned<T: Send + 'static>(
        workers: TextWorkers,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> CoreResult<T> {
        workers.run(job).await
    }

    #[tokio::test(flavor = "current_thread")]
    async fn jobs_run_off_the_async_thread_and_never_more_at_once_than_the_limit() {
        let workers = TextWorkers::new(2);
        let (running, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let caller = std::thread::current().id();
        let mut jobs = tokio::task::JoinSet::new();
        for _ in 0..8 {
            let (running, most) = (Arc::clone(&running), Arc::clone(&most));
            jobs.spawn(run_owned(workers.clone(), move || {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(20));
                running.fetch_sub(1, Ordering::SeqCst);
                std::thread::current().id()
            }));
        }
        // On a single-threaded runtime a job run in place would also block every other task.
        let threads = jobs.join_all().await;
        assert!(threads.iter().all(|t| *t.as_ref().unwrap() != caller));
        assert_eq!(most.load(Ordering::SeqCst), 2, "at most two at once, and two did run together");
    }

    #[tokio::test]
    async fn a_panicking_job_is_an_error_not_a_crash() {
        let workers = TextWorkers::new(1);
        assert!(matches!(workers.run(|| panic!("boom")).await, Err::<(), _>(CoreError::Backend(_))));
        assert_eq!(workers.run(|| 7).await.unwrap(), 7, "the worker was given back");
    }
}
