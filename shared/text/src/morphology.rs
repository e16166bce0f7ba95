//! Japanese morphology: words with their base forms, parts of speech and readings, by a Viterbi lattice over a
//! MeCab-format dictionary (IPADIC, as Debian's `mecab-ipadic` ships it), through the `vibrato` tokenizer. The
//! dictionary is compiled once into the models layer (`ipadic/system.dic.gz`, see `layers/models/PROVENANCE.md`)
//! and loaded from `MENDAN_MODELS_DIR`; where it is missing, callers fall back to the character methods.
//!
//! The committed dictionary keeps, per word, only what Mendan reads: the four part-of-speech levels, the base form
//! and the reading (`pos1,pos2,pos3,pos4,base,reading`), which halves its size.

use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};

/// Where the compiled dictionary lies inside the models directory.
pub const DICTIONARY_FILE: &str = "ipadic/system.dic.gz";
/// A larger dictionary file is refused: it is not ours (the committed one decompresses to about 36 MB).
const MAX_DICTIONARY_BYTES: u64 = 200 * 1024 * 1024;
/// Characters analysed per call: longer text is cut into sentences by the caller; this bounds the lattice.
pub const MAX_TEXT_CHARS: usize = 20_000;

#[derive(Debug, thiserror::Error)]
pub enum MorphologyError {
    #[error("the Japanese dictionary {0} is missing")]
    Missing(PathBuf),
    #[error("the Japanese dictionary {path} cannot be read: {reason}")]
    Unreadable { path: PathBuf, reason: String },
    #[error("compiling the dictionary: {0}")]
    Compile(String),
}

/// The word classes Mendan tells apart (IPADIC's first level, with numbers and non-independent words split off).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PartOfSpeech {
    Noun,
    /// 名詞,数: digits and numerals (their unit follows as a suffix noun: 割, 件, 分).
    Number,
    /// 名詞 of the kinds that carry no content of their own (代名詞, 非自立, 接尾).
    FunctionNoun,
    Verb,
    /// 動詞,非自立 and 動詞,接尾 (いる, しまう, れる …).
    AuxiliaryVerb,
    Adjective,
    Adverb,
    Adnominal,
    Conjunction,
    Prefix,
    Particle,
    /// 助動詞 (ます, た, です …).
    Auxiliary,
    Interjection,
    /// フィラー (えーと, あの …).
    Filler,
    Symbol,
    Other,
}

impl PartOfSpeech {
    fn of(pos1: &str, pos2: &str) -> Self {
        match (pos1, pos2) {
            ("名詞", "数") => Self::Number,
            ("名詞", "代名詞" | "非自立" | "接尾" | "特殊") => Self::FunctionNoun,
            ("名詞", _) => Self::Noun,
            ("動詞", "非自立" | "接尾") => Self::AuxiliaryVerb,
            ("動詞", _) => Self::Verb,
            ("形容詞", _) => Self::Adjective,
            ("副詞", _) => Self::Adverb,
            ("連体詞", _) => Self::Adnominal,
            ("接続詞", _) => Self::Conjunction,
            ("接頭詞", _) => Self::Prefix,
            ("助詞", _) => Self::Particle,
            ("助動詞", _) => Self::Auxiliary,
            ("感動詞", _) => Self::Interjection,
            ("フィラー", _) => Self::Filler,
            ("記号", _) => Self::Symbol,
            _ => Self::Other,
        }
    }

    /// Whether words of this class carry content (what a criterion or a summary looks for).
    pub fn is_content(self) -> bool {
        matches!(self, Self::Noun | Self::Number | Self::Verb | Self::Adjective | Self::Adverb)
    }
}

/// Verbs that carry no content of their own (提案し: the content is 提案, not する).
const LIGHT_VERBS: &[&str] = &["する", "なる", "ある", "いる", "おる", "できる", "くる", "いく", "やる", "思う"];

/// One word of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// As written.
    pub surface: String,
    /// The dictionary form (作り → 作る); the surface for words the dictionary does not know.
    pub base: String,
    pub pos: PartOfSpeech,
    /// IPADIC's second level (サ変接続, 固有名詞, 助数詞 …), for finer rules.
    pub detail: String,
    /// In katakana; empty for words the dictionary does not know.
    pub reading: String,
    /// Character offsets in the text.
    pub start: usize,
    pub end: usize,
}

impl Token {
    /// Whether the word carries content: a content class, and not a light verb.
    pub fn is_content(&self) -> bool {
        self.pos.is_content() && !(self.pos == PartOfSpeech::Verb && LIGHT_VERBS.contains(&self.base.as_str()))
    }
}

