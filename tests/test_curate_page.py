"""The Curate page through AppTest, and the users file behind its login.

The login is streamlit-authenticator's widget. Its re-login cookie cannot be exercised here:
AppTest has no browser, so the cookie component never answers, and `st.context.cookies` is a
MagicMock whose values the widget's JWT decode rejects, so every run starts without a cookie,
as a first visit does. tests/test_curate_browser.py covers the cookie in Chromium.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from kb.curate.auth import add_user, users, verify
from kb.curate.catalog import Catalog
from kb.curate.curator import Curator
from kb.errors import UsageError
from kb.ingest.embed import make_encoder
from kb.settings import Settings, get_settings
from kb.store.index import Index
from tests.support.files import report_text, text_pdf
from tests.test_read_notices import with_blank_pages

SCRIPT = "from kb.ui.pages.curate import render\nrender('en')\n"
CURATION_KEYS = (
    "curate_files",
    "curate_send",
    "curate_reindex",
    "curate_pick",
    "approve_",
    "reject_",
    "retire_",
    "note_",
)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """A default index with one approved report and a pending near-duplicate; one curator."""
    monkeypatch.setenv("KB_INDEX_DIR", str(tmp_path / "indexes"))
    monkeypatch.setenv("KB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("KB_ENCODER", "hash-256")
    monkeypatch.setenv("KB_USERS_FILE", str(tmp_path / "users.yaml"))
    get_settings.cache_clear()
    s = get_settings()
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "report.txt").write_text(report_text(1), encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "report-v2.txt").write_text(report_text(1) + " erratum", encoding="utf-8")
    cur = Curator(s, user="operator", encoder=make_encoder("hash-256"))
    cur.ingest([tmp_path / "a"])
    cur.ingest([tmp_path / "b"], status="pending")
    add_user(s.users_file, "dora", "correct horse battery")
    yield s
    get_settings.cache_clear()


def _keys(at: AppTest) -> list[str]:
    """Keys of every widget on the page."""
    found = []
    for kind in ("button", "text_input", "checkbox", "selectbox", "file_uploader"):
        found += [str(w.key) for w in at.get(kind) if getattr(w, "key", None)]
    return found


def _no_curation(at: AppTest) -> None:
    assert not at.tabs and not at.get("file_uploader")
    assert not [k for k in _keys(at) if k.startswith(CURATION_KEYS)]
    assert not [
        b.label
        for b in at.button
        if b.label in ("Upload and check", "Approve", "Re-index all approved documents")
    ]


def _run(**state: object) -> AppTest:
    at = AppTest.from_string(SCRIPT, default_timeout=60)
    for k, v in state.items():
        at.session_state[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def _login(at: AppTest, user: str, password: str) -> AppTest:
    """Fill and send streamlit-authenticator's form (its inputs have labels, not keys)."""
    next(w for w in at.text_input if w.label == "User name").input(user)
    next(w for w in at.text_input if w.label == "Password").input(password)
    next(b for b in at.button if b.label == "Sign in").click().run()
    assert not at.exception, at.exception
    return at


def _events(s: Settings) -> list[tuple[str, str]]:
    """(user, action) of the audit log, oldest first."""
    return [
        (e.user, e.action)
        for e in reversed(Catalog.for_settings(s).audit(s.default_index))
        if e.action.startswith(("login", "logout"))
    ]


def test_not_logged_in_shows_only_the_login_form(env: Settings) -> None:
    at = _run()
    assert [b.label for b in at.button] == ["Sign in"]
    assert [w.label for w in at.text_input] == ["User name", "Password"]
    assert at.subheader[0].value == "Sign in to curate"
    _no_curation(at)
    assert at.session_state["authentication_status"] is None


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        ("es", ["Inicie sesión para curar", "Usuario", "Contraseña", "Entrar"]),
        ("pt", ["Entre para fazer curadoria", "Usuário", "Senha", "Entrar"]),
    ],
)
def test_the_login_widget_speaks_the_page_language(
    env: Settings, lang: str, labels: list[str]
) -> None:
    at = AppTest.from_string(SCRIPT.replace("'en'", repr(lang)), default_timeout=60).run()
    assert not at.exception, at.exception
    assert [
        at.subheader[0].value,
        *[w.label for w in at.text_input],
        *[b.label for b in at.button],
    ] == labels


