"""Page furniture (credits, captions, bylines, story links): pure text ranges."""

from services.entities.furniture import furniture_ranges, inside


def _covered(text: str, phrase: str) -> bool:
    start = text.index(phrase)
    return inside(furniture_ranges(text), start, start + len(phrase))


def test_parenthesised_photo_credit_and_its_caption_are_furniture():
    text = (
        "The rally grew. Crowds filled the square. ( Richard Lautens / Toronto Star ) "
        "Talks went on."
    )
    assert _covered(text, "Richard Lautens")
    assert _covered(text, "Crowds filled the square.")
    assert not _covered(text, "The rally grew.")
    assert not _covered(text, "Talks went on.")


def test_name_slash_agency_credit_is_furniture():
    text = (
        "Supporters wave signs in Calgary. Jeff McIntosh/The Canadian Press.\n\nThe vote is Monday."
    )
    assert _covered(text, "Jeff McIntosh")
    assert not _covered(text, "The vote is Monday.")


def test_bylines_and_story_links_are_furniture():
    text = (
        "The mayor spoke at noon.\n\nREAD MORE: Mayor Jane Roe faces a recall vote\n\n"
        "Jennifer Yang is a Toronto-based reporter covering inequality.\n\n"
        "With files from Kyle Benning and Slav Kornik"
    )
    for phrase in ("Jane Roe", "Jennifer Yang", "Slav Kornik"):
        assert _covered(text, phrase)
    assert not _covered(text, "The mayor spoke at noon.")


def test_a_contributor_in_the_story_is_not_a_byline():
    text = "The bid is led by Scott Gilmore, a former diplomat who is a Maclean's contributor."
    assert not _covered(text, "Scott Gilmore")


def test_ranges_are_merged_and_sorted():
    text = "A (x / y) B (z / w)\n\nREAD MORE: one\nREAD MORE: two"
    ranges = furniture_ranges(text)
    assert ranges == sorted(ranges)
    assert all(a[1] < b[0] for a, b in zip(ranges, ranges[1:], strict=False))


def test_text_without_furniture_has_no_ranges():
    assert furniture_ranges("") == []
    assert furniture_ranges("Plain news about 50/50 odds.") == []
