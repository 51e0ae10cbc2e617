from services.quotes.marks import Quotation, QuotationIndex
from services.quotes.spans import SpanSet


def test_span_set_finds_only_spans_sharing_a_character():
    spans = SpanSet([(0, 10), (20, 30), (25, 200), (300, 310)])
    assert spans.overlapping(10, 20) == []
    assert spans.overlapping(5, 21) == [(0, 10), (20, 30)]
    assert spans.overlapping(150, 160) == [(25, 200)]
    assert not spans.overlaps(200, 300)


def test_quotation_index_tells_direct_mixed_and_indirect_apart():
    index = QuotationIndex([Quotation(10, 30, closed=True), Quotation(50, 60, closed=True)])
    assert index.kind(10, 30) == "direct"
    assert index.kind(0, 40) == "mixed"
    assert index.kind(31, 49) == "indirect"
    assert index.widen(20, 55) == (10, 60)
    assert index.at(59) is not None and index.at(60) is None