def test_wrong_password_is_refused_and_logged_once(
    env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kb.ui.curate_login as login

    spent: list[int] = []
    monkeypatch.setattr(login, "spend_one_check", lambda: spent.append(1))
    at = _login(_run(), "dora", "wrong password")
    assert [e.value for e in at.error] == ["Wrong user name or password."]
    _no_curation(at)
    assert _events(env) == [("dora", "login-failed")]
    at.run()  # an unrelated rerun neither logs the refusal again nor shows it again
    assert not at.error and _events(env) == [("dora", "login-failed")]
    _login(at, "dora", "still wrong")
    _no_curation(at)
    assert not spent  # the widget checked dora's hash itself
    _login(at, "nobody", "correct horse battery")  # unknown names are logged as "?"
    _no_curation(at)
    assert spent == [1]  # and cost one bcrypt check too, as a known name's refusal does
    assert _events(env) == [
        ("dora", "login-failed"),
        ("dora", "login-failed"),
        ("?", "login-failed"),
    ]


def test_repeated_wrong_passwords_slow_the_page_per_client_and_per_user(
    env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After FREE refusals the form gives way to a wait (no check can be tried) in this
    browser; another browser may try the same name once, then waits as well; the waits are
    logged; once the wait is over the form is back."""
    import kb.ui.curate_login as login
    from kb.curate.auth import LoginThrottle

    now = [1000.0]
    monkeypatch.setattr(login, "THROTTLE", LoginThrottle(clock=lambda: now[0]))
    monkeypatch.setattr(login, "spend_one_check", lambda: None)
    at = _run()
    for i in range(LoginThrottle.FREE):
        _login(at, "dora", f"wrong {i}")
    at.run()
    assert [e.value for e in at.error] == [
        "Too many failed sign-ins: wait 2 s before trying again."
    ]
    assert not [w for w in at.text_input if w.label == "Password"]  # no form, no check
    _no_curation(at)
    other = _login(_run(), "dora", "another guess")  # a second browser, the same name
    other.run()
    assert [e.value for e in other.error] == [
        "Too many failed sign-ins: wait 4 s before trying again."
    ]
    refused = [
        e.detail
        for e in Catalog.for_settings(env).audit(env.default_index)
        if e.action == "login-failed"
    ][::-1]
    assert [d["wait"] for d in refused] == [0, 0, 2, 4]
    assert len({d["client"] for d in refused}) == 2  # two browsers, each named in the log
    now[0] += 5
    at.run()
    assert [w for w in at.text_input if w.label == "Password"] and not at.error
    _login(at, "dora", "correct horse battery")
    assert len(at.tabs) == 4  # the right password still works after the wait


def test_a_run_stopped_short_still_gets_its_events_logged_once(env: Settings) -> None:
    """A rerun request stops a run at its next session-state access, possibly right after the
    widget changed its status: the next run logs what that one could not, once."""
    at = _run(authentication_status=False, kb_login_marks={"checked": ("dora", False)})
    assert "Wrong user name or password." not in [e.value for e in at.error]  # not re-shown
    at.run()
    assert _events(env) == [("dora", "login-failed")]
    at = _run(
        authentication_status=True, username="dora", kb_login_marks={"checked": ("dora", True)}
    )
    assert len(at.tabs) == 4
    at.run()
    assert _events(env)[1:] == [("dora", "login")]
    assert Catalog.for_settings(env).audit(env.default_index)[0].detail == {"via": "password"}


def test_a_plain_text_password_in_the_file_never_matches(env: Settings) -> None:
    """auto_hash=False: a hand-written plain-text entry is refused, not hashed and accepted."""
    data = yaml.safe_load(env.users_file.read_text(encoding="utf-8"))
    data["credentials"]["usernames"]["eve"] = {
        "name": "eve",
        "email": "",
        "password": "plain text pw",
    }
    env.users_file.write_text(yaml.safe_dump(data), encoding="utf-8")
    before = env.users_file.read_text(encoding="utf-8")
    at = _login(_run(), "eve", "plain text pw")
    assert "Wrong user name or password." in [e.value for e in at.error]
    _no_curation(at)
    assert env.users_file.read_text(encoding="utf-8") == before  # the widget wrote nothing


def test_no_accounts_means_no_form_and_a_hint(env: Settings) -> None:
    env.users_file.unlink()
    at = _run()
    assert not at.button and "kb users add NAME" in at.info[0].value


def test_unreadable_users_file_is_an_error_not_a_traceback(env: Settings) -> None:
    env.users_file.write_text("credentials: [unclosed", encoding="utf-8")
    at = _run()
    assert "unreadable" in at.error[0].value and not at.button
    _no_curation(at)


def test_a_users_file_without_cookie_key_gets_one(env: Settings) -> None:
    data = yaml.safe_load(env.users_file.read_text(encoding="utf-8"))
    del data["cookie"]["key"]
    env.users_file.write_text(yaml.safe_dump(data), encoding="utf-8")
    at = _login(_run(), "dora", "correct horse battery")
    assert len(at.tabs) == 4
    key = yaml.safe_load(env.users_file.read_text(encoding="utf-8"))["cookie"]["key"]
    assert len(key) == 64 and (env.users_file.stat().st_mode & 0o777) == 0o600


def test_login_then_review_queue_side_by_side_and_approve(env: Settings) -> None:
    at = _login(_run(), "DORA", "correct horse battery")  # the widget lower-cases names
    assert len(at.tabs) == 4 and at.get("file_uploader")
    assert at.session_state["authentication_status"] is True
    assert Catalog.for_settings(env).audit(env.default_index)[0].detail == {"via": "password"}
    pending = Catalog.for_settings(env).entries(env.default_index, "pending")
    (entry,) = pending
    keys = _keys(at)
    assert f"approve_{entry.doc_id}" in keys and f"reject_{entry.doc_id}" in keys
    assert any("Near-duplicate of" in w.value for w in at.warning)
    texts = [t.value for t in at.text]
    assert sum(report_text(1)[:200] in t for t in texts) == 2  # both versions, side by side
    at.text_input(key=f"note_{entry.doc_id}").input("newer edition")
    at.checkbox(key=f"retire_orig_{entry.doc_id}").check()
    at.button(key=f"approve_{entry.doc_id}").click().run()
    assert not at.exception, at.exception
    cat = Catalog.for_settings(env)
    assert cat.get(env.default_index, entry.doc_id).status == "approved"
    assert cat.get(env.default_index, entry.near_duplicate_of or "").status == "retired"
    assert set(Index.load(env.index_path()).docs) == {entry.doc_id}
    users_seen = {
        e.user for e in cat.audit(env.default_index) if e.action in ("approve", "retire", "login")
    }
    assert users_seen == {"dora"}


def test_logged_in_edit_and_sign_out(env: Settings) -> None:
    at = _login(_run(), "dora", "correct horse battery")
    (doc_id,) = Index.load(env.index_path()).docs
    at.selectbox(key="curate_pick").select(doc_id).run()
    at.text_input(key=f"title_doc-{doc_id}").input("Guarantee fund report")
    at.text_input(key=f"countries_doc-{doc_id}").input("CHL")
    form = f"edit_doc-{doc_id}"  # not the review card's form of the pending document
    next(b for b in at.button if b.label == "Save metadata" and b.proto.form_id == form).click()
    at.run()
    assert not at.exception, at.exception
    assert Index.load(env.index_path()).docs[doc_id].title == "Guarantee fund report"
    assert Catalog.for_settings(env).audit(env.default_index)[0].user == "dora"
    at.button(key="curate_sign_out").click().run()
    assert not at.exception, at.exception
    _no_curation(at)  # the run of the click itself draws no curation widget
    at.run()  # in a browser the cookie component's reply triggers this rerun
    _no_curation(at)
    assert [b.label for b in at.button] == ["Sign in"]
    assert _events(env) == [("dora", "login"), ("dora", "logout")]


def test_users_file_holds_bcrypt_hashes_only(tmp_path: Path) -> None:
    path = tmp_path / "users.yaml"
    assert add_user(path, "dora", "correct horse battery") is True
    assert add_user(path, "dora", "another good password") is False  # changed, not duplicated
    raw = path.read_text(encoding="utf-8")
    assert "correct horse" not in raw and "another good" not in raw
    stored = yaml.safe_load(raw)["credentials"]["usernames"]["dora"]["password"]
    assert stored.startswith("$2b$12$")
    assert verify(path, "dora", "another good password")
    assert not verify(path, "dora", "correct horse battery")
    assert not verify(path, "ghost", "another good password")
    assert users(path) == ["dora"] and (path.stat().st_mode & 0o777) == 0o600
    with pytest.raises(UsageError, match="at least 8"):
        add_user(path, "eve", "short")
    with pytest.raises(UsageError, match="not allowed"):
        add_user(path, "../eve", "long enough pw")


def test_cli_users_add_reads_the_password_from_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from kb.cli import app

    monkeypatch.setenv("KB_USERS_FILE", str(tmp_path / "u.yaml"))
    get_settings.cache_clear()
    try:
        res = CliRunner().invoke(
            app, ["users", "add", "dora", "--password-stdin"], input="correct horse battery\n"
        )
        assert res.exit_code == 0 and "added user 'dora'" in res.stderr
        assert verify(tmp_path / "u.yaml", "dora", "correct horse battery")
        res = CliRunner().invoke(app, ["users", "add", "x", "--password-stdin"], input="abc\n")
        assert res.exit_code == 2 and "password too short" in res.stderr
    finally:
        get_settings.cache_clear()


@pytest.mark.parametrize(
    "lang, login, kinds",
    [
        (
            "es",
            ("Usuario", "Contraseña", "Entrar", "Subir y revisar"),
            ("Formato no admitido", "El archivo está dañado o no se pudo leer"),
        ),
        (
            "pt",
            ("Usuário", "Senha", "Entrar", "Enviar e verificar"),
            ("Formato não suportado", "O arquivo está danificado ou não pôde ser lido"),
        ),
    ],
)
def test_a_file_that_fails_is_explained_in_the_page_language(
    env: Settings, lang: str, login: tuple[str, str, str, str], kinds: tuple[str, str]
) -> None:
    """The kind of failure in the reader's language first, then kb's English reason."""
    user, password, sign_in, send = login
    at = AppTest.from_string(SCRIPT.replace("'en'", repr(lang)), default_timeout=60).run()
    next(w for w in at.text_input if w.label == user).input("dora")
    next(w for w in at.text_input if w.label == password).input("correct horse battery")
    next(b for b in at.button if b.label == sign_in).click().run()
    assert not at.exception, at.exception
    files = [("notas.xyz", b"\x00\x01 not a document", ""), ("informe.pdf", b"no PDF", "")]
    at.file_uploader(key="curate_files").set_value(files).run()
    next(b for b in at.button if b.label == send).click().run()
    assert not at.exception, at.exception
    errors = sorted(e.value.replace("\\", "") for e in at.error)  # escaped: names are user text
    assert len(errors) == 2
    assert errors[0].startswith(f"informe.pdf: {kinds[1]}.")
    assert "not a valid PDF" in errors[0]  # the English reason, naming the fix, is kept
    assert errors[1].startswith(f"notas.xyz: {kinds[0]}.")
    assert "unsupported file type '.xyz'" in errors[1]


def test_a_file_read_in_part_says_which_pages_in_the_page_language(
    env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Added, but two scanned pages are not searchable (OCR off): a warning, not silence."""
    monkeypatch.setenv("KB_OCR_ENABLED", "false")
    get_settings.cache_clear()
    at = AppTest.from_string(SCRIPT.replace("'en'", "'es'"), default_timeout=60).run()
    next(w for w in at.text_input if w.label == "Usuario").input("dora")
    next(w for w in at.text_input if w.label == "Contraseña").input("correct horse battery")
    next(b for b in at.button if b.label == "Entrar").click().run()
    scan = with_blank_pages(text_pdf(2, 8), 2)
    at.file_uploader(key="curate_files").set_value([("informe.pdf", scan, "")]).run()
    next(b for b in at.button if b.label == "Subir y revisar").click().run()
    assert not at.exception and not at.error, (at.exception, at.error)
    warnings = [w.value.replace("\\", "") for w in at.warning]
    [warning] = [w for w in warnings if w.startswith("informe.pdf")]
    assert warning.startswith("informe.pdf: se incorporó, pero sin texto en la(s) página(s) 3, 4")
    assert "KB_OCR_ENABLED" in warning  # the English detail names the fix
