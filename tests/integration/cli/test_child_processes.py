"""newsflow's own child processes run this newsflow, even from a folder holding a `services/`
package of the user's (which `python -m services.cli.main` would import instead)."""

import subprocess

from services.runtime.spawn import child_env, newsflow_command


def test_a_child_started_in_a_folder_with_its_own_services_package_runs_newsflow(tmp_path):
    decoy = tmp_path / "services"
    decoy.mkdir()
    (decoy / "__init__.py").write_text("raise SystemExit('the user services package was imported')")
    done = subprocess.run(
        newsflow_command("--version"),
        cwd=tmp_path,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("newsflow ")


def test_the_same_child_started_the_old_way_imports_the_users_package(tmp_path):
    """The failure the spawn helper prevents (so the test above can fail)."""
    decoy = tmp_path / "services"
    decoy.mkdir()
    (decoy / "__init__.py").write_text("raise SystemExit('the user services package was imported')")
    command = [arg for arg in newsflow_command("--version") if arg != "-P"]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "user services package" in done.stderr
