"""The Curate page's login: streamlit-authenticator's widget, and the audit log of its logins.

The widget (`stauth.Authenticate(...).login()`) is built on every run from the users file that
`kb users add` writes (bcrypt hashes; cookie name, key and expiry; see kb.curate.auth), so a new
user or password works without a restart. It keeps its state in `st.session_state`:
`authentication_status` (None: not tried, False: refused, True: signed in) and `username`.
`current_user()` returns a name only while the status is True, and the Curate page draws
nothing of curation without one.

After a password login the widget sets a cookie (a JWT with the user name and expiry, signed
with the file's key) through a component iframe; a later session in the same browser (a new
tab) is signed in by that cookie until it expires or the user signs out. A reload of the same
tab resumes its Streamlit session. The cookie is read from the request (`st.context.cookies`),
so AppTest, which has no browser, always runs as a first visit.
"""

from __future__ import annotations

import math
import time
from typing import Any

import jwt
import streamlit as st
import streamlit_authenticator as stauth

from kb.curate.auth import THROTTLE, LoginConfig, login_config, spend_one_check
from kb.curate.catalog import open_catalog
from kb.errors import AuthError
from kb.settings import Settings, get_settings
from kb.vocab.labels import t

# Where streamlit-authenticator keeps its state in st.session_state.
STATUS, USERNAME, IGNORE_COOKIE = "authentication_status", "username", "logout"
# What this session's audit log already holds: a plain dict, see _audit.
MARKS = "kb_login_marks"


def current_user() -> str | None:
    """The signed-in curator; None unless the login widget says this session is authenticated."""
    if st.session_state.get(STATUS) is not True:
        return None
    user = st.session_state.get(USERNAME)
    return user if isinstance(user, str) and user else None


def curator() -> str | None:
    """The curator of this session or, in a new session of the same browser, of its login
    cookie: the Index status and Evaluate pages open to a signed-in curator without a visit to
    Curate first. The cookie is checked as the widget checks it (signature with the users
    file's key, expiry, a user still in the file) and never after a sign-out in this session;
    nothing is logged here (the Curate page logs logins)."""
    user = current_user()
    if user or st.session_state.get(IGNORE_COOKIE):
        return user
    try:
        config = login_config(get_settings().users_file)
        token = st.context.cookies.get(config.cookie_name)
    except (AuthError, AttributeError, RuntimeError):
        return None
    if not isinstance(token, str) or not token:
        return None
    try:
        claims = jwt.decode(token, config.cookie_key, algorithms=["HS256"])
    except jwt.PyJWTError:
        return None
    name = claims.get("username")
    fresh = float(claims.get("exp_date", 0)) > time.time()
    return name if fresh and name in config.credentials["usernames"] else None


def _authenticator(config: LoginConfig) -> Any:
    # The credentials go in as a dict, not as the file's path: given a path the widget rewrites
    # the file on every login (counters, `logged_in` flags) outside kb's atomic 0600 writer.
    # auto_hash=False: the file holds bcrypt hashes only, and a value that is not one never
    # matches instead of being hashed as if it were a password.
    return stauth.Authenticate(
        config.credentials,
        config.cookie_name,
        config.cookie_key,
        config.cookie_expiry_days,
        auto_hash=False,
    )


def _checked(config: LoginConfig) -> tuple[str, bool] | None:
    """(name, matched) of the password the widget checked in this run, if any.

    The widget counts each check on the user's entry: 0 after a match, 1 after a miss (the
    entries are read afresh every run). A cookie login and an unknown name leave no count.
    """
    for name, entry in config.credentials["usernames"].items():
        if "failed_login_attempts" in entry:
            return name, entry["failed_login_attempts"] == 0
    return None


def _draw_widget(auth: Any, lang: str, marks: dict[str, Any]) -> None:
    """The widget's form, unless the session (or its cookie) is already signed in.

    No max_login_attempts: the widget counts failures in the credentials dict, which is read
    afresh on every run, so a limit would never trigger; a counter shared by all sessions
    would instead let anyone lock a curator out. bcrypt (12 rounds) and the widget's pause
    before each form slow guessing down.
    """
    fields = {
        "Form name": t("curate.login", lang),
        "Username": t("curate.user", lang),
        "Password": t("curate.password", lang),
        "Login": t("curate.sign_in", lang),
    }
    if marks.get("cookie_refused"):
        st.error(t("curate.login_error", lang, reason=marks["cookie_refused"]))
    try:
        auth.login(location="main", key="kb_login", fields=fields)
    except stauth.LoginError as exc:
        # A valid cookie names a user no longer in the users file. The widget's own "ignore
        # the cookie in this session" flag lets the form be drawn instead; the reason is kept
        # because the cookie component's first reply reruns the page at once.
        marks["cookie_refused"] = str(exc)
        st.error(t("curate.login_error", lang, reason=exc))
        st.session_state[IGNORE_COOKIE] = True
        auth.login(location="main", key="kb_login", fields=fields)


