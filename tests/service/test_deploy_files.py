"""compose.yaml, the Dockerfile and the Procfile describe the same processes."""

from __future__ import annotations

import yaml

from tests.service.cli import ROOT


def _procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def test_every_procfile_role_is_a_compose_service_with_its_command():
    """release, web, worker and clock run the Procfile's commands (ports aside)."""
    services = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]
    for role, command in _procfile().items():
        words = command.replace("$PORT", "3000").split()
        assert services[role]["command"][: len(words)] == words, role


def test_compose_waits_for_a_healthy_database_and_a_finished_release():
    """PostgreSQL has a health check; release runs once; the rest start after it."""
    services = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert services["release"]["restart"] == "no"
    for role in ("web", "worker", "clock"):
        needs = services[role]["depends_on"]
        assert needs["release"]["condition"] == "service_completed_successfully"
        assert needs["db"]["condition"] == "service_healthy"
        assert services[role]["env_file"] == ".env"
        assert "/readyz" in " ".join(services[role]["healthcheck"]["test"])


def test_the_image_takes_its_base_as_an_argument_and_runs_unprivileged():
    """ARG BASE defaults to the official slim image; a non-root USER; content checked."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "ARG BASE=python:3.11-slim" in dockerfile
    assert dockerfile.count("FROM ${BASE}") == 2  # the CA bundle stays in the build stage
    assert "USER prepbot" in dockerfile and "prepbot content check" in dockerfile
