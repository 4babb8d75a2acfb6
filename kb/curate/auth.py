"""Curator logins: bcrypt-hashed passwords in a YAML file that `kb users add` writes, read by
streamlit-authenticator's login widget on the Curate page.

The file (setting `users_file`, gitignored, mode 0600) uses streamlit-authenticator's layout:
`credentials.usernames.<name>.{name,email,password}` with a bcrypt hash, and a `cookie` section
`{name, key, expiry_days}` whose key (64 random hex digits, made here) signs the widget's
re-login cookie. No secret lives in the repository.

Names are lower case and passwords have no spaces at either end, because the widget lower-cases
the name and strips the password it is given: anything else could never log in.
"""

from __future__ import annotations

import copy
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bcrypt
import yaml
from filelock import FileLock

from kb.errors import AuthError, UsageError
from kb.files import atomic_write

MIN_PASSWORD = 8
MAX_PASSWORD_BYTES = 72  # bcrypt's limit: bcrypt 5 refuses longer passwords
MIN_COOKIE_KEY = 32
_NAME = re.compile(r"^[a-z0-9_.@-]{1,64}$")
# Checked against when a login fails without a password check (unknown name), so a refused
# login costs one bcrypt round either way and response time does not reveal user names.
_DUMMY = bcrypt.hashpw(b"kb-no-such-user", bcrypt.gensalt(rounds=12))


@dataclass(frozen=True)
class LoginConfig:
    """What streamlit-authenticator's `Authenticate` needs, read from the users file."""

    credentials: dict[str, Any]
    cookie_name: str
    cookie_key: str
    cookie_expiry_days: float


def _load(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise AuthError(
            f"users file {path} is unreadable ({exc}): fix it or move it aside "
            "and add users again with `kb users add NAME`"
        ) from exc
    if not isinstance(data, dict):
        raise AuthError(
            f"users file {path} is not a YAML mapping: move it aside and add "
            "users again with `kb users add NAME`"
        )
    return data


def _names(data: dict[str, Any]) -> dict[str, Any]:
    names = (data.get("credentials") or {}).get("usernames") or {}
    if not isinstance(names, dict):
        raise AuthError(
            "users file: credentials.usernames is not a mapping: move the file "
            "aside and add users again with `kb users add NAME`"
        )
    return names


def _lock(path: Path) -> FileLock:
    # `kb users add` and the app's one-off cookie-key repair both read, change and rewrite
    # the file; the lock keeps one from dropping the other's change.
    return FileLock(str(path.parent / f".{path.name}.lock"), timeout=30)


def users(path: Path) -> list[str]:
    return sorted(_names(_load(path)))


def add_user(path: Path, name: str, password: str, email: str = "") -> bool:
    """Add a user or change their password; True when the user is new. Written atomically.

    Changing a password also replaces the cookie key, so every browser that stayed signed in
    through the re-login cookie has to sign in again (a cookie carries no password).
    """
    _check(name, password)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _lock(path):
        data = _load(path)
        names = data.setdefault("credentials", {}).setdefault("usernames", {})
        new = name not in names
        hashed = bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=12))
        old = names.get(name) or {}
        names[name] = {
            "name": name,
            "email": email or old.get("email", ""),
            "password": hashed.decode("ascii"),
        }
        _complete_cookie(data, new_key=not new)
        _write(path, yaml.safe_dump(data, sort_keys=True, allow_unicode=True))
    return new


def _check(name: str, password: str) -> None:
    if not _NAME.match(name):
        raise UsageError(
            f"user name {name!r} is not allowed: use 1-64 lower-case letters, "
            "digits, '_', '.', '@' or '-'"
        )
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"password too short: use at least {MIN_PASSWORD} characters")
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        raise UsageError(f"password too long: bcrypt uses at most {MAX_PASSWORD_BYTES} bytes")
    if password != password.strip():
        raise UsageError(
            "password starts or ends with a space: the login form drops those, "
            "so it could never match"
        )


def _complete_cookie(data: dict[str, Any], new_key: bool = False) -> bool:
    """Fill in the cookie section's missing parts; True when something was added."""
    cookie = data.get("cookie")
    if not isinstance(cookie, dict):
        cookie = data["cookie"] = {}
    before = dict(cookie)
    cookie.setdefault("name", "kb_curate")
    cookie.setdefault("expiry_days", 1)
    if new_key or not cookie.get("key"):
        cookie["key"] = secrets.token_hex(32)
    return cookie != before


