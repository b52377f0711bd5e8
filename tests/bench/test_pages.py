"""Every page the load run drives answers its persona, on a sliver of the
benchmark's own data: a page that 403s or 500s would measure an error page."""

import random

import pytest
from django.test import Client

from bench import personas
from bench.data import generate
from bench.pages import PAGES


@pytest.fixture
def signed_in(db):
    generate(scale=0.005, seed=7, log=lambda *a: None)
    rng = random.Random(3)  # noqa: S311 - a benchmark's choices
    return personas.sign_in(personas.choose_people(rng, 2))


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_each_benchmarked_page_answers_its_persona(signed_in, page):
    virtual = signed_in[page.role][0]
    url = personas.urls_for(
        page,
        virtual,
        0,
        random.Random(1),  # noqa: S311 - a benchmark's choices
        personas.popular_communities(),
    )[0]
    client = Client()
    client.force_login(virtual.person)

    status = client.get(url).status_code

    # An optional page is one this checkout may not have yet (404).
    assert status == 200 or (page.optional and status == 404)
