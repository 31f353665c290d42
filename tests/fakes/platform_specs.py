"""The platforms' published schemas, for the fakes to check what they receive.

`../shared/platform-specs/` beside the repository holds Discord's OpenAPI document
(API v10) and Slack's app manifest schema (PLATFORM_SPECS overrides the folder). A
request body the real API would refuse by its own schema fails the test that sent it:
the fake answers it as Discord answers an invalid form body, and records the problem.

Where the folder is missing (a clone without it) the checks are skipped with a warning;
under CI (CI=true) that is a failure instead, so the checks never silently stop.
"""

from __future__ import annotations

import json
import os
import re
import warnings
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator, Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).parents[2]
SPECS_ENV = "PLATFORM_SPECS"
DISCORD_OPENAPI = "discord-openapi.json"
SLACK_MANIFEST = "slack-manifest-schema-v1.json"
_DOC_URI = "urn:discord-openapi"


def specs_dir() -> Path | None:
    """The specs folder, or None (after a warning, or failing under CI) when missing."""
    folder = Path(os.environ.get(SPECS_ENV) or ROOT.parent / "shared" / "platform-specs")
    if (folder / DISCORD_OPENAPI).is_file():
        return folder
    message = f"platform schemas not found in {folder}: the fakes do not check bodies"
    if os.environ.get("CI") == "true":
        raise RuntimeError(message)
    warnings.warn(message, stacklevel=2)
    return None


@cache
def _discord() -> tuple[dict[str, Any], list[tuple[str, re.Pattern[str], str]]] | None:
    folder = specs_dir()
    if folder is None:
        return None
    document = json.loads((folder / DISCORD_OPENAPI).read_text())
    # One known gap between the document and the API: the document types a snowflake
    # as a decimal string, while Discord also takes a JSON integer, which discord.py
    # sends (allowed_mentions' user ids, for one). Both are accepted here; nothing else
    # in the document is relaxed.
    snowflake = document["components"]["schemas"]["SnowflakeType"]
    document["components"]["schemas"]["SnowflakeType"] = {
        "anyOf": [snowflake, {"type": "integer", "minimum": 0}]
    }
    routes = []
    for template, operations in document["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", r"[^/]+", re.escape(template)) + "$")
        for method in operations:
            if method in ("get", "post", "put", "patch", "delete"):
                routes.append((method.upper(), pattern, template))
    return document, routes


@cache
def _registry() -> Registry | None:
    loaded = _discord()
    if loaded is None:
        return None
    resource = Resource.from_contents(loaded[0], default_specification=DRAFT202012)
    return Registry().with_resource(_DOC_URI, resource)


@cache
def _route(method: str, shape: str) -> str | None:
    loaded = _discord()
    if loaded is None:
        return None
    # A literal segment beats a placeholder (`/users/@me` before `/users/{user_id}`).
    matches = [t for m, pattern, t in loaded[1] if m == method and pattern.match(shape)]
    return min(matches, key=lambda t: t.count("{")) if matches else None


def _operation(method: str, path: str) -> tuple[str, dict[str, Any]] | None:
    loaded = _discord()
    if loaded is None:
        return None
    # Ids vary, the route does not: cache the match by the path with its ids masked.
    template = _route(method, re.sub(r"/\d+", "/0", path))
    if template is None:
        return None
    return template, loaded[0]["paths"][template][method.lower()]


def discord_body_problems(method: str, path: str, body: Any, *, multipart: bool) -> list[str]:
    """Why Discord's own schema refuses this request body (empty: it accepts it).

    `path` is without the `/api/v10` prefix. A route the document does not describe, or
    one without a request body, is not checked (the fake answers 404 for the former).
    """
    found = _operation(method, path)
    registry = _registry()
    if found is None or registry is None or body is None:
        return []
    template, operation = found
    content = (operation.get("requestBody") or {}).get("content") or {}
    media = "multipart/form-data" if multipart and "multipart/form-data" in content else None
    media = media or ("application/json" if "application/json" in content else None)
    if media is None:
        return []
    schema = {
        "$ref": f"{_DOC_URI}#/paths/{_pointer(template)}/{method.lower()}"
        f"/requestBody/content/{_pointer(media)}/schema"
    }
    validator = Draft202012Validator(schema, registry=registry)
    return [
        f"{method} {template}: {'/'.join(map(str, error.absolute_path)) or '(body)'}: "
        f"{error.message[:200]}"
        for error in sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    ]


def warm_up() -> None:
    """Load the document now (about 0.3 s, once per process), not in a first request.

    Done in the middle of a test's first request, the load stalled the fake long
    enough to bunch paced requests together and trip the fake's own rate limit.
    """
    _registry()


def _pointer(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def slack_manifest_problems(manifest: dict[str, Any]) -> list[str]:
    """Why Slack's manifest schema refuses `manifest` (empty: it accepts it)."""
    folder = specs_dir()
    if folder is None:
        return []
    schema = json.loads((folder / SLACK_MANIFEST).read_text())
    validator = Draft7Validator(schema)
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(manifest)'}: {error.message[:200]}"
        for error in validator.iter_errors(manifest)
    ]
