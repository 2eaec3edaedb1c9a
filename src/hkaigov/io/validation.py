"""Turn Pydantic validation errors into `FILE:LINE: field: message` lines a person can act on."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from hkaigov.domain.profile import unique
from hkaigov.io.safe_yaml import Located, PathKey


def field_path(loc: Sequence[str | int]) -> str:
    """`('third_party_models', 0, 'access')` → `third_party_models[0].access`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(document)"


def _known_fields(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """Field names (and aliases) valid at `loc`, to suggest a correction for a typo."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        annotation = field.annotation
        for candidate in (annotation, *getattr(annotation, "__args__", ())):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                current = candidate
                break
            inner = getattr(candidate, "__args__", ())
            models = [a for a in inner if isinstance(a, type) and issubclass(a, BaseModel)]
            if models:
                current = models[0]
                break
        else:
            return []
    fields = getattr(current, "model_fields", {})
    names = [f.alias or n for n, f in fields.items()]
    return names


def describe(error: ErrorDetails, model: type[BaseModel]) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "enum":
        expected = str(ctx.get("expected", "")).replace("'", "")
        return f"{value!r} is not one of: {expected}"
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        close = difflib.get_close_matches(name, _known_fields(model, error["loc"]), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"unknown field{hint}"
    if kind == "missing":
        return "required field is missing"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, got {value!r}"
    if kind in ("list_type",):
        return f"expected a list, got {type(value).__name__} {value!r}"
    if kind in ("dict_type", "model_type"):
        return f"expected a mapping (key: value), got {type(value).__name__}"
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return f"expected a date YYYY-MM-DD, got {value!r}"
    if kind == "string_pattern_mismatch":
        return f"{value!r} does not have the required form ({ctx.get('pattern')})"
    if kind in ("string_type",):
        return f"expected text, got {type(value).__name__} {value!r}"
    if kind == "too_short":
        return "must not be empty"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return str(error["msg"])


def located_errors(exc: ValidationError, doc: Located, model: type[BaseModel], prefix: PathKey = ()) -> list[str]:
    """One `FILE:LINE: field: message` line per error, in file order."""
    rows: list[tuple[int, str]] = []
    for error in exc.errors(include_url=False):
        loc: tuple[str | int, ...] = tuple(p for p in error["loc"] if not _is_union_tag(p))
        full = (*prefix, *loc)
        line = doc.line_of(full)
        rows.append((line, f"{doc.source}:{line}: {field_path(full)}: {describe(error, model)}"))
    rows.sort(key=lambda r: r[0])
    return unique([r[1] for r in rows])


def _is_union_tag(part: str | int) -> bool:
    # pydantic adds the member type name (e.g. 'function-after[...]') for unions; it means nothing to users
    return isinstance(part, str) and ("[" in part or part in ("str", "int", "bool", "date"))
