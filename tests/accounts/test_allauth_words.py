"""allauth's pages in the portal's words: sentence case, as GOV.UK writes.

The words come from locale/en_GB/LC_MESSAGES/django.po (compiled to
django.mo); these tests read the pages a person sees.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from .factories import PASSWORD

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale/en_GB/LC_MESSAGES/django.po"


class HeadingsAndButtons(HTMLParser):
    """Collects the text of every h1, h2 and button on a page's main part."""

    WANTED = {"h1", "h2", "button"}

    def __init__(self):
        super().__init__()
        self.found: dict[str, list[str]] = {tag: [] for tag in self.WANTED}
        self._open: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.WANTED:
            self._open.append((tag, []))

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            tag, parts = self._open.pop()
            self.found[tag].append(" ".join("".join(parts).split()))

    def handle_data(self, data):
        if self._open:
            self._open[-1][1].append(data)


def words_on(response) -> dict[str, list[str]]:
    assert response.status_code == 200
    main = re.search(r"<main.*?</main>", response.content.decode(), re.S).group(0)
    parser = HeadingsAndButtons()
    parser.feed(main)
    return parser.found


def is_sentence_case(text: str) -> bool:
    """Only the first word starts with a capital ("I" aside)."""
    return all(not word[0].isupper() or word == "I" for word in text.split()[1:])


def catalogue_entries(path: Path) -> list[tuple[str, str]]:
    """(msgid, msgstr) pairs of a .po file, continuation lines joined."""
    entries, current, field = [], {}, None
    for line in path.read_text().splitlines():
        if line.startswith(("msgid ", "msgstr ")):
            field, _, quoted = line.partition(" ")
            current[field] = quoted[1:-1]
            if field == "msgstr":
                entries.append(current)
                current = {}
        elif line.startswith('"') and field:
            target = entries[-1] if field == "msgstr" else current
            target[field] += line[1:-1]
    return [
        (entry["msgid"].replace('\\"', '"'), entry["msgstr"].replace('\\"', '"'))
        for entry in entries
        if entry["msgid"]  # the header
    ]


def test_the_compiled_catalogue_says_what_the_po_file_says():
    entries = catalogue_entries(CATALOGUE)

    assert len(entries) > 30
    with translation.override("en-gb"):
        for msgid, msgstr in entries:
            assert translation.gettext(msgid) == msgstr, "run msgfmt (see the .po)"


def test_sign_in_page_says_sign_in_in_sentence_case(client):
    words = words_on(client.get(reverse("account_login")))

    assert words["h1"] == ["Sign in"]
    assert words["button"] == ["Sign in"]


def test_sign_up_page_offers_to_create_an_account(client):
    words = words_on(client.get(reverse("account_signup")))

    assert words["h1"] == ["Create an account"]
    assert words["button"] == ["Create an account"]


def test_password_reset_page_asks_to_reset_your_password(client):
    words = words_on(client.get(reverse("account_reset_password")))

    assert words["h1"] == ["Reset your password"]
    assert words["button"] == ["Reset my password"]


def test_two_factor_pages_are_in_sentence_case(client, civil_servant):
    client.force_login(civil_servant)
    # Setting up an authenticator asks for the password again first.
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    overview = words_on(client.get(reverse("mfa_index")))
    setup = words_on(client.get(reverse("mfa_activate_totp")))

    assert overview["h1"] == ["Two-factor authentication"]
    assert overview["h2"] == ["Authenticator app", "Recovery codes"]
    assert setup["h1"] == ["Set up an authenticator app"]
    assert setup["button"] == ["Activate"]


def test_two_factor_sign_in_step_is_in_sentence_case(client, press_officer):
    client.post(
        reverse("account_login"), {"login": press_officer.email, "password": PASSWORD}
    )

    words = words_on(client.get(reverse("mfa_authenticate")))

    assert words["h1"] == ["Two-factor authentication"]


@pytest.mark.parametrize(
    ("url_name", "persona"),
    [
        ("account_login", None),
        ("account_signup", None),
        ("account_reset_password", None),
        ("account_reset_password_done", None),
        ("account_email_verification_sent", None),
        ("account_logout", "civil_servant"),
        ("account_change_password", "civil_servant"),
        ("account_email", "civil_servant"),
        ("account_reauthenticate", "civil_servant"),
        ("mfa_index", "civil_servant"),
        ("mfa_index", "press_officer"),
        ("mfa_reauthenticate", "press_officer"),
    ],
)
def test_every_heading_and_button_on_allauths_pages_is_sentence_case(
    request, client, url_name, persona
):
    if persona:
        client.force_login(request.getfixturevalue(persona))

    words = words_on(client.get(reverse(url_name)))

    texts = [text for found in words.values() for text in found]
    assert texts
    assert [text for text in texts if not is_sentence_case(text)] == []


@pytest.mark.parametrize(
    ("text", "sentence_case"),
    [
        ("Sign in", True),
        ("Two-factor authentication", True),
        ("I have saved my recovery codes", True),
        ("Sign In", False),
        ("Verify Your Email Address", False),
    ],
)
def test_is_sentence_case(text, sentence_case):
    assert is_sentence_case(text) is sentence_case


def test_confirmation_email_names_the_portal_not_the_host(client, organisation):
    domain = organisation.email_domains.get().domain
    client.post(
        reverse("account_signup"),
        {
            "full_name": "Jordan Reyes",
            "email": f"jordan@{domain}",
            "password1": "a-long-and-unusual-passphrase",
            "password2": "a-long-and-unusual-passphrase",
        },
    )

    (email,) = mail.outbox
    first_paragraphs = email.body.split("http")[0]
    assert "create an account on the Participation portal" in first_paragraphs
    assert "testserver" not in first_paragraphs
    assert email.body.rstrip().endswith("Thank you for using the Participation portal.")
