"""Completing a framework's official wording: a new version of its file, with the commitments' texts replaced.

The version in force stays as it is (measurements and assessments keep the version they were made with); the new
file goes through the same preview and loading as an uploaded one (loader.parse_framework, preview_framework)."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from .loader import checksum, shipped_framework_files
from .models import FrameworkVersion


@dataclass(frozen=True)
class Wording:
    title: str
    gist: str


def source_file_of(version: FrameworkVersion) -> bytes | None:
    """The file this version was loaded from, when Vigie ships it unchanged (found by its checksum)."""
    for path in shipped_framework_files():
        content = path.read_bytes()
        if checksum(content) == version.checksum:
            return content
    return None


def with_wording(content: bytes, *, version: str, wording: dict[str, Wording], source: str) -> bytes:
    """The framework file `content` as a new `version`, each commitment named in `wording` with its official title
    and content, its source `source` and confidence C (a public source cited)."""
    data = yaml.safe_load(content)
    data["version"] = version
    for node in data.get("nodes") or []:
        if isinstance(node, dict) and node.get("kind") == "commitment" and node.get("code") in wording:
            text = wording[node["code"]]
            node["title"], node["gist"] = text.title.strip(), text.gist.strip()
            node["source"], node["confidence"] = source, "C"
    header = f"# {data.get('name', '')} {version} : libellés officiels complétés dans Vigie (source : {source}).\n"
    return (header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)).encode()
