"""iCalendar invitations (RFC 5545/5546) built with the ``icalendar`` package.

One UID per interview, whoever holds it and however often it moves, so a calendar updates
its one event; SEQUENCE grows with every change, so a calendar applies the newest version
and ignores an older one arriving late. A cancellation is METHOD:CANCEL with STATUS:CANCELLED.
"""

from __future__ import annotations

import datetime as dt

from hiring.database import utcnow

PRODID = "-//hiring//interview invitations//EN"


def interview_uid(interview_id: int, domain: str) -> str:
    return f"interview-{interview_id}@{domain}"


def invitation(*, uid: str, sequence: int, method: str, summary: str, description: str,
               url: str, starts: dt.datetime, ends: dt.datetime, organizer: str,
               attendee: str, attendee_name: str) -> str:
    """The .ics text of one event; ``method`` is "REQUEST" or "CANCEL"."""
    # Imported on use: only the mail sender builds invitations, never a web request.
    from icalendar import Calendar, Event, vCalAddress, vText

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", utcnow())
    event.add("dtstart", starts.astimezone(dt.UTC))
    event.add("dtend", ends.astimezone(dt.UTC))
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", url)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    event.add("organizer", vCalAddress(f"mailto:{organizer}"))
    person = vCalAddress(f"mailto:{attendee}")
    person.params["cn"] = vText(attendee_name)
    person.params["role"] = vText("REQ-PARTICIPANT")
    event.add("attendee", person, encode=0)
    calendar.add_component(event)
    return calendar.to_ical().decode()
