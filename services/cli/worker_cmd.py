"""`newsflow worker STAGE`: one stage process; start it N times to scale."""

import argparse
import importlib

from services.runtime.worker import run_worker
from shared.settings import Settings


def run(args: argparse.Namespace, settings: Settings) -> int:
    stage = importlib.import_module(f"services.{args.stage}.app")
    return run_worker(stage.create_app, settings)
