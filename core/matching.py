"""Does a text mention a topic? One stemmed phrase matcher for the portal:
routing a post (moderation.routing), the reviewer's highlights, and the
conversations found in the communities' feeds (conversations/) all use it,
so a topic matches the same words wherever it is looked for.
"""

import re
from functools import lru_cache

import snowballstemmer
from django.utils.html import strip_tags

_STEMMER = snowballstemmer.stemmer("english")
_APOSTROPHES = re.compile("['\u2019]")
_WORD = re.compile(r"[^\W_]+")  # letters and digits: hyphens, punctuation split


def stems(text: str) -> list[str]:
    """The words of `text` (HTML allowed), as English word stems in order:
    "Budget-announcements," and "budget announcement" both give
    ["budget", "announc"]."""
    plain = _APOSTROPHES.sub("", strip_tags(text)).lower()
    return [_stem(word) for word in _WORD.findall(plain)]


def stem_word(word: str) -> str:
    return _stem(_APOSTROPHES.sub("", word).lower())


# Words repeat (the feeds' thousands of items share a few thousand of them),
# and the pure-Python stemmer took a quarter of a feed run's time.
@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def topic_matches(text: str, topics: dict[str, list[str]]) -> list[str]:
    """The topics `text` mentions: `topics` maps each topic's name to its
    other wordings. A wording matches as a phrase of word stems (plural or
    singular, any case, hyphens, punctuation, HTML and line breaks between
    its words), never as a part of a longer word."""
    return matches_in(stemmed_text(text), topic_phrases(topics))


def stemmed_text(text: str) -> str:
    """`text` as the matcher compares it."""
    return " " + " ".join(stems(text)) + " "


def topic_phrases(topics: dict[str, list[str]]) -> dict[str, list[str]]:
    """Each topic's wordings (its name first) as stemmed phrases, worked out
    once when one set of topics is matched against many texts."""
    return {
        name: [phrase for w in [name, *wordings] if (phrase := " ".join(stems(w)))]
        for name, wordings in topics.items()
    }


def matches_in(words: str, phrases: dict[str, list[str]]) -> list[str]:
    """The topics of `phrases` (topic_phrases) found in `words` (stemmed_text)."""
    return [
        name
        for name, wordings in phrases.items()
        if any(f" {phrase} " in words for phrase in wordings)
    ]
