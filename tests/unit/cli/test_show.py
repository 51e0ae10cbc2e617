from services.cli.show import summary
from shared.records import ArticleRecord, Entity, Quote, Span


def test_the_summary_names_entities_by_mentions_and_quotes_with_their_speakers():
    text = "Ana Silva said the plan works. Silva added: “It is ready.”"
    record = ArticleRecord(
        id="a1",
        title="Plan",
        text=text,
        entities=[
            Entity(
                id="person:ana-silva",
                name="Ana Silva",
                type="PERSON",
                mentions=[
                    Span(start=0, end=9, text="Ana Silva"),
                    Span(start=31, end=36, text="Silva"),
                ],
            )
        ],
        quotes=[
            Quote(
                text="“It is ready.”",
                start=44,
                end=58,
                kind="direct",
                speaker_name="Ana Silva",
                speaker_entity_id="person:ana-silva",
                speaker=Span(start=31, end=36, text="Silva"),
                verb=Span(start=37, end=42, text="added"),
            )
        ],
    )
    shown = summary(record)
    assert "── Plan  [a1]" in shown
    assert "PERSON  Ana Silva  (2 mentions)" in shown
    assert "Ana Silva ('Silva', added) [direct]: “It is ready.”" in shown


def test_a_non_english_article_says_it_was_not_extracted():
    record = ArticleRecord(id="b", title="Hola", text="Hola mundo", language="es")
    assert "language 'es': not extracted" in summary(record)
