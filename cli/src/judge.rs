//! `mendan judge --items ITEMS.json TRANSCRIPT`: which content criteria the interviewee's answers meet, with the
//! sentences that show it, as JSON (issue 17 item 5); `mendan judge --evaluate SET.json`: precision, recall and F1
//! of the word judgement against a labelled set, beside the character-bigram method in the same run, and the time
//! either takes for a 30-minute interview's answers.

use anyhow::Context;
use mendan_text::criteria::{self, Coverage, CriterionWords};
use mendan_text::judge::{self, Criterion, ReadSentences, Signature};
use mendan_text::morphology::Morphology;
use mendan_text::split_sentences;
use serde::Deserialize;
use serde_json::json;
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args)]
pub struct JudgeArgs {
    /// The interview's transcript (.vtt, .srt, .txt or Transcribe .json).
    transcript: Option<PathBuf>,
    /// The evaluation items: `[{"name","description","examples"?,"kind"?}]`; items whose kind is not `content`
    /// are left out (an item without a kind counts as content).
    #[arg(long)]
    items: Option<PathBuf>,
    /// The interviewee as the transcript names them (found automatically when left out).
    #[arg(long)]
    speaker: Option<String>,
    /// A labelled set (`{"criteria": [...], "cases": [{"criterion","answer","met"}]}`): print the figures instead.
    #[arg(long, conflicts_with_all = ["transcript", "items"])]
    evaluate: Option<PathBuf>,
    /// A set of answers with their key facts (`{"answers": [{"question","question_text","answer","key_facts"}]}`):
    /// print the key-fact recall of the summaries (on words, and by TextRank) instead.
    #[arg(long, conflicts_with_all = ["transcript", "items", "evaluate"])]
    evaluate_summaries: Option<PathBuf>,
    /// A meeting transcript with every sentence's report item (`{"items": [...], "sentences": [{"speaker","text",
    /// "item"}]}`): print the classification accuracy of the report, on words and by bigrams, instead.
    #[arg(long, conflicts_with_all = ["transcript", "items", "evaluate", "evaluate_summaries"])]
    evaluate_report: Option<PathBuf>,
    /// The models directory holding the Japanese dictionary [default: the repository's layers/models]
    #[arg(long, env = "MENDAN_MODELS_DIR")]
    models: Option<PathBuf>,
}

#[derive(Deserialize)]
struct Item {
    #[serde(flatten)]
    criterion: Criterion,
    #[serde(default)]
    kind: Option<String>,
}

pub fn run(args: JudgeArgs) -> anyhow::Result<()> {
    let models = crate::locate::resolve(args.models.clone(), "layers/models");
    let morphology = Morphology::load(&models).context("pass --models DIR (the repository's layers/models)")?;
    if let Some(set) = &args.evaluate {
        return evaluate(&morphology, set);
    }
    if let Some(set) = &args.evaluate_summaries {
        return evaluate_summaries(&morphology, set);
    }
    if let Some(set) = &args.evaluate_report {
        return crate::report_eval::evaluate_report(&morphology, set);
    }
    let (Some(transcript), Some(items)) = (&args.transcript, &args.items) else {
        anyhow::bail!("give --items ITEMS.json and a TRANSCRIPT, or --evaluate SET.json");
    };
    let items: Vec<Item> = serde_json::from_str(&std::fs::read_to_string(items).context("reading --items")?)
        .context("--items is a JSON list of {name, description, examples?, kind?}")?;
    let read = ReadSentences::read(&morphology, &interviewee_sentences(transcript, args.speaker.as_deref())?);
    let verdicts: Vec<_> = items
        .iter()
        .filter(|i| i.kind.as_deref().is_none_or(|k| k == "content"))
        .map(|i| judge::judge(&Signature::of(&morphology, &i.criterion), &read))
        .collect();
    println!("{}", serde_json::to_string_pretty(&verdicts)?);
    Ok(())
}

/// Every sentence the interviewee says in the transcript.
fn interviewee_sentences(path: &std::path::Path, speaker: Option<&str>) -> anyhow::Result<Vec<String>> {
    let utterances = crate::report::read_transcript(path)?;
    let interviewee =
        mendan_text::digest(&utterances, speaker).with_context(|| path.display().to_string())?.interviewee;
    Ok(utterances
        .iter()
        .filter(|u| u.speaker.as_deref() == Some(interviewee.as_str()))
        .flat_map(|u| split_sentences(&u.text))
        .collect())
}

#[derive(Deserialize)]
struct LabelledSet {
    criteria: Vec<Criterion>,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    criterion: String,
    answer: String,
    met: bool,
    #[serde(default)]
    kind: String,
}

/// Counts of one method's decisions against the labels.
#[derive(Default)]
struct Tally {
    tp: u32,
    fp: u32,
    fn_: u32,
    tn: u32,
}

impl Tally {
    fn add(&mut self, said: bool, truth: bool) {
        match (said, truth) {
            (true, true) => self.tp += 1,
            (true, false) => self.fp += 1,
            (false, true) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
    }
    fn figures(&self) -> serde_json::Value {
        let (tp, fp, fn_) = (f64::from(self.tp), f64::from(self.fp), f64::from(self.fn_));
        let precision = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
        let recall = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 };
        let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        let round = |x: f64| (x * 1000.0).round() / 1000.0;
        json!({"precision": round(precision), "recall": round(recall), "f1": round(f1),
            "tp": self.tp, "fp": self.fp, "fn": self.fn_, "tn": self.tn})
    }
}

