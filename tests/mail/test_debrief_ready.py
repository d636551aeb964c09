"""The committee's "ready for debrief" mail: once per member when the candidate's last awaited
scorecard is submitted, with a link that opens the debrief."""

from __future__ import annotations

from hiring.extensions import db
from hiring.mail.sender import send_pass
from hiring.models import Interview, User
from hiring.services import scorecards
from tests.mail.test_invitations import db_user
from tests.mail.test_reminders import follow
from tests.services.test_scorecards import STAGE, complete


def _submit(app, interview, user) -> bool:
    with app.app_context():
        saved = scorecards.submit(db.session.get(Interview, interview.id),
                                  db.session.get(User, user.id), complete(), None)
        db.session.commit()
        return saved.already


def _send(app) -> int:
    with app.app_context():
        return send_pass().sent


def test_the_last_awaited_scorecard_mails_the_committee_once(app, make, smtp, client):
    ivy, ines = make.user("interviewer"), make.user("interviewer")
    hugo = make.user("committee", email="hugo@example.com")
    cara = make.user("committee", email="cara@example.com")
    req = make.requisition(title="Platform engineer", committee=[hugo, cara])
    candidate = make.candidate(req, name="Cleo <b>", stage=STAGE)
    first = make.interview(candidate, ivy, STAGE)
    second = make.interview(candidate, ines, STAGE)
    make.interview(candidate, ines, "phone_screen", status="cancelled")  # not awaited
    assert _submit(app, first, ivy) is False
    assert _send(app) == 0  # one scorecard is still awaited
    assert _submit(app, second, ines) is False
    assert _submit(app, second, ines) is True  # a re-sent submit: nothing new
    assert (_send(app), _send(app)) == (2, 0)
    assert sorted(m.recipients[0] for m in smtp.messages) == ["cara@example.com",
                                                               "hugo@example.com"]
    [mail] = smtp.to("hugo@example.com")
    assert mail.message["Subject"] == "Ready for debrief: Cleo <b>"
    assert "Cleo &lt;b&gt;" in mail.html()
    assert "2 submitted" in mail.text()
    link = f"http://hiring.test/candidates/{candidate.id}/debrief"
    assert link in mail.text()
    assert f'href="{link}"' in mail.html()
    client.login(db_user(app, hugo.id))
    page = follow(client, link)
    assert page.status_code == 200
    assert "Cleo &lt;b&gt;" in page.get_data(as_text=True)


def test_no_mail_while_a_decision_stands(app, make, smtp):
    from hiring.mail.debrief import notify_if_ready
    from hiring.models import Candidate

    ivy = make.user("interviewer")
    req = make.requisition(committee=[make.user("committee")])
    decided, open_one = make.candidate(req, stage=STAGE), make.candidate(req, stage=STAGE)
    for candidate in (decided, open_one):
        make.scorecard(make.interview(candidate, ivy, STAGE), {"ownership": 3, "mentoring": 3})
    make.decision(decided)
    with app.app_context():
        assert notify_if_ready(db.session.get(Candidate, decided.id)) == 0
        assert notify_if_ready(db.session.get(Candidate, open_one.id)) == 1
        db.session.commit()
    assert _send(app) == 1


def test_cancelling_the_last_awaited_interview_mails_the_committee(app, make, smtp):
    from hiring.services.interviews import cancel_interview

    ivy, ines = make.user("interviewer"), make.user("interviewer")
    req = make.requisition(committee=[make.user("committee", email="hugo@example.com")])
    candidate = make.candidate(req, stage=STAGE)
    first = make.interview(candidate, ivy, STAGE)
    awaited = make.interview(candidate, ines, STAGE)
    assert _submit(app, first, ivy) is False
    assert _send(app) == 0  # the second scorecard is still awaited
    with app.app_context():
        cancel_interview(db.session.get(Interview, awaited.id), "Ines is on leave")
        db.session.commit()
    _send(app)  # the committee's notice, and Ines's calendar cancellation
    [mail] = smtp.to("hugo@example.com")
    assert mail.message["Subject"].startswith("Ready for debrief: ")
