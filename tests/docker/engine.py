"""A Docker engine and the base image for the image test, made on this machine.

No image registry is reachable here, so the image the Dockerfile starts FROM is made locally:
a minimal Debian bookworm (debootstrap) with Python, carrying the host's CA bundle so that pip
inside the build can pass the HTTPS proxy. The Dockerfile itself stays as real users run it.
"""

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOST_CA = Path("/etc/ssl/certs/ca-certificates.crt")
CACHE = Path(os.environ.get("FOLLOWUP_DOCKER_CACHE", "/var/tmp/followup-docker"))
MIRROR = "http://deb.debian.org/debian"


class DockerUnavailable(Exception):
    pass


def docker(*args: str, timeout: float = 600, check: bool = True) -> str:
    done = subprocess.run(
        ["docker", *args], capture_output=True, text=True, timeout=timeout, check=False
    )
    if check and done.returncode != 0:
        raise RuntimeError(f"docker {' '.join(args[:3])}: {done.stderr.strip()[-3000:]}")
    return done.stdout


def _answers() -> bool:
    try:
        return subprocess.run(["docker", "info"], capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def ensure_engine() -> None:
    """A running engine: the one there is, or dockerd started now (as root)."""
    if shutil.which("docker") is None:
        raise DockerUnavailable("no docker client (apt-get install docker.io)")
    if _answers():
        return
    if shutil.which("dockerd") is None or os.geteuid() != 0:
        raise DockerUnavailable("no Docker engine answers, and dockerd cannot be started here")
    CACHE.mkdir(parents=True, exist_ok=True)
    with (CACHE / "dockerd.log").open("ab") as log:
        # Detached (setsid --fork returns at once): the engine is a service that outlives the
        # tests, not a child process of theirs left running when they end.
        subprocess.run(
            ["setsid", "--fork", "dockerd"],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            timeout=30,
            check=True,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if _answers():
            return
        time.sleep(1)
    raise DockerUnavailable(f"dockerd was started but never answered (see {CACHE}/dockerd.log)")


def base_image() -> str:
    """The image the Dockerfile starts FROM."""
    found = re.search(r"^FROM\s+(\S+)", (ROOT / "Dockerfile").read_text(), re.MULTILINE)
    assert found, "the Dockerfile has no FROM line"
    return found.group(1)


def ensure_base_image() -> str:
    tag = base_image()
    present = subprocess.run(
        ["docker", "image", "inspect", tag], capture_output=True, timeout=60, check=False
    )
    if present.returncode == 0:
        return tag
    if shutil.which("debootstrap") is None:
        raise DockerUnavailable(f"{tag} is not present and debootstrap is missing to make it")
    rootfs = CACHE / "bookworm"
    if not (rootfs / "usr/bin/python3").exists():
        shutil.rmtree(rootfs, ignore_errors=True)
        rootfs.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "debootstrap",
                "--variant=minbase",
                "--include=python3,python3-venv,ca-certificates",
                "bookworm",
                str(rootfs),
                MIRROR,
            ],
            check=True,
            capture_output=True,
            timeout=1800,
        )
    shutil.copyfile(HOST_CA, rootfs / "etc/ssl/certs/ca-certificates.crt")
    python = rootfs / "usr/bin/python"
    if not python.exists():
        python.symlink_to("python3")
    with subprocess.Popen(["tar", "-C", str(rootfs), "-c", "."], stdout=subprocess.PIPE) as archive:
        subprocess.run(
            [
                "docker",
                "import",
                "--change",
                f"ENV PIP_CERT={HOST_CA}",
                "--change",
                "ENV LANG=C.UTF-8",
                "-",
                tag,
            ],
            stdin=archive.stdout,
            check=True,
            capture_output=True,
            timeout=600,
        )
    return tag


def proxy_build_args() -> list[str]:
    """The host's proxy settings, handed to the build as Docker's predefined build args."""
    args = []
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"):
        if value := os.environ.get(name):
            args += ["--build-arg", f"{name}={value}"]
    return args