fn evaluate(morphology: &Morphology, path: &std::path::Path) -> anyhow::Result<()> {
    let set: LabelledSet = serde_json::from_str(&std::fs::read_to_string(path).context("reading the set")?)
        .context("the set is {criteria: [...], cases: [{criterion, answer, met}]}")?;
    let (mut words, mut bigram_found, mut bigram_partly) = (Tally::default(), Tally::default(), Tally::default());
    let mut by_kind: std::collections::BTreeMap<String, (Tally, Tally)> = Default::default();
    let mut misses = Vec::new();
    for case in &set.cases {
        let criterion =
            set.criteria.iter().find(|c| c.name == case.criterion).with_context(|| case.criterion.clone())?;
        let sentences = split_sentences(&case.answer);
        let verdict = judge::judge(&Signature::of(morphology, criterion), &ReadSentences::read(morphology, &sentences));
        let baseline = criteria::judge(&CriterionWords::of(&criterion.name, &criterion.description), &sentences);
        words.add(verdict.met, case.met);
        bigram_found.add(baseline.coverage == Coverage::Found, case.met);
        bigram_partly.add(baseline.coverage >= Coverage::Partly, case.met);
        let kind = by_kind.entry(case.kind.clone()).or_default();
        kind.0.add(verdict.met, case.met);
        kind.1.add(baseline.coverage == Coverage::Found, case.met);
        if verdict.met != case.met {
            misses.push(json!({"criterion": case.criterion, "met": case.met, "kind": case.kind, "answer": case.answer,
                "score": (verdict.score * 1000.0).round() / 1000.0}));
        }
    }
    let (words_ms, bigram_ms) = speed(morphology, &set.criteria)?;
    let out = json!({
        "cases": set.cases.len(),
        "words": words.figures(),
        "bigram_found": bigram_found.figures(),
        "bigram_found_or_partly": bigram_partly.figures(),
        "by_kind": by_kind.iter().map(|(k, (w, b))| (k.clone(), json!({"words": w.figures(), "bigram_found": b.figures()})))
            .collect::<serde_json::Map<_, _>>(),
        "thirty_minute_interview_ms": {"words": words_ms, "bigram": bigram_ms,
            "note": "every criterion of the set over every interviewee sentence of tests/fixtures/transcripts/interview-30min.vtt, best of 5, this build"},
        "words_misses": misses,
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}

/// Milliseconds to judge every criterion over a 30-minute interview's answers, both methods, best of five.
fn speed(morphology: &Morphology, criteria_list: &[Criterion]) -> anyhow::Result<(f64, f64)> {
    let transcript = crate::locate::resolve(None, "tests/fixtures/transcripts/interview-30min.vtt");
    let sentences = interviewee_sentences(&transcript, None)?;
    let best = |f: &dyn Fn()| {
        (0..5)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64() * 1000.0
            })
            .fold(f64::INFINITY, f64::min)
    };
    // Reading the sentences into words is part of the timed work (once, for all the criteria).
    let words_ms = best(&|| {
        let read = ReadSentences::read(morphology, &sentences);
        for c in criteria_list {
            std::hint::black_box(judge::judge(&Signature::of(morphology, c), &read));
        }
    });
    let bigram_ms = best(&|| {
        for c in criteria_list {
            std::hint::black_box(criteria::judge(&CriterionWords::of(&c.name, &c.description), &sentences));
        }
    });
    Ok(((words_ms * 10.0).round() / 10.0, (bigram_ms * 10.0).round() / 10.0))
}

#[derive(Deserialize)]
struct SummarySet {
    answers: Vec<MarkedAnswer>,
}

#[derive(Deserialize)]
struct MarkedAnswer {
    question: String,
    question_text: String,
    answer: String,
    key_facts: Vec<String>,
}

/// Key facts kept by each method within 20% of each answer, and how often the question line is the question alone.
fn evaluate_summaries(morphology: &Morphology, path: &std::path::Path) -> anyhow::Result<()> {
    let set: SummarySet = serde_json::from_str(&std::fs::read_to_string(path).context("reading the set")?)
        .context("the set is {answers: [{question, question_text, answer, key_facts}]}")?;
    let options = mendan_text::SummaryOptions::default();
    let (mut facts, mut kept_words, mut kept_rank, mut questions) = (0, 0, 0, 0);
    let (mut chars_words, mut chars_rank, mut chars_source) = (0usize, 0usize, 0usize);
    let mut misses = Vec::new();
    for a in &set.answers {
        let words = mendan_text::facts::summarise_facts(morphology, &a.answer, options.max_share).join("\n");
        let rank = mendan_text::summarise(&a.answer, &options).sentences.join("\n");
        let count = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
        chars_words += count(&words);
        chars_rank += count(&rank);
        chars_source += count(&a.answer);
        for fact in &a.key_facts {
            facts += 1;
            kept_words += usize::from(words.contains(fact.as_str()));
            kept_rank += usize::from(rank.contains(fact.as_str()));
            if !words.contains(fact.as_str()) {
                misses.push(json!({"fact": fact, "summary": words}));
            }
        }
        questions += usize::from(mendan_text::facts::question_of(&a.question) == a.question_text);
    }
    let share = |n: usize, d: usize| ((n as f64 / d.max(1) as f64) * 1000.0).round() / 1000.0;
    let out = json!({
        "answers": set.answers.len(),
        "key_facts": facts,
        "key_fact_recall": {"words": share(kept_words, facts), "text_rank": share(kept_rank, facts)},
        "summary_share_of_answer": {"words": share(chars_words, chars_source), "text_rank": share(chars_rank, chars_source)},
        "question_alone": share(questions, set.answers.len()),
        "words_misses": misses,
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}
