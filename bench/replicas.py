"""Sessions through two replicas behind nginx (``scripts/serve-replicas.sh``, as ``make serve-replicas`` starts it),
against half as many on one server: the same bursts as the load phase, over Streamlit's websocket protocol."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.deploy.conftest import free_ports  # the same free-port finder as the deploy tests

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "serve-replicas.sh"
START_SECONDS = 240
STOP_SECONDS = 40


@dataclass
class Replicas:
    process: subprocess.Popen
    url: str  # nginx
    replica_urls: tuple[str, ...]
    run_dir: Path

    def output(self) -> str:
        path = self.run_dir.parent / f"{self.run_dir.name}-script.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        """SIGTERM to the script (its trap stops nginx and the replicas), then the whole group if it lingers."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=10)


def start(data_dir: Path | None = None) -> Replicas:
    """Two replicas behind nginx on free loopback ports; returns once the script says it serves."""
    port, *replica_ports = free_ports(3)
    run_dir = Path(tempfile.mkdtemp(prefix="bench-replicas-"))
    env = {
        **os.environ,
        "PORT": str(port),
        "REPLICA_PORTS": " ".join(map(str, replica_ports)),
        "RUN_DIR": str(run_dir),
        "PYTHON": sys.executable,
        "STARTUP_TIMEOUT": str(START_SECONDS - 20),
    }
    env.pop("EVIDENCE_DATA_DIR", None)
    if data_dir is not None:
        env["EVIDENCE_DATA_DIR"] = str(data_dir)
    with open(run_dir.parent / f"{run_dir.name}-script.log", "wb") as output:
        process = subprocess.Popen(
            ["bash", str(SCRIPT)], cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    replicas = Replicas(process, f"http://127.0.0.1:{port}", tuple(f"http://127.0.0.1:{p}" for p in replica_ports),
                        run_dir)  # fmt: skip
    deadline = time.monotonic() + START_SECONDS
    while "Ctrl-C stops" not in replicas.output():
        if process.poll() is not None or time.monotonic() > deadline:
            replicas.stop()
            raise RuntimeError(f"serve-replicas.sh did not start:\n{replicas.output()}")
        time.sleep(0.3)
    return replicas
