"""Chromium through nginx in front of two replicas: a browser's page, websocket, download and upload all reach the
replica that holds its session, by the route cookie nginx set on the first page.

Each visit is a fresh browser context (a new visitor: no cookie). Fresh visitors are spread by a random route key, so
a few of them usually reach both replicas; when they all happened to land on one, one more visitor comes with a
route cookie that nginx sends to the other, so that every run checks a download from each replica.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, AppPage
from tests.deploy.conftest import Chromium, Deployment
from tests.deploy.test_replicas import CSV_LABEL, FIXTURE_KEYS, STREAM

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FRESH_VISITS = (2, 4)  # at least, at most


@dataclass(frozen=True)
class Visit:
    key: str  # the route cookie's value
    cookie: dict  # the cookie as the browser keeps it
    media: str  # the path the download came from
    keys: list[str]  # the Key column of the downloaded CSV


def visit_studies_and_download(url: str, preset_key: str | None = None):
    """In a new browser context: open /studies through nginx, download the CSV, return what happened."""

    def work(browser) -> Visit:
        context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
        try:
            if preset_key is not None:
                context.add_cookies([{"name": "rse_route", "value": preset_key, "url": url}])
            app = AppPage(context.new_page())
            app.goto(f"{url}/studies")
            expect(app.page.get_by_text("4 of 4 works match the filters.")).to_be_visible()
            with app.page.expect_download(timeout=90_000) as download:
                app.page.get_by_role("button", name=CSV_LABEL).click()
            text = Path(download.value.path()).read_text(encoding="utf-8")
            app.assert_no_exception()
            (cookie,) = [c for c in context.cookies() if c["name"] == "rse_route"]
            keys = [row["Key"] for row in csv.DictReader(io.StringIO(text))]
            return Visit(cookie["value"], cookie, urlsplit(download.value.url).path, keys)
        finally:
            context.close()

    return work


def replica_of(deployment: Deployment, key: str, since: int, *needed: tuple[str, int]) -> tuple[str, list[dict]]:
    """The one replica that served every request with route ``key`` (the websocket's line is written when it
    closes), once the log holds each needed (uri prefix, status)."""

    def complete(entries: list[dict]) -> bool:
        ours = [e for e in entries if e["route"] == key]
        return all(any(e["uri"].startswith(uri) and e["status"] == status for e in ours) for uri, status in needed)

    ours = [e for e in deployment.wait_for_log(complete, since=since) if e["route"] == key]
    replicas = {e["upstream"] for e in ours}
    assert len(replicas) == 1, f"route {key} went to {replicas}: {[(e['uri'], e['upstream']) for e in ours]}"
    return replicas.pop(), ours


def test_downloads_in_chromium_come_from_the_replica_that_holds_the_session(
    deployment: Deployment, chromium: Chromium
) -> None:
    served: dict[str, list[Visit]] = {}
    fresh = 0
    while fresh < FRESH_VISITS[1] and (fresh < FRESH_VISITS[0] or set(served) != deployment.replicas):
        since = len(deployment.log())
        visit = chromium.run(visit_studies_and_download(deployment.url))
        fresh += 1
        assert visit.cookie["httpOnly"] and visit.cookie["sameSite"] == "Lax" and visit.cookie["path"] == "/"
        assert sorted(visit.keys) == sorted(FIXTURE_KEYS), visit.keys
        replica, ours = replica_of(deployment, visit.key, since, ("/studies", 200), (STREAM, 101), (visit.media, 200))
        assert ours[0]["uri"] == "/studies", "the first request of a new visitor is the page that sets its cookie"
        served.setdefault(replica, []).append(visit)
    for replica in sorted(deployment.replicas - set(served)):  # every fresh visitor landed on the same replica
        key = deployment.route_to(replica)
        since = len(deployment.log())
        visit = chromium.run(visit_studies_and_download(deployment.url, preset_key=key))
        assert visit.key == key and sorted(visit.keys) == sorted(FIXTURE_KEYS), visit
        found, _ = replica_of(deployment, key, since, ("/studies", 200), (STREAM, 101), (visit.media, 200))
        assert found == replica
        served.setdefault(replica, []).append(visit)
    print({replica: len(visits) for replica, visits in served.items()}, f"({fresh} fresh visitors)")
    assert set(served) == deployment.replicas


def test_an_upload_in_chromium_reaches_the_replica_that_holds_the_session(
    deployment: Deployment, chromium: Chromium
) -> None:
    from evidence.outputs import csv_export

    url = deployment.url

    def work(browser) -> str:
        context = browser.new_context(viewport=DESKTOP)
        try:
            app = AppPage(context.new_page())
            app.goto(f"{url}/studies")
            app.page.get_by_text("Add your own studies").click()
            chooser = app.page.locator('[data-testid="stFileUploader"] input[type="file"]')
            good = {"name": "mine.csv", "mimeType": "text/csv", "buffer": csv_export.template_csv().encode()}
            app.act(lambda: chooser.set_input_files(good))
            expect(app.page.get_by_text("5 of 5 works match the filters.")).to_be_visible()
            app.assert_no_exception()
            return next(c["value"] for c in context.cookies() if c["name"] == "rse_route")
        finally:
            context.close()

    since = len(deployment.log())
    key = chromium.run(work)
    _, ours = replica_of(deployment, key, since, (STREAM, 101), ("/_stcore/upload_file/", 204))
    assert any(e["method"] == "PUT" and e["uri"].startswith("/_stcore/upload_file/") for e in ours)
