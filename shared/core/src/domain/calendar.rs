//! iCalendar (RFC 5545) invitations attached to interview mail, so the interview lands in the
//! recipient's calendar and later changes update that entry in place: every notice about one
//! interview carries the same UID, and a higher SEQUENCE for each change.

use chrono::{DateTime, Utc};

/// What the attachment asks the calendar to do (RFC 5546 iTIP methods).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CalendarMethod {
    /// Add or update the event.
    Request,
    /// Remove the event.
    Cancel,
}

impl CalendarMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Request => "REQUEST",
            Self::Cancel => "CANCEL",
        }
    }
}

/// One event in one calendar object.
#[derive(Clone, Debug, PartialEq)]
pub struct CalendarEvent {
    pub method: CalendarMethod,
    /// Stable across every notice about the same interview.
    pub uid: String,
    /// Raised by every change (reschedule, cancel).
    pub sequence: u32,
    pub stamp: DateTime<Utc>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub summary: String,
    pub description: String,
    /// Where to join (the interview's page).
    pub url: String,
    pub organizer: CalendarPerson,
    pub attendee: CalendarPerson,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CalendarPerson {
    pub name: String,
    pub email: String,
}

impl CalendarEvent {
    /// The calendar object as text with CRLF line ends and lines folded at 75 octets.
    pub fn to_ics(&self) -> String {
        let status = match self.method {
            CalendarMethod::Request => "CONFIRMED",
            CalendarMethod::Cancel => "CANCELLED",
        };
        let lines = [
            "BEGIN:VCALENDAR".to_owned(),
            "VERSION:2.0".to_owned(),
            "PRODID:-//Mendan//Interview notices//JA".to_owned(),
            format!("METHOD:{}", self.method.as_str()),
            "BEGIN:VEVENT".to_owned(),
            format!("UID:{}", text(&self.uid)),
            format!("SEQUENCE:{}", self.sequence),
            format!("DTSTAMP:{}", utc(self.stamp)),
            format!("DTSTART:{}", utc(self.start)),
            format!("DTEND:{}", utc(self.end)),
            format!("SUMMARY:{}", text(&self.summary)),
            format!("DESCRIPTION:{}", text(&self.description)),
            format!("URL:{}", self.url),
            format!("STATUS:{status}"),
            format!("ORGANIZER;CN={}:mailto:{}", param(&self.organizer.name), self.organizer.email),
            format!(
                "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:{}",
                param(&self.attendee.name),
                self.attendee.email
            ),
            "END:VEVENT".to_owned(),
            "END:VCALENDAR".to_owned(),
        ];
        lines.iter().map(|l| fold(l)).collect()
    }
}

fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// TEXT values escape backslash, semicolon, comma and line breaks (RFC 5545 3.3.11).
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value (a name): quoted, and the characters a quoted value cannot hold dropped.
fn param(value: &str) -> String {
    let clean: String = value.chars().filter(|c| *c != '"' && !c.is_control()).collect();
    format!("\"{clean}\"")
}

/// One content line, folded so no physical line exceeds 75 octets, never inside a UTF-8
/// character (RFC 5545 3.1); ends with CRLF.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn event(method: CalendarMethod) -> CalendarEvent {
        let at = |h| Utc.with_ymd_and_hms(2026, 12, 8, h, 0, 0).unwrap();
        CalendarEvent {
            method,
            uid: "interview-1@mendan".into(),
            sequence: 2,
            stamp: at(1),
            start: at(5),
            end: at(5) + chrono::Duration::minutes(30),
            summary: "面談（セルフ面談）; 株式会社デモ, 一次".into(),
            description: "行1\n行2".into(),
            url: "https://example.test/t/demo/me".into(),
            organizer: CalendarPerson { name: "株式会社\"デモ\"".into(), email: "no-reply@example.test".into() },
            attendee: CalendarPerson { name: "鈴木 花子".into(), email: "hanako@example.test".into() },
        }
    }

    #[test]
    fn writes_a_request_with_escaped_text_and_utc_times() {
        let ics = event(CalendarMethod::Request).to_ics();
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(unfolded.contains("METHOD:REQUEST\r\n") && unfolded.contains("STATUS:CONFIRMED\r\n"));
        assert!(unfolded.contains("DTSTART:20261208T050000Z\r\nDTEND:20261208T053000Z\r\n"));
        assert!(unfolded.contains("SUMMARY:面談（セルフ面談）\\; 株式会社デモ\\, 一次\r\n"));
        assert!(unfolded.contains("DESCRIPTION:行1\\n行2\r\n"));
        assert!(unfolded.contains("ORGANIZER;CN=\"株式会社デモ\":mailto:no-reply@example.test\r\n"));
        assert!(unfolded.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
    }

    #[test]
    fn a_cancel_keeps_the_uid() {
        let ics = event(CalendarMethod::Cancel).to_ics();
        assert!(ics.contains("METHOD:CANCEL\r\n") && ics.contains("STATUS:CANCELLED\r\n"));
        assert!(ics.contains("UID:interview-1@mendan\r\n") && ics.contains("SEQUENCE:2\r\n"));
    }

    #[test]
    fn folds_long_lines_between_characters() {
        let long = fold(&format!("DESCRIPTION:{}", "あ".repeat(60)));
        for physical in long.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        assert_eq!(long.replace("\r\n ", ""), format!("DESCRIPTION:{}\r\n", "あ".repeat(60)));
    }
}
