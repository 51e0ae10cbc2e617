"""deploy/Dockerfile: one small image, read as text (no Docker engine here)."""

import re

from tests.deploy.conftest import DEPLOY

DOCKERFILE = (DEPLOY / "Dockerfile").read_text()


def stages() -> list[str]:
    """The Dockerfile split at each FROM: one text per build stage."""
    return re.split(r"^FROM ", DOCKERFILE, flags=re.MULTILINE)[1:]


def instructions(stage: str, keyword: str) -> list[str]:
    joined = re.sub(r"\\\n", " ", stage)
    return [
        line.split(None, 1)[1] for line in joined.splitlines() if line.startswith(keyword + " ")
    ]


def test_image_builds_in_stages_from_python_slim():
    assert len(stages()) >= 2
    assert "ARG PYTHON_IMAGE=python:3.11-slim" in DOCKERFILE
    assert all(stage.startswith("${PYTHON_IMAGE}") for stage in stages())


def test_build_stage_installs_the_project_with_its_model():
    build = stages()[0]
    assert any("pip install ." in run for run in instructions(build, "RUN"))
    assert any("load_model" in run for run in instructions(build, "RUN"))


def test_run_stage_has_no_build_tools_and_a_non_root_user():
    run = stages()[-1]
    assert not any("apt-get install" in line for line in instructions(run, "RUN"))
    assert "build-essential" not in run and "gcc" not in run
    (user,) = instructions(run, "USER")
    assert user.split(":")[0] not in ("root", "0")


def test_command_picks_the_stage_through_the_newsflow_entrypoint():
    run = stages()[-1]
    assert instructions(run, "ENTRYPOINT") == ['["newsflow"]']
    assert instructions(run, "CMD")[0].startswith('["worker",')
