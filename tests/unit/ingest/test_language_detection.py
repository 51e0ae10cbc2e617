import pytest

from services.ingest.language import DEFAULT_LANGUAGE, detect_language

SENTENCES = {
    "en": "The regional transit agency has ordered 60 battery-electric buses this week.",
    "fr": "Le conseil municipal a voté mardi soir pour remplacer les vieux traversiers.",
    "de": "Der Stadtrat hat am Dienstag beschlossen, zwei neue Fähren zu kaufen.",
    "es": "El ayuntamiento aprobó el martes la compra de dos nuevos transbordadores.",
}


@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_language_of_a_sentence_is_detected(language):
    assert detect_language(SENTENCES[language]) == language


def test_text_too_short_to_tell_gets_the_default_language():
    assert detect_language("Merci, Trudeau.") == DEFAULT_LANGUAGE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Путин заявил о переговорах", "ru"),
        ("习近平说", "zh"),
        ("Ο πρωθυπουργός μίλησε", "el"),
        ("서울 시장 발표", "ko"),
    ],
)
def test_a_short_text_in_another_script_is_not_marked_english(text, expected):
    assert detect_language(text) == expected


def test_a_short_text_mostly_in_another_script_never_gets_the_english_default():
    assert detect_language("Ukraine: Зеленский заявил") not in (DEFAULT_LANGUAGE,)
