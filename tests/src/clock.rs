//! A clock tests move, for what depends on the time of day (service hours, maintenance windows).

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use mendan_core::ports::Clock;

/// A clock the test moves.
#[derive(Clone)]
pub struct SetClock(Arc<Mutex<DateTime<Utc>>>);

impl SetClock {
    pub fn at(japan_time: &str) -> Self {
        let clock = SetClock(Arc::new(Mutex::new(Utc::now())));
        clock.set(japan_time);
        clock
    }

    /// `2026-12-02T10:00` read in Japan time.
    pub fn set(&self, japan_time: &str) {
        let at = DateTime::parse_from_rfc3339(&format!("{japan_time}:00+09:00")).unwrap().with_timezone(&Utc);
        *self.0.lock().unwrap() = at;
    }
}

impl Clock for SetClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

impl SetClock {
    /// At `at` (UTC).
    pub fn at_utc(at: DateTime<Utc>) -> Self {
        SetClock(Arc::new(Mutex::new(at)))
    }
}
