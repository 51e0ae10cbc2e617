"""deploy/docker-compose.yml: valid for Compose, and saying what the issue asks of it."""

import importlib.resources
import json
import re
import shutil
import subprocess
from typing import Any

import jsonschema
import pytest

from services.runtime.broker import GRACEFUL_TIMEOUT_S
from shared.settings import Settings
from shared.streams import STAGES
from tests.deploy.conftest import COMPOSE_FILE

WORKERS = {stage: ["worker", stage] for stage in STAGES}


def seconds(duration: str) -> float:
    """A Compose duration ("1m30s", "45s", "500ms") in seconds."""
    units = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001, "us": 1e-6}
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|us|h|m|s)", duration)
    assert parts, f"not a duration: {duration!r}"
    return sum(float(value) * units[unit] for value, unit in parts)


def newsflow_services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: s for name, s in compose["services"].items() if name != "redis"}


def test_compose_file_matches_the_compose_specification_schema(compose):
    vendor = importlib.resources.files("check_jsonschema.builtin_schemas.vendor")
    schema = json.loads((vendor / "compose-spec.json").read_text())
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(compose)]
    assert errors == []


def test_docker_compose_config_accepts_the_file():
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.skip("docker-compose is not installed (apt-get install docker-compose)")
    result = subprocess.run(
        [binary, "-f", str(COMPOSE_FILE), "config", "-q"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_each_stage_has_one_service_running_its_worker_command(compose):
    commands = {name: s.get("command") for name, s in newsflow_services(compose).items()}
    for stage, command in WORKERS.items():
        assert commands.get(stage) == command


def test_stage_services_differ_only_in_command_and_scale(compose):
    services = newsflow_services(compose)
    shared_keys = ("image", "build", "environment", "restart", "stop_grace_period")
    first = services[STAGES[0]]
    for stage in STAGES:
        for key in shared_keys:
            assert services[stage][key] == first[key], (stage, key)


def test_stage_services_can_be_scaled(compose):
    for stage in STAGES:
        service = compose["services"][stage]
        assert service["deploy"]["replicas"] >= 1
        # a fixed container name or a published port would make --scale fail
        assert "container_name" not in service and "ports" not in service


def test_graceful_stop_outlasts_the_longest_handler_everywhere(compose):
    for name, service in compose["services"].items():
        assert seconds(service["stop_grace_period"]) > GRACEFUL_TIMEOUT_S, name


def test_every_service_restarts_and_has_a_health_check(compose):
    for name, service in compose["services"].items():
        assert service["restart"] in ("always", "unless-stopped", "on-failure"), name
        assert service["healthcheck"]["test"], name


def test_redis_persists_with_aof_on_a_volume_and_answers_ping(compose):
    redis = compose["services"]["redis"]
    command = redis["command"]
    assert command[command.index("--appendonly") + 1] == "yes"
    volume = redis["volumes"][0].split(":")
    assert volume[0] in compose["volumes"] and volume[1] == "/data"
    assert redis["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]


def test_newsflow_services_wait_for_a_healthy_redis(compose):
    for name, service in newsflow_services(compose).items():
        assert service["depends_on"]["redis"]["condition"] == "service_healthy", name


def test_settings_come_from_known_newsflow_variables(compose):
    known = {f"NEWSFLOW_{field.upper()}" for field in Settings.model_fields}
    for name, service in newsflow_services(compose).items():
        environment = service["environment"]
        assert set(environment) <= known, name
        assert environment["NEWSFLOW_REDIS_URL"] == "redis://redis:6379/0"
        Settings(**{k.removeprefix("NEWSFLOW_").lower(): v for k, v in environment.items()})


def test_api_is_published_and_listens_on_every_interface(compose):
    api = compose["services"]["api"]
    command = api["command"]
    assert command[0] == "api" and command[command.index("--host") + 1] == "0.0.0.0"
    port = command[command.index("--port") + 1]
    assert any(str(mapping).endswith(f":{port}") for mapping in api["ports"])
