"""Which route a post takes, decided in one place (DESIGN.md, "The core flow")."""

import re
from dataclasses import dataclass

from core.matching import stem_word, stems

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


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
# A word as stems() reads it: letters and digits, apostrophes inside kept.
_WORD_WITH_APOSTROPHES = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


def highlight(html: str, topics: dict[str, list[str]]) -> str:
    """Cleaned HTML with the words of each sensitive-topic wording marked
    (<mark>), for the reviewer: the phrases core.matching.topic_matches finds, within
    a run of text (one split by a tag still routes the post, unmarked).
    Only <mark> tags are added, between words of text already cleaned."""
    phrases = [
        phrase
        for name, wordings in topics.items()
        for wording in [name, *wordings]
        if (phrase := stems(wording))
    ]
    if not phrases:
        return html
    parts = []
    for part in _TAG_OR_TEXT.split(html):
        if part.startswith("<"):
            parts.append(part)
            continue
        words = [
            match
            for match in _WORD_WITH_APOSTROPHES.finditer(part)
            if not part[max(0, match.start() - 2) : match.start()].endswith(
                ("&", "&#")
            )  # the name or number of an entity: not a word
        ]
        word_stems = [stem_word(match.group()) for match in words]
        spans = sorted(
            (i, i + len(phrase) - 1)
            for i in range(len(words))
            for phrase in phrases
            if word_stems[i : i + len(phrase)] == phrase
        )
        parts.append(_marked(part, words, spans))
    return "".join(parts)


def _marked(text: str, words: list, spans: list[tuple[int, int]]) -> str:
    """`text` with each span of words (first, last) in a <mark>; spans that
    overlap share one."""
    merged: list[list[int]] = []
    for first, last in spans:
        if merged and first <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    out, cursor = [], 0
    for first, last in merged:
        begin, end = words[first].start(), words[last].end()
        out += [text[cursor:begin], "<mark>", text[begin:end], "</mark>"]
        cursor = end
    out.append(text[cursor:])
    return "".join(out)
