import pytest

from services.aggregate.quote_feed import BadCursor, cursor_after, cursor_key, entry, entry_quote


def test_newer_articles_sort_after_older_ones_and_earlier_quotes_after_later_ones():
    old = entry(1_000, "b", 5, {"text": "old"})
    new_first = entry(2_000, "a", 5, {"text": "first"})
    new_second = entry(2_000, "a", 50, {"text": "second"})

    assert sorted([new_second, old, new_first], reverse=True) == [new_first, new_second, old]


def test_an_entry_gives_back_its_quote_even_with_separators_in_the_article_id():
    quote = {"text": 'said "|{" twice', "article_id": "x|y%z"}

    assert entry_quote(entry(1, "x|y%z", 0, quote)) == quote


def test_a_cursor_names_the_entries_strictly_below_its_entry():
    first, second = entry(2, "a", 0, {"n": 1}), entry(1, "a", 0, {"n": 2})
    key = cursor_key(cursor_after(first))

    assert second < key < first


@pytest.mark.parametrize("cursor", ["", "!!", "Zm9yZ2Vk", "MTIzfGF8Yg"])
def test_a_cursor_this_api_did_not_issue_is_refused(cursor):
    with pytest.raises(BadCursor):
        cursor_key(cursor)
