"""Hostile input typed into the portal's forms is stored without control
characters, and every page that prints it back is still valid HTML.

The checker is tests/html_checker.py (html5lib's parse errors and the id
rules); a control character printed back is an "invalid-codepoint" error.
"""

import re
from html import unescape

import pytest

from accounts.models import User
from communities.models import Community
from guidelines.models import Page
from moderation.models import Post
from tests.communities.factories import policy_area
from tests.guidelines.helpers import guidance_page
from tests.html_checker import html_errors

pytestmark = pytest.mark.django_db

# What a careless paste or a hostile person might type: C0 and C1 controls,
# DEL, a noncharacter, markup, quotes and an ampersand.
HOSTILE = (
    "Bus\x07 fares\x00 <script>alert('x')</script> \"quoted\" & \x1b[31m\x85\ufffe end"
)
# The same with its control characters gone; the markup stays as text, which
# the pages escape.
STORED = "Bus fares <script>alert('x')</script> \"quoted\" & [31m end"


def assert_valid_html(response) -> str:
    assert response.status_code in (200, 400), response.status_code
    page = response.content.decode()
    assert html_errors(page) == [], response.request["PATH_INFO"]
    assert "<script>alert(" not in page
    return page


def test_the_checker_finds_what_would_make_a_page_invalid():
    page = (
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>'
        '<p id="a" class="x" class="y">Bell\x07</p><p id="a"></span>'
        '<label for="missing">Name</label></body></html>'
    )

    problems = " | ".join(html_errors(page))

    for expected in [
        "invalid-codepoint",
        "duplicate-attribute",
        "unexpected-end-tag",
        "id 'a' used 2 times",
        "<label for='missing'>: no such id",
    ]:
        assert expected in problems


# Each form, sent once refused (so it prints the typed values back) and
# once accepted; each returns the refused response.


def log_a_conversation(client):
    fields = {
        "community_url": "https://forum.example.org/",
        "thread_url": "https://forum.example.org/t/9",
        "purpose": "answer_question",
        "topic": HOSTILE,
        "text": f"<p>{HOSTILE}</p>",
        "notes": HOSTILE,
    }
    refused = client.post("/log/new/", {**fields, "thread_url": "not a url"})
    client.post("/log/new/", fields)
    return refused


def suggest_a_community(client):
    fields = {
        "url": "https://www.reddit.com/r/transport/",
        "name": HOSTILE,
        "description": HOSTILE,
        "audience": HOSTILE,
        "platform": "",
        "policy_areas": [policy_area().pk],
    }
    refused = client.post("/communities/suggest/", {**fields, "url": ""})
    client.post("/communities/suggest/", fields)
    return refused


def edit_and_publish(client, page):
    fields = {
        "title": HOSTILE,
        "body": f"<p>{HOSTILE}</p><h2>Next\x0b</h2>",
        "change_summary": HOSTILE,
    }
    refused = client.post(f"/principles/{page.slug}/edit/", {**fields, "title": ""})
    client.post(f"/principles/{page.slug}/edit/", fields)
    client.post(f"/principles/{page.slug}/versions/2/publish/")
    return refused


def sign_up(client, organisation):
    fields = {
        # Names refuse < and > (accounts.forms); the rest gets through.
        "full_name": 'Jordan\x07 O\'Brien & "Jo"\x85 Reyes\ufffe',
        "job_title": HOSTILE,
        "email": f"jordan@{organisation.email_domains.get().domain}",
        "password1": "a-long-and-unusual-passphrase",
        "password2": "a-long-and-unusual-passphrase",
    }
    refused = client.post("/accounts/signup/", {**fields, "password2": "different"})
    client.post("/accounts/signup/", fields)
    return refused


def test_a_logged_conversation_is_stored_clean_and_printed_back_valid(
    client, civil_servant
):
    client.force_login(civil_servant)

    refused = log_a_conversation(client)

    post = Post.objects.get(author=civil_servant)
    assert (post.topic, post.notes) == (STORED, STORED)
    assert post.text.startswith("<p>Bus fares ") and "\x07" not in post.text
    assert_valid_html(refused)
    for path in ["/log/", f"/log/{post.pk}/", f"/log/{post.pk}/edit/"]:
        assert "alert(&#x27;x&#x27;)" in assert_valid_html(client.get(path))
    assert_valid_html(client.get("/"))


