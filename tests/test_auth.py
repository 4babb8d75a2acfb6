"""kb.curate.auth: the users file as streamlit-authenticator's login widget reads it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kb.curate.auth import add_user, login_config, verify
from kb.errors import AuthError, UsageError

PW = "correct horse battery"


def _data(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_names_and_passwords_the_widget_could_never_match_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "users.yaml"
    with pytest.raises(UsageError, match="lower-case"):
        add_user(path, "Dora", PW)  # the widget lower-cases what is typed
    with pytest.raises(UsageError, match="space"):
        add_user(path, "dora", " " + PW)  # the widget strips what is typed
    with pytest.raises(UsageError, match="72 bytes"):
        add_user(path, "dora", "é" * 37)  # 74 bytes: bcrypt 5 refuses it
    assert not path.exists()


def test_login_config_gives_the_widget_hashes_and_the_files_cookie(tmp_path: Path) -> None:
    path = tmp_path / "users.yaml"
    add_user(path, "dora", PW, email="dora@example.org")
    config = login_config(path)
    (entry,) = config.credentials["usernames"].values()
    assert set(entry) == {"name", "email", "password"}
    assert entry["password"].startswith("$2b$12$") and entry["email"] == "dora@example.org"
    cookie = _data(path)["cookie"]
    assert (config.cookie_name, config.cookie_key, config.cookie_expiry_days) == (
        "kb_curate",
        cookie["key"],
        1.0,
    )
    assert len(cookie["key"]) == 64
    config.credentials["usernames"]["dora"]["failed_login_attempts"] = 3
    assert "failed_login_attempts" not in login_config(path).credentials["usernames"]["dora"]


def test_a_new_user_keeps_the_cookie_key_a_new_password_replaces_it(tmp_path: Path) -> None:
    path = tmp_path / "users.yaml"
    add_user(path, "dora", PW)
    first = _data(path)["cookie"]["key"]
    add_user(path, "eve", "another good password")
    assert _data(path)["cookie"]["key"] == first
    add_user(path, "dora", "a new password")  # signs out every cookie-held session
    assert _data(path)["cookie"]["key"] != first
    assert verify(path, "dora", "a new password") and verify(path, "eve", "another good password")


def test_a_missing_cookie_key_is_made_and_a_weak_one_refused(tmp_path: Path) -> None:
    path = tmp_path / "users.yaml"
    add_user(path, "dora", PW)
    data = _data(path)
    del data["cookie"]
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    key = login_config(path).cookie_key
    assert len(key) == 64 and _data(path)["cookie"]["key"] == key
    assert (path.stat().st_mode & 0o777) == 0o600
    assert login_config(path).cookie_key == key  # made once, then read
    data["cookie"] = {"name": "kb_curate", "key": "some_key", "expiry_days": 1}
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(AuthError, match="shorter than 32"):
        login_config(path)
    data["cookie"] = {"key": "k" * 64, "expiry_days": "a week"}
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(AuthError, match="expiry_days"):
        login_config(path)


def test_no_file_means_no_users_and_nothing_written(tmp_path: Path) -> None:
    path = tmp_path / "users.yaml"
    assert login_config(path).credentials == {"usernames": {}}
    assert not path.exists()
    path.write_text("credentials:\n  usernames: [dora]\n", encoding="utf-8")
    with pytest.raises(AuthError, match="not a mapping"):
        login_config(path)
