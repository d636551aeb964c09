"""The password policy: long enough, and not guessable by zxcvbn or from the user's own details.

zxcvbn ships its dictionaries (common passwords, names, words, keyboard patterns), so the
policy holds no hand-written list. A password scored below ``MIN_SCORE`` is refused with
zxcvbn's own warning and suggestions. Its score alone lets "HugoHiring2026!" through for Hugo
Hiring, so the user's email and name are also matched on their own: a password whose
characters come mostly from them is refused whatever its score.
"""

from __future__ import annotations

import re

MIN_PASSWORD_LENGTH = 12
MIN_SCORE = 3  # zxcvbn's "safely unguessable": about 10^8 guesses or more
# zxcvbn's cost grows with the length; past this its score cannot get any better anyway.
SCORED_LENGTH = 72
_MIN_INPUT_LENGTH = 3  # shorter pieces of a name ("Li", "de") match too much


def user_inputs(email: str = "", name: str = "") -> list[str]:
    """The user's own words for zxcvbn: the email, its local part and its pieces, the
    first label of its domain, the name and each word of it."""
    email = email.strip().lower()
    local, _, domain = email.partition("@")
    words = [email, local, *re.split(r"[._+\-]+", local), domain.split(".")[0],
             name.strip().lower(), *re.split(r"[\s\-']+", name.strip().lower())]
    seen: dict[str, None] = {}
    for word in words:
        if len(word) >= _MIN_INPUT_LENGTH:
            seen.setdefault(word, None)
    return list(seen)


def _share_from_user_inputs(password: str, inputs: list[str]) -> float:
    """The share of the password's characters that spell the user's own words (also
    reversed or in l33t), found with zxcvbn's own matchers."""
    if not inputs or not password:
        return 0.0
    # Imported on use: zxcvbn's dictionaries are 13 MiB in every web worker otherwise.
    from zxcvbn.matching import (
        build_ranked_dict,
        dictionary_match,
        l33t_match,
        reverse_dictionary_match,
    )

    dictionaries = {"user_inputs": build_ranked_dict(inputs)}
    covered: set[int] = set()
    for matcher in (dictionary_match, reverse_dictionary_match, l33t_match):
        for match in matcher(password, _ranked_dictionaries=dictionaries):
            if len(match["token"]) >= _MIN_INPUT_LENGTH:
                covered.update(range(match["i"], match["j"] + 1))
    return len(covered) / len(password)


def password_problems(password: str, *, email: str = "", name: str = "") -> list[str]:
    """Why this password is refused (messages for the person choosing it), or [] when it
    is accepted. ``email`` and ``name`` are the account's, so that neither is reused."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return [f"Use at least {MIN_PASSWORD_LENGTH} characters."]
    problems = []
    if password.strip() != password:
        problems.append("Do not start or end with spaces.")
    if len(set(password)) == 1:
        return [*problems, "Do not repeat a single character."]
    inputs = user_inputs(email, name)
    if _share_from_user_inputs(password, inputs) >= 0.5:
        problems.append("Do not build it from your name or email address.")
    from zxcvbn import zxcvbn

    result = zxcvbn(password[:SCORED_LENGTH], user_inputs=inputs)
    if result["score"] < MIN_SCORE:
        feedback = result["feedback"]
        problems.append(feedback["warning"] or "This password is easy to guess.")
        problems.extend(feedback["suggestions"] or
                        ["Add another word or two. Uncommon words are better."])
    return list(dict.fromkeys(problems))
