"""How a secret handed to a person is kept: a login session's token, an API token, a one-time
account or self-identification link. Only its sha256 is stored, so a copy of the database
opens nothing; the secrets are random (32 bytes and more), so no salt or slow hash is needed.
"""

from __future__ import annotations

import hashlib


def token_hash(token: str) -> str:
    """The stored form of ``token``. Text that is not valid UTF-8 (a lone surrogate from a
    crafted URL) hashes to something no token of ours has, never an error."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()
