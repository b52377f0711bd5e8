"""Sections higher apps add to a community's page (communities cannot import
them: DESIGN.md's layers). Each section function gets the community and
returns {"title", "rows": [(label, value), ...], "empty"} or None."""

from collections.abc import Callable

DetailSection = Callable[[object], dict | None]
DETAIL_SECTIONS: list[DetailSection] = []


def register_detail_section(section: DetailSection) -> None:
    DETAIL_SECTIONS.append(section)


def detail_sections(community) -> list[dict]:
    return [s for section in DETAIL_SECTIONS if (s := section(community))]