def _write(path: Path, text: str) -> None:
    atomic_write(path, text, mode=0o600)  # hashes only, but nobody else needs to read them


def login_config(path: Path) -> LoginConfig:
    """Credentials and cookie settings for the login widget, fresh from the file.

    A file from before the cookie section existed gets one written back (random key) rather
    than being refused: the key is ours to make, and refusing would lock curators out until an
    operator edits the file. A key that is present but short is refused instead: it was set by
    hand, and a guessable key would let anyone forge a signed-in cookie.
    """
    data = _load(path)
    if _names(data) and _complete_cookie(copy.deepcopy(data)):
        with _lock(path):
            data = _load(path)
            if _complete_cookie(data):
                try:
                    _write(path, yaml.safe_dump(data, sort_keys=True, allow_unicode=True))
                except OSError as exc:
                    raise AuthError(
                        f"users file {path} has no cookie key and cannot be "
                        f"written ({exc}): run `kb users add NAME` once"
                    ) from exc
    cookie = data.get("cookie") or {}
    key = str(cookie.get("key") or "")
    if _names(data) and len(key) < MIN_COOKIE_KEY:
        raise AuthError(
            f"users file {path}: cookie.key is shorter than {MIN_COOKIE_KEY} "
            "characters; delete that line and kb makes a random one"
        )
    # Only what the widget needs, as a fresh copy: it keeps per-login counters in this dict.
    names = {
        str(n): {
            "name": str(e.get("name") or n),
            "email": str(e.get("email") or ""),
            "password": str(e.get("password") or ""),
        }
        for n, e in _names(data).items()
        if isinstance(e, dict)
    }
    try:
        days = float(cookie.get("expiry_days", 1))
    except (TypeError, ValueError) as exc:
        raise AuthError(
            f"users file {path}: cookie.expiry_days must be a number of days "
            "(0 turns the re-login cookie off)"
        ) from exc
    return LoginConfig({"usernames": names}, str(cookie.get("name") or "kb_curate"), key, days)


def verify(path: Path, name: str, password: str) -> bool:
    """True when the name exists and the password matches its hash (for scripts and tests;
    the app checks passwords through the login widget)."""
    entry = _names(_load(path)).get(name)
    stored = entry.get("password", "") if isinstance(entry, dict) else ""
    try:
        hashed = stored.encode("ascii") if stored else _DUMMY
        ok = bcrypt.checkpw(password.encode("utf-8"), hashed)
    except ValueError:  # not a bcrypt hash, or a password bcrypt refuses: a wrong password
        return False
    return ok and bool(stored)


def spend_one_check() -> None:
    """Cost what one password check costs, for a refused login that skipped it."""
    bcrypt.checkpw(b"kb-not-a-password", _DUMMY)


class LoginThrottle:
    """Failed sign-ins counted per user name and per client, shared by every session of the
    app process: after FREE failures within WINDOW seconds, each further try of that name or
    from that client waits twice as long as the last (2 s, 4 s, 8 s ... at most MAX_WAIT).

    A wait, not a lock: nobody can lock a curator out for longer than MAX_WAIT by guessing,
    while guessing costs an attacker minutes per try instead of a bcrypt round. A success
    clears the name's count.
    """

    FREE = 3
    WINDOW = 900.0
    MAX_WAIT = 300.0

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._fails: dict[str, list[float]] = {}

    def _recent(self, key: str, now: float) -> list[float]:
        times = [x for x in self._fails.get(key, []) if now - x < self.WINDOW]
        self._fails[key] = times
        return times

    def wait(self, *keys: str) -> float:
        """Seconds before another try is allowed for any of the keys (0: try now)."""
        with self._lock:
            now = self._clock()
            longest = 0.0
            for key in keys:
                times = self._recent(key, now)
                if len(times) >= self.FREE:
                    pause = min(self.MAX_WAIT, 2.0 ** (len(times) - self.FREE + 1))
                    longest = max(longest, times[-1] + pause - now)
            return max(0.0, longest)

    def failed(self, *keys: str) -> float:
        """Record a refused try for each key; the wait it brings."""
        with self._lock:
            now = self._clock()
            for key in keys:
                self._recent(key, now).append(now)
        return self.wait(*keys)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._fails.pop(key, None)


THROTTLE = LoginThrottle()
