"""Run an ASGI app with uvicorn on 127.0.0.1 in a background thread, for tests."""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType

import uvicorn
from starlette.types import ASGIApp

LOOPBACK_HOST = "127.0.0.1"


class LoopbackServerError(RuntimeError):
    """The loopback server could not start or stop in time."""


class LoopbackServer:
    """Serve ``app`` on 127.0.0.1 with an OS-assigned port for the duration of a ``with`` block.

    The socket is bound before uvicorn starts, so ``base_url`` is known up front and no two
    servers can race for the same port.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        startup_timeout: float = 10.0,
        shutdown_timeout: float = 5.0,
    ) -> None:
        self._app = app
        self._startup_timeout = startup_timeout
        self._shutdown_timeout = shutdown_timeout
        self._socket: socket.socket | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._port: int | None = None

    @property
    def port(self) -> int:
        if self._port is None:
            raise LoopbackServerError("the server is not running; use it as a context manager")
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://{LOOPBACK_HOST}:{self.port}"

    def __enter__(self) -> LoopbackServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((LOOPBACK_HOST, 0))
        self._socket = sock
        self._port = sock.getsockname()[1]
        config = uvicorn.Config(
            self._app,
            log_level="warning",
            access_log=False,
            lifespan="off",
            # A scripted slow response must not hold the test run hostage at shutdown.
            timeout_graceful_shutdown=1,
        )
        server = uvicorn.Server(config)
        self._server = server
        self._thread = threading.Thread(
            target=server.run,
            kwargs={"sockets": [sock]},
            name=f"loopback-server-{self._port}",
            daemon=True,
        )
        self._thread.start()
        try:
            self._wait_until_accepting()
        except BaseException:
            self.stop()
            raise

    def _wait_until_accepting(self) -> None:
        assert self._server is not None and self._thread is not None
        deadline = time.monotonic() + self._startup_timeout
        while time.monotonic() < deadline:
            if not self._thread.is_alive():
                raise LoopbackServerError(
                    f"uvicorn exited during start-up on {LOOPBACK_HOST}:{self._port}"
                )
            if self._server.started and self._accepts_connections():
                return
            time.sleep(0.01)
        raise LoopbackServerError(
            f"uvicorn did not accept connections on {LOOPBACK_HOST}:{self._port} "
            f"within {self._startup_timeout:.1f}s"
        )

    def _accepts_connections(self) -> bool:
        try:
            with socket.create_connection((LOOPBACK_HOST, self.port), timeout=0.5):
                return True
        except OSError:
            return False

    def stop(self) -> None:
        server, thread = self._server, self._thread
        if server is not None and thread is not None:
            server.should_exit = True
            thread.join(self._shutdown_timeout)
            if thread.is_alive():
                server.force_exit = True
                thread.join(self._shutdown_timeout)
            if thread.is_alive():
                raise LoopbackServerError(
                    f"uvicorn on {LOOPBACK_HOST}:{self._port} did not stop within "
                    f"{2 * self._shutdown_timeout:.1f}s"
                )
        if self._socket is not None:
            self._socket.close()
        self._server = None
        self._thread = None
        self._socket = None
        self._port = None