/// A loaded dictionary. Loading takes a fraction of a second; keep one per process.
pub struct Morphology {
    tokenizer: vibrato::Tokenizer,
}

impl Morphology {
    /// Loads `{models_dir}/ipadic/system.dic.gz`.
    pub fn load(models_dir: &Path) -> Result<Self, MorphologyError> {
        let path = models_dir.join(DICTIONARY_FILE);
        let file = std::fs::File::open(&path).map_err(|_| MorphologyError::Missing(path.clone()))?;
        let unreadable = |reason: String| MorphologyError::Unreadable { path: path.clone(), reason };
        let reader = flate2::read::GzDecoder::new(BufReader::new(file)).take(MAX_DICTIONARY_BYTES);
        let dictionary = vibrato::Dictionary::read(BufReader::new(reader)).map_err(|e| unreadable(e.to_string()))?;
        Ok(Self { tokenizer: vibrato::Tokenizer::new(dictionary) })
    }

    /// The words of `text` (at most [`MAX_TEXT_CHARS`] characters of it are read).
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        let text = match text.char_indices().nth(MAX_TEXT_CHARS) {
            Some((cut, _)) => &text[..cut],
            None => text,
        };
        let mut worker = self.tokenizer.new_worker();
        worker.reset_sentence(text);
        worker.tokenize();
        worker
            .token_iter()
            .map(|t| {
                let mut fields = t.feature().split(',');
                let mut next = || fields.next().filter(|f| *f != "*").unwrap_or("");
                let (pos1, pos2) = (next(), next());
                let (_pos3, _pos4, base, reading) = (next(), next(), next(), next());
                let surface = t.surface().to_owned();
                let range = t.range_char();
                Token {
                    base: if base.is_empty() { surface.clone() } else { base.to_owned() },
                    surface,
                    pos: PartOfSpeech::of(pos1, pos2),
                    detail: pos2.to_owned(),
                    reading: reading.to_owned(),
                    start: range.start,
                    end: range.end,
                }
            })
            .collect()
    }

    /// The base forms of the content words of `text`, in order (see [`Token::is_content`]).
    pub fn content_words(&self, text: &str) -> Vec<String> {
        self.tokens(text).into_iter().filter(Token::is_content).map(|t| t.base).collect()
    }
}

/// A dictionary loaded on first use, so a process that never reads Japanese words (most API calls) never pays
/// for it; a missing or broken dictionary is said once and then answers `None` (callers fall back).
pub struct LazyMorphology {
    dir: PathBuf,
    loaded: std::sync::OnceLock<Option<Morphology>>,
}

impl LazyMorphology {
    pub fn new(models_dir: impl Into<PathBuf>) -> Self {
        Self { dir: models_dir.into(), loaded: std::sync::OnceLock::new() }
    }

    /// Whether the dictionary file is there (without loading it).
    pub fn present(&self) -> bool {
        self.dir.join(DICTIONARY_FILE).is_file()
    }

    pub fn get(&self) -> Option<&Morphology> {
        self.loaded
            .get_or_init(|| match Morphology::load(&self.dir) {
                Ok(m) => Some(m),
                Err(error) => {
                    tracing::warn!(%error, "no Japanese dictionary: texts are judged by character methods");
                    None
                }
            })
            .as_ref()
    }
}

