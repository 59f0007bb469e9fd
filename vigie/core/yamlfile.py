"""YAML reading that keeps line numbers, so that every error can name its line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from .issues import capped

UNREADABLE = "fichier illisible : un fichier YAML (texte UTF-8) est attendu"


class LineDict(dict):
    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0
    item_lines: list[int]


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(None, None, f"clé « {key} » en double", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


@dataclass(frozen=True)
class FileError:
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"ligne {self.line} : {self.message}" if self.line else self.message


class FileRejected(Exception):
    """A file refused as a whole; `errors` name each faulty line. Nothing was written."""

    def __init__(self, errors: list[FileError]):
        self.errors = errors
        super().__init__(str(capped(errors)))  # the first ISSUES_SHOWN errors and the total


def load_yaml(text: str | bytes) -> Any:
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise FileRejected([FileError(None, UNREADABLE)]) from exc
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except yaml.reader.ReaderError as exc:  # a character no YAML text holds (NUL, control characters): binary
        raise FileRejected([FileError(None, UNREADABLE)]) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "syntaxe YAML invalide"
        raise FileRejected([FileError(line, f"YAML invalide : {problem}")]) from exc
    except yaml.YAMLError as exc:
        raise FileRejected([FileError(None, f"YAML invalide : {exc}")]) from exc
