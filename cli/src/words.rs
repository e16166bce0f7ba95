//! `mendan words TEXT…`: the Japanese words Mendan reads in a text (surface, base form, part of speech, reading),
//! one JSON line per word, for checking the dictionary by hand; and `mendan words --compile SOURCES --out FILE`,
//! which compiles a MeCab-format dictionary into the models layer (see `layers/models/Makefile`, `ipadic`).

use anyhow::Context;
use mendan_text::morphology::{Morphology, compile};
use serde_json::json;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct WordsArgs {
    /// The texts to analyse (each on its own).
    text: Vec<String>,
    /// The models directory holding `ipadic/system.dic.gz` [default: the repository's layers/models]
    #[arg(long, env = "MENDAN_MODELS_DIR")]
    models: Option<PathBuf>,
    /// Compile this MeCab-format dictionary directory (UTF-8 lex.csv, matrix.def, char.def, unk.def) instead.
    #[arg(long, requires = "out")]
    compile: Option<PathBuf>,
    /// Where the compiled dictionary goes (with --compile).
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn run(args: WordsArgs) -> anyhow::Result<()> {
    if let (Some(sources), Some(out)) = (&args.compile, &args.out) {
        let file = std::fs::File::create(out).with_context(|| out.display().to_string())?;
        compile(sources, std::io::BufWriter::new(file))?;
        return Ok(());
    }
    anyhow::ensure!(!args.text.is_empty(), "give a text to analyse, or --compile SOURCES --out FILE");
    let models = crate::locate::resolve(args.models, "layers/models");
    let morphology = Morphology::load(&models).context("pass --models DIR (the repository's layers/models)")?;
    for text in &args.text {
        for t in morphology.tokens(text) {
            let line = json!({"surface": t.surface, "base": t.base, "pos": format!("{:?}", t.pos), "detail": t.detail,
                "reading": t.reading, "content": t.pos.is_content()});
            println!("{line}");
        }
    }
    Ok(())
}
