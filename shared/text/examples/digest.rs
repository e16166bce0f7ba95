//! Digests one transcript file as the API does (parse, find the interviewee, summarise per
//! question, conversation features), for tests/bench/summary.sh:
//!
//!     cargo run -p mendan-text --example digest -- FILE.(vtt|srt|txt|json) [--parse-only]
//!
//! Prints one line of figures; `--parse-only` stops after parsing (the benchmark's baseline).

use mendan_text::{TranscriptFormat, digest};

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args.iter().find(|a| !a.starts_with("--")).ok_or("usage: digest FILE [--parse-only]")?;
    let extension = path.rsplit('.').next().unwrap_or_default();
    let format = TranscriptFormat::from_extension(extension).ok_or(format!("{path}: unknown extension"))?;
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let utterances = format.parse(&text).map_err(|e| format!("{path}: {e}"))?;
    if args.iter().any(|a| a == "--parse-only") {
        println!("utterances={}", utterances.len());
        return Ok(());
    }
    let digest = digest(&utterances, None).map_err(|e| format!("{path}: {e}"))?;
    let picked: usize = digest.answers.iter().map(|a| a.sentences.len()).sum();
    println!(
        "utterances={} answers={} picked_sentences={picked} summary_chars={} source_chars={}",
        utterances.len(),
        digest.answers.len(),
        digest.chars,
        digest.source_chars
    );
    Ok(())
}
