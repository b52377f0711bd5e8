from core.hooks import Hook, Link


def test_a_hook_answers_every_registered_value_in_order_without_nones():
    hook: Hook[Link] = Hook("links")

    def first(n):
        return Link(f"first {n}", "/1")

    def nothing(n):
        return None

    def last(n):
        return Link(f"last {n}", "/2")

    for function in (first, nothing, last):
        hook.register(function)
    assert hook.values(7) == [Link("first 7", "/1"), Link("last 7", "/2")]


def test_registering_twice_counts_once_and_an_empty_hook_is_falsy():
    hook: Hook[Link] = Hook("links")
    assert not hook

    def only(n):
        return Link("only", "/")

    hook.register(only)
    hook.register(only)
    assert hook and hook.values(1) == [Link("only", "/")]
