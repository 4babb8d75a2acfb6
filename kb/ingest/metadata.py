"""User metadata (a sidecar `.yaml`, Markdown front matter) read safely into a bounded record.

A 368-byte sidecar with nested YAML aliases once expanded to a 3.16 GB `docs.json` at publish
(issue 17, item 1). So: YAML aliases are refused outright (metadata never needs them), the
text is bounded before it is parsed, and what is kept is a typed record: the known fields
plus at most `MAX_EXTRA_FIELDS` extra ones, each a short text, number, date or a flat list
of those. `json_size_within` bounds what a record may serialize to without ever building it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any, cast

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from yaml.composer import ComposerError
from yaml.error import Mark

from kb.errors import MetadataError

MAX_METADATA_BYTES = 64 * 1024  # a sidecar or front matter larger than this is refused
MAX_EXTRA_FIELDS = 50
MAX_TEXT_CHARS = 2_000
MAX_LIST_ITEMS = 200
MAX_RECORD_JSON = 256 * 1024  # what one document's metadata may serialize to, at most
MAX_NESTING = 100  # collections inside collections, at most (metadata is nearly flat)
# libyaml's loader when PyYAML was built with it: about seven times faster on the corpus's
# front matter, the checks of `_safe_yaml` included
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ALIAS_REFUSED = "YAML aliases (*name) are not accepted in metadata: write the value out"


def _safe_yaml(text: str) -> Any:
    """YAML without aliases (`*name`, `<<: *name`: no expansion bombs) and without deep
    nesting. Checked on the parser's events, which come from a loop, before the document is
    composed, which recurses (in C with libyaml, past Python's recursion guard)."""
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent):
            mark = cast(Mark, event.start_mark)  # libyaml's Mark has the same line and column
            raise ComposerError(None, None, ALIAS_REFUSED, mark)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_NESTING:
                raise RecursionError
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return yaml.load(text, Loader=_LOADER)


def load_yaml_mapping(text: str, path: str, what: str, line_offset: int = 0) -> dict[str, Any]:
    """A YAML mapping from `text` (sidecar or front matter), or MetadataError saying why not."""
    size = len(text.encode("utf-8"))
    if size > MAX_METADATA_BYTES:
        raise MetadataError(
            path, f"{what} is {size:,} bytes, over the limit of {MAX_METADATA_BYTES:,}"
        )
    try:
        meta = _safe_yaml(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1 + line_offset}" if mark is not None else ""
        problem = getattr(exc, "problem", exc)
        raise MetadataError(path, f"broken YAML {what}{line}: {problem}") from exc
    except RecursionError:
        raise MetadataError(path, f"broken YAML {what}: values nested too deep") from None
    if not isinstance(meta, dict):
        raise MetadataError(path, f"{what} is not a YAML mapping (key: value lines)")
    return meta


def _scalar(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set | Mapping):
        raise ValueError("must be a text, number, date or a flat list of those")
    return value


def _text(value: Any) -> Any:
    """A scalar as text (`title: 1984`, `year: 2021-05-01`); None stays None."""
    value = _scalar(value)
    return value if value is None or isinstance(value, str) else str(value)


def _flat(value: Any) -> Any:
    if isinstance(value, list | tuple | set):
        return [_scalar(v) for v in value]
    return _scalar(value)


_LEFT_TO_RIGHT = Field(union_mode="left_to_right")  # 5 stays 5, "5" stays "5"
Scalar = Annotated[
    Annotated[str | bool | int | float | None, _LEFT_TO_RIGHT], BeforeValidator(_scalar)
]
BoundedText = Annotated[str, Field(max_length=MAX_TEXT_CHARS)]
FlatList = Annotated[list[Scalar], Field(max_length=MAX_LIST_ITEMS)]
Value = Annotated[
    Annotated[BoundedText | bool | int | float | FlatList | None, _LEFT_TO_RIGHT],
    BeforeValidator(_flat),
]


class UserMetadata(BaseModel):
    """Metadata a curator wrote: the fields kb knows, plus bounded extras kept as given."""

    model_config = ConfigDict(extra="allow", frozen=True)
    __pydantic_extra__: dict[str, Value]

    title: Annotated[str, BeforeValidator(_text), Field(max_length=1_000)] | None = None
    year: Annotated[str, BeforeValidator(_text), Field(max_length=100)] | None = None
    countries: Value = None
    country: Value = None
    doc_type: Annotated[str, BeforeValidator(_text), Field(max_length=100)] | None = None
    language: Annotated[str, BeforeValidator(_text), Field(max_length=20)] | None = None

    def fields(self) -> dict[str, Any]:
        """The fields present in the source, known and extra, for `apply_metadata`."""
        return self.model_dump(exclude_unset=True)


def validate_metadata(meta: Mapping[str, Any], path: str) -> dict[str, Any]:
    """`meta` checked into a `UserMetadata` and back: MetadataError naming the first bad field."""
    extra = [k for k in meta if k not in UserMetadata.model_fields]
    if len(extra) > MAX_EXTRA_FIELDS:
        raise MetadataError(
            path, f"{len(extra)} extra metadata fields, over the limit of {MAX_EXTRA_FIELDS}"
        )
    bad = next((k for k in meta if not isinstance(k, str) or len(k) > 100), None)
    if bad is not None:
        raise MetadataError(path, f"metadata field name {str(bad)[:40]!r} is not a short text")
    try:
        return UserMetadata.model_validate(dict(meta)).fields()
    except ValidationError as exc:
        err = exc.errors()[0]
        field = str(err["loc"][0]) if err["loc"] else "?"  # the rest names union members
        msg = str(err["msg"]).removeprefix("Value error, ")
        raise MetadataError(path, f"metadata field {field!r}: {msg}") from None


def json_size_within(value: Any, limit: int) -> bool:
    """Whether `value` serializes to at most about `limit` bytes of JSON, found without
    serializing it: a walk that stops as soon as the budget is spent (shared references,
    as YAML aliases make, count each time they appear, as json.dumps would write them)."""
    budget = limit
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            budget -= len(item) + 2
        elif isinstance(item, Mapping):
            budget -= 2 + 4 * len(item)
            for k, v in item.items():
                budget -= len(str(k))
                stack.append(v)
        elif isinstance(item, list | tuple | set):
            budget -= 2 + 2 * len(item)
            stack.extend(item)
        else:
            budget -= 8
        if budget < 0:
            return False
    return True
