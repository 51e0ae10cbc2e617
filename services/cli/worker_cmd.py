"""`newsflow worker STAGE`: one stage process; start it N times to scale."""

import argparse

from services.runtime.worker import run_worker
from shared.settings import Settings


def run(args: argparse.Namespace, settings: Settings) -> int:
    return run_worker(args.stage, settings)