def test_a_suggested_community_is_stored_clean_and_printed_back_valid(
    client, civil_servant, press_officer
):
    client.force_login(civil_servant)

    refused = suggest_a_community(client)

    community = Community.objects.get()
    assert (community.name, community.description, community.audience) == (
        STORED,
        STORED,
        STORED,
    )
    assert_valid_html(refused)
    client.force_login(press_officer)  # a curator reads the suggestion
    for path in ["/communities/curate/", f"/communities/{community.pk}/"]:
        assert "alert(&#x27;x&#x27;)" in assert_valid_html(client.get(path))
    assert_valid_html(client.get(f"/communities/{community.pk}/edit/"))


def test_an_edited_principles_page_is_stored_clean_and_printed_back_valid(
    client, editor
):
    page = guidance_page(editor)
    client.force_login(editor)

    refused = edit_and_publish(client, page)

    version = Page.objects.get(pk=page.pk).live_version
    assert (version.title, version.change_summary) == (STORED, STORED)
    assert "\x07" not in version.body and "\x0b" not in version.body
    assert "<script>" not in version.body  # rich text is sanitised as well
    assert_valid_html(refused)
    for path in [
        f"/principles/{page.slug}/",
        f"/principles/{page.slug}/history/",
        f"/principles/{page.slug}/compare/?old=1&new=2",
        f"/principles/{page.slug}/edit/",
        "/principles/",
    ]:
        assert_valid_html(client.get(path))


def test_a_new_persons_name_is_stored_clean_and_printed_back_valid(
    client, organisation, trainer
):
    refused = sign_up(client, organisation)

    person = User.objects.get(email__startswith="jordan@")
    assert person.full_name == 'Jordan O\'Brien & "Jo" Reyes'
    assert person.job_title == STORED
    assert_valid_html(refused)
    client.force_login(person)
    assert "Jordan O&#x27;Brien" in assert_valid_html(client.get("/account/"))
    client.force_login(trainer)  # a trainer finds them in People
    assert "Jordan O&#x27;Brien" in assert_valid_html(client.get("/training/people/"))
    assert_valid_html(client.get(f"/training/people/{person.pk}/"))


# After the bad-input run, every page each role reaches -------------------

# Not pages: downloads, feeds, files; and signing out would end the walk.
NOT_PAGES = re.compile(r"logout|\.csv|\.json|/feed/|^/static/|favicon|healthz")
PAGES_PER_PERSON = 80


def pages_reached(client, start: list[str]) -> dict[str, str]:
    """Every portal page linked from `start`, breadth first: path -> HTML."""
    pages, queue = {}, list(start)
    while queue and len(pages) < PAGES_PER_PERSON:
        path = queue.pop(0)
        if path in pages or NOT_PAGES.search(path):
            continue
        response = client.get(path)
        pages[path] = ""
        if response.status_code == 200 and "html" in response["Content-Type"]:
            pages[path] = response.content.decode()
            links = re.findall(r'href="(/[^"#]*)"', pages[path])
            queue += [unescape(link) for link in links]
    return pages


def test_every_page_the_roles_reach_after_a_bad_input_run_is_valid_html(
    client, organisation, civil_servant, press_officer, trainer, editor, admin_user
):
    client.force_login(civil_servant)
    refused = [log_a_conversation(client), suggest_a_community(client)]
    client.force_login(editor)
    refused.append(edit_and_publish(client, guidance_page(editor)))
    client.logout()
    refused.append(sign_up(client, organisation))
    for response in refused:
        assert_valid_html(response)
    # Each accepted form stored what was typed, so the walk meets it.
    assert Post.objects.filter(topic=STORED).exists()
    assert Community.objects.filter(description=STORED).exists()
    assert Page.objects.filter(live_version__change_summary=STORED).exists()
    assert User.objects.filter(job_title=STORED).exists()

    invalid, walked = {}, 0
    for person in [civil_servant, press_officer, trainer, editor, admin_user]:
        client.force_login(person)
        pages = pages_reached(client, ["/", "/account/"])
        walked += len([html for html in pages.values() if html])
        for path, html in pages.items():
            if errors := html_errors(html) if html else []:
                invalid[f"{person.email} {path}"] = errors[:3]
    assert walked > 150
    assert invalid == {}
