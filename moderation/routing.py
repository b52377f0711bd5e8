"""Which route a post takes, decided in one place (DESIGN.md, "The core flow")."""

import re
from dataclasses import dataclass

import snowballstemmer
from django.utils.html import strip_tags

RISK_UNKNOWN = "unknown"  # a pasted address not (yet) in the directory


@dataclass(frozen=True)
class Route:
    can_post: bool
    needs_review: bool
    reason: str


def route(*, level: int, risk: str, sensitive_topics: list[str]) -> Route:
    """The route for an author at `level` posting in a community of `risk`.

    0 cannot post; 1 is always reviewed first; 2 is reviewed first in
    high-risk (or unrated) communities and on sensitive topics; 3 only on
    sensitive topics. A higher level never needs more review than a lower one.
    """
    if level <= 0:
        return Route(
            False,
            False,
            "You cannot post yet: acknowledge the current principles and complete "
            "the training your level needs.",
        )
    if sensitive_topics:
        topics = ", ".join(sensitive_topics)
        return Route(
            True,
            True,
            f"Needs press office approval because it touches a sensitive topic "
            f"for your organisation ({topics}).",
        )
    if level == 1:
        return Route(
            True,
            True,
            "Needs press office approval because you are at level 1 "
            "(supervised): every post is reviewed first.",
        )
    if level == 2 and risk in ("high", RISK_UNKNOWN):
        why = (
            "this community is rated high risk"
            if risk == "high"
            else "this community is not in the directory yet"
        )
        return Route(True, True, f"Needs press office approval because {why}.")
    return Route(True, False, "You can post this yourself and log it.")


PURPOSE_WEIGHT = {
    "correct_error": 4,
    "answer_question": 3,
    "offer_advice": 2,
    "consult": 1,
    "engage": 0,
}
RISK_WEIGHT = {"high": 3, RISK_UNKNOWN: 3, "medium": 2, "low": 1}


def priority(*, purpose: str, risk: str) -> int:
    """Higher first: correcting a factual error in a high-risk community tops it."""
    return PURPOSE_WEIGHT.get(purpose, 0) * 10 + RISK_WEIGHT.get(risk, 2)


_STEMMER = snowballstemmer.stemmer("english")
_APOSTROPHES = re.compile("['\u2019]")
_WORD = re.compile(r"[^\W_]+")  # letters and digits: hyphens, punctuation split


def stems(text: str) -> list[str]:
    """The words of `text` (HTML allowed), as English word stems in order:
    "Budget-announcements," and "budget announcement" both give
    ["budget", "announc"]."""
    plain = _APOSTROPHES.sub("", strip_tags(text)).lower()
    return _STEMMER.stemWords(_WORD.findall(plain))


def sensitive_matches(text: str, topics: dict[str, list[str]]) -> list[str]:
    """The organisation's sensitive topics the post's topic or text mentions:
    `topics` maps each topic's name to its other wordings. A wording matches
    as a phrase of word stems (plural or singular, any case, hyphens,
    punctuation, HTML and line breaks between its words), never as a part of
    a longer word. The one matcher for routing, the draft page and reports."""
    words = " " + " ".join(stems(text)) + " "
    found = []
    for name, wordings in topics.items():
        for wording in [name, *wordings]:
            phrase = " ".join(stems(wording))
            if phrase and f" {phrase} " in words:
                found.append(name)
                break
    return found
