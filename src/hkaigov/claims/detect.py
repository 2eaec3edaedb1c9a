"""Find misleading banking claims and bank impersonation in a page, each finding explained.

Pure functions: a page, the institution register and the fraudulent-website list in; findings out. The
rules and word lists are data (`data/rules.yaml`); this module decides how they combine:

* a restricted term counts only where the page's owner uses it about itself or its products: ordinary
  senses (food bank, power bank, security deposit, "your bank account") and sentences that report what
  someone else said are left alone;
* an owner that is in the register may use the terms its licence allows (only banks may say "bank");
* impersonation looks at where the page is served from: a look-alike of a registered institution's
  domain, or a page that presents itself as a registered institution and asks for log-in details from a
  domain that is not that institution's, or a URL on the fraudulent-website list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from hkaigov.claims.institutions import FraudList, Institution, InstitutionRegister, host_of, name_key
from hkaigov.claims.lookalike import lookalike, registrable_labels
from hkaigov.claims.pages import Page
from hkaigov.pii.context import lower_same_length
from hkaigov.pii.normalise import fold

RULES_FILE = Path(__file__).parent / "data" / "rules.yaml"
_B = r"(?<![a-z0-9])"  # an ASCII word start (see `_boundaries`)
EXCERPT = 80
EXCLUSION_REACH = 100  # characters either side of a match where an ordinary sense is looked for
ANCHOR_BEFORE, ANCHOR_AFTER = 90, 50  # a term list's pattern runs only this close to one of its anchor words


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    title: str
    legal_basis: str
    refs: tuple[str, ...]
    basis: str
    score: float
    explanation: str


@dataclass(frozen=True)
class Rulebook:
    version: str
    rules: dict[str, Rule]
    terms: dict[str, re.Pattern[str]]
    lookalike_words: frozenset[str]
    anchors: dict[str, tuple[str, ...]]


def _boundaries(pattern: str) -> str:
    """`{B}` is an ASCII word boundary (Chinese characters count as non-word, so "CoinVault存款" has one after
    the t). Written as a one-sided lookaround: before a word it looks back, after one it looks ahead, which
    the regex engine tests far faster than a two-sided boundary."""
    pattern = re.sub(r"\{B\}(?=[|)]|$)", lambda _: "(?![a-z0-9])", pattern)
    return pattern.replace("{B}", "(?<![a-z0-9])")


@cache
def rulebook(path: Path = RULES_FILE) -> Rulebook:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules = {
        r["id"]: Rule(
            r["id"],
            r["kind"],
            r["title"],
            r["legal_basis"],
            tuple(r["refs"]),
            r["basis"],
            float(r["score"]),
            " ".join(str(r["explanation"]).split()),
        )
        for r in data["rules"]
    }
    terms = {
        name: re.compile("|".join(f"(?:{_boundaries(p)})" for p in patterns))
        for name, patterns in data["terms"].items()
        if name != "lookalike_words"
    }
    anchors = {name: tuple(words) for name, words in data.get("anchors", {}).items()}
    return Rulebook(str(data["version"]), rules, terms, frozenset(data["terms"]["lookalike_words"]), anchors)


def term_matches(book: Rulebook, term: str, low: str) -> list[re.Match[str]]:
    """Matches of a word list. When the list names anchor words (every match contains one), the pattern runs only
    in windows around the anchors' occurrences: a page without "bank" never pays for the "bank" patterns."""
    pattern = book.terms[term]
    anchors = book.anchors.get(term)
    if anchors is None:
        return list(pattern.finditer(low))
    windows: list[tuple[int, int]] = []
    for word in anchors:
        at = low.find(word)
        while at != -1:
            windows.append((max(0, at - ANCHOR_BEFORE), min(len(low), at + len(word) + ANCHOR_AFTER)))
            at = low.find(word, at + 1)
    windows.sort()
    merged: list[tuple[int, int]] = []
    for w in windows:
        if merged and w[0] <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], w[1]))
        else:
            merged.append(w)
    seen: dict[tuple[int, int], re.Match[str]] = {}
    for lo, hi in merged:
        for m in pattern.finditer(low, lo, hi):
            seen.setdefault((m.start(), m.end()), m)
    return [seen[k] for k in sorted(seen)]


