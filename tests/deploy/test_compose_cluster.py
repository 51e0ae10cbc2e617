"""deploy/docker-compose.cluster.yml: an override that puts newsflow on a 3+3 Redis Cluster.
Merged onto docker-compose.yml as Compose merges (mappings key by key, a command replaced),
it is a valid Compose file whose services all wait for the formed cluster and name its nodes."""

import importlib.resources
import json
import shutil
import subprocess
from typing import Any

import jsonschema
import pytest
import yaml

from services.runtime.cluster import is_cluster, split_nodes
from services.runtime.redis_url import check_redis_url
from shared.settings import Settings
from shared.streams import STAGES
from tests.deploy.conftest import COMPOSE_FILE, DEPLOY

CLUSTER_FILE = DEPLOY / "docker-compose.cluster.yml"
NODES = ["redis", "redis-2", "redis-3", "redis-4", "redis-5", "redis-6"]


def merged(base: Any, override: Any) -> Any:
    if isinstance(base, dict) and isinstance(override, dict):
        out = dict(base)
        for key, value in override.items():
            out[key] = merged(base[key], value) if key in base else value
        return out
    return override


@pytest.fixture(scope="module")
def overlay() -> dict[str, Any]:
    return yaml.safe_load(CLUSTER_FILE.read_text())


@pytest.fixture(scope="module")
def together(compose, overlay) -> dict[str, Any]:
    return merged(compose, overlay)


def test_the_merged_file_matches_the_compose_specification_schema(together):
    vendor = importlib.resources.files("check_jsonschema.builtin_schemas.vendor")
    schema = json.loads((vendor / "compose-spec.json").read_text())
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(together)]
    assert errors == []


def test_docker_compose_config_accepts_both_files_together():
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.skip("docker-compose is not installed (apt-get install docker-compose)")
    result = subprocess.run(
        [binary, "-f", str(COMPOSE_FILE), "-f", str(CLUSTER_FILE), "config", "-q"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_six_nodes_run_in_cluster_mode_with_aof_on_their_own_volumes(together):
    for name in NODES:
        node = together["services"][name]
        command = node["command"]
        assert command[command.index("--cluster-enabled") + 1] == "yes", name
        assert command[command.index("--appendonly") + 1] == "yes", name
        assert node["volumes"][0].split(":")[1] == "/data", name
    volumes = [together["services"][n]["volumes"][0].split(":")[0] for n in NODES]
    assert len(set(volumes)) == len(NODES) and set(volumes) <= set(together["volumes"])


def test_the_init_service_forms_three_primaries_with_a_replica_each(together):
    init = together["services"]["redis-cluster-init"]
    script = " ".join(init["command"])
    assert "--cluster create" in script and "--cluster-replicas 1" in script
    assert all(f" {name} " in f" {script} " or f" {name};" in script for name in NODES)
    assert init["restart"] == "no"


def test_newsflow_waits_for_the_formed_cluster_and_names_its_nodes(together):
    assert "cluster_state:ok" in " ".join(together["services"]["redis"]["healthcheck"]["test"])
    for name in [*STAGES, "api"]:
        service = together["services"][name]
        assert service["depends_on"]["redis"]["condition"] == "service_healthy", name
        environment = service["environment"]
        url = check_redis_url(environment["NEWSFLOW_REDIS_URL"])
        assert is_cluster(url) and len(split_nodes(url).others) >= 2, name
        assert int(environment["NEWSFLOW_WAIT_REPLICAS"]) == 1
        Settings(**{k.removeprefix("NEWSFLOW_").lower(): v for k, v in environment.items()})
