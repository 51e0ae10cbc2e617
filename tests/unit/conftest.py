import pytest
from spacy.language import Language


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The spaCy model, loaded once for every unit test that parses text."""
    from shared.parse import ModelNotInstalled, load_model

    try:
        return load_model()
    except ModelNotInstalled as error:
        pytest.skip(str(error))
