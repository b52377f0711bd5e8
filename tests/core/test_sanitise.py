import pytest

from core.sanitise import (
    PLAIN_WITH_LINKS,
    RICH_TEXT,
    clean_html,
    strip_control_characters,
)
from moderation.models import Post


@pytest.mark.parametrize(
    ("hostile", "must_not_contain"),
    [
        ("<script>alert('x')</script><p>ok</p>", "alert"),
        ('<p onclick="steal()">ok</p>', "onclick"),
        ('<img src=x onerror="steal()">', "onerror"),
        ('<a href="javascript:alert(1)">click</a>', "javascript:"),
        ('<a href="JaVaScRiPt:alert(1)">click</a>', "alert"),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data:"),
        ('<p style="position:fixed;top:0">ok</p>', "style"),
        ("<style>body{display:none}</style><p>ok</p>", "display"),
        ('<iframe src="https://evil.example"></iframe>', "iframe"),
        ("<svg><script>alert(1)</script></svg>", "script"),
        ("<!-- <script>alert(1)</script> -->", "script"),
    ],
)
def test_hostile_html_is_removed(hostile, must_not_contain):
    cleaned = clean_html(hostile)

    assert must_not_contain.lower() not in cleaned.lower()


def test_rich_text_keeps_the_structure_editors_need():
    html = (
        "<h2>Be credible</h2><p>Be <strong>accurate</strong> and <em>fair</em>.</p>"
        '<ul><li><a href="https://www.gov.uk/">GOV.UK</a></li></ul>'
    )

    cleaned = clean_html(html, RICH_TEXT)

    assert "<h2>Be credible</h2>" in cleaned
    assert "<strong>accurate</strong>" in cleaned
    assert 'href="https://www.gov.uk/"' in cleaned
    assert 'rel="noopener noreferrer nofollow"' in cleaned


def test_plain_with_links_drops_headings_but_keeps_text_and_links():
    cleaned = clean_html(
        '<h2>Title</h2><p>See <a href="https://example.org">this</a></p>',
        PLAIN_WITH_LINKS,
    )

    assert "<h2>" not in cleaned
    assert "Title" in cleaned
    assert '<a href="https://example.org"' in cleaned


def test_empty_input_is_an_empty_string():
    assert clean_html(None) == ""
    assert clean_html("   ") == ""


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Bus\x07 fares\x00", "Bus fares"),
        ("tab\tand\nnew\r\nlines", "tab\tand\nnew\r\nlines"),  # kept: layout
        ("escape\x1b[31m", "escape[31m"),
        ("del\x7f and c1\x85\x9f", "del and c1"),
        ("non\ufffecharacters\uffff", "noncharacters"),
        ("émigré “quotes” 👍", "émigré “quotes” 👍"),  # text is text
    ],
)
def test_control_characters_are_stripped_and_text_kept(typed, kept):
    assert strip_control_characters(typed) == kept


def test_rich_text_loses_control_characters_too():
    assert clean_html("<p>Bell\x07 and null\x00</p>") == "<p>Bell and null</p>"


@pytest.mark.django_db
def test_every_form_field_is_stored_without_control_characters(client, civil_servant):
    client.force_login(civil_servant)

    response = client.post(
        "/log/new/",
        {
            "community_url": "https://forum.example.org/",
            "thread_url": "https://forum.example.org/t/9",
            "purpose": "answer_question",
            "topic": "Bus\x07 fares\x00\x1b",
            "text": "<p>Fares\x0b rise\x85 in May.</p>",
            "notes": "Checked\x01 with\ufffe the team",
        },
    )

    post = Post.objects.get(author=civil_servant)
    assert response.status_code == 302
    assert (post.topic, post.text, post.notes) == (
        "Bus fares",
        "<p>Fares rise in May.</p>",
        "Checked with the team",
    )


@pytest.mark.django_db
def test_a_search_is_read_without_control_characters(client, civil_servant):
    client.force_login(civil_servant)

    page = client.get("/communities/", {"q": "parking\x07\x00"}).content.decode()

    assert "\x07" not in page and "\x00" not in page
    assert 'value="parking"' in page
