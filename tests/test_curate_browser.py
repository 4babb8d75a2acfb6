"""The Curate page in a real Chromium: a session that has not signed in reaches no curation
action; signing in through streamlit-authenticator's widget opens the curation tabs, and its
re-login cookie (a JWT signed with the users file's key) survives a reload until sign-out.
The page is served on its own by `streamlit run` (fake encoder), so the test does not depend on
the rest of the app.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import jwt
import pytest

from kb.curate.auth import add_user, login_config
from kb.curate.catalog import Catalog
from kb.curate.curator import Curator
from kb.ingest.embed import make_encoder
from kb.settings import Settings, get_settings
from kb.vocab.labels import t
from tests.support.browser import click_when_unique, settle, until
from tests.support.files import report_text
from tests.support.servers import CHROMIUM, serve_streamlit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install -y chromium)"
    ),
]
PASSWORD = "correct horse battery"
CURATION_TEXT = (
    "Upload and check",
    "Review queue",
    "Approve",
    "Reject",
    "Re-index",
    "Files to add",
    "Save metadata",
)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Settings]]:
    tmp = tmp_path_factory.mktemp("curate")
    env = {
        "KB_INDEX_DIR": str(tmp / "indexes"),
        "KB_CACHE_DIR": str(tmp / "cache"),
        "KB_ENCODER": "hash-256",
        "KB_USERS_FILE": str(tmp / "users.yaml"),
    }
    s = get_settings().with_(
        index_dir=tmp / "indexes",
        cache_dir=tmp / "cache",
        encoder="hash-256",
        users_file=tmp / "users.yaml",
    )
    (tmp / "in").mkdir()
    (tmp / "in" / "report.txt").write_text(report_text(1), encoding="utf-8")
    (tmp / "up").mkdir()
    (tmp / "up" / "other.txt").write_text(report_text(2), encoding="utf-8")
    cur = Curator(s, user="operator", encoder=make_encoder("hash-256"))
    cur.ingest([tmp / "in"])
    cur.ingest([tmp / "up"], status="pending")
    add_user(s.users_file, "dora", PASSWORD)
    script = tmp / "curate_only.py"
    script.write_text(
        "import streamlit as st\n"
        "if st.query_params.get('page') == 'status':\n"
        "    from kb.ui.pages.status import render\n"
        "else:\n"
        "    from kb.ui.pages.curate import render\n"
        "render('en')\n",
        encoding="utf-8",
    )
    with serve_streamlit(script, env, tmp) as address:
        yield address, s


@pytest.fixture
def url(served: tuple[str, Settings]) -> str:
    return served[0]


def _open(browser: Any, url: str) -> Any:
    """A new tab: in a new browser context (no cookies) when given the browser."""
    page = browser.new_page()
    page.goto(url)
    page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
    return page


def _visible_text(page: Any) -> str:
    return str(page.locator("body").inner_text())


def _sign_in(page: Any, user: str, password: str) -> None:
    page.get_by_role("textbox", name="User name").fill(user)
    page.get_by_role("textbox", name="Password").fill(password)
    click_when_unique(page.get_by_role("button", name="Sign in"))


def test_anonymous_session_sees_only_the_login_form(browser: Any, url: str) -> None:
    page = _open(browser, url)
    body = _visible_text(page)
    assert "Sign in to curate" in body
    assert not [t for t in CURATION_TEXT if t in body]
    assert page.locator('input[type="file"]').count() == 0
    assert page.get_by_role("tab").count() == 0
    _sign_in(page, "dora", "not the password")
    page.get_by_text("Wrong user name or password.").wait_for(timeout=30_000)
    body = _visible_text(page)
    assert not [t for t in CURATION_TEXT if t in body]
    assert page.get_by_role("tab").count() == 0
    page.close()


def test_signed_in_session_gets_the_curation_tabs(browser: Any, url: str) -> None:
    page = _open(browser, url)
    _sign_in(page, "dora", PASSWORD)
    page.get_by_text("Signed in as dora").first.wait_for(timeout=30_000)
    # The cookie component's reply reruns the page once more after the tabs first appear;
    # during a rerun Streamlit can show the old tabs and the new ones together.
    until(lambda: _kb_cookie(page) is not None)
    page.get_by_role("button", name="Sign in").wait_for(state="detached", timeout=30_000)
    until(lambda: page.get_by_role("tab").count() == 4)
    page.get_by_text("Files to add").first.wait_for(timeout=30_000)
    until(lambda: page.locator('[data-testid="stFileUploader"]').count() == 1)
    click_when_unique(page.get_by_role("tab", name="Review queue"))
    page.get_by_role("button", name="Approve").first.wait_for(timeout=30_000)
    page.close()
    # Another browser (no cookie) starts signed out.
    fresh = _open(browser, url)
    assert fresh.get_by_role("tab").count() == 0
    fresh.close()


def _kb_cookie(page: Any) -> str | None:
    found = [c["value"] for c in page.context.cookies() if c["name"] == "kb_curate"]
    return found[0] if found else None


def test_the_cookie_signs_in_a_new_tab_until_sign_out(
    browser: Any, served: tuple[str, Settings]
) -> None:
    """A reload resumes the same Streamlit session; a new tab is a new session, which only
    the widget's cookie can sign in."""
    url, s = served
    context = browser.new_context()  # one cookie jar for all three tabs
    page = _open(context, url)
    _sign_in(page, "dora", PASSWORD)
    page.get_by_text("Signed in as dora").first.wait_for(timeout=30_000)
    until(lambda: _kb_cookie(page) is not None)  # set by the widget's cookie component
    token = jwt.decode(
        _kb_cookie(page), login_config(s.users_file).cookie_key, algorithms=["HS256"]
    )
    assert token["username"] == "dora" and token["exp_date"] > time.time()
    # The cookie component's reply reruns the page, which drops the login form.
    page.get_by_role("button", name="Sign in").wait_for(state="detached", timeout=30_000)
    second = context.new_page()
    second.goto(url)
    second.get_by_text("Signed in as dora").first.wait_for(timeout=60_000)
    # A rerun can briefly show the old and the new element together (stale, then replaced).
    until(lambda: second.get_by_role("tab").count() == 4)
    last = Catalog.for_settings(s).audit(s.default_index, user="dora", limit=1)[0]
    assert (last.action, last.detail) == ("login", {"via": "cookie"})
    click_when_unique(second.get_by_role("button", name="Sign out"))
    second.get_by_role("button", name="Sign in").wait_for(timeout=30_000)
    until(lambda: _kb_cookie(second) is None)
    third = context.new_page()
    third.goto(url)
    third.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
    assert not [t for t in CURATION_TEXT if t in _visible_text(third)]
    assert third.get_by_role("tab").count() == 0
    context.close()


