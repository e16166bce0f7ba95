//! The ratings file of a training directory: `recording,item,score[,rater]`, one rating a line.
//!
//! Values are ids and numbers, so a plain split on commas is enough; a quoted field is refused rather than
//! half-understood.

use crate::dataset::Rating;
use crate::error::{MlError, Result};

/// Parses the CSV text; `file` names it in errors, lines count from 1 (the header).
pub fn parse_ratings(file: &str, text: &str) -> Result<Vec<Rating>> {
    let err = |line: usize, message: String| MlError::Csv { file: file.to_owned(), line, message };
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l.trim_end_matches('\r')));
    let (_, header) = lines.next().ok_or_else(|| err(1, "empty file: expected a header".into()))?;
    let columns: Vec<&str> = header.split(',').map(str::trim).collect();
    let has_rater = match columns.as_slice() {
        ["recording", "item", "score"] => false,
        ["recording", "item", "score", "rater"] => true,
        _ => return Err(err(1, format!("header must be recording,item,score[,rater], found {header:?}"))),
    };
    let mut out = Vec::new();
    for (no, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        if line.contains('"') {
            return Err(err(no, "quoted fields are not supported: ids and scores must not contain commas".into()));
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        if fields.len() != columns.len() {
            return Err(err(no, format!("expected {} fields, found {}", columns.len(), fields.len())));
        }
        let score: f64 = fields[2].parse().map_err(|_| err(no, format!("score {:?} is not a number", fields[2])))?;
        if !score.is_finite() {
            return Err(err(no, format!("score {:?} is not a finite number", fields[2])));
        }
        if fields[0].is_empty() || fields[1].is_empty() {
            return Err(err(no, "recording and item must not be empty".into()));
        }
        let rater = if has_rater && !fields[3].is_empty() { Some(fields[3].to_owned()) } else { None };
        out.push(Rating { recording: fields[0].to_owned(), item: fields[1].to_owned(), score, rater });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_with_and_without_rater() {
        let rows = parse_ratings("r.csv", "recording,item,score,rater\na,logic,4,e1\r\nb,logic,3.5,\n\n").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].rater.as_deref(), Some("e1"));
        assert_eq!(rows[1].rater, None);
        assert_eq!(parse_ratings("r.csv", "recording,item,score\na,x,1\n").unwrap()[0].score, 1.0);
    }

    #[test]
    fn errors_name_file_and_line() {
        let msg = parse_ratings("r.csv", "recording,item,score\na,x,1\nb,x,high\n").unwrap_err().to_string();
        assert!(msg.starts_with("r.csv: line 3:") && msg.contains("high"), "{msg}");
        let msg = parse_ratings("r.csv", "recording,item,score\n\"a,b\",x,1\n").unwrap_err().to_string();
        assert!(msg.contains("line 2") && msg.contains("quoted"), "{msg}");
        let msg = parse_ratings("r.csv", "rec,item\n").unwrap_err().to_string();
        assert!(msg.contains("line 1"), "{msg}");
        assert!(parse_ratings("r.csv", "recording,item,score\na,x,NaN\n").is_err());
        assert!(parse_ratings("r.csv", "recording,item,score\na,x\n").unwrap_err().to_string().contains("line 2"));
    }
}
