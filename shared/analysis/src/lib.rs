//! Analysis of interview recordings: decode with ffmpeg, then face, expression, head and gaze
//! signals per video frame and voice and timing signals from the audio, summarised into one
//! named, versioned feature vector per recording. Knows nothing of AWS or HTTP.

pub mod analyze;
pub mod call_conversation;
pub mod face_track;
pub mod features;
pub mod media;
pub mod vision;
pub mod voice;
