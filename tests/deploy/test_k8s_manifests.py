"""deploy/k8s/: every built-in resource valid against the Kubernetes schemas, a Deployment with
probes and a KEDA ScaledObject per stage pointing at the real stream and consumer group."""

from pathlib import Path

import jsonschema
import pytest

from services.runtime.broker import GRACEFUL_TIMEOUT_S
from shared.settings import Settings
from shared.streams import INPUT_OF, STAGES, group_of
from tests.deploy.conftest import K8S, k8s_documents, of_kind

kubernetes_validate = pytest.importorskip("kubernetes_validate", reason="pip install '.[dev]'")

KUBERNETES_VERSION = "1.30.0"
CUSTOM_KINDS = {"ScaledObject", "Kustomization"}

#: the part of KEDA's ScaledObject CRD (keda.sh/v1alpha1) these manifests rely on
SCALED_OBJECT = {
    "type": "object",
    "required": ["apiVersion", "kind", "metadata", "spec"],
    "properties": {
        "apiVersion": {"const": "keda.sh/v1alpha1"},
        "metadata": {"type": "object", "required": ["name"]},
        "spec": {
            "type": "object",
            "required": ["scaleTargetRef", "triggers"],
            "additionalProperties": False,
            "properties": {
                "scaleTargetRef": {"type": "object", "required": ["name"]},
                "minReplicaCount": {"type": "integer", "minimum": 0},
                "maxReplicaCount": {"type": "integer", "minimum": 1},
                "pollingInterval": {"type": "integer", "minimum": 1},
                "cooldownPeriod": {"type": "integer", "minimum": 0},
                "triggers": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "required": ["type", "metadata"],
                        "properties": {
                            "type": {"type": "string"},
                            "metadata": {
                                "type": "object",
                                "additionalProperties": {"type": "string"},
                            },
                        },
                    },
                },
            },
        },
    },
}


def standard_documents() -> list[tuple[str, dict]]:
    return [(f, d) for f, d in k8s_documents() if d["kind"] not in CUSTOM_KINDS]


@pytest.mark.parametrize(
    "document",
    [d for _, d in standard_documents()],
    ids=[f"{f}:{d['kind']}" for f, d in standard_documents()],
)
def test_resource_is_valid_against_the_kubernetes_schema(document):
    kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)


def test_scaled_objects_are_valid_against_the_keda_fields_they_use():
    for name, document in of_kind("ScaledObject").items():
        errors = [
            e.message for e in jsonschema.Draft202012Validator(SCALED_OBJECT).iter_errors(document)
        ]
        assert errors == [], name


def test_kustomization_lists_every_manifest_in_the_folder():
    (kustomization,) = [d for _, d in k8s_documents() if d["kind"] == "Kustomization"]
    listed = set(kustomization["resources"])
    on_disk = {p.name for p in Path(K8S).glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == on_disk


def test_each_stage_runs_its_worker_with_readiness_and_liveness_probes():
    deployments = of_kind("Deployment")
    for stage in STAGES:
        spec = deployments[f"newsflow-{stage}"]["spec"]["template"]["spec"]
        (container,) = spec["containers"]
        assert container["args"] == ["worker", stage]
        assert container["readinessProbe"]["httpGet"]["path"] == "/health"
        assert container["livenessProbe"]["httpGet"]["path"] == "/live"
        assert spec["terminationGracePeriodSeconds"] > GRACEFUL_TIMEOUT_S
        assert spec["securityContext"]["runAsNonRoot"] is True


def test_each_stage_scales_on_its_own_stream_and_consumer_group_lag():
    deployments, scaled = of_kind("Deployment"), of_kind("ScaledObject")
    assert len(scaled) == len(STAGES)
    for stage in STAGES:
        (target,) = [
            s for s in scaled.values() if s["spec"]["scaleTargetRef"]["name"] == f"newsflow-{stage}"
        ]
        assert f"newsflow-{stage}" in deployments
        (trigger,) = target["spec"]["triggers"]
        assert trigger["type"] == "redis-streams"
        assert trigger["metadata"]["stream"] == INPUT_OF[stage]
        assert trigger["metadata"]["consumerGroup"] == group_of(stage)
        assert int(trigger["metadata"]["lagCount"]) >= 1


def test_scalers_and_workers_talk_to_the_same_redis():
    config = of_kind("ConfigMap")["newsflow-config"]["data"]
    url = config["NEWSFLOW_REDIS_URL"]
    for scaled in of_kind("ScaledObject").values():
        address = scaled["spec"]["triggers"][0]["metadata"]["address"]
        assert url.startswith(f"redis://{address}/")


def test_config_map_holds_only_known_settings():
    config = of_kind("ConfigMap")["newsflow-config"]["data"]
    known = {f"NEWSFLOW_{field.upper()}" for field in Settings.model_fields}
    assert set(config) <= known
    Settings(**{k.removeprefix("NEWSFLOW_").lower(): v for k, v in config.items()})


def test_api_has_a_service_and_probes():
    api = of_kind("Deployment")["newsflow-api"]["spec"]["template"]["spec"]["containers"][0]
    assert api["args"][0] == "api"
    assert "readinessProbe" in api and "livenessProbe" in api
    service = of_kind("Service")["newsflow-api"]
    assert service["spec"]["ports"][0]["targetPort"] == api["ports"][0]["name"]


def test_redis_keeps_its_data_on_a_volume_with_aof():
    redis = of_kind("StatefulSet")["redis"]
    args = redis["spec"]["template"]["spec"]["containers"][0]["args"]
    assert args[args.index("--appendonly") + 1] == "yes"
    assert redis["spec"]["volumeClaimTemplates"]
