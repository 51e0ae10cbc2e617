import pytest
from spacy.language import Language


@pytest.fixture(scope="session")
def stock() -> Language:
    """The model as spaCy ships it (no speed-ups, BLIS): what the sped-up parse must equal."""
    from services.nlp.model import ModelNotInstalled, load_model

    try:
        return load_model(stock=True)
    except ModelNotInstalled as error:
        pytest.skip(str(error))
