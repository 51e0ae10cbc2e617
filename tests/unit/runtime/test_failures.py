from pydantic import ValidationError

from services.runtime.failures import MAX_REASON_CHARS, PERMANENT, reason_of
from shared.errors import InvalidArticle
from shared.messages import ArticleIngested


def test_a_validation_error_names_each_bad_field():
    try:
        ArticleIngested.model_validate({"article": {"id": 3}})
    except ValidationError as error:
        reason = reason_of(error)
    assert reason.startswith("invalid ArticleIngested: ")
    assert "article.id: Input should be a valid string" in reason
    assert "article.text: Field required" in reason


def test_an_invalid_article_keeps_its_own_message():
    assert reason_of(InvalidArticle("text is empty")) == "text is empty"


def test_other_errors_say_their_type_and_long_reasons_are_cut():
    assert reason_of(KeyError("x")) == "KeyError: 'x'"
    assert len(reason_of(RuntimeError("y" * 5000))) == MAX_REASON_CHARS


def test_bad_input_is_permanent_and_bugs_are_not():
    assert isinstance(InvalidArticle("x"), PERMANENT)
    assert not isinstance(RuntimeError("x"), PERMANENT)