@dataclass(frozen=True)
class ClaimFinding:
    """One finding: where it is, what it is, why, and on what legal basis. `id` is the page's or item's id."""

    id: str
    kind: str
    term: str
    start: int
    end: int
    rules: tuple[str, ...]
    legal_basis: str
    score: float
    explanation: str
    url: str | None = None
    entity: str | None = None
    excerpt: str = ""
    excerpt_start: int = 0
    institution: str | None = None
    basis: str = "instrument"
    page_sha256: str = ""
    fetched_at: str = ""
    refs: tuple[str, ...] = field(default=())
    agent: dict[str, Any] | None = field(default=None, compare=False)  # the optional agent's verdict and actions

    def as_json(self) -> dict[str, Any]:
        extra = {"agent": self.agent} if self.agent is not None else {}
        return extra | {
            "id": self.id,
            "kind": self.kind,
            "term": self.term,
            "start": self.start,
            "end": self.end,
            "rules": list(self.rules),
            "legal_basis": self.legal_basis,
            "score": round(self.score, 3),
            "explanation": self.explanation,
            "basis": self.basis,
            "refs": list(self.refs),
            "url": self.url,
            "entity": self.entity,
            "institution": self.institution,
            "excerpt": self.excerpt,
            "excerpt_start": self.excerpt_start,
            "page_sha256": self.page_sha256,
            "fetched_at": self.fetched_at,
        }


# a sentence ends at Chinese full stops anywhere, and at . ! ? followed by a space ("4.5%" does not split)
_SENTENCE_END = re.compile(r"[。！？\n]+|[.!?]+(?=\s|$)")
_FIRST_PERSON = re.compile(_B + r"(?:we|our|us)(?![a-z0-9])|本公司|本行|我們|我哋|我们")
_NEGATED = re.compile(
    _B + r"(?:not|never|no\s+longer|isn't|aren't)\s+(?:\w+\s+){0,2}$"
    r"|(?:並非|不是|未|沒有|冇|唔係|非|不|不屬於?)(?:銀行|一般)?$"
)
_BRAND_EN = re.compile(r"((?:[A-Z][\w&'\-]*\s+){0,3}[A-Z][\w&'\-]*)\s+((?i:bank|banque|banco))\b")
_BRAND_ZH = re.compile(r"([\u4e00-\u9fff]{2,8})(銀行)")
_ZH_FUNCTION = re.compile("[的由在與和及向於為是係將把給同喺去過到從對]")  # a brand does not run across these
_COMPOUND = re.compile(r"(?<![A-Za-z0-9])([A-Z][A-Za-z]+[Bb]ank)(?![A-Za-z0-9])")  # "NovaBank", "eBankly" is not
_ZH_GENERIC = ("數碼", "數字", "虛擬", "加密", "網上", "食物", "時間", "香港", "中央", "商業", "投資", "私人")


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _inside(span: tuple[int, int], covers: Sequence[tuple[int, int]]) -> bool:
    return any(s <= span[1] and span[0] <= e for s, e in covers)


@dataclass
class _Page:
    """A page prepared for matching: folded text, sentences, exclusion spans, owner."""

    page: Page
    low: str
    sentences: list[tuple[int, int]]
    exclusions: re.Pattern[str]
    host: str
    owner: Institution | None
    owner_name: str
    mentions: list[tuple[Institution, int, int]]  # registered institutions named in the text, with offsets
    owner_tokens: tuple[str, ...] = ()  # words (or 2-character runs of a Chinese name) that name the owner
    deposit_names: list[tuple[int, int]] = field(default_factory=list)  # "Deposit Protection Scheme" and the like

    def excluded(self, span: tuple[int, int]) -> bool:
        """Whether `span` touches an ordinary sense ("food bank", "security deposit"). Looked for only around the
        span: the word lists are long, and running them over a whole page costs more than everything else."""
        lo, hi = max(0, span[0] - EXCLUSION_REACH), min(len(self.low), span[1] + EXCLUSION_REACH)
        return any(m.start() <= span[1] and span[0] <= m.end() for m in self.exclusions.finditer(self.low, lo, hi))

    def sentence_of(self, pos: int) -> tuple[int, int]:
        for s, e in self.sentences:
            if s <= pos < e:
                return s, e
        return 0, len(self.low)

    def reported(self, pos: int, book: Rulebook) -> bool:
        """Whether the sentence at `pos` reports what someone else said or did, rather than describing the owner.

        A firm's own press release ("WinFast today announced…", 易存寶今日宣布…) reports the owner itself: that is
        the owner's claim, so a sentence naming the owner is never "someone else"."""
        s, e = self.sentence_of(pos)
        sentence = self.low[s:e]
        if not book.terms["reporting"].search(sentence) or _FIRST_PERSON.search(sentence):
            return False
        return not any(token in sentence for token in self.owner_tokens)


