import json

import pytest

from services.nlp.linear import LinearModel, ModelFileError, load_linear_model


def test_probability_is_the_logistic_of_the_weights_of_present_features():
    model = LinearModel(bias=-1.0, threshold=0.5, weights={"a": 2.0, "b": -3.0})
    assert model.probability(["a"]) == pytest.approx(1 / (1 + 2.718281828**-1.0))
    assert model.probability(["unknown"]) == pytest.approx(1 / (1 + 2.718281828))
    assert model.accepts(["a"]) and not model.accepts(["a", "b"])


def test_model_file_is_read_with_its_other_keys_as_info(tmp_path):
    path = tmp_path / "m.json"
    data = {"bias": 0.5, "threshold": 0.7, "weights": {"x": 1}, "speech_lemmas": ["say"]}
    path.write_text(json.dumps(data))
    model = load_linear_model(path)
    assert model.weights == {"x": 1.0} and model.threshold == 0.7
    assert model.info == {"speech_lemmas": ["say"]}


def test_bad_model_file_names_the_file_and_the_problem(tmp_path):
    path = tmp_path / "m.json"
    path.write_text('{"bias": 0.5}')
    with pytest.raises(ModelFileError, match="m.json.*weights"):
        load_linear_model(path)
    path.write_text("not json")
    with pytest.raises(ModelFileError, match="not JSON"):
        load_linear_model(path)
    with pytest.raises(ModelFileError, match="cannot read"):
        load_linear_model(tmp_path / "missing.json")
