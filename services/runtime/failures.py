"""What a failure means for a message: a reason a person can read, and whether to retry."""

from pydantic import ValidationError

from shared.errors import InvalidArticle

#: failures that will fail the same way every time: dead-lettered at once, never retried
PERMANENT = (InvalidArticle, ValidationError)

MAX_REASON_CHARS = 500


def reason_of(error: BaseException) -> str:
    """One readable line: for a validation error, each bad field and what is wrong with it."""
    if isinstance(error, ValidationError):
        problems = [
            f"{'.'.join(str(part) for part in problem['loc']) or 'message'}: {problem['msg']}"
            for problem in error.errors(include_url=False)
        ]
        text = f"invalid {error.title}: " + "; ".join(problems)
    elif isinstance(error, InvalidArticle):
        text = str(error)
    else:
        text = f"{type(error).__name__}: {error}"
    return text if len(text) <= MAX_REASON_CHARS else text[: MAX_REASON_CHARS - 1] + "…"