def test_the_cookie_opens_the_status_internals_in_a_new_tab(
    browser: Any, served: tuple[str, Settings]
) -> None:
    """Index status shows curators the index's internals: a new tab of a signed-in browser
    gets them from the login cookie, without a visit to Curate; another browser does not."""
    url, _ = served
    context = browser.new_context()
    page = _open(context, url)
    _sign_in(page, "dora", PASSWORD)
    page.get_by_text("Signed in as dora").first.wait_for(timeout=30_000)
    until(lambda: _kb_cookie(page) is not None)
    status = context.new_page()
    status.goto(f"{url}/?page=status")
    status.get_by_text(t("st_by_type", "en")).wait_for(timeout=60_000)
    status.get_by_text("hash-256").first.wait_for(timeout=60_000)
    settle(status)
    text = _visible_text(status)
    assert "hash-256" in text and t("ui.curators_only", "en") not in text
    context.close()
    stranger = browser.new_page()
    stranger.goto(f"{url}/?page=status")
    stranger.get_by_text(t("st_by_type", "en")).wait_for(timeout=60_000)
    stranger.get_by_text(t("ui.curators_only", "en")).first.wait_for(timeout=60_000)
    settle(stranger)
    text = _visible_text(stranger)
    assert "hash-256" not in text and t("ui.curators_only", "en") in text
    stranger.close()


def test_a_forged_or_stale_cookie_opens_nothing(browser: Any, served: tuple[str, Settings]) -> None:
    url, s = served
    later = time.time() + 3600
    forged = jwt.encode({"username": "dora", "exp_date": later}, "x" * 64, algorithm="HS256")
    stale = jwt.encode(
        {"username": "ghost", "exp_date": later},  # right key, no such user
        login_config(s.users_file).cookie_key,
        algorithm="HS256",
    )
    for value, error in ((forged, None), (stale, "Sign-in refused: User not authorized")):
        page = browser.new_page()
        page.context.add_cookies([{"name": "kb_curate", "value": value, "url": url}])
        page.goto(url)
        page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
        if error:
            page.get_by_text(error).wait_for(timeout=30_000)
        assert not [t for t in CURATION_TEXT if t in _visible_text(page)]
        assert page.get_by_role("tab").count() == 0
        page.close()


def test_curation_needs_a_session_not_a_url(browser: Any, url: str) -> None:
    """Query strings and other paths do not open curation either."""
    for suffix in ("/?user=dora", "/?kb_curator=dora", "/curate?tab=upload"):
        page = browser.new_page()
        page.goto(url + suffix)
        page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
        assert not [t for t in CURATION_TEXT if t in _visible_text(page)]
        page.close()
