"""The app served by gunicorn on 127.0.0.1, as in production, for browser and load tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.error import URLError

from tests.support.postgres import free_port


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    log_handle: BinaryIO

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log_handle.close()


def start_gunicorn(env: Mapping[str, str], log: Path, workers: int = 2,
                   threads: int = 4, options: Sequence[str] = (),
                   ready_seconds: float = 30) -> LiveServer:
    """gunicorn on a free port; ``options`` are further command-line options (``--preload``).
    No control socket: several servers at once would share its one default path."""
    port = free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    handle = log.open("wb")
    process = subprocess.Popen(
        [str(gunicorn), "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--threads", str(threads), "--timeout", "60", "--graceful-timeout", "5",
         "--no-control-socket", *options, "hiring.wsgi:app"],
        env={**os.environ, **env}, stdout=handle, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + ready_seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            handle.close()
            raise RuntimeError(f"gunicorn exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/login", timeout=2) as response:
                if response.status == 200:
                    return LiveServer(url, process, log, handle)
        except (URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    process.kill()
    process.wait()
    handle.close()
    raise RuntimeError(f"gunicorn did not answer: {log.read_text(errors='replace')[-2000:]}")
