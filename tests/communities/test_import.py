import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from communities.importing import MAX_BYTES, MAX_ROWS, import_apply, import_dry_run
from communities.models import Community

from .factories import CommunityFactory

pytestmark = pytest.mark.django_db

HEADER = "name,url,description,platform,policy_areas,risk\n"
IMPORT = "/communities/import/"


def csv_file(text: str, encoding="utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile("communities.csv", text.encode(encoding), "text/csv")


def test_dry_run_reports_row_by_row_and_writes_nothing():
    CommunityFactory(name="Existing", url="https://existing.example.org/", risk="low")
    text = HEADER + (
        "New forum,https://new.example.org/,Talk,forum,Transport,low\n"
        "Existing,https://www.existing.example.org,"
        "Talk about <script>alert('x')</script> local issues,forum,,high\n"
        "Broken,not a url,Talk,forum,,low\n"
        "Bad area,https://x.example.org/,Talk,forum,Astrology,low\n"
        "Copy,https://NEW.example.org,Talk,forum,,low\n"
    )

    report = import_dry_run(csv_file(text))

    actions = [(r.line, r.action) for r in report.rows]
    assert actions == [
        (2, "new"),
        (3, "update"),
        (4, "invalid"),
        (5, "invalid"),
        (6, "invalid"),
    ]
    assert report.rows[1].changes == ["url", "risk"]
    assert "url: Enter a valid URL." in report.rows[2].errors
    assert "Unknown policy areas: Astrology." in report.rows[3].errors
    assert "Same site as line 2." in report.rows[4].errors
    assert Community.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "title,link\nA,https://a.example.org\n",
            "Missing columns: description, name, url.",
        ),
        (HEADER, "The file has no rows under its header."),
        (HEADER.replace("risk", "risk,colour"), "Unknown columns: colour."),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(content, message):
    report = import_dry_run(csv_file(content))

    assert report.file_errors[0].startswith(message)


def test_a_file_in_another_encoding_is_refused():
    report = import_dry_run(
        csv_file(HEADER + "Café,https://c.example.org,Bon,forum,,low\n", "latin-1")
    )

    assert report.file_errors == [
        "The file is not UTF-8 text. Save it as 'CSV UTF-8' and try again."
    ]


def test_a_huge_file_is_refused_before_it_is_read():
    report = import_dry_run(csv_file("x" * (MAX_BYTES + 1)))

    assert "the limit is 1,000,000" in report.file_errors[0]


def test_too_many_rows_are_refused():
    rows = "".join(
        f"C{i},https://c{i}.example.org,d,forum,,low\n" for i in range(MAX_ROWS + 1)
    )

    report = import_dry_run(csv_file(HEADER + rows))

    assert "the limit is 2,000" in report.file_errors[0]


def test_nothing_is_written_while_any_row_is_invalid_unless_skipping(press_officer):
    text = (
        HEADER + "Good,https://good.example.org,d,forum,,low\nBad,nope,d,forum,,low\n"
    )

    assert (
        import_apply(
            report=import_dry_run(csv_file(text)),
            actor=press_officer,
            skip_invalid=False,
        )
        == 0
    )
    assert not Community.objects.exists()

    assert (
        import_apply(
            report=import_dry_run(csv_file(text)),
            actor=press_officer,
            skip_invalid=True,
        )
        == 1
    )
    imported = Community.objects.get()
    assert imported.status == Community.Status.LISTED
    assert imported.changes.get().action == "imported"


def test_curators_import_through_the_page(client, press_officer):
    client.force_login(press_officer)
    text = HEADER + "Good,https://good.example.org,d,,Transport,medium\n"

    dry = client.post(IMPORT, {"file": csv_file(text), "dry_run": "1"})
    assert dry.status_code == 200
    assert "1 new" in dry.content.decode()
    assert not Community.objects.exists()

    done = client.post(IMPORT, {"file": csv_file(text), "import": "1"})
    assert done.status_code == 302
    assert Community.objects.get().policy_areas.get().name == "Transport"


def test_importing_a_file_with_invalid_rows_says_nothing_was_imported(
    client, press_officer
):
    client.force_login(press_officer)
    text = (
        HEADER + "Good,https://good.example.org,d,forum,,low\nBad,nope,d,forum,,low\n"
    )

    response = client.post(IMPORT, {"file": csv_file(text), "import": "1"})

    assert "Nothing was imported" in response.content.decode()
    assert not Community.objects.exists()


def test_a_wrong_file_through_the_page_is_a_400(client, press_officer):
    client.force_login(press_officer)

    response = client.post(IMPORT, {"file": csv_file("a,b\n1,2\n"), "import": "1"})

    assert response.status_code == 400
    assert "Missing columns" in response.content.decode()


def test_no_file_is_a_400(client, press_officer):
    client.force_login(press_officer)

    response = client.post(IMPORT, {"import": "1"})

    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()


def test_a_row_with_an_impossible_address_is_reported_not_a_500():
    report = import_dry_run(
        csv_file(
            HEADER
            + "Bad port,https://x.example.org:99999/,d,,,low\nBroken,http://[broken/,d,,,low\n"
        )
    )

    assert [r.action for r in report.rows] == ["invalid", "invalid"]


def test_updating_from_a_file_keeps_the_columns_it_does_not_have():
    CommunityFactory(
        name="Rated",
        url="https://rated.example.org/",
        risk="high",
        risk_note="Hostile",
        engagement_tips="Be brief",
        audience="Parents",
    )

    report = import_dry_run(
        csv_file("name,url,description\nRated,https://rated.example.org/,New words\n")
    )

    (row,) = report.rows
    assert row.action == "update"
    assert row.changes == ["description"]


def test_the_import_help_lists_each_column_once_required_or_optional(
    client, press_officer
):
    client.force_login(press_officer)

    help_text = client.get(IMPORT).content.decode().split("Optional: ")[1]
    optional = help_text.split(".")[0].split(", ")

    assert {"name", "url", "description"}.isdisjoint(optional)
    assert "platform" in optional or "risk" in optional
