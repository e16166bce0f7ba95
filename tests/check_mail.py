"""Reads the interview notices the mail test kept (MENDAN_MAIL_EML_OUT) as a mail program and a
calendar would: Python's own MIME parser and the `icalendar` package, independent of the Rust
code that wrote them. Checks that scheduling, moving and cancelling one interview give each
person one calendar entry that is created, updated in place (same UID, higher SEQUENCE) and
cancelled. Usage: check_mail.py DIR"""

import email
import email.policy
import sys
from datetime import datetime, timezone
from pathlib import Path

import icalendar

STEPS = [("1-scheduled", "REQUEST", 0, datetime(2026, 12, 8, 5, tzinfo=timezone.utc)),
         ("2-rescheduled", "REQUEST", 1, datetime(2026, 12, 8, 6, tzinfo=timezone.utc)),
         ("3-cancelled", "CANCEL", 2, datetime(2026, 12, 8, 6, tzinfo=timezone.utc))]


def calendar_of(message):
    inline = [p for p in message.walk() if p.get_content_type() == "text/calendar" and not p.get_filename()]
    attached = [p for p in message.walk() if p.get_filename() == "invite.ics"]
    assert len(inline) == 1 and len(attached) == 1, "one inline invitation and one invite.ics"
    return icalendar.Calendar.from_ical(inline[0].get_content())


def main(folder):
    uids = set()
    for step, method, sequence, start in STEPS:
        files = sorted(Path(folder).glob(f"{step}-*.eml"))
        assert len(files) == 2, f"{step}: {len(files)} messages, expected one per person"
        for path in files:
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            assert "面談" in message["Subject"], message["Subject"]
            assert message["From"].addresses[0].username == "no-reply"
            text = message.get_body(preferencelist=("plain",)).get_content()
            assert "様" in text and "English" in text, text[:200]
            html = message.get_body(preferencelist=("html",)).get_content()
            assert "<script" not in html.lower()
            cal = calendar_of(message)
            assert str(cal["METHOD"]) == method, (path.name, cal["METHOD"])
            event = cal.walk("VEVENT")[0]
            assert int(event["SEQUENCE"]) == sequence, (path.name, event["SEQUENCE"])
            assert event.decoded("DTSTART") == start, (path.name, event.decoded("DTSTART"))
            uids.add(str(event["UID"]))
            print(f"{path.name}: {message['To']} | {message['Subject']} | {method} SEQUENCE {sequence}")
    assert len(uids) == 1, f"one calendar entry across every notice, got {uids}"
    print(f"mail check: 6 messages, one UID {uids.pop()}")


if __name__ == "__main__":
    main(sys.argv[1])
