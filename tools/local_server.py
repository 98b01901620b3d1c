"""Local servers for the browser tests and benchmarks: wait until one answers; serve a folder.

Every server here listens on 127.0.0.1 at a free port and is stopped when its ``with``
block ends, so tests and benchmarks never touch the network.
"""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Callable


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_answering(url: str, *, server: subprocess.Popen | None = None,
                         timeout: float = 60.0, log: Callable[[], str] = lambda: "") -> None:
    """Return once ``url`` answers an HTTP request; raise if ``server`` exits or time runs out.

    ``log`` gives the server's output for the error message.
    """
    deadline = time.time() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if time.time() > deadline or (server is not None and server.poll() is not None):
                raise RuntimeError(f"no answer from {url}:\n{log()}")
            time.sleep(0.3)


@contextmanager
def serve_folder(folder: Path):
    """A plain HTTP server on ``folder`` (Python's http.server); yields its base URL."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind",
                               "127.0.0.1", "--directory", str(folder)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(f"{base}/", server=server, timeout=30)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
