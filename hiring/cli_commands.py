"""``hiring users`` and ``hiring demo``."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from hiring.extensions import db
from hiring.models.user import ROLES
from hiring.services.errors import ValidationFailed


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def _user_or_fail(email: str):  # type: ignore[no-untyped-def]
    from hiring.services.users import find_by_email

    user = find_by_email(email)
    if user is None:
        _fail(f"no user with email {email}")
    return user


@click.group("users")
def users_group() -> None:
    """Manage accounts and roles."""


@users_group.command("create")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--role", "roles", multiple=True, type=click.Choice(ROLES),
              help="Repeat for several roles.")
@click.option("--invite", is_flag=True,
              help="Issue a one-time link to choose the password instead of setting one.")
@click.password_option("--password", prompt_required=False,
                       help="Prompted for when neither it nor --invite is given.")
@with_appcontext
def users_create(email: str, name: str, roles: tuple[str, ...], invite: bool,
                 password: str | None) -> None:
    """Create an account, with a password or (--invite) a link for its owner to set one."""
    from hiring.services import account_links
    from hiring.services.users import create_user

    if invite and password:
        _fail("give --password or --invite, not both")
    if not invite and not password:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(email, name, None if invite else password, roles)
        issued = account_links.issue(user, "invitation", actor_label="cli") if invite else None
    except ValidationFailed as exc:
        _fail("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.errors.items()))
    db.session.commit()
    click.echo(f"created {user.email} with roles: {', '.join(sorted(user.roles)) or 'none'}")
    if issued is not None:
        _show_link(issued)


def _show_link(issued) -> None:  # type: ignore[no-untyped-def]
    """The link goes by mail when SMTP is configured; otherwise here, once, to hand over."""
    until = issued.link.expires_at.strftime("%Y-%m-%d %H:%M UTC")
    if issued.mailed:
        click.echo(f"a one-time link is queued for {issued.link.user.email} (until {until})")
    else:
        click.echo(f"no SMTP configured: give this one-time link (until {until}) to its owner:")
        click.echo(issued.url)


@users_group.command("link")
@click.argument("email")
@with_appcontext
def users_link(email: str) -> None:
    """Issue a one-time link to set the password (an invitation until the account has
    logged in, a reset after); older links stop working."""
    from hiring.queries.audit import last_login
    from hiring.services import account_links

    user = _user_or_fail(email)
    if not user.active:
        _fail(f"{user.email} is deactivated; reactivate it first")
    purpose = "invitation" if last_login(user.id) is None else "reset"
    issued = account_links.issue(user, purpose, actor_label="cli")
    db.session.commit()
    _show_link(issued)


@users_group.command("set-roles")
@click.argument("email")
@click.argument("roles", nargs=-1, type=click.Choice(ROLES))
@with_appcontext
def users_set_roles(email: str, roles: tuple[str, ...]) -> None:
    """Replace a user's roles (none given: no roles)."""
    from hiring.services.users import set_roles

    user = _user_or_fail(email)
    set_roles(user, roles)
    db.session.commit()
    click.echo(f"{user.email}: {', '.join(sorted(user.roles)) or 'no roles'}")


@users_group.command("deactivate")
@click.argument("email")
@with_appcontext
def users_deactivate(email: str) -> None:
    """Deactivate an account and end all its sessions."""
    from hiring.services.users import deactivate

    user = _user_or_fail(email)
    deactivate(user)
    db.session.commit()
    click.echo(f"{user.email} is deactivated; its sessions have ended")


@users_group.command("reset-mfa")
@click.argument("email")
@with_appcontext
def users_reset_mfa(email: str) -> None:
    """Remove a locked-out user's authenticator and recovery codes (audited): they log in
    with the password alone and set up a new one (admins are sent to do so at once)."""
    from hiring.services.mfa import reset

    user = _user_or_fail(email)
    changed = reset(user)
    db.session.commit()
    click.echo(f"{user.email}: two-step verification reset; they set it up again at their "
               "next login" if changed else f"{user.email} has no two-step verification")


@users_group.command("list")
@with_appcontext
def users_list() -> None:
    """List accounts with their roles."""
    from hiring.services.users import search_users

    for user in search_users():
        state = "" if user.active else "  (inactive)"
        click.echo(f"{user.email:<36} {user.name:<28} {','.join(sorted(user.roles))}{state}")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database holds users.")
@with_appcontext
def demo_command(if_empty: bool) -> None:
    """Load the demo data (idempotent) and print the demo logins."""
    from hiring.demo import DEMO_PASSWORD, load_demo

    summary = load_demo(skip_if_users=if_empty)
    db.session.commit()
    if summary is None:
        click.echo("The database already holds users; demo data not loaded.")
        return
    click.echo(summary.describe())
    click.echo(f"Every demo login uses the password: {DEMO_PASSWORD}")


@users_group.command("token")
@click.argument("email")
@click.option("--name", required=True, help="What will use the token (a script, a service).")
@click.option("--expires-days", type=int, default=90, show_default=True)
@with_appcontext
def users_token(email: str, name: str, expires_days: int) -> None:
    """Create a personal access token for the API; it is printed once and stored hashed."""
    from hiring.services.api_tokens import create_token

    user = _user_or_fail(email)
    try:
        new = create_token(user, name, expires_days)
    except ValidationFailed as exc:
        _fail("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.errors.items()))
    db.session.commit()
    click.echo(f"token {new.token.prefix}… for {user.email}, expires "
               f"{new.token.expires_at:%Y-%m-%d}. Copy it now: it is not shown again.",
               err=True)
    click.echo(new.secret)


@users_group.command("token-revoke")
@click.argument("email")
@click.argument("name")
@with_appcontext
def users_token_revoke(email: str, name: str) -> None:
    """Revoke the user's API tokens called NAME (a leaked one stops working at once)."""
    from hiring.services.api_tokens import live_tokens_named, revoke_token

    user = _user_or_fail(email)
    found = live_tokens_named(user, name)
    if not found:
        _fail(f"{user.email} has no unrevoked token called {name!r}")
    for token in found:
        revoke_token(token, None)
    db.session.commit()
    click.echo(f"revoked {len(found)} token(s) called {name!r} of {user.email}: "
               + ", ".join(f"{t.prefix}…" for t in found))
