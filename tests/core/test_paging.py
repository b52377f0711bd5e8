from django.test import RequestFactory

from core.paging import paginate


def page_of(query: str, items=range(120), **kwargs):
    return paginate(RequestFactory().get(f"/list/?{query}"), list(items), **kwargs)


def test_a_page_holds_fifty_by_default_and_keeps_the_other_parameters():
    context = page_of("status=draft&page=2")
    assert list(context["page"].object_list) == list(range(50, 100))
    assert context["query_string"] == "status=draft"


def test_a_page_number_out_of_range_or_not_a_number_gives_the_nearest_page():
    assert page_of("page=99")["page"].number == 3
    assert page_of("page=first")["page"].number == 1


def test_the_page_size_can_be_chosen():
    assert len(page_of("", per_page=20)["page"].object_list) == 20
