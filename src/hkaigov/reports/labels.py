"""Labels for human-readable output in English and Traditional Chinese (`--lang en|zh-Hant`).

Tier and role names in Chinese follow the reference: the tier labels are unofficial, the role names secondary.
"""

from __future__ import annotations

from hkaigov.domain.catalog import Catalog, Control
from hkaigov.domain.enums import RiskTier, Role

LANGS = ("en", "zh-Hant")

_TIER_ZH = {
    RiskTier.UNACCEPTABLE: "不可接受風險",
    RiskTier.HIGH: "高風險",
    RiskTier.LIMITED: "有限風險",
    RiskTier.LOW: "低風險",
}
_ROLE_ZH = {
    Role.TECHNOLOGY_DEVELOPER: "技術開發者",
    Role.SERVICE_PROVIDER: "服務提供者",
    Role.SERVICE_USER: "服務使用者",
}
_WORDS_ZH = {
    "system": "系統",
    "tier": "風險級別",
    "roles": "角色",
    "sector": "行業",
    "controls": "控制措施",
    "top reasons": "主要理由",
    "why (rule: reason) and source": "理由（規則：原因）及出處",
    "control": "控制措施",
    "title": "標題",
    "kind": "類別",
    "scope": "範圍",
    "citation": "出處",
    "why": "適用原因",
    "status": "狀況",
    "evidence": "證據",
    "Classification": "風險分級",
    "Portfolio": "系統組合",
}


def is_zh(lang: str) -> bool:
    return lang.lower().startswith("zh")


def word(text: str, lang: str) -> str:
    return _WORDS_ZH.get(text, text) if is_zh(lang) else text


def tier_label(tier: RiskTier, lang: str) -> str:
    return f"{_TIER_ZH[tier]} ({tier.value})" if is_zh(lang) else tier.value


def role_label(role: Role, lang: str) -> str:
    return f"{_ROLE_ZH[role]} ({role.value})" if is_zh(lang) else role.value


def cited_as(control: Control, catalog: Catalog) -> str:
    """`<instrument short name>: <citation>`, how tables and Markdown show where a control comes from."""
    inst = catalog.instrument(control.instrument)
    return f"{inst.short if inst else control.instrument}: {control.citation}"
