"""`newsflow up`: every stage and the query API in the foreground; an embedded Redis when no
URL is given. With `--publish`, publishes those inputs and prints each article as it comes out.

Ctrl-C and SIGTERM (what `docker stop`, systemd and Kubernetes send) stop it the same way: each
child gets SIGTERM and up to 25 s to finish what it holds. After a SIGKILL of `up`, the
children stop too (`runtime/lifeline.py`): none outlives it."""

import argparse
import asyncio
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from redis.exceptions import RedisError

from services.cli.inputs import Checked, checked, inputs, undated_note
from services.cli.progress import Progress
from services.cli.show import summary
from services.ingest.publish import publish
from services.runtime.broker import make_redis
from services.runtime.embedded import EmbeddedRedis, NoRedisServer
from services.runtime.envelope import entry_body
from services.runtime.groups import ensure_stage_groups
from services.runtime.lag import drained
from services.runtime.lifeline import PARENT_ENV, die_with_parent
from services.runtime.redis_url import redact
from services.runtime.spawn import child_env, newsflow_command
from services.runtime.worker import wait_for_redis
from shared.messages import ArticleEnriched
from shared.settings import Settings
from shared.streams import ENRICHED, STAGES


def _start(
    command: list[str],
    url: str,
    log_path: Path,
    metrics_port: int = 0,
    field_map: dict[str, str] | None = None,
) -> subprocess.Popen[bytes]:
    """`newsflow COMMAND` as a child; `field_map` (`up --field`) reaches the ingest worker too,
    so that articles any client adds while `up` runs are read the same way."""
    env = child_env(
        {
            **os.environ,
            "NEWSFLOW_REDIS_URL": url,
            "NEWSFLOW_METRICS_PORT": str(metrics_port),
            "NEWSFLOW_FIELD_MAP": ",".join(f"{k}={v}" for k, v in (field_map or {}).items()),
            PARENT_ENV: str(os.getpid()),
        }
    )
    with open(log_path, "ab") as log:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            newsflow_command(*command),  # never a `services/` package in the current folder
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,  # Ctrl-C reaches `up` only; it stops the children in order
            preexec_fn=die_with_parent(),  # up starts its children from one thread
        )


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _stop(children: list[subprocess.Popen[bytes]], grace_s: float = 25.0) -> None:
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    for child in children:
        try:
            child.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


async def _follow(
    url: str, start_id: str, expected: int | None, stages: dict[str, subprocess.Popen[bytes]]
) -> None:
    """Print enriched articles from `start_id` on; stop once `expected` were printed and the
    whole pipeline is drained (when `expected` is set)."""
    redis = make_redis(url)
    last, shown = start_id, 0
    try:
        while True:
            for stage, child in stages.items():
                if child.poll() is not None:
                    raise RuntimeError(
                        f"the {stage} worker exited ({child.returncode}); see its log"
                    )
            for _stream, entries in await redis.xread({ENRICHED: last}, count=50, block=500):
                for entry_id, fields in entries:
                    last = entry_id
                    body, _ = entry_body(fields)
                    print(summary(ArticleEnriched.model_validate_json(body)), flush=True)
                    shown += 1
            if expected is not None and shown >= expected and await drained(redis):
                return
            if expected is not None and shown < expected and await drained(redis):
                # duplicates are linked, not re-processed: nothing more will come
                await asyncio.sleep(1.0)
                if await drained(redis):
                    return
    finally:
        await redis.aclose()


async def _last_id(url: str) -> str:
    redis = make_redis(url)
    try:
        await ensure_stage_groups(redis)
        entries = await redis.xrevrange(ENRICHED, count=1)
        return entries[0][0].decode() if entries else "0"
    finally:
        await redis.aclose()


def _publish(paths: list[str], url: str, settings: Settings) -> Checked:
    found = checked(inputs(paths, settings), settings.max_text_chars, settings.field_map)
    with Progress("publishing", total=len(found.good)) as progress:
        for rejected in found.bad:
            progress.say(f"rejected {rejected.origin}: {rejected.reason}")
        asyncio.run(publish(url, found.good, on_published=progress.advance))
    if note := undated_note(found.undated, len(found.good)):
        progress.say(note)
    progress.finish(f"published {len(found.good)}, rejected {len(found.bad)}")
    return found


class Stopped(KeyboardInterrupt):
    """SIGTERM: handled exactly as Ctrl-C."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Stopped()


def run(args: argparse.Namespace, settings: Settings) -> int:
    embedded = None
    url = settings.redis_url.get_secret_value() if settings.redis_url else None
    data = Path(settings.data_dir)
    (data / "logs").mkdir(parents=True, exist_ok=True)
    if url is None:
        embedded = EmbeddedRedis(data / "redis", preexec_fn=die_with_parent())
        try:
            url = embedded.start()
        except (NoRedisServer, RuntimeError) as error:
            print(f"newsflow: {error}", file=sys.stderr)
            return 1
        print(f"embedded Redis on {url} (data in {embedded.folder})", file=sys.stderr)
    elif not asyncio.run(wait_for_redis(url, attempts=1)):
        return 1
    children: list[subprocess.Popen[bytes]] = []
    stages: dict[str, subprocess.Popen[bytes]] = {}
    signal.signal(signal.SIGTERM, _on_sigterm)  # until here the default: die, and so do they
    try:
        for index, stage in enumerate(STAGES):  # with NEWSFLOW_METRICS_PORT=P: P, P+1, ...
            port = settings.metrics_port + index if settings.metrics_port else 0
            log = data / "logs" / f"{stage}.log"
            stages[stage] = _start(["worker", stage], url, log, port, settings.field_map)
            children.append(stages[stage])
        if not args.no_api and not _port_free(args.api_port):
            print(
                f"port {args.api_port} is in use: the query API is not started "
                "(choose another with --api-port)",
                file=sys.stderr,
            )
        elif not args.no_api:
            children.append(
                _start(["api", "--port", str(args.api_port)], url, data / "logs" / "api.log")
            )
            print(f"query API on http://127.0.0.1:{args.api_port}", file=sys.stderr)
        print(
            f"stages running: {', '.join(STAGES)} (logs in {data / 'logs'}); Ctrl-C stops",
            file=sys.stderr,
        )
        start_id = asyncio.run(_last_id(url))
        expected = None
        if args.publish:
            found = _publish(args.publish, url, settings)
            expected = len(found.good) if args.exit_when_done else None
        asyncio.run(_follow(url, start_id, expected, stages))
        return 0
    except KeyboardInterrupt:
        return 0
    except (RedisError, OSError, RuntimeError) as error:
        print(f"newsflow: {error} (Redis {redact(url)})", file=sys.stderr)
        return 1
    finally:
        # a second Ctrl-C or SIGTERM must not cut the orderly stop short
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        print("stopping…", file=sys.stderr)
        _stop(children)
        if embedded:
            embedded.stop()
