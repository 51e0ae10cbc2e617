"""How newsflow starts its own processes (`up`'s workers and API, the benchmark's runs) so that
they run this very newsflow, whatever folder they start in.

`python -m services.cli.main` would put the current folder first on `sys.path`, so a user's
own `services/` package there would shadow newsflow's (`No module named 'services.cli'`).
Children start with `python -P` (Python 3.11+: the current folder is not searched) and, when
this newsflow is not installed into site-packages (a source folder, an editable install), its
folder first on `PYTHONPATH`, so the child imports exactly the code its parent runs.
"""

import os
import site
import sys
from collections.abc import Mapping
from pathlib import Path

#: the folder holding this newsflow's `services` and `shared` packages
ROOT = Path(__file__).resolve().parents[2]


def newsflow_command(*args: str) -> list[str]:
    """The command line of `newsflow ARGS...` as a child process."""
    return module_command("services.cli.main", *args)


def module_command(module: str, *args: str) -> list[str]:
    """The command line of `python -m MODULE ARGS...` as a child process of newsflow."""
    return [sys.executable, "-P", "-m", module, *args]


def child_env(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """`env` (default: this process's environment) with `ROOT` first on `PYTHONPATH` when
    the interpreter would not find newsflow there by itself."""
    child = dict(os.environ if env is None else env)
    if _installed():
        return child
    paths = [p for p in child.get("PYTHONPATH", "").split(os.pathsep) if p]
    child["PYTHONPATH"] = os.pathsep.join([str(ROOT), *(p for p in paths if p != str(ROOT))])
    return child


def _installed() -> bool:
    """Whether newsflow lives in a site-packages folder (found by any `python -P`)."""
    folders = [*site.getsitepackages(), site.getusersitepackages()]
    return any(ROOT == Path(folder).resolve() for folder in folders)
