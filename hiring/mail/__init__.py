"""Mail: everything goes through the outbox table first, then an SMTP server.

- ``outbox``: ``enqueue()`` writes a message in the caller's transaction (flush only), with
  an optional unique dedupe key; claiming due messages and recording the outcome.
- ``compose``: text and HTML bodies from the Jinja templates under templates/mail/, and the
  absolute links (``BASE_URL``) they carry.
- ``calendar``: the iCalendar invitations (one UID per interview, SEQUENCE, METHOD).
- ``sender``: a send pass over due messages with smtplib, retries with exponential backoff.
- ``notices``: what causes mail: invitations, reminders, the committee's debrief notice.
- password links (``hiring.services.account_links``): an account's invitation and a reset,
  from ``mail/account_invitation`` and ``mail/account_reset``.
"""
