"""deploy/k8s-cluster: the kustomize overlay for a Redis Cluster. Its patches applied here to
the base's documents (as kustomize applies them: JSON patches by target, `$patch: delete`):
no one-node Redis left, every process and every KEDA trigger on the same cluster nodes, each
trigger the cluster-aware `redis-cluster-streams` on the stage's stream and group."""

from typing import Any

import jsonschema
import pytest
import yaml

from services.runtime.cluster import split_nodes
from shared.streams import INPUT_OF, STAGES, group_of
from tests.deploy.conftest import DEPLOY, k8s_documents
from tests.deploy.test_k8s_manifests import SCALED_OBJECT

OVERLAY = DEPLOY / "k8s-cluster" / "kustomization.yaml"


def _apply_json_patch(document: dict[str, Any], ops: list[dict[str, Any]]) -> None:
    for op in ops:
        *parents, last = [p for p in op["path"].split("/") if p]
        node: Any = document
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if op["op"] == "remove":
            del node[last]
        else:
            assert op["op"] in ("add", "replace"), op
            if op["op"] == "replace":
                assert last in node, op["path"]
            node[last] = op["value"]


def _matches(target: dict[str, Any], document: dict[str, Any]) -> bool:
    return all(
        document["kind"] == value if key == "kind" else document["metadata"][key] == value
        for key, value in target.items()
    )


@pytest.fixture(scope="module")
def rendered() -> list[dict[str, Any]]:
    overlay = yaml.safe_load(OVERLAY.read_text())
    assert overlay["resources"] == ["../k8s"]
    documents = [document for _, document in k8s_documents() if document["kind"] != "Kustomization"]
    for patch in overlay["patches"]:
        body = yaml.safe_load(patch["patch"])
        if isinstance(body, dict) and body.get("$patch") == "delete":
            documents = [
                d
                for d in documents
                if (d["kind"], d["metadata"]["name"]) != (body["kind"], body["metadata"]["name"])
            ]
            continue
        hits = [d for d in documents if _matches(patch["target"], d)]
        assert hits, patch["target"]
        for document in hits:
            _apply_json_patch(document, body)
    return documents


def test_no_one_node_redis_is_left(rendered):
    assert not [d for d in rendered if d["metadata"]["name"] == "redis"]


def test_every_stage_scales_on_its_stream_and_group_on_the_cluster(rendered):
    scaled = [d for d in rendered if d["kind"] == "ScaledObject"]
    assert len(scaled) == len(STAGES)
    for stage in STAGES:
        (target,) = [
            s for s in scaled if s["spec"]["scaleTargetRef"]["name"] == f"newsflow-{stage}"
        ]
        jsonschema.validate(target, SCALED_OBJECT)
        (trigger,) = target["spec"]["triggers"]
        assert trigger["type"] == "redis-cluster-streams"
        metadata = trigger["metadata"]
        assert metadata["stream"] == INPUT_OF[stage]
        assert metadata["consumerGroup"] == group_of(stage)
        assert int(metadata["lagCount"]) >= 1
        assert "address" not in metadata and "databaseIndex" not in metadata


def test_workers_and_scalers_name_the_same_cluster_nodes(rendered):
    (config,) = [d for d in rendered if d["kind"] == "ConfigMap"]
    nodes = split_nodes(config["data"]["NEWSFLOW_REDIS_URL"])
    first = nodes.url.removeprefix("redis://").rsplit("/", 1)[0]
    listed = [first, *(f"{host}:{port}" for host, port in nodes.others)]
    assert len(listed) >= 3
    assert config["data"]["NEWSFLOW_WAIT_REPLICAS"] == "1"
    for scaled in (d for d in rendered if d["kind"] == "ScaledObject"):
        assert scaled["spec"]["triggers"][0]["metadata"]["addresses"].split(",") == listed
