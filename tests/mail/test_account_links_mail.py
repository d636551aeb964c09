"""Invitation and reset links by mail, through a real SMTP server: the link in the mail sets
the password once."""

from __future__ import annotations

import re

from hiring.mail.sender import send_pass
from tests.mail.test_reminders import follow

PASSWORD = "tangerine orbit cello harbour"


def _send(app) -> int:
    with app.app_context():
        return send_pass().sent


def link_in(text: str) -> str:
    found = re.search(r"http://hiring\.test/account/link/\S+", text)
    assert found, text
    return found.group(0)


def test_a_new_account_gets_its_invitation_by_mail(app, make, smtp, client):
    client.login(make.user("admin", email="ada@example.test"))
    response = client.post("/admin/users/new", data={
        "name": "Nina Novak", "email": "nina@example.test", "roles": ["interviewer"]})
    assert response.status_code == 302  # mailed: no link on any page
    assert "An invitation is on its way" in client.get(response.location).get_data(
        as_text=True)
    assert _send(app) == 1
    [mail] = smtp.to("nina@example.test")
    assert "set your password" in mail.message["Subject"]
    link = link_in(mail.text())
    assert f'href="{link}"' in mail.html()
    client.post("/logout")
    page = follow(client, link)
    assert page.status_code == 200
    assert "Welcome, Nina Novak" in page.get_data(as_text=True)
    done = client.post(link.removeprefix("http://hiring.test"),
                       data={"password": PASSWORD, "confirm": PASSWORD})
    assert done.status_code == 302
    assert client.post("/login", data={"email": "nina@example.test",
                                       "password": PASSWORD}).status_code == 302
    client.post("/logout")
    again = follow(client, link)
    assert again.status_code == 410
    assert "used already" in again.get_data(as_text=True)


def test_forgot_password_mails_a_reset_link(app, make, smtp, client):
    make.user("interviewer", email="ivan@example.test")
    answer = client.post("/account/forgot", data={"email": "Ivan@Example.test"})
    assert answer.status_code == 200
    assert "Check your mail" in answer.get_data(as_text=True)
    assert _send(app) == 1
    [mail] = smtp.to("ivan@example.test")
    assert mail.message["Subject"] == "Reset your password"
    assert "expires in 1 hour" in mail.text()
    path = link_in(mail.text()).removeprefix("http://hiring.test")
    assert client.post(path, data={"password": PASSWORD,
                                   "confirm": PASSWORD}).status_code == 302
    assert client.post("/login", data={"email": "ivan@example.test",
                                       "password": PASSWORD}).status_code == 302
