//! Domain types. Every newtype parses on construction, so a value that exists is valid.

pub mod audit;
pub mod calendar;
pub mod call;
pub mod consent;
pub mod consent_text;
pub mod email;
pub mod feedback;
pub mod ids;
pub mod interview;
pub mod item;
pub mod japan_time;
pub mod mail;
pub mod mail_domain;
pub mod media_type;
pub mod model;
pub mod operations;
pub mod password;
pub mod password_link;
pub mod question_set;
pub mod rating;
pub mod recording;
pub mod refresh_token;
pub mod report;
pub mod role;
pub mod service_hours;
pub mod summary;
pub mod tenant;
pub mod text;
pub mod training;
pub mod transcription;
pub mod usage;
pub mod user;

pub use email::Email;
pub use ids::*;
pub use role::Role;
