import itertools

import pytest

from core.matching import topic_matches
from moderation.routing import RISK_UNKNOWN, highlight, priority, route

RISKS = ["low", "medium", "high", RISK_UNKNOWN]


def expected(level, risk, sensitive):
    if level == 0:
        return (False, False)
    if sensitive:
        return (True, True)
    if level == 1:
        return (True, True)
    if level == 2:
        return (True, risk in ("high", RISK_UNKNOWN))
    return (True, False)


@pytest.mark.parametrize(
    ("level", "risk", "sensitive"),
    list(itertools.product(range(4), RISKS, [False, True])),
)
def test_route_for_every_level_risk_and_topic(level, risk, sensitive):
    decided = route(
        level=level, risk=risk, sensitive_topics=["Elections"] if sensitive else []
    )

    assert (decided.can_post, decided.needs_review) == expected(level, risk, sensitive)
    assert decided.reason


@pytest.mark.parametrize(
    ("kwargs", "phrase"),
    [
        (
            {"level": 0, "risk": "low", "sensitive_topics": []},
            "acknowledge the current principles",
        ),
        ({"level": 1, "risk": "low", "sensitive_topics": []}, "level 1 (supervised)"),
        ({"level": 2, "risk": "high", "sensitive_topics": []}, "rated high risk"),
        (
            {"level": 2, "risk": RISK_UNKNOWN, "sensitive_topics": []},
            "not in the directory",
        ),
        (
            {"level": 3, "risk": "high", "sensitive_topics": ["Elections"]},
            "sensitive topic for your organisation (Elections)",
        ),
        (
            {"level": 3, "risk": "high", "sensitive_topics": []},
            "You can post this yourself",
        ),
    ],
)
def test_the_route_says_why(kwargs, phrase):
    assert phrase in route(**kwargs).reason


def test_a_higher_level_never_needs_more_review():
    for risk, sensitive in itertools.product(RISKS, [[], ["X"]]):
        reviews = [
            route(level=lv, risk=risk, sensitive_topics=sensitive).needs_review
            for lv in (1, 2, 3)
        ]
        assert reviews == sorted(reviews, reverse=True)


def test_correcting_an_error_in_a_high_risk_community_goes_first():
    top = priority(purpose="correct_error", risk="high")
    others = [
        priority(purpose=p, risk=r)
        for p in ("answer_question", "engage", "consult")
        for r in ("high", "low")
    ]

    assert all(top > other for other in others)
    assert priority(purpose="correct_error", risk="low") > priority(
        purpose="engage", risk="high"
    )


TOPICS = {"Budget announcements": [], "Council tax": ["local tax"], "Elections": []}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("About COUNCIL TAX rises", ["Council tax"]),
        ("What the budget announcement means", ["Budget announcements"]),  # singular
        ("Budget Announcements today", ["Budget announcements"]),  # case
        ("the budget-announcement leak", ["Budget announcements"]),  # hyphen
        ("budget, announcements and more", ["Budget announcements"]),  # punctuation
        ("<p>The <strong>budget</strong> announcements</p>", ["Budget announcements"]),
        ("the budget\nannouncement", ["Budget announcements"]),  # a line break
        ("the budget announced on Tuesday", ["Budget announcements"]),  # same stem
        ("the council\u2019s tax bill", ["Council tax"]),  # a possessive
        ("a change to local taxes", ["Council tax"]),  # another wording
        ("election day and council tax", ["Council tax", "Elections"]),
        # Near misses that must not match:
        ("announcements about the budget", []),  # not the phrase, in order
        ("budgetary announcements", []),  # a longer word
        ("the councillor taxed them", []),
        ("selections", []),  # contains "elections"
        ("", []),
    ],
)
def test_sensitive_topics_match_as_phrases_of_word_stems(text, found):
    assert topic_matches(text, TOPICS) == found


@pytest.mark.parametrize(
    ("html", "marked"),
    [
        (
            "<p>About COUNCIL TAX rises</p>",
            "<p>About <mark>COUNCIL TAX</mark> rises</p>",
        ),
        (
            "<p>the budget-announcement leak</p>",
            "<p>the <mark>budget-announcement</mark> leak</p>",
        ),
        (
            "<p>the council\u2019s tax bill</p>",
            "<p>the <mark>council\u2019s tax</mark> bill</p>",
        ),
        (
            "<p>local taxes &amp; elections</p>",
            "<p><mark>local taxes</mark> &amp; <mark>elections</mark></p>",
        ),
        # Split by a tag: routed (topic_matches), not marked.
        (
            "<p>The <strong>budget</strong> announcements</p>",
            "<p>The <strong>budget</strong> announcements</p>",
        ),
        # Near misses stay as they were; entities are never split.
        (
            "<p>budgetary announcements &amp;amp; selections</p>",
            "<p>budgetary announcements &amp;amp; selections</p>",
        ),
        (
            '<a href="https://x.example/council-tax">link</a>',
            '<a href="https://x.example/council-tax">link</a>',
        ),  # inside a tag
    ],
)
def test_the_reviewer_sees_the_sensitive_words_marked(html, marked):
    assert highlight(html, TOPICS) == marked


def test_nothing_is_marked_without_topics():
    assert highlight("<p>Council tax</p>", {}) == "<p>Council tax</p>"
