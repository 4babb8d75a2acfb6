"""Curator logins: bcrypt-hashed passwords in a YAML file that `kb users add` writes.

The file (setting `users_file`, gitignored) uses streamlit-authenticator's layout
(`credentials.usernames.<name>.password` holding a bcrypt hash, plus a `cookie` section with a
random key), so a deployment can switch to that package's login widget without migrating
users. kb's own Curate page checks passwords with `verify`, which costs one bcrypt check
whether or not the user exists, so response time does not reveal user names.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from pathlib import Path
from typing import Any

import bcrypt
import yaml

from kb.errors import AuthError, UsageError

MIN_PASSWORD = 8
_NAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
# Checked against when the user does not exist, so both paths cost one bcrypt round.
_DUMMY = bcrypt.hashpw(b"kb-no-such-user", bcrypt.gensalt(rounds=12))


def _load(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise AuthError(f"users file {path} is unreadable ({exc}): fix it or move it aside "
                        "and add users again with `kb users add NAME`") from exc
    if not isinstance(data, dict):
        raise AuthError(f"users file {path} is not a YAML mapping: move it aside and add "
                        "users again with `kb users add NAME`")
    return data


def users(path: Path) -> list[str]:
    return sorted((_load(path).get("credentials") or {}).get("usernames") or {})


def add_user(path: Path, name: str, password: str, email: str = "") -> bool:
    """Add a user or change their password; True when the user is new. Written atomically."""
    if not _NAME.match(name):
        raise UsageError(f"user name {name!r} is not allowed: use 1-64 letters, digits, "
                         "'_', '.', '@' or '-'")
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"password too short: use at least {MIN_PASSWORD} characters")
    data = _load(path)
    names = data.setdefault("credentials", {}).setdefault("usernames", {})
    new = name not in names
    hashed = bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=12)).decode("ascii")
    names[name] = {**names.get(name, {}), "name": name, "email": email or names.get(
        name, {}).get("email", ""), "password": hashed}
    data.setdefault("cookie", {"name": "kb_curate", "key": secrets.token_hex(32),
                               "expiry_days": 1})
    _write(path, yaml.safe_dump(data, sort_keys=True, allow_unicode=True))
    return new


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.chmod(tmp, 0o600)  # hashes only, but nobody else needs to read them
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def verify(path: Path, name: str, password: str) -> bool:
    """True when the name exists and the password matches its hash."""
    entry = ((_load(path).get("credentials") or {}).get("usernames") or {}).get(name)
    stored = entry.get("password", "") if isinstance(entry, dict) else ""
    try:
        hashed = stored.encode("ascii") if stored else _DUMMY
        ok = bcrypt.checkpw(password.encode("utf-8"), hashed)
    except ValueError:  # not a bcrypt hash: treat as a wrong password
        return False
    return ok and bool(stored)