def _prepare(page: Page, register: InstitutionRegister, book: Rulebook) -> _Page:
    low = lower_same_length(fold(page.text))
    host = host_of(page.url)
    owner = register.by_domain(host) or register.by_name(page.entity)
    owner_name = page.entity or (host.removeprefix("www.") if host else "the publisher")
    mentions = register.mentions(low)
    prepared = _Page(page, low, _sentences(low), book.terms["exclusions"], host, owner, owner_name, mentions)
    zh = re.sub(r"(?:有限公司|公司|集團|控股|科技)+$", "", page.entity or "")
    zh_runs = {zh[i : i + 2] for i in range(len(zh) - 1) if all("\u4e00" <= c <= "\u9fff" for c in zh[i : i + 2])}
    prepared.owner_tokens = tuple(sorted(_brand_tokens(prepared) | zh_runs))
    prepared.deposit_names = _spans(book.terms["deposit_names"], low)
    return prepared


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _excerpt(text: str, start: int, end: int) -> tuple[str, int]:
    s = max(0, start - EXCERPT)
    return " ".join(text[s : min(len(text), end + EXCERPT)].split()), s


def _finding(p: _Page, rule: Rule, start: int, end: int, **values: str) -> ClaimFinding:
    term = values.pop("term", None) or p.page.text[start:end]
    excerpt, excerpt_start = _excerpt(p.page.text, start, end)
    explanation = rule.explanation.format(
        owner=p.owner_name, term=" ".join(term.split()), host=p.host, url=p.page.url or p.page.id, **values
    )
    return ClaimFinding(
        id=p.page.id,
        kind=rule.kind,
        term=" ".join(term.split()),
        start=start,
        end=end,
        rules=(rule.id,),
        legal_basis=rule.legal_basis,
        score=rule.score,
        explanation=explanation,
        url=p.page.url,
        entity=p.page.entity,
        excerpt=excerpt,
        excerpt_start=excerpt_start,
        institution=values.get("institution"),
        basis=rule.basis,
        page_sha256=p.page.sha256,
        fetched_at=p.page.fetched_at,
        refs=rule.refs,
    )


def _own_claims(
    p: _Page, book: Rulebook, term: str, rule_id: str, *, need: Sequence[str] = (), about_banks: bool = False
) -> list[ClaimFinding]:
    """Matches of the word list `term`, outside ordinary senses and reported speech, optionally only where the
    sentence (or the next) also matches one of the word lists in `need` (an inducement, an invitation).
    With `about_banks`, a sentence that names registered institutions or several banks is a comparison: skipped."""
    out = []
    for m in term_matches(book, term, p.low):
        span = (m.start(), m.end())
        if m.end() == m.start() or p.excluded(span) or p.reported(m.start(), book):
            continue
        if _NEGATED.search(p.low[max(0, m.start() - 24) : m.start()]):
            continue
        s, e = p.sentence_of(m.start())
        if need:
            e2 = p.sentence_of(e)[1] if e < len(p.low) else e
            if not any(book.terms[n].search(p.low, s, e2) for n in need):
                continue
        if about_banks and (
            book.terms["plural_banks"].search(p.low, s, e) or any(s <= ms < e for _, ms, _ in p.mentions)
        ):
            continue
        if about_banks and _inside(span, p.deposit_names):
            continue
        out.append(_finding(p, book.rules[rule_id], m.start(), m.end()))
    return out


