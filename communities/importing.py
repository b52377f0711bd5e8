"""Curators' CSV import: a dry run that reports row by row, then the import.

Nothing is written unless every row is valid or the curator chose to skip the
invalid ones; the whole import is one transaction.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .addresses import normalise_url, recognise_platform, validate_port
from .forms import CurateForm
from .models import Community, PolicyArea
from .services import (
    CURATE_FIELDS,
    apply_fields,
    changed_columns,
    record_change,
    refresh_search_text,
    require_curator,
)

COLUMNS = [
    "name",
    "url",
    "platform",
    "description",
    "policy_areas",
    "audience",
    "approximate_size",
    "activity",
    "house_rules_url",
    "risk",
    "risk_note",
    "engagement_tips",
]
REQUIRED_COLUMNS = {"name", "url", "description"}
# For the form's help: the columns a file may leave out, in COLUMNS' order.
OPTIONAL_COLUMNS = [c for c in COLUMNS if c not in REQUIRED_COLUMNS]
MAX_BYTES = 1_000_000
MAX_ROWS = 2000


@dataclass
class Row:
    line: int
    name: str
    action: str = ""  # "new", "update", "unchanged" or "invalid"
    errors: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)
    policy_areas: list = field(default_factory=list)


@dataclass
class Report:
    file_errors: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    @property
    def invalid(self) -> list[Row]:
        return [r for r in self.rows if r.action == "invalid"]

    def _count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def new_count(self) -> int:
        return self._count("new")

    @property
    def update_count(self) -> int:
        return self._count("update")

    @property
    def unchanged_count(self) -> int:
        return self._count("unchanged")


def _read(uploaded) -> tuple[list[dict] | None, list[str]]:
    if uploaded.size > MAX_BYTES:
        return None, [
            f"The file is {uploaded.size:,} bytes: the limit is {MAX_BYTES:,}."
        ]
    raw = uploaded.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [
            "The file is not UTF-8 text. Save it as 'CSV UTF-8' and try again."
        ]
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = REQUIRED_COLUMNS - set(header)
    unknown = set(header) - set(COLUMNS)
    errors = []
    if missing:
        errors.append(f"Missing columns: {', '.join(sorted(missing))}.")
    if unknown:
        errors.append(
            f"Unknown columns: {', '.join(sorted(unknown))}. Use: {', '.join(COLUMNS)}."
        )
    if errors:
        return None, errors
    reader.fieldnames = header
    try:
        rows = list(reader)
    except csv.Error as error:
        return None, [f"The file is not valid CSV: {error}."]
    if len(rows) > MAX_ROWS:
        return None, [f"The file has {len(rows):,} rows: the limit is {MAX_ROWS:,}."]
    if not rows:
        return None, ["The file has no rows under its header."]
    return rows, []


def _validate(row: Row, values: dict, areas: dict[str, PolicyArea]) -> None:
    names = [
        n.strip() for n in (values.get("policy_areas") or "").split(";") if n.strip()
    ]
    unknown = [n for n in names if n.lower() not in areas]
    if unknown:
        row.errors.append(f"Unknown policy areas: {', '.join(unknown)}.")
    data = {k: (values.get(k) or "").strip() for k in COLUMNS if k != "policy_areas"}
    if not data["platform"] and data["url"]:
        try:
            validate_port(data["url"])
            data["platform"] = recognise_platform(data["url"]) or "other"
        except ValidationError:
            data["platform"] = "other"  # the form reports the address itself
    data["risk"] = data["risk"].lower() or "medium"
    data["activity"] = data["activity"].lower()
    data["platform"] = data["platform"].lower()
    form = CurateForm(data)
    if not form.is_valid():
        for name, errors in form.errors.items():
            row.errors.extend(f"{name}: {e}" for e in errors)
        return
    row.data = {k: v for k, v in form.cleaned_data.items() if k in CURATE_FIELDS}
    row.policy_areas = [areas[n.lower()] for n in names if n.lower() in areas]


def import_dry_run(uploaded) -> Report:
    """What importing the file would do, row by row. Writes nothing."""
    rows, file_errors = _read(uploaded)
    report = Report(file_errors=file_errors)
    if rows is None:
        return report
    areas = {a.name.lower(): a for a in PolicyArea.objects.all()}
    existing = {
        c.normalised_url: c for c in Community.objects.prefetch_related("policy_areas")
    }
    seen: dict[str, int] = {}
    for line, values in enumerate(rows, start=2):
        row = Row(line=line, name=(values.get("name") or "").strip()[:200])
        _validate(row, values, areas)
        if not row.errors:
            key = normalise_url(row.data["url"])
            if key in seen:
                row.errors.append(f"Same site as line {seen[key]}.")
            seen.setdefault(key, line)
        if row.errors:
            row.action = "invalid"
        elif key in existing:
            # An update changes only the columns the file has: a file of names
            # and descriptions must not reset risk ratings or tips.
            current = existing[key]
            present = set(values)
            row.data = {f: v for f, v in row.data.items() if f in present}
            row.changes = [
                f
                for f in CURATE_FIELDS
                if f in row.data and getattr(current, f) != row.data[f]
            ]
            if "policy_areas" in present:
                if {a.pk for a in current.policy_areas.all()} != {
                    a.pk for a in row.policy_areas
                }:
                    row.changes.append("policy_areas")
            else:
                row.policy_areas = None
            row.action = "update" if row.changes else "unchanged"
        else:
            row.action = "new"
        report.rows.append(row)
    return report


@transaction.atomic
def import_apply(*, report: Report, actor, skip_invalid: bool) -> int:
    """Write the dry run's new and changed rows; returns how many were written."""
    require_curator(actor)
    if report.file_errors or (report.invalid and not skip_invalid):
        return 0
    written = 0
    for row in report.rows:
        if row.action not in ("new", "update"):
            continue
        key = normalise_url(row.data["url"])
        # Matched by its normalised address, so an update never changes that key.
        community = (
            Community.objects.select_for_update(no_key=True)
            .filter(normalised_url=key)
            .first()
        )
        created = community is None
        if created:
            community = Community(
                suggested_by=actor, status=Community.Status.LISTED, normalised_url=key
            )
        changes = apply_fields(community, row.data, CURATE_FIELDS)
        community.curated_by = actor
        if created:
            community.listed_at = community.last_reviewed_at = timezone.now()
            community.save()  # an insert: every column
        else:
            community.save(update_fields=changed_columns(changes))
        if row.policy_areas is not None:
            community.policy_areas.set(row.policy_areas)
        refresh_search_text(community)
        record_change(
            community, actor, "imported" if created else "updated by import", changes
        )
        written += 1
    return written
