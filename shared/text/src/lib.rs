//! Japanese-aware text processing for interview transcripts, with nothing to download: sentence
//! splitting, filler detection, character n-gram similarity and an extractive summary.
//!
//! Japanese has no spaces between words. Character bigrams compare Japanese sentences well enough for ranking
//! and classification (kanji compounds are mostly two characters) and need nothing; `morphology` reads words
//! with their base forms and parts of speech from a real dictionary (IPADIC, in the models layer) where one is
//! loaded (issue 17 moves the judgements onto it).

pub mod conversation;
pub mod criteria;
pub mod digest;
pub mod facts;
pub mod feedback;
pub mod fillers;
pub mod judge;
pub mod morphology;
pub mod ngrams;
pub mod report;
pub mod sentences;
pub mod similarity;
pub mod star;
pub mod summary;
pub mod topics;
pub mod transcript;
pub mod wording;
pub mod workbook;

pub use digest::{DigestError, InterviewDigest, digest};
pub use fillers::{FillerCount, count_fillers, strip_fillers};
pub use ngrams::{Bigrams, cosine};
pub use sentences::split_sentences;
pub use summary::{AnswerSummary, Summary, SummaryOptions, summarise, summarise_answers};
pub use transcript::{
    TranscriptError, TranscriptFormat, Utterance, parse_plain_text, parse_srt, parse_transcribe_json, parse_vtt,
    speakers,
};
