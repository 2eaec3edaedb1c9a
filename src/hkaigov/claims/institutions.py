"""The register of authorized institutions, and the list of known fraudulent websites, as data.

hkaigov ships a dated, partial sample (`data/institutions.yaml`). Users load the current list, which
they download from the HKMA, with `hkaigov claims institutions import FILE`; the imported list is kept in
the data directory and used from then on. The fraudulent-website list works the same way. Both files
record where they came from and when, so a finding can say which list it was checked against.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from hkaigov.domain.errors import InputError

SHIPPED = Path(__file__).parent / "data" / "institutions.yaml"
MAX_IMPORT_BYTES = 20_000_000


class InstitutionType(enum.StrEnum):
    licensed_bank = "licensed_bank"
    restricted_licence_bank = "restricted_licence_bank"
    deposit_taking_company = "deposit_taking_company"

    @property
    def may_use_bank(self) -> bool:
        """Licensed banks and restricted licence banks are "banks" under s.2; deposit-taking companies are not."""
        return self is not InstitutionType.deposit_taking_company


@dataclass(frozen=True)
class Institution:
    name_en: str
    name_zh: str
    type: InstitutionType
    domains: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.name_en or self.name_zh

    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.name_en, self.name_zh, *self.aliases) if n)


_SUFFIXES = re.compile(
    r"\b(?:company|co|corporation|corp|limited|ltd|plc|berhad|the|inc|incorporated)\b|[().,&'’\-]|有限公司|股份|公司",
    re.IGNORECASE,
)


def name_key(name: str) -> str:
    """A name without legal suffixes, punctuation, width or case: "Hang Seng Bank Limited" → "hang seng bank"."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(_SUFFIXES.sub(" ", folded).split())


def host_of(url: str | None) -> str:
    if not url:
        return ""
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    except ValueError:
        return ""
    return host.lower().rstrip(".")


def host_matches(host: str, domain: str) -> bool:
    domain = domain.lower().lstrip(".")
    return host == domain or host.endswith("." + domain)


@dataclass(frozen=True)
class InstitutionRegister:
    institutions: tuple[Institution, ...]
    as_of: str
    source: str
    note: str = ""

    @cached_property
    def _by_key(self) -> dict[str, Institution]:
        out: dict[str, Institution] = {}
        for inst in self.institutions:
            for name in inst.names():
                out.setdefault(name_key(name), inst)
        return out

    def by_domain(self, host: str) -> Institution | None:
        """The institution whose domain serves `host` (sub-domains included)."""
        if not host:
            return None
        for inst in self.institutions:
            if any(host_matches(host, d) for d in inst.domains):
                return inst
        return None

    def by_name(self, name: str | None) -> Institution | None:
        """The institution an entity name denotes: its English or Chinese name or an alias, legal suffixes ignored."""
        return self._by_key.get(name_key(name)) if name else None

    @cached_property
    def _automaton(self) -> Any:
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for inst in self.institutions:
            for name in inst.names():
                key = unicodedata.normalize("NFKC", name).casefold()
                if len(key) >= 2 and key not in automaton:
                    automaton.add_word(key, (len(key), inst))
        automaton.make_automaton()
        return automaton

    def mentions(self, folded_lower: str) -> list[tuple[Institution, int, int]]:
        """Every mention of a registered name or alias in casefolded, NFKC-folded text, with offsets (longest
        first where mentions overlap; a Latin name must not run on into a word: "hsbcx" is not HSBC)."""
        if not self.institutions:
            return []
        found: list[tuple[Institution, int, int]] = []
        for end, (length, inst) in self._automaton.iter(folded_lower):
            start = end - length + 1
            before = folded_lower[start - 1] if start else " "
            after = folded_lower[end + 1] if end + 1 < len(folded_lower) else " "
            first, last = folded_lower[start], folded_lower[end]
            if (first.isascii() and first.isalnum() and before.isascii() and before.isalnum()) or (
                last.isascii() and last.isalnum() and after.isascii() and after.isalnum()
            ):
                continue
            found.append((inst, start, end + 1))
        found.sort(key=lambda f: (f[1], f[1] - f[2]))
        out: list[tuple[Institution, int, int]] = []
        for item in found:
            if not out or item[1] >= out[-1][2]:
                out.append(item)
        return out


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(";") if v.strip())
    if isinstance(value, list):
        return tuple(str(v).strip() for v in value if str(v).strip())
    raise ValueError("expected a list or a ';'-separated string")


