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

    def construct_object(self, node, deep=False):
        # A node met a second time was reached through an alias (*name): refused, so a few lines of
        # aliases to aliases (a "billion laughs") cannot grow into a value that hangs the build.
        if node in self.constructed_objects or node in self.recursive_objects:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "an alias (*name) repeats the value anchored (&name) here; aliases are not allowed: "
                "write the value out",
                node.start_mark,
            )
        return super().construct_object(node, deep=deep)

    def construct_checked_timestamp(self, node):
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"'{node.value}' is not a real date ({exc}); write a date that exists, as YYYY-MM-DD",
                node.start_mark,
            ) from None


GuideLoader.add_constructor("tag:yaml.org,2002:map", GuideLoader.construct_located_map)
GuideLoader.add_constructor("tag:yaml.org,2002:timestamp", GuideLoader.construct_checked_timestamp)

# what libyaml says, and what an editor can do about it
HINTS = {
    "mapping values are not allowed": "a colon and a space inside a value: put the whole value in quotes",
    "could not find expected ':'": "a line that is not 'key: value' (or a value that runs on): check the line, "
    "or put the value in quotes",
    "found character that cannot start any token": "a character such as ` @ % or a tab cannot start a value: "
    "put the value in quotes",
    "could not determine a constructor": "a tag such as !ENV or !!python is not allowed: remove it",
    "found undefined alias": "an alias (*name) is not allowed: write the value out",
}


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
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return f"{rel}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at column {column}); save the file as UTF-8"
    return None


def yaml_problem_line(exc, text, rel, first_line=1):
    """'rel:LINE: not valid YAML: cause (what to do)' for a YAMLError in ``text`` (whose line 1 is ``first_line``)."""
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML cannot hold at all
        line = text[: exc.position].count("\n") + first_line
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return (
            f"{rel}:{line}: not valid YAML: a control character (U+{char:04X}) is not allowed; delete it and "
            f"type the text again"
        )
    mark = getattr(exc, "problem_mark", None)
    where = f":{mark.line + first_line}" if mark else ""
    problem = " ".join((getattr(exc, "problem", None) or str(exc)).split())
    lines = text.splitlines()
    if mark and mark.line < len(lines) and "\t" in lines[mark.line]:
        hint = " (the line has a tab character: indent with spaces)"
    else:
        hint = next((f" ({h})" for key, h in HINTS.items() if key in problem), "")
    return f"{rel}{where}: not valid YAML: {problem}{hint}"


def duplicate_lines(loader, rel, first_line=1):
    shift = first_line - 1
    return [
        f"{rel}:{line + shift}: key '{key}' is given twice in the same entry (first on line {first + shift}); keep one"
        for line, first, key in loader.duplicates
    ]


FRONT_MATTER_END = ("---", "...")


def read_front_matter(text: str, rel: str):
    """(meta, problems) for a page's text: its front matter (between a first line '---' and the next '---'
    or '...') read as our data files are, so every mistake names its line and its cause.

    ``meta`` is {} when the page has no front matter (or it cannot be read); lines are the file's."""
    text = text.lstrip("\ufeff")
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return {}, []
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.rstrip() in FRONT_MATTER_END), None)
    if end is None:
        return {}, [
            f"{rel}:1: front matter: no closing '---' line (the front matter starts with '---' on line 1 "
            f"and ends with '---' on a line of its own)"
        ]
    block = "\n".join(lines[1:end]) + "\n"
    loader = GuideLoader(block)
    try:
        meta = loader.get_single_data()
    except yaml.YAMLError as exc:
        return {}, [
            yaml_problem_line(exc, block, rel, first_line=2).replace(
                "not valid YAML", "front matter: not valid YAML", 1
            )
        ]
    except RecursionError:
        return {}, [f"{rel}: front matter: nested too deeply"]
    finally:
        loader.dispose()
    problems = duplicate_lines(loader, rel, first_line=2)
    if meta is None:
        return {}, problems
    if not isinstance(meta, dict):
        return {}, problems + [f"{rel}:2: front matter: must be 'key: value' lines, got {type(meta).__name__}"]
    _shift(meta, 1)
    return meta, problems


def _shift(value, by):
    """Lines counted in the front matter block, moved to the file's (the block starts on line 2)."""
    if isinstance(value, LineDict):
        value.line += by
        value.key_lines = {k: v + by for k, v in value.key_lines.items()}
        for item in value.values():
            _shift(item, by)
    elif isinstance(value, list):
        for item in value:
            _shift(item, by)


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
        raise YamlProblem([yaml_problem_line(exc, text, rel)]) from None
    except RecursionError:
        raise YamlProblem([f"{rel}: not valid YAML: nested too deeply"]) from None
    finally:
        loader.dispose()
    problems = duplicate_lines(loader, rel)
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
