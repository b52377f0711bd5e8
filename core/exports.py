"""CSV downloads, shared by every app's reports and exports."""

import csv
from collections.abc import Iterable, Iterator

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """Text a spreadsheet will not run as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Line:
    """A file that hands back what the csv module writes: one line at a time."""

    def write(self, line: str) -> str:
        return line


def csv_rows(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """CSV lines, made safe, for a StreamingHttpResponse over many rows."""
    writer = csv.writer(_Line())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([csv_safe(cell) for cell in row])


def csv_response(
    filename: str, header: list[str], rows: Iterable[list]
) -> HttpResponse:
    response = HttpResponse(
        "".join(csv_rows(header, rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