def _audit(s: Settings, marks: dict[str, Any]) -> None:
    """Log what changed since the audit log last heard from this session: a login, a sign-out
    or a refused login, each exactly once.

    A rerun request (a click, the cookie component's reply) stops a run at its next
    session-state access, which can fall between the widget's change and a log written right
    after it. So logging follows state, not runs: each call compares the widget's status with
    `marks`, a plain dict whose changes are no stopping point, and logs and marks in one step
    that nothing can cut in two.
    """
    status = st.session_state.get(STATUS)
    user = current_user()
    checked = marks.get("checked")
    catalog = open_catalog(s)
    if user != marks.get("in"):
        if marks.get("in"):
            catalog.log(marks["in"], "logout", s.default_index)
        if user:
            THROTTLE.succeeded(f"user:{user}")
            via = "password" if checked == (user, True) else "cookie"
            catalog.log(user, "login", s.default_index, via=via)
            marks.pop("cookie_refused", None)
        marks["in"], marks["checked"] = user, None
    if status is False and not marks.get("refused"):
        name = checked[0] if checked and not checked[1] else None
        if name is None:
            spend_one_check()  # an unknown name skipped the check: refusals cost the same
        client = _client(marks)
        wait = THROTTLE.failed(f"user:{name or '?'}", f"client:{client}")
        marks["wait_for"] = f"user:{name or '?'}"  # this client waits as long as that name
        catalog.log(name or "?", "login-failed", s.default_index, client=client, wait=round(wait))
        marks["refused"], marks["checked"] = True, None


def _client(marks: dict[str, Any]) -> str:
    """Who is trying: the browser's address when Streamlit knows it, else this session."""
    try:
        ip = st.context.ip_address  # None on localhost
    except Exception:  # outside a Streamlit run (tests, bare mode)
        ip = None
    return ip if isinstance(ip, str) and ip else f"session:{id(marks)}"


def sign_in(lang: str) -> str | None:
    """The login widget, or who is signed in and a sign-out button; the signed-in user."""
    s = get_settings()
    try:
        config = login_config(s.users_file)
    except AuthError as exc:
        st.error(str(exc))
        return None
    if not config.credentials["usernames"]:
        st.info(t("curate.no_users", lang))
        return None
    marks: dict[str, Any] = st.session_state.setdefault(MARKS, {})
    _audit(s, marks)  # whatever a run that was stopped short left unlogged
    if st.session_state.get(STATUS) is False:
        # The widget leaves False after a refusal; clearing it makes the next refusal a change
        # (logged and shown once). No stopping point between these two lines.
        st.session_state[STATUS] = None
        marks["refused"] = False
    auth = _authenticator(config)
    wait = THROTTLE.wait(f"client:{_client(marks)}", marks.get("wait_for", ""))
    if wait > 0 and current_user() is None:
        # Repeated wrong passwords: no form (so no check) until the wait is over.
        st.error(t("curate.slow_down", lang, seconds=math.ceil(wait)))
        return None
    try:
        _draw_widget(auth, lang, marks)
    finally:  # also when a rerun stops the widget: the counts are gone next run
        marks["checked"] = _checked(config) or marks.get("checked")
    _audit(s, marks)
    if st.session_state.get(STATUS) is False:
        st.error(t("curate.bad_login", lang))
    user = current_user()
    if user is None:
        return None
    top = st.columns([4, 1])
    top[0].caption(t("curate.signed_in", lang, user=user))
    with top[1]:
        # After a click the status is None and the widget draws a cookie-deleting component;
        # its reply reruns the page, which then shows the form. No st.rerun() here: it could
        # drop that component before the browser deletes the cookie.
        auth.logout(t("curate.sign_out", lang), key="curate_sign_out")
    _audit(s, marks)
    return current_user()