/// Compiles a MeCab-format dictionary directory (UTF-8 `lex.csv` with the trimmed features, `matrix.def`,
/// `char.def`, `unk.def`) into the gzip-compressed file [`Morphology::load`] reads. Deterministic: the same
/// sources give the same bytes.
pub fn compile(sources: &Path, out: impl Write) -> Result<(), MorphologyError> {
    let open = |name: &str| {
        std::fs::File::open(sources.join(name)).map_err(|e| MorphologyError::Compile(format!("{name}: {e}")))
    };
    let dictionary = vibrato::SystemDictionaryBuilder::from_readers(
        open("lex.csv")?,
        open("matrix.def")?,
        open("char.def")?,
        open("unk.def")?,
    )
    .map_err(|e| MorphologyError::Compile(e.to_string()))?;
    let mut gz = flate2::write::GzEncoder::new(out, flate2::Compression::best());
    dictionary.write(&mut gz).map_err(|e| MorphologyError::Compile(e.to_string()))?;
    gz.finish().map_err(|e| MorphologyError::Compile(e.to_string()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed dictionary (layers/models), as `mendan serve` and the Lambda layer load it.
    fn ipadic() -> Morphology {
        let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../layers/models");
        Morphology::load(&models).expect("layers/models/ipadic/system.dic.gz")
    }

    #[test]
    fn words_come_with_their_base_forms_classes_and_readings() {
        let words = ipadic().tokens("えーと、300件の回答を集めて、二割増えました。");
        let find = |surface: &str| {
            words.iter().find(|t| t.surface == surface).unwrap_or_else(|| panic!("{surface}: {words:?}"))
        };
        assert_eq!(find("えーと").pos, PartOfSpeech::Filler);
        assert_eq!((find("集め").base.as_str(), find("集め").pos), ("集める", PartOfSpeech::Verb));
        assert_eq!((find("増え").base.as_str(), find("増え").reading.as_str()), ("増える", "フエ"));
        assert_eq!((find("300").pos, find("件").detail.as_str()), (PartOfSpeech::Number, "接尾"));
        assert_eq!(find("二").pos, PartOfSpeech::Number);
        assert_eq!(find("まし").pos, PartOfSpeech::Auxiliary);
        // offsets are characters and cover the text
        assert_eq!((words[0].start, words[0].end), (0, 3));
        assert_eq!(words.last().map(|t| t.end), Some("えーと、300件の回答を集めて、二割増えました。".chars().count()));
    }

    #[test]
    fn content_words_are_what_was_done_not_how_it_was_said() {
        let words = ipadic().content_words("私は店長と相談して、作業の順番を見直し、仕込みの分担表を作りました。");
        assert_eq!(words, ["店長", "相談", "作業", "順番", "見直す", "仕込み", "分担", "作る"]);
        // a light verb carries nothing; the noun before it does
        assert_eq!(ipadic().content_words("イベントを提案しました"), ["イベント", "提案"]);
    }

    #[test]
    fn hostile_text_is_cut_and_never_panics() {
        let morphology = ipadic();
        let long = "あ".repeat(MAX_TEXT_CHARS * 3);
        assert_eq!(morphology.tokens(&long).last().map(|t| t.end), Some(MAX_TEXT_CHARS));
        for text in ["", "\u{0}\u{200b}\u{feff}", "😀😀😀", "ｱｲｳ１２３ＡＢＣ", "a,b,c\n\t"] {
            let words = morphology.tokens(text);
            assert_eq!(words.iter().map(|t| t.end - t.start).sum::<usize>(), text.chars().count(), "{text:?}");
        }
    }

    #[test]
    fn a_missing_or_foreign_dictionary_is_an_error_not_a_panic() {
        let dir = std::env::temp_dir().join(format!("mendan-morph-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("ipadic")).unwrap();
        assert!(matches!(Morphology::load(&dir), Err(MorphologyError::Missing(_))));
        std::fs::write(dir.join(DICTIONARY_FILE), b"not a dictionary").unwrap();
        assert!(matches!(Morphology::load(&dir), Err(MorphologyError::Unreadable { .. })));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&[7u8; 4096]).unwrap();
        std::fs::write(dir.join(DICTIONARY_FILE), gz.finish().unwrap()).unwrap();
        assert!(matches!(Morphology::load(&dir), Err(MorphologyError::Unreadable { .. })));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_small_mecab_dictionary_compiles_and_loads() {
        let dir = std::env::temp_dir().join(format!("mendan-morph-src-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("out/ipadic")).unwrap();
        let files = [
            ("lex.csv", "店長,1,1,100,名詞,一般,*,*,店長,テンチョウ\nと,2,2,50,助詞,格助詞,一般,*,と,ト\n"),
            ("matrix.def", "3 3\n0 0 0\n0 1 0\n0 2 0\n1 0 0\n1 1 0\n1 2 0\n2 0 0\n2 1 0\n2 2 0\n"),
            ("char.def", "DEFAULT 0 1 0\n"),
            ("unk.def", "DEFAULT,1,1,1000,名詞,一般,*,*,*,*\n"),
        ];
        for (name, text) in files {
            std::fs::write(dir.join(name), text).unwrap();
        }
        let mut out = Vec::new();
        compile(&dir, &mut out).unwrap();
        std::fs::write(dir.join("out").join(DICTIONARY_FILE), &out).unwrap();
        let words = Morphology::load(&dir.join("out")).unwrap().tokens("店長と");
        let pairs: Vec<_> = words.iter().map(|t| (t.surface.as_str(), t.pos)).collect();
        assert_eq!(pairs, [("店長", PartOfSpeech::Noun), ("と", PartOfSpeech::Particle)]);
        std::fs::remove_dir_all(&dir).ok();
    }
}
