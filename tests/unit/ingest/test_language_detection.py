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