# The type as the HKMA's register words it, or as our YAML does
_TYPE_WORDS: dict[str, InstitutionType] = {
    "licensed_bank": InstitutionType.licensed_bank,
    "bank": InstitutionType.licensed_bank,
    "lb": InstitutionType.licensed_bank,
    "持牌銀行": InstitutionType.licensed_bank,
    "restricted_licence_bank": InstitutionType.restricted_licence_bank,
    "restricted_license_bank": InstitutionType.restricted_licence_bank,
    "rlb": InstitutionType.restricted_licence_bank,
    "有限制牌照銀行": InstitutionType.restricted_licence_bank,
    "deposit_taking_company": InstitutionType.deposit_taking_company,
    "dtc": InstitutionType.deposit_taking_company,
    "接受存款公司": InstitutionType.deposit_taking_company,
}

# Column names a downloaded register may use, mapped to ours (compared case-insensitively, spaces ignored)
HEADER_ALIASES = {
    "name_en": ("name_en", "name", "english name", "name (english)", "name of institution", "institution", "名稱"),
    "name_zh": ("name_zh", "chinese name", "name (chinese)", "中文名稱", "中文名"),
    "type": ("type", "category", "licence type", "license type", "type of institution", "類別"),
    "domains": ("domains", "domain", "website", "websites", "url", "web site", "網址", "網站"),
    "aliases": ("aliases", "alias", "other names", "short name", "簡稱"),
}


def _domain(value: str) -> str:
    """A host name from a domain or a website address: "https://www.hsbc.com.hk/zh-hk/" → "hsbc.com.hk"."""
    host = host_of(value) if "/" in value or ":" in value else value.strip().lower()
    return host.removeprefix("www.")


def _normalise_header(row: dict[str, str]) -> dict[str, str]:
    squash = {"".join(k.lower().split()): v for k, v in row.items()}
    out: dict[str, str] = {}
    for ours, names in HEADER_ALIASES.items():
        for name in names:
            value = squash.get("".join(name.lower().split()))
            if value is not None:
                out[ours] = value
                break
    return out


def _institution(row: dict[str, Any]) -> Institution:
    name_en, name_zh = str(row.get("name_en") or "").strip(), str(row.get("name_zh") or "").strip()
    if not name_en and not name_zh:
        raise ValueError("name_en or name_zh is required")
    raw_type = re.sub(r"[\s\-]+", "_", str(row.get("type") or "").strip().lower())
    raw_type = raw_type.replace("companies", "company").removesuffix(
        "s"
    )  # "Licensed Banks", "Deposit-taking Companies"
    kind = _TYPE_WORDS.get(raw_type) or _TYPE_WORDS.get(raw_type.removesuffix("_(lb)").removesuffix("_(rlb)"))
    if kind is None:
        known = ", ".join(t.value for t in InstitutionType)
        raise ValueError(f"type: '{row.get('type')}' is not one of {known}")
    domains = tuple(_domain(d) for d in _as_tuple(row.get("domains")))
    for d in domains:
        if not re.fullmatch(r"[a-z0-9\-]+(?:\.[a-z0-9\-]+)+", d):
            raise ValueError(f"domains: '{d}' is not a domain name")
    return Institution(name_en, name_zh, kind, domains, _as_tuple(row.get("aliases")))


def load_register(path: Path | None = None) -> InstitutionRegister:
    """The register in effect: `path`, else the imported one in the data directory, else the shipped sample."""
    chosen = path or (imported_register_path() if imported_register_path().exists() else SHIPPED)
    try:
        data = yaml.safe_load(chosen.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{chosen}: cannot read the institution register ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("institutions"), list):
        raise InputError(f"{chosen}:1: institutions: expected a mapping with a list of institutions")
    institutions = []
    for i, row in enumerate(data["institutions"]):
        try:
            institutions.append(_institution(row if isinstance(row, dict) else {}))
        except ValueError as exc:
            raise InputError(f"{chosen}: institutions[{i}]: {exc}") from None
    return InstitutionRegister(
        tuple(institutions), str(data.get("as_of", "")), str(data.get("source", "")), str(data.get("note", ""))
    )


def claims_dir() -> Path:
    from hkaigov.store.settings import Settings

    return Settings().data_dir / "claims"


def imported_register_path() -> Path:
    return claims_dir() / "institutions.yaml"


def fraud_list_path() -> Path:
    return claims_dir() / "fraud-sites.json"