def _brand_tokens(p: _Page) -> set[str]:
    """Words of the owner's name and site that a brand would share: "WinFast Digital Ltd" → winfast, digital."""
    words = set(name_key(p.page.entity or "").split())
    if p.host:
        words.update(w for w in re.split(r"[.\-]", p.host.removeprefix("www.")) if len(w) > 2)
    return {
        w for w in words if w not in {"bank", "digital", "finance", "group", "hong", "kong", "hk", "com", "example"}
    }


def _brand_bank(p: _Page, register: InstitutionRegister, book: Rulebook) -> list[ClaimFinding]:
    """The owner's brand with "Bank" / 銀行 after it: "WinFast Digital Bank", 星河數碼銀行."""
    out = []
    tokens = set(p.owner_tokens)  # the Chinese runs in it never equal a Latin word
    entity_zh = re.sub(r"(?:有限公司|公司|集團|控股)$", "", p.page.entity or "")
    for m in _BRAND_EN.finditer(p.page.text):
        phrase = m.group(0)
        if register.by_name(phrase) or p.excluded((m.start(), m.end())) or p.reported(m.start(), book):
            continue
        if tokens & {w.lower() for w in re.split(r"[\s\-]+", m.group(1))}:
            out.append(_finding(p, book.rules["CLM-BANK-NAME"], m.start(), m.end()))
    for m in _COMPOUND.finditer(p.page.text):
        word = m.group(1).lower()
        if word in p.owner_tokens and not register.by_name(word) and not p.excluded((m.start(), m.end())):
            out.append(_finding(p, book.rules["CLM-BANK-NAME"], m.start(), m.end()))
    for m in _BRAND_ZH.finditer(p.page.text):
        brand = m.group(1)
        if _ZH_FUNCTION.search(brand):
            brand = _ZH_FUNCTION.split(brand)[-1]
            if len(brand) < 2:
                continue
        start = m.end(1) - len(brand)
        if register.by_name(brand + "銀行") or p.excluded((start, m.end())) or p.reported(start, book):
            continue
        shared = entity_zh and any(brand[i : i + 2] in entity_zh for i in range(len(brand) - 1))
        if shared and not brand.startswith(_ZH_GENERIC):
            out.append(_finding(p, book.rules["CLM-BANK-NAME"], start, m.end()))
    return out


def _is_media(p: _Page, book: Rulebook) -> bool:
    """A news publisher (by its name, site or page title) reports other people's claims; it does not make them.

    Only the site's own name counts, not a sub-domain: a firm's blog.example.com is still the firm."""
    site = registrable_labels(p.host)[-1] if p.host and registrable_labels(p.host) else ""
    who = lower_same_length(fold(" ".join(filter(None, (p.page.entity, site, p.page.title)))))
    return book.terms["media"].search(who) is not None


def _misleading(p: _Page, register: InstitutionRegister, book: Rulebook) -> list[ClaimFinding]:
    found: list[ClaimFinding] = []
    if _is_media(p, book):
        return found
    may_say_bank = p.owner is not None and p.owner.type.may_use_bank
    says_not_bank = book.terms["not_a_bank"].search(p.low) is not None
    says_no_deposits = book.terms["no_deposits"].search(p.low) is not None
    if not may_say_bank and not says_not_bank:
        found += _own_claims(p, book, "digital_bank", "CLM-DIGITAL-BANK")
        found += _own_claims(p, book, "bank_self", "CLM-BANK-NAME")
        found += _brand_bank(p, register, book)
    if not may_say_bank:
        found += _own_claims(p, book, "bank_card", "CLM-BANK-CARD")
    if p.owner is None and not says_no_deposits:
        need = ("inducement", "invitation")
        found += _own_claims(p, book, "deposit", "CLM-DEPOSIT", need=need, about_banks=True)
        found += _own_claims(p, book, "savings", "CLM-SAVINGS-PRODUCT", need=need, about_banks=True)
    if p.owner is None:
        found += _own_claims(p, book, "auth_claim", "CLM-AUTH-STATUS")
    # a registered institution's own name, or a sentence about it ("ZA Bank is a virtual bank"), is not the owner's
    # claim, unless the owner speaks for itself in that sentence ("unlike HSBC, we are a digital bank")
    mentions = [(s, e) for _, s, e in p.mentions]

    def about_someone_else(f: ClaimFinding) -> bool:
        if _inside((f.start, f.end), mentions):
            return True
        s, e = p.sentence_of(f.start)
        return any(s <= ms < f.start for ms, _ in mentions) and not _FIRST_PERSON.search(p.low, s, e)

    return [f for f in found if f.rules[0] == "CLM-AUTH-STATUS" or not about_someone_else(f)]


