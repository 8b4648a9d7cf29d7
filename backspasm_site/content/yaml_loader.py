"""Reading a data file as an editor would want: one clear line per mistake, never a traceback.

- A key written twice in one mapping is an error naming both lines (PyYAML keeps the last
  value silently: a grade could flip without anyone noticing).
- An empty file, a file that is not UTF-8 text and a file that is not valid YAML are each
  named as such, with the line where the trouble starts.
- Every mapping remembers its lines (``LineDict``), so a field that fails validation later is
  reported at its own line: ``line_of(raw, ("positions", 2, "says"))``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:  # the same interface, whichever parser is there
    _Base = yaml.SafeLoader
else:
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser: about 10x faster


class LineDict(dict):
    """A YAML mapping that knows its lines: ``line`` (where it starts) and ``key_lines`` (key -> line), 1-based."""

    __slots__ = ("line", "key_lines")
    line: int | None
    key_lines: dict


def line_of(value, path):
    """The line of the field at ``path`` (keys and list indexes) inside ``value``, or the nearest line above it.

    None when ``value`` was not read by ``GuideLoader`` (a test's own dict, say)."""
    line = getattr(value, "line", None)
    for part in path:
        if isinstance(value, LineDict) and part in value:
            line = value.key_lines.get(part, line)
            value = value[part]
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            value = value[part]
            line = getattr(value, "line", line)
        else:
            break
    return line


class GuideLoader(_Base):
    """Safe YAML that records every key given twice in one mapping (``self.duplicates``) and
    builds mappings as ``LineDict``."""

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[tuple[int, int, str]] = []  # (line, first line, key), 1-based

    def construct_located_map(self, node):
        data = LineDict()
        data.line = node.start_mark.line + 1
        yield data
        data.update(self.construct_mapping(node))
        data.key_lines = self._key_lines

    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen and key != "<<":
                self.duplicates.append((line, seen[key], key))
            else:
                seen[key] = line
        self._key_lines = seen
        return super().construct_mapping(node, deep=deep)


GuideLoader.add_constructor("tag:yaml.org,2002:map", GuideLoader.construct_located_map)


class YamlProblem(ValueError):
    """A data file that cannot be read; ``problems`` has one line each."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def not_utf8(raw: bytes, rel: str) -> str | None:
    """'rel:LINE: not UTF-8 text (…)' when ``raw`` is not UTF-8 text, else None (data files and pages alike)."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return (f"{rel}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at column {column}); "
                f"save the file as UTF-8")
    return None


def read_yaml_text(raw: bytes, rel: str):
    """Parse ``raw`` (the bytes of the file ``rel``); raise YamlProblem with one clear line per problem.

    Returns the parsed value; an empty file (nothing but blanks and comments) is a problem too.
    """
    problem = not_utf8(raw, rel)
    if problem:
        raise YamlProblem([problem])
    text = raw.decode("utf-8-sig")
    loader = GuideLoader(text)
    try:
        value = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        hint = ""
        lines = text.splitlines()
        if mark and mark.line < len(lines) and "\t" in lines[mark.line]:
            hint = " (the line has a tab character: indent with spaces)"
        raise YamlProblem([f"{rel}{where}: not valid YAML: {problem}{hint}"]) from None
    finally:
        loader.dispose()
    problems = [f"{rel}:{line}: key '{key}' is given twice in the same entry (first on line {first}); keep one"
                for line, first, key in loader.duplicates]
    if value is None:
        problems.append(f"{rel}: file is empty")
    if problems:
        raise YamlProblem(problems)
    return value


def read_yaml(path: str, rel: str):
    """The parsed contents of the data file at ``path`` (shown to editors as ``rel``)."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except FileNotFoundError:
        raise YamlProblem([f"{rel}: file is missing"]) from None
    return read_yaml_text(raw, rel)
