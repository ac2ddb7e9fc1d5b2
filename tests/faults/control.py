"""Stop and start this machine's real servers (loopback only), and wait until they answer.

The commands are the ones the machine's own start-up uses; each ``stop_*`` is paired with a
``start_*`` that the tests call in a ``finally`` block.
"""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

HOST = "127.0.0.1"
POSTGRES_PORT, REDIS_PORT, AMQP_PORT = 5432, 6379, 5672
COMMAND_TIMEOUT_S = 90


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=COMMAND_TIMEOUT_S)


def port_open(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_until(predicate, timeout_s: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise TimeoutError(f"timed out after {timeout_s} s waiting for {what}")


def _pg_version() -> str:
    return sorted(Path("/etc/postgresql").iterdir(), key=lambda p: int(p.name))[-1].name


def stop_postgres() -> None:
    _run("pg_ctlcluster", "--skip-systemctl-redirect", _pg_version(), "main", "stop", "-m", "fast")
    wait_until(lambda: not port_open(POSTGRES_PORT), 30, "PostgreSQL to stop")


def start_postgres() -> None:
    if not port_open(POSTGRES_PORT):
        _run("pg_ctlcluster", "--skip-systemctl-redirect", _pg_version(), "main", "start")
    wait_until(_postgres_answers, 60, "PostgreSQL to answer")


def _postgres_answers() -> bool:
    result = subprocess.run(
        ["pg_isready", "-h", HOST, "-p", str(POSTGRES_PORT)], capture_output=True, timeout=10
    )
    return result.returncode == 0


def stop_redis() -> None:
    _run("redis-cli", "-h", HOST, "-p", str(REDIS_PORT), "shutdown", "nosave")
    wait_until(lambda: not port_open(REDIS_PORT), 30, "Redis to stop")


def start_redis() -> None:
    if not port_open(REDIS_PORT):
        _run(
            "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1",
            "--port", str(REDIS_PORT), "--save", "", "--appendonly", "no",
            "--dir", "/var/lib/redis", "--logfile", "/var/log/redis/ci.log",
        )  # fmt: skip
    wait_until(_redis_answers, 30, "Redis to answer PING")


def _redis_answers() -> bool:
    result = subprocess.run(
        ["redis-cli", "-h", HOST, "-p", str(REDIS_PORT), "ping"], capture_output=True, timeout=10
    )
    return result.stdout.strip() == b"PONG"


def stop_rabbitmq() -> None:
    """Stop the RabbitMQ application (the Erlang node stays up, so it comes back in seconds)."""
    _run("rabbitmqctl", "stop_app")
    wait_until(lambda: not port_open(AMQP_PORT), 30, "RabbitMQ to stop listening")


def start_rabbitmq() -> None:
    try:
        _run("rabbitmqctl", "start_app")
    except subprocess.CalledProcessError:
        # The node itself is down (not just the app): start the whole server.
        _run("rabbitmq-server", "-detached")
    wait_until(lambda: port_open(AMQP_PORT), 90, "RabbitMQ to listen")
