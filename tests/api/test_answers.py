"""/v2/organisation/answers: the answer for each fact, and why, with and without the fast path."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from litestar.testing import TestClient

import picum
from picum_api._bodies import Answers


if TYPE_CHECKING:
    from picum_api import Service

    Client = TestClient[Service]


@pytest.fixture(params=["fast", "slow"])
def either(request: pytest.FixtureRequest, client: Client, slow: Client) -> Client:
    """The client of the app with its fast path, then the one without."""
    return client if request.param == "fast" else slow


def _answers(profile: picum.Organisation) -> bytes:
    """The answers of *profile* as the core's converter writes them, with the data's licence."""
    return picum.dumps(
        Answers(
            items=picum.answers(profile),
            licence=profile.licence,
            attribution=profile.attribution,
        )
    )


@pytest.mark.parametrize("path", ["/v2/organisation/answers", "/organisation/answers"])
def test_the_answers_are_the_cores(either: Client, path: str) -> None:
    """The answer for each fact, at /v2 and its unversioned twin, is `picum.answers`'s."""
    assert _answers(picum.load()) == either.get(path).content


def test_the_member_organisations_answer_says_why_and_whence(either: Client) -> None:
    """164 member organisations, chosen by the curator, from PICUM's page, known on 30 Nov 2026."""
    items = either.get("/v2/organisation/answers").json()["items"]
    answer = next(item for item in items if item["fact"] == "members.organisations")

    assert ({"amount": 164, "qualifier": "exact"}, True, "2026-11-30", ["picum-members-page"]) == (
        answer["value"],
        answer["by_curator"],
        answer["known_on"],
        answer["sources"],
    )


def test_as_of_gives_the_answers_as_the_sources_knew_them(either: Client) -> None:
    """?as_of=DAY answers with `picum.answers` of the profile as its sources knew it that day."""
    day = dt.date(2016, 10, 31)

    response = either.get("/v2/organisation/answers", params={"as_of": day.isoformat()})

    assert _answers(picum.as_of(picum.load(), day)) == response.content


def test_as_of_is_a_day_or_a_400_naming_it(either: Client) -> None:
    """An impossible day is a 400 problem that names `as_of`."""
    response = either.get("/v2/organisation/answers", params={"as_of": "2016-02-30"})

    assert (400, True) == (response.status_code, response.json()["detail"].startswith("as_of: "))


def test_the_answers_are_conditional(either: Client) -> None:
    """The answers have a strong ETag, and answer 304 to it."""
    first = either.get("/v2/organisation/answers")

    again = either.get("/v2/organisation/answers", headers={"If-None-Match": first.headers["etag"]})

    assert 304 == again.status_code


def test_v1_has_no_answers(either: Client) -> None:
    """/v1 keeps its resources: there are no answers there."""
    assert 404 == either.get("/v1/organisation/answers").status_code


def test_v2s_index_links_to_the_answers(either: Client) -> None:
    """/v2's index links to the answers, and the link answers 200."""
    link = either.get("/v2").json()["links"]["answers"]

    assert ("/v2/organisation/answers", 200) == (link, either.get(link).status_code)