def _read_csv(
    path: Path, required: Sequence[str], aliases: dict[str, tuple[str, ...]] | None = None
) -> list[tuple[int, dict[str, str]]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if len(raw) > MAX_IMPORT_BYTES:
        raise InputError(f"{path}: larger than {MAX_IMPORT_BYTES // 1_000_000} MB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}:1: not UTF-8 text (save the CSV as UTF-8)") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    known = {"".join(h.lower().split()) for h in header}
    missing = [c for c in required if not ({"".join(n.lower().split()) for n in (aliases or {}).get(c, (c,))} & known)]
    if aliases is not None and not known & {
        "".join(n.lower().split()) for f in ("name_en", "name_zh") for n in aliases[f]
    }:
        missing.append("name_en or name_zh")
    if missing:
        raise InputError(f"{path}:1: missing column(s) {', '.join(missing)} (have: {', '.join(header) or 'none'})")
    rows = []
    for row in reader:
        cleaned = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k is not None}
        if any(cleaned.values()):
            rows.append((reader.line_num, cleaned))
    if not rows:
        raise InputError(f"{path}: no rows")
    return rows


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def import_register(path: Path, *, as_of: str | None = None, now: dt.datetime | None = None) -> InstitutionRegister:
    """Read a CSV (name_en, name_zh, type, domains, aliases; lists separated by ';') and make it the register in
    effect. Every bad row is reported as FILE:LINE; nothing is written unless every row is good."""
    problems: list[str] = []
    institutions: list[Institution] = []
    for line, row in _read_csv(path, ["type"], aliases=HEADER_ALIASES):
        try:
            institutions.append(_institution(_normalise_header(row)))
        except ValueError as exc:
            problems.append(f"{path}:{line}: {exc}")
    if problems:
        raise InputError(problems)
    stamp = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    register = InstitutionRegister(
        tuple(institutions), as_of or stamp[:10], f"imported from {path.name} on {stamp}", "imported by the user"
    )
    doc = {
        "as_of": register.as_of,
        "source": register.source,
        "note": register.note,
        "institutions": [
            {
                "name_en": i.name_en,
                "name_zh": i.name_zh,
                "type": i.type.value,
                "domains": list(i.domains),
                "aliases": list(i.aliases),
            }
            for i in institutions
        ],
    }
    _write_atomic(imported_register_path(), yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))
    return register


@dataclass(frozen=True)
class FraudSite:
    url: str
    host: str
    institution: str = ""
    date: str = ""


@dataclass(frozen=True)
class FraudList:
    sites: tuple[FraudSite, ...] = ()
    source: str = ""
    _hosts: dict[str, FraudSite] = field(default_factory=dict, compare=False)

    def match(self, url: str | None) -> FraudSite | None:
        """The listed site `url` falls under: the same host, and the listed path (if any) as a prefix."""
        host = host_of(url)
        if not host:
            return None
        for site in self.sites:
            if host_matches(host, site.host):
                listed_path = urlsplit(site.url).path.rstrip("/") if "//" in site.url else ""
                if not listed_path or urlsplit(url or "").path.startswith(listed_path):
                    return site
        return None


def load_fraud_list(path: Path | None = None) -> FraudList:
    chosen = path or fraud_list_path()
    if not chosen.exists():
        return FraudList()
    try:
        data = json.loads(chosen.read_text(encoding="utf-8"))
        sites = tuple(FraudSite(**s) for s in data["sites"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{chosen}: cannot read the fraudulent-website list ({exc})") from None
    return FraudList(sites, str(data.get("source", "")))


def import_fraud_list(path: Path, *, now: dt.datetime | None = None) -> FraudList:
    """Read a CSV of fraudulent websites (column `url`; optional `institution`, `date`) and keep it for scans."""
    problems: list[str] = []
    sites: list[FraudSite] = []
    for line, row in _read_csv(path, ["url"]):
        url = row["url"]
        host = host_of(url)
        if not host or "." not in host:
            problems.append(f"{path}:{line}: url: '{url}' has no host name")
            continue
        sites.append(FraudSite(url, host.removeprefix("www."), row.get("institution", ""), row.get("date", "")))
    if problems:
        raise InputError(problems)
    stamp = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    fraud = FraudList(tuple(sites), f"{path.name}, imported {stamp}")
    doc = {"source": fraud.source, "sites": [s.__dict__ for s in sites]}
    _write_atomic(fraud_list_path(), json.dumps(doc, ensure_ascii=False, indent=1))
    return fraud


def merge_names(institutions: Iterable[Institution]) -> list[str]:
    return sorted({n for i in institutions for n in i.names()})
