"""What the Curate page says while files go in: a locked PDF sent without its password, and the
progress bars of an upload held for review.

Seen as a curator (2026-12-07): a locked PDF sent with the password box left empty was reported
as "the password does not open", as if a wrong one had been typed; and an upload held for
review drew an empty "Embedding passages" bar under the finished reading bar, as if it had
stalled (files held for review are embedded when approved).
"""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from kb.curate.catalog import open_catalog
from kb.settings import Settings
from kb.store.index import Index
from tests.support.files import text_pdf
from tests.test_curate_page import SCRIPT, _login, env  # noqa: F401  (env is a fixture)
from tests.test_hostile_batch import _encrypted


def _send(files: list[tuple[str, bytes, str]], password: str = "") -> AppTest:
    at = _login(
        AppTest.from_string(SCRIPT, default_timeout=60).run(), "dora", "correct horse battery"
    )
    at.file_uploader(key="curate_files").set_value(files).run()
    if password:
        at.text_input(key="curate_pw").input(password).run()
    at.button(key="curate_send").click().run()
    assert not at.exception, at.exception
    return at


def test_a_locked_pdf_sent_without_a_password_is_not_called_a_wrong_password(
    env: Settings,  # noqa: F811
) -> None:
    at = _send([("locked.pdf", _encrypted(), ""), ("open.pdf", text_pdf(2, 5), "")])
    [error] = [e.value for e in at.error]
    assert error.startswith("Without a password these do not open: locked.pdf.")
    assert at.success[-1].value == "1 document(s) wait for review."  # the other file went in


def test_a_wrong_password_is_said_to_be_wrong(env: Settings) -> None:  # noqa: F811
    at = _send([("locked.pdf", _encrypted(), "")], password="not-it")
    [error] = [e.value for e in at.error]
    assert error.startswith("The password does not open: locked.pdf.")


def test_the_right_password_sends_the_locked_pdf(env: Settings) -> None:  # noqa: F811
    at = _send([("locked.pdf", _encrypted(), "")], password="secret")
    assert not at.error
    assert at.success[-1].value == "1 document(s) wait for review."


def test_an_upload_held_for_review_draws_no_empty_embedding_bar(env: Settings) -> None:  # noqa: F811
    at = _send([("open.pdf", text_pdf(2, 5), "")])
    bars = [(b.text, b.value) for b in at.get("progress")]
    assert bars == [("Reading files 1/1", 100)]  # held for review: no passages embedded yet


def test_a_card_under_review_names_its_file_and_offers_it_not_the_server_path(
    env: Settings,  # noqa: F811
) -> None:
    """Reviewing means reading the document: the card offers the uploaded file, named as it was
    uploaded; the path it was stored under on the server is not shown (the upload report never
    showed it either)."""
    at = _send([("informe-anual.pdf", text_pdf(2, 5), "")])
    texts = [x.value for x in at.text]
    assert "informe-anual.pdf" in texts
    assert not [x for x in texts if "/uploads/" in x or str(env.index_dir) in x]
    [offer] = [b for b in at.get("download_button") if b.key.startswith("dl-")]
    assert offer.label == "Download document"
    [card] = [c.value for c in at.caption if " · pending · " in c.value and "dora" in c.value]
    assert re.search(r" · \d{4}-\d\d-\d\d \d\d:\d\d UTC · dora · ", card), card


def test_a_curator_tags_an_upload_and_the_tags_outlast_its_approval(
    env: Settings,  # noqa: F811
) -> None:
    """The review card's form sets the document's topics (instruments and needs, named in the
    page's language) and countries; approving parses the file again and keeps them."""
    at = _send([("informe.pdf", text_pdf(2, 5), "")])
    [entry] = [
        e for e in open_catalog(env).entries(env.default_index, "pending") if "informe" in e.source
    ]
    k = f"review-{entry.doc_id}"
    topics = at.multiselect(key=f"topics_{k}")
    assert "Credit guarantee" in topics.options
    topics.set_value(["credit-guarantee", "working-capital"])
    at.text_input(key=f"countries_{k}").input("chl, per")
    next(b for b in at.button if b.label == "Save metadata" and k in str(b.form_id)).click().run()
    assert not at.error and at.success[-1].value == "Saved."
    at.button(key=f"approve_{entry.doc_id}").click().run()
    record = Index.load(env.index_path()).docs[entry.doc_id]
    assert record.topics == ("credit-guarantee", "working-capital")
    assert record.countries == ("CHL", "PER")
