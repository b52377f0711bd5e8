"""Composition hooks: how a higher app adds to a lower app's page or job.

A lower app may not import a higher one (DESIGN.md's layers), so where one of
its pages or jobs shows something from above, it declares a Hook, and the
higher app registers a named function from its own hooks.py in its
AppConfig.ready(). The values passed are the dataclasses below, so both sides
agree on their shape.

    # communities/hooks.py (the page's app declares the hook point)
    PAGE_SECTIONS: Hook[Section] = Hook("sections of a community's page")
    # moderation/apps.py (the contributing app registers into it)
    PAGE_SECTIONS.register(hooks.posts_logged_here)
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Value = TypeVar("Value")


@dataclass(frozen=True)
class Section:
    """A titled list on a page: (label, value) rows, or `empty` when none."""

    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    empty: str = ""


@dataclass(frozen=True)
class Link:
    """A link, with any words that follow it in the same sentence."""

    text: str
    url: str
    after: str = ""


class Hook(Generic[Value]):
    """An ordered set of functions; each answers a Value, or None for nothing."""

    def __init__(self, purpose: str):
        self.purpose = purpose
        self._functions: list[Callable[..., Value | None]] = []

    def register(self, function: Callable[..., Value | None]) -> None:
        # ready() can run more than once (tests, management commands): once only.
        if function not in self._functions:
            self._functions.append(function)

    def __bool__(self) -> bool:
        return bool(self._functions)

    def values(self, *args, **kwargs) -> list[Value]:
        """What every registered function answers, in order, Nones left out."""
        return [
            value
            for function in self._functions
            if (value := function(*args, **kwargs)) is not None
        ]

    def __repr__(self) -> str:
        return f"<Hook {self.purpose!r}: {len(self._functions)} registered>"
