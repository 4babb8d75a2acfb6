"""Waiting on a Streamlit page in Chromium: a script run reruns the whole page, and while it
does Streamlit may show the previous run's elements next to the new ones for a moment."""

from __future__ import annotations

import time
from typing import Any

_RUN_OVER = (
    "() => !document.querySelector('[data-testid=\"stSkeleton\"]') && "
    "!document.querySelector('[data-testid=\"stStatusWidget\"]')"
)


def settle(pg: Any, seconds: float = 120) -> None:
    """Wait until the script run is over and no placeholder is left on the page."""
    pg.wait_for_function(_RUN_OVER, timeout=seconds * 1000)
    time.sleep(1.0)  # let charts finish drawing


def until(check: Any, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while not check():
        assert time.time() < deadline, "timed out"
        time.sleep(0.2)


def click_when_unique(locator: Any, seconds: float = 60) -> None:
    """Click once exactly one element matches. A plain click fails Playwright's strict mode
    when a rerun briefly shows a stale copy beside the new element, and can race the rerun
    that removes the copy; so wait for one match and retry a click that lost the race."""
    from playwright.sync_api import Error as PlaywrightError

    deadline = time.time() + seconds
    while True:
        until(lambda: locator.count() == 1, max(deadline - time.time(), 1.0))
        try:
            locator.click(timeout=5_000)
            return
        except PlaywrightError:
            assert time.time() < deadline, "timed out"
            time.sleep(0.2)
