"""One way to page a list that grows with an organisation."""

from django.core.paginator import Paginator

PAGE_SIZE = 50


def paginate(
    request,
    items,
    *,
    per_page: int = PAGE_SIZE,
    param: str = "page",
    count: int | None = None,
) -> dict:
    """Template context for one page of `items`: `page`, the page the request
    asks for (?page=N; a number out of range or not a number gives the nearest
    page, never an error), `query_string`, the request's other parameters,
    which templates/includes/pagination.html keeps in its links so filters
    survive paging, and `page_param`, the parameter's name (a page with two
    lists pages the second under another name). `items` must be ordered, or
    pages may overlap.
    """
    query = request.GET.copy()
    query.pop(param, None)
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # a cached property: set, it is not asked again
    return {
        "page": paginator.get_page(request.GET.get(param)),
        "query_string": query.urlencode(),
        "page_param": param,
    }
