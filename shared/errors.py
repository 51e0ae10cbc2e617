"""Errors a user can cause. Each message names the bad value."""


class InvalidArticle(ValueError):
    """A payload that is not an article; the message says which field and why."""
