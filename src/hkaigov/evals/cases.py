"""Test cases and suites as data: `evals/suites/*.yaml`, validated with errors naming file, line and field.

A suite file holds defaults (scorer, controls, severity) that each case may override. Case ids are unique
across all suites, so that a result row, a cache entry and a resumed run can name a case on its own.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator

from hkaigov.domain.errors import InputError
from hkaigov.io.safe_yaml import Located, read_yaml_file
from hkaigov.io.validation import located_errors

SUITES_DIR = Path(__file__).parent / "suites"
SUITE_MAX_BYTES = 4_000_000


class Language(enum.StrEnum):
    """English, written Traditional Chinese, and written Cantonese."""

    en = "en"
    zh_hant = "zh-Hant"
    yue = "yue"


class Severity(enum.StrEnum):
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    role: Literal["user", "assistant"]
    content: str = Field(min_length=1)


class Expect(BaseModel):
    """What a scorer checks. Which fields matter depends on the scorer (see `scorers.py`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    canary: tuple[str, ...] = ()  # strings that must not appear in the answer
    planted: tuple[str, ...] = ()  # personal data placed in the context that must not come back
    answers: tuple[str, ...] = ()  # acceptable reference answers (any one, after normalisation)
    decline: bool = False  # the question cannot be answered: the model should say so
    must: tuple[str, ...] = ()  # regular expressions the answer must match (all)
    must_not: tuple[str, ...] = ()  # regular expressions the answer must not match (any)

    @field_validator("canary", "planted", "answers", "must", "must_not", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value


class Case(BaseModel):
    """One prompt (or conversation) sent to a target, and how its answer is scored."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.\-]*$", max_length=80)
    suite: str
    language: Language
    scorer: str
    severity: Severity
    controls: tuple[str, ...] = Field(min_length=1)
    system: str | None = None
    document: str | None = None  # a document the user hands over (indirect prompt injection lives here)
    prompt: str | None = None
    turns: tuple[Turn, ...] = ()  # a multi-turn conversation; the last turn is the user's
    expect: Expect = Expect()
    pair: str | None = None  # counterfactual group (bias): cases sharing it are compared
    variant: dict[str, str] = Field(default_factory=dict)  # the attribute values this member varies
    tags: tuple[str, ...] = ()
    _messages: list[dict[str, str]] | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _has_a_question(self) -> Case:
        if (self.prompt is None) == (not self.turns):
            raise ValueError("give exactly one of 'prompt' or 'turns'")
        if self.turns and self.turns[-1].role != "user":
            raise ValueError("turns: the last turn must be the user's")
        self._messages = self._build_messages()
        return self

    def messages(self) -> list[dict[str, str]]:
        """The chat messages sent to the target (OpenAI shape); built once per case."""
        return [dict(m) for m in self._messages or ()]

    def _build_messages(self) -> list[dict[str, str]]:
        out: list[dict[str, str]] = []
        if self.system:
            out.append({"role": "system", "content": self.system})
        turns = list(self.turns) if self.turns else [Turn(role="user", content=self.prompt or "")]
        for i, turn in enumerate(turns):
            content = turn.content
            if self.document and i == len(turns) - 1:
                content = f"{content}\n\n<document>\n{self.document}\n</document>"
            out.append({"role": turn.role, "content": content})
        return out

    def prompt_text(self) -> str:
        """The last user message, as shown in result rows and reports."""
        return self._messages[-1]["content"] if self._messages else ""


class SuiteDefaults(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    scorer: str
    severity: Severity = Severity.medium
    controls: tuple[str, ...] = Field(min_length=1)


class SuiteFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    suite: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: dict[str, str]
    description: str
    defaults: SuiteDefaults
    cases: tuple[dict[str, Any], ...] = Field(min_length=1)


class Suite(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    title: dict[str, str]
    description: str
    cases: tuple[Case, ...]
    source: str


def parse_suite(doc: Located) -> Suite:
    """A suite from a parsed YAML document; every problem reported as `FILE:LINE: field: message`."""
    from hkaigov.evals.scorers import SCORERS

    if not isinstance(doc.data, dict):
        raise InputError(f"{doc.source}:1: a suite must be a mapping with 'suite', 'defaults' and 'cases'")
    try:
        head = SuiteFile.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(located_errors(exc, doc, SuiteFile)) from None
    problems: list[str] = []
    cases: list[Case] = []
    for i, raw in enumerate(head.cases):
        if not isinstance(raw, dict):
            problems.append(f"{doc.source}:{doc.line_of(('cases', i))}: cases[{i}]: a case must be a mapping")
            continue
        merged = {**head.defaults.model_dump(), "suite": head.suite, **raw}
        try:
            case = Case.model_validate(merged)
        except ValidationError as exc:
            problems.extend(located_errors(exc, doc, Case, prefix=("cases", i)))
            continue
        if case.scorer not in SCORERS:
            line = doc.line_of(("cases", i, "scorer"))
            problems.append(f"{doc.source}:{line}: cases[{i}].scorer: unknown scorer '{case.scorer}'")
        cases.append(case)
    if problems:
        raise InputError(problems)
    return Suite(name=head.suite, title=head.title, description=head.description, cases=tuple(cases), source=doc.source)


def load_suite_file(path: Path) -> Suite:
    return parse_suite(read_yaml_file(path, max_bytes=SUITE_MAX_BYTES, shown_as=str(path)))


def check_unique(suites: Sequence[Suite], known_controls: Iterable[str] | None = None) -> None:
    """Case ids are unique across suites; controls, when `known_controls` is given, exist in the catalog."""
    seen: dict[str, str] = {}
    problems: list[str] = []
    known = set(known_controls) if known_controls is not None else None
    for suite in suites:
        for case in suite.cases:
            if case.id in seen:
                problems.append(f"{suite.source}: case '{case.id}' is also in {seen[case.id]}")
            seen[case.id] = suite.source
            if known is not None:
                problems.extend(
                    f"{suite.source}: case '{case.id}': unknown control '{c}'" for c in case.controls if c not in known
                )
    if problems:
        raise InputError(problems)


@cache
def builtin_suites() -> tuple[Suite, ...]:
    """The suites shipped with hkaigov, in file-name order."""
    suites = tuple(load_suite_file(p) for p in sorted(SUITES_DIR.glob("*.yaml")))
    check_unique(suites)
    return suites


def select(names: Sequence[str], extra_files: Sequence[Path] = ()) -> list[Suite]:
    """Suites by name ('all' for every built-in one), plus suites from the user's own files."""
    available = {s.name: s for s in builtin_suites()}
    chosen: list[Suite] = []
    for name in names:
        if name == "all":
            chosen.extend(s for s in available.values() if s not in chosen)
        elif name in available:
            if available[name] not in chosen:
                chosen.append(available[name])
        else:
            raise InputError(f"--suite: unknown suite '{name}' (known: all, {', '.join(sorted(available))})")
    chosen.extend(load_suite_file(p) for p in extra_files)
    check_unique(chosen)
    return chosen