def _impersonation(p: _Page, register: InstitutionRegister, fraud: FraudList, book: Rulebook) -> list[ClaimFinding]:
    if not p.host or (p.owner is not None and register.by_domain(p.host) is not None):
        return []
    found: list[ClaimFinding] = []
    listed = fraud.match(p.page.url)
    if listed is not None:
        found.append(
            _finding(
                p,
                book.rules["IMP-KNOWN-FRAUD"],
                0,
                0,
                term=p.host,
                source=fraud.source or "the imported list",
                listed=f"listed {listed.date or 'undated'}"
                + (f" for {listed.institution}" if listed.institution else ""),
                institution=listed.institution or "",
            )
        )
    mentions = p.mentions
    asks = book.terms["credentials"].search(p.low) is not None
    similar = lookalike(p.host, register, book.lookalike_words)
    if similar is not None:
        inst, how = similar
        at = next(((s, e) for i, s, e in mentions if i is inst), (0, 0))
        found.append(_finding(p, book.rules["IMP-LOOKALIKE-DOMAIN"], *at, term=p.host, institution=inst.label, how=how))
    third_party = p.page.entity is not None and register.by_name(p.page.entity) is None
    if asks and not third_party:
        for inst, s, e in mentions:
            if p.reported(s, book) or any(f.institution == inst.label for f in found):
                continue
            found.append(_finding(p, book.rules["IMP-NAME-MISUSE"], s, e, institution=inst.label))
            break
    return found


def _merge(findings: Iterable[ClaimFinding], text: str) -> list[ClaimFinding]:
    """Findings on overlapping text of the same kind become one, carrying every rule that fired; a page gets one
    impersonation finding, with every reason (look-alike domain, name misuse, fraud list) in it."""
    out: list[ClaimFinding] = []
    ordered = sorted(findings, key=lambda f: (f.kind == "impersonation", f.start, -f.end, -f.score))
    for f in ordered:
        prev = out[-1] if out else None
        overlaps = prev is not None and f.start < max(prev.end, prev.start + 1) and f.end > 0
        if prev is not None and prev.kind == f.kind and (overlaps or f.kind == "impersonation"):
            rules = prev.rules + tuple(r for r in f.rules if r not in prev.rules)
            refs = prev.refs + tuple(r for r in f.refs if r not in prev.refs)
            better = prev if prev.score >= f.score else f
            located = [x for x in (prev, f) if x.end > x.start]  # page-level findings (a domain) have no span
            basis = "instrument" if "instrument" in (prev.basis, f.basis) else "interpretation"
            legal = prev.legal_basis if f.legal_basis in prev.legal_basis else f"{prev.legal_basis}; {f.legal_basis}"
            out[-1] = ClaimFinding(
                **{
                    **better.__dict__,
                    "rules": rules,
                    "refs": refs,
                    "basis": basis,
                    "legal_basis": legal,
                    "start": min(x.start for x in located) if located else 0,
                    "end": max(x.end for x in located) if located else 0,
                    "term": " ".join(text[min(x.start for x in located) : max(x.end for x in located)].split())
                    if located and better.kind != "impersonation"
                    else better.term,
                    "score": min(0.99, max(prev.score, f.score) + 0.03),
                }
            )
        else:
            out.append(f)
    return out


def detect(
    page: Page, register: InstitutionRegister, fraud: FraudList | None = None, book: Rulebook | None = None
) -> list[ClaimFinding]:
    """Every finding on `page`, in text order."""
    book = book or rulebook()
    prepared = _prepare(page, register, book)
    findings = _misleading(prepared, register, book) + _impersonation(prepared, register, fraud or FraudList(), book)
    return _merge(findings, page.text)
