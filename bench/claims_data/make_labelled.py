# ruff: noqa: E501
"""Build labelled.jsonl: labelled snippets for benchmarking the misleading-banking-claims monitor (hkaigov claims).

The set mixes ~150 hand-written snippets (hand.py, hand2.py) with the output of nine small, seeded generators, each
with its own sentence patterns in English, written Traditional Chinese, Cantonese and code-switched text:

  unlicensed_names   non-banks calling themselves a (digital / crypto / virtual ...) bank, 銀行, 數字銀行 ...
  deposit_invites    e-wallets, crypto and investment firms inviting "deposits" / 存款 with interest promises
  lenders_cards_auth money lenders calling themselves a bank, "bank cards" from non-banks, false HKMA claims
  impersonation      look-alike / homoglyph domains asking people to log in or verify (kind "impersonation")
  authorised         real authorized institutions (from src/hkaigov/claims/data/institutions.yaml) on their own domains
  other_senses       food bank, blood bank, power bank, river bank, piggy bank, bank holiday, 題庫, 時間銀行 ...
  payments           "pay by bank transfer", "your bank may charge a fee", e-wallet top-ups from a bank account
  security_deposits  rental / booking / car deposits, 按金, 訂金
  news_jobs_compare  news about banks (including reports that quote fake bank names), job ads, comparison sites

Every firm that is not in the register is fictional; fictional sites use the reserved `.example` TLD, and
impersonation pages use look-alike domains (some with realistic TLDs) that must not be visited.

Usage:  python bench/claims_data/make_labelled.py [--seed 7] [-o bench/claims_data/labelled.jsonl]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from hand import HAND  # noqa: E402
from hand2 import HAND2  # noqa: E402

REGISTER = ROOT / "src" / "hkaigov" / "claims" / "data" / "institutions.yaml"

FLAGGED_MISLEADING = {
    "unlicensed_bank_name",
    "deposit_invitation",
    "money_lender_bank",
    "bank_card_non_bank",
    "false_authorisation",
}
CATEGORY_KIND: dict[str, str | None] = {c: "misleading_claim" for c in FLAGGED_MISLEADING} | {
    "impersonation": "impersonation"
}
NOT_FLAGGED = {
    "authorised_bank",
    "authorised_institution_other",
    "innocent_food_bank",
    "innocent_blood_bank",
    "innocent_power_bank",
    "innocent_river_bank",
    "innocent_piggy_bank",
    "innocent_bank_holiday",
    "innocent_data_memory_question_bank",
    "innocent_time_bank",
    "innocent_bank_lookalike_word",
    "innocent_bank_payment",
    "innocent_ewallet_top_up",
    "innocent_security_deposit",
    "innocent_news_about_banks",
    "innocent_job_ad",
    "innocent_comparison_site",
    "innocent_disclaimer",
    "innocent_partner_bank",
}
CATEGORY_KIND |= dict.fromkeys(NOT_FLAGGED)
LANGS = ("en", "zh", "yue", "mixed")

Item = dict[str, Any]

# --------------------------------------------------------------------------------------------------------------
# Fictional firms (none is an authorized institution)
# --------------------------------------------------------------------------------------------------------------

EN_FIRMS = [
    ("WinFast", "winfast"),
    ("NovaChain", "novachain"),
    ("ApexCoin", "apexcoin"),
    ("StarRiver", "starriver"),
    ("BlueLotus", "bluelotus"),
    ("GoldenBridge", "goldenbridge"),
    ("Zenith", "zenith"),
    ("Orchid", "orchid"),
    ("MetaHarbour", "metaharbour"),
    ("PeakYield", "peakyield"),
    ("CloudMint", "cloudmint"),
    ("JadeFi", "jadefi"),
    ("SilverSail", "silversail"),
    ("Neon", "neonwallet"),
    ("Tidal", "tidal"),
    ("Kowloon Capital", "kowloon-capital"),
    ("DragonGate", "dragongate"),
    ("CoinWave", "coinwave"),
    ("Lantau Digital", "lantau-digital"),
    ("Victoria Crypto", "victoriacrypto"),
    ("Sampan", "sampan"),
    ("Junk Boat", "junkboat"),
    ("Pearl River Coin", "pearlrivercoin"),
    ("Typhoon", "typhoon"),
    ("Skyline Assets", "skyline-assets"),
]
ZH_FIRMS = [
    ("星河", "xinghe"),
    ("金橋", "jinqiao"),
    ("藍蓮", "lanlian"),
    ("翠峰", "chuifung"),
    ("維港", "weigang"),
    ("龍門", "longmen"),
    ("獅子山", "lionrock"),
    ("雲鑄", "yunzhu"),
    ("潮匯", "chaohui"),
    ("玉帛", "yubo"),
    ("銀帆", "yinfan"),
    ("頂峰", "dingfung"),
    ("紫荊", "zijing"),
    ("天璽", "tianxi"),
    ("海晴", "haiqing"),
    ("金沙", "jinsha"),
    ("錦繡", "jinxiu"),
    ("富澤", "fuze"),
]
EN_SUFFIX = ["Technologies Ltd", "Holdings Ltd", "Labs Ltd", "Group Ltd", "Digital Ltd", "Fintech Ltd"]
ZH_SUFFIX = ["金融科技有限公司", "數碼科技有限公司", "控股有限公司", "數字資產有限公司", "科技有限公司"]
DISTRICTS_EN = [
    "Sham Shui Po",
    "Kwun Tong",
    "Tsuen Wan",
    "Yuen Long",
    "Tai Po",
    "Wong Tai Sin",
    "Eastern District",
    "Tuen Mun",
    "Sha Tin",
    "Kwai Chung",
]
DISTRICTS_ZH = ["深水埗", "觀塘", "荃灣", "元朗", "大埔", "黃大仙", "東區", "屯門", "沙田", "葵涌"]


def pick_lang(rng: random.Random, weights: tuple[float, float, float, float] = (0.5, 0.24, 0.16, 0.1)) -> str:
    return rng.choices(LANGS, weights=weights)[0]


def en_firm(rng: random.Random) -> tuple[str, str, str]:
    name, slug = rng.choice(EN_FIRMS)
    return name, slug, f"{name} {rng.choice(EN_SUFFIX)}"


def zh_firm(rng: random.Random) -> tuple[str, str, str]:
    name, slug = rng.choice(ZH_FIRMS)
    return name, slug, f"{name}{rng.choice(ZH_SUFFIX)}"


def fict_url(rng: random.Random, slug: str, zh: bool, paths: list[str]) -> str:
    host = rng.choice([f"{slug}.example", f"www.{slug}.example", f"app.{slug}.example", f"{slug}-hk.example"])
    path = rng.choice(paths)
    if zh and rng.random() < 0.6:
        path = "/" + rng.choice(["zh-hk", "tc", "zh"]) + path
    return f"https://{host}{path}"


def item(
    category: str,
    lang: str,
    text: str,
    url: str | None,
    entity: str | None,
    terms: list[str],
    origin: str,
    **extra: Any,
) -> Item:
    return {
        "url": url,
        "text": text,
        "entity": entity,
        "category": category,
        "lang": lang,
        "terms": terms,
        "origin": origin,
        **extra,
    }


# --------------------------------------------------------------------------------------------------------------
# G1: unlicensed platforms calling themselves a bank
# --------------------------------------------------------------------------------------------------------------

EN_DESC = [
    "digital bank",
    "crypto bank",
    "digital asset bank",
    "virtual bank",
    "online bank",
    "Web3 bank",
    "crypto-native bank",
    "blockchain bank",
    "internet bank",
    "mobile bank",
]
ZH_DESC = [
    "數字銀行",
    "數碼銀行",
    "虛擬銀行",
    "加密銀行",
    "網上銀行",
    "數字資產銀行",
    "加密貨幣銀行",
    "區塊鏈銀行",
    "網絡銀行",
    "電子銀行",
]

G1_EN = [
    "{n} {D}: open a multi-currency account in minutes, no branch visit needed.",
    "Welcome to {n}, the {d} built for Hong Kong's Web3 generation.",
    "{n} is a next-generation {d} offering savings, payments and cards in one app.",
    "Why queue at a branch? With {n}, the {d} in your pocket, you can send, save and spend 24/7.",
    "Join 200,000 users who already trust {n}, Asia's favourite {d}.",
    "{n} - your {d} for USDT, BTC and HKD. Zero fees on transfers.",
    "Download the {n} app: the {d} that pays you every day.",
    "{n} {D} Limited. Registered office: Unit 12, 8/F, Example Tower, {district}.",
    "Hong Kong's most rewarding {d} is here. {n} gives you 3% cashback on every purchase.",
    "Press release: {n} launches its {d} platform for Hong Kong SMEs, with same-day account opening.",
    "{n} {D} | Home | Accounts | Cards | Earn | About us | Contact",
    "We're {n}. We're a {d}, just without the queues, the paperwork or the hidden fees.",
    "Switch your salary to {n}, the {d} that never closes, and get HK$300 when your first pay lands.",
]
G1_EN_PLAIN = [
    "{n} Bank: banking made simple for the crypto generation.",
    "At {n} Bank we believe your money should work as hard as you do.",
    "{n} Bank Ltd © 2025. All rights reserved.",
]
G1_ZH = [
    "{z}{zd}：三分鐘網上開戶，毋須親臨分行。",
    "{z}是香港新一代{zd}，為用戶提供儲蓄、支付及轉賬服務。",
    "歡迎使用{z}{zd}，隨時隨地管理你的數字資產。",
    "{z}{zd}有限公司　地址：九龍{district}示例道8號12樓",
    "全港首間{zd}——{z}，正式上線！",
    "{z}{zd}手機應用程式現已推出，新客戶開戶即享迎新獎賞。",
    "選擇{z}{zd}，享受零手續費跨境匯款。",
]
G1_YUE = [
    "{z}{zd}嚟啦！開戶唔使排隊，部手機搞掂晒。",
    "{z}係全港最多人用嘅{zd}，你仲等咩？",
    "唔想再排隊？試下{z}{zd}啦，24小時都搵到我哋。",
    "{z}{zd}新客戶開戶送HK$200，即刻下載App啦！",
    "點解揀{z}{zd}？因為手續費全免，轉賬即時到。",
]
G1_MIXED = [
    ("{n} 係一間 {d}，支援 HKD、USDT 同 BTC，開戶 5 分鐘搞掂。", "d"),
    ("{n} {zd} 新 app 已經 launch，register 即送 50 USDT！", "zd"),
    ("揀 {n} 做你嘅 {d}，zero fee 轉數，仲有 cashback。", "d"),
    ("{n} {D} — 專為 freelancer 而設嘅 multi-currency account。", "D"),
]


def title(d: str) -> str:
    return " ".join(w[0].upper() + w[1:] for w in d.split())


def gen_unlicensed_names(rng: random.Random) -> Iterator[Item]:
    paths = ["/", "/about", "/app", "/home", "/personal", "/open-account", "/why-us"]
    while True:
        lang = pick_lang(rng)
        district = rng.choice(DISTRICTS_EN)
        if lang == "en":
            n, slug, ent = en_firm(rng)
            if rng.random() < 0.2:
                text, term = rng.choice(G1_EN_PLAIN).format(n=n), "Bank"
            else:
                d = rng.choice(EN_DESC)
                D = title(d)
                tpl = rng.choice(G1_EN)
                text = tpl.format(n=n, d=d, D=D, district=district)
                term = D if "{D}" in tpl else d
            yield item(
                "unlicensed_bank_name",
                lang,
                text,
                fict_url(rng, slug, False, paths),
                ent,
                [term],
                "gen:unlicensed_names",
            )
        elif lang in ("zh", "yue"):
            z, slug, ent = zh_firm(rng)
            zd = rng.choice(ZH_DESC)
            tpl = rng.choice(G1_ZH if lang == "zh" else G1_YUE)
            text = tpl.format(z=z, zd=zd, district=rng.choice(DISTRICTS_ZH))
            yield item(
                "unlicensed_bank_name", lang, text, fict_url(rng, slug, True, paths), ent, [zd], "gen:unlicensed_names"
            )
        else:
            n, slug, ent = en_firm(rng)
            tpl, slot = rng.choice(G1_MIXED)
            d = rng.choice(EN_DESC)
            D = title(d)
            zd = rng.choice(ZH_DESC)
            text = tpl.format(n=n, d=d, D=D, zd=zd)
            yield item(
                "unlicensed_bank_name",
                lang,
                text,
                fict_url(rng, slug, True, paths),
                ent,
                [{"d": d, "D": D, "zd": zd}[slot]],
                "gen:unlicensed_names",
            )


# --------------------------------------------------------------------------------------------------------------
# G2: non-authorized firms inviting deposits
# --------------------------------------------------------------------------------------------------------------

G2_EN = [
    ("Deposit USDT with {n} and earn up to {r}% p.a. - interest paid daily, withdraw anytime.", ["Deposit"]),
    ("{n} Fixed Deposit: lock your HKD for {t} months and enjoy a guaranteed {r}% return.", ["Fixed Deposit"]),
    ("Open a {n} savings account today: {r}% p.a. on your balance, low risk, high return.", ["savings account"]),
    ("Make a time deposit of HK$10,000 or more in your {n} wallet and receive {r}% interest.", ["time deposit"]),
    ("{n} interest-bearing account: earn {r}% a year on every dollar, credited each morning.", ["interest-bearing"]),
    ("Our crypto deposit plan turns idle coins into passive income: {r}% APY, principal protected.", ["deposit plan"]),
    ("Start saving: deposit as little as HK$100 into a {n} Savings Pot and watch it grow at {r}% a year.", ["deposit"]),
    ("Better than a bank: {n} pays {r}% on deposits of any size, with no lock-up period.", ["deposits"]),
    ("Get {r}% interest on HKD deposits for {t} months when you join {n} before the end of the month.", ["deposits"]),
    (
        "{n} Earn - Fixed-term deposits from 30 days. Current rate: {r}% p.a. Minimum: 500 USDC.",
        ["Fixed-term deposits"],
    ),
    (
        "Members who deposit HK${amt:,} or more with {n} receive a fixed {rm}% every month, paid on the 1st.",
        ["deposit"],
    ),
]
G2_ZH = [
    ("{z}定期存款：年利率高達{r}%，{t}個月到期，本金保障。", ["定期存款"]),
    ("存款到{z}錢包，每日派息，年化回報{r}%，隨時提取。", ["存款"]),
    ("{z}活期存款計劃——低風險、高回報，存入USDT即享{r}%年息。", ["活期存款"]),
    ("{z}推出港元定期存款，存期{t}個月，年息{r}%，名額有限。", ["定期存款"]),
    ("立即開立{z}儲蓄戶口，存款年利率{r}%，遠高於一般銀行。", ["儲蓄戶口", "存款"]),
    ("{z}理財：存款一萬元起，每月穩定收取{rm}%利息。", ["存款"]),
]
G2_YUE = [
    ("存款放喺{z}，年息{r}厘，仲高過銀行定期！", ["存款"]),
    ("而家喺{z}開個儲蓄戶口，存款即刻有{r}%利息，唔使鎖倉。", ["儲蓄戶口", "存款"]),
    ("{z}定期存款{t}個月就有{r}%回報，穩陣過買股票！", ["定期存款"]),
    ("存USDT入{z}每日都有息收，年息{r}%，存款隨時攞得返。", ["存款"]),
]
G2_MIXED = [
    ("{n} Earn：存入 USDC 即享 {r}% APY，deposit 越多，回報越高。", ["deposit"]),
    ("{n} 全新 fixed deposit 計劃，{t} 個月 {r}% p.a.，本金 guaranteed。", ["fixed deposit"]),
    ("用 {n} savings account 儲錢，年息 {r}%，比銀行定期高好多。", ["savings account"]),
]


def gen_deposit_invites(rng: random.Random) -> Iterator[Item]:
    paths = ["/earn", "/savings", "/deposit", "/fixed-deposit", "/promo", "/products/earn"]
    while True:
        lang = pick_lang(rng)
        r = rng.choice([4.5, 5, 6, 6.8, 7.2, 8, 8.8, 9.5, 10, 12, 15, 18])
        t = rng.choice([1, 3, 6, 12])
        rm = rng.choice([0.8, 1, 1.2, 1.5, 2])
        amt = rng.choice([10000, 50000, 100000, 200000])
        if lang in ("en", "mixed"):
            n, slug, ent = en_firm(rng)
            tpl, terms = rng.choice(G2_EN if lang == "en" else G2_MIXED)
            text = tpl.format(n=n, r=r, t=t, rm=rm, amt=amt)
            yield item(
                "deposit_invitation",
                lang,
                text,
                fict_url(rng, slug, lang == "mixed", paths),
                ent,
                terms,
                "gen:deposit_invites",
            )
        else:
            z, slug, ent = zh_firm(rng)
            tpl, terms = rng.choice(G2_ZH if lang == "zh" else G2_YUE)
            text = tpl.format(z=z, r=r, t=t, rm=rm)
            yield item(
                "deposit_invitation", lang, text, fict_url(rng, slug, True, paths), ent, terms, "gen:deposit_invites"
            )


# --------------------------------------------------------------------------------------------------------------
# G3: money lenders calling themselves a bank, non-bank "bank cards", false claims of authorized status
# --------------------------------------------------------------------------------------------------------------

LENDERS = [
    ("Wing Fat Credit", "wingfat", "永發財務"),
    ("Sun Kee Finance", "sunkee", "新記財務"),
    ("Fook On Credit", "fookon", "福安財務"),
    ("Kam Lung Finance", "kamlung", "金龍財務"),
    ("Yat Sing Credit", "yatsing", "日昇財務"),
    ("On Tat Finance", "ontat", "安達財務"),
]
LENDER_EN = [
    ("{n} - the neighbourhood bank for people the big banks forget. Licensed money lender.", ["neighbourhood bank"]),
    ("Your local cash bank in {district}: {n} approves personal loans up to HK${amt:,} in one hour.", ["cash bank"]),
    ("{n} Loan Bank - no salary proof, no guarantor, cash today.", ["Loan Bank"]),
    (
        "Borrow from {n}, {district}'s community bank since 1998. Annual interest rates from 12% to 48%.",
        ["community bank"],
    ),
]
LENDER_ZH = [
    ("{z}銀行——私人貸款、業主貸款，即日批核，即日過數。", ["{z}銀行"]),
    ("{district}街坊銀行{z}，借錢唔使等，唔使入息證明。", ["街坊銀行"]),
    ("{z}貸款銀行：清卡數、稅貸，實際年利率低至百分之十二。", ["貸款銀行"]),
]
CARD_EN = [
    ("Spend your crypto anywhere with the {n} bank card - free for the first year.", ["bank card"]),
    ("The {n} Bank Card: a Visa debit card linked to your USDT balance, with 2% cashback.", ["Bank Card"]),
    ("Your {n} bank card has shipped! Track it in the app and activate it on arrival.", ["bank card"]),
]
CARD_ZH = [
    ("{z}銀行卡：以數字資產即時消費，全球通用。", ["銀行卡"]),
    ("立即申請{z}銀行卡，免年費、免入息證明，即批即用。", ["銀行卡"]),
    ("{z}銀行卡到咗未？記得喺App度啟動先用得㗎。", ["銀行卡"]),
]
AUTH_EN = [
    ("{n} is licensed by the HKMA, so your balance is as safe as in any bank.", ["licensed by the HKMA"]),
    ("{n} is an authorized institution regulated by the Hong Kong Monetary Authority.", ["authorized institution"]),
    ("Fully licensed: {n} holds a Hong Kong banking licence (No. {lic}).", ["banking licence"]),
    (
        "HKMA-approved and protected by the Deposit Protection Scheme - open your {n} account today.",
        ["HKMA-approved", "Deposit Protection Scheme"],
    ),
]
AUTH_ZH = [
    ("{z}已獲香港金融管理局發出銀行牌照，客戶資金絕對安全。", ["銀行牌照"]),
    ("{z}為金管局認可機構，閣下存款受存款保障計劃保障。", ["認可機構", "存款保障計劃"]),
    ("{z}係金管局發牌嘅持牌銀行，放心將錢交俾我哋。", ["持牌銀行"]),
]


def gen_lenders_cards_auth(rng: random.Random) -> Iterator[Item]:
    kinds = ["lender", "card", "auth"]
    while True:
        kind = rng.choice(kinds)
        zh = rng.random() < 0.42
        district_en, district_zh = rng.choice(list(zip(DISTRICTS_EN, DISTRICTS_ZH, strict=True)))
        if kind == "lender":
            n, slug, z = rng.choice(LENDERS)
            if zh:
                tpl, terms = rng.choice(LENDER_ZH)
                text = tpl.format(z=z, district=district_zh)
                terms = [t.format(z=z) for t in terms]
                yield item(
                    "money_lender_bank",
                    "zh",
                    text,
                    fict_url(rng, slug, True, ["/", "/loans"]),
                    f"{z}有限公司",
                    terms,
                    "gen:lenders_cards_auth",
                )
            else:
                tpl, terms = rng.choice(LENDER_EN)
                text = tpl.format(n=n, district=district_en, amt=rng.choice([50000, 100000, 300000]))
                yield item(
                    "money_lender_bank",
                    "en",
                    text,
                    fict_url(rng, slug, False, ["/", "/loans", "/apply"]),
                    f"{n} Ltd",
                    terms,
                    "gen:lenders_cards_auth",
                )
        elif kind == "card":
            if zh:
                z, slug, ent = zh_firm(rng)
                tpl, terms = rng.choice(CARD_ZH)
                lang = "yue" if "到咗未" in tpl else "zh"
                yield item(
                    "bank_card_non_bank",
                    lang,
                    tpl.format(z=z),
                    fict_url(rng, slug, True, ["/card", "/cards"]),
                    ent,
                    terms,
                    "gen:lenders_cards_auth",
                )
            else:
                n, slug, ent = en_firm(rng)
                tpl, terms = rng.choice(CARD_EN)
                yield item(
                    "bank_card_non_bank",
                    "en",
                    tpl.format(n=n),
                    fict_url(rng, slug, False, ["/card", "/cards"]),
                    ent,
                    terms,
                    "gen:lenders_cards_auth",
                )
        else:
            if zh:
                z, slug, ent = zh_firm(rng)
                tpl, terms = rng.choice(AUTH_ZH)
                lang = "yue" if "係" in tpl else "zh"
                yield item(
                    "false_authorisation",
                    lang,
                    tpl.format(z=z),
                    fict_url(rng, slug, True, ["/about", "/security", "/faq"]),
                    ent,
                    terms,
                    "gen:lenders_cards_auth",
                )
            else:
                n, slug, ent = en_firm(rng)
                tpl, terms = rng.choice(AUTH_EN)
                text = tpl.format(n=n, lic=f"{rng.randint(100, 999)}/{rng.randint(2019, 2025)}")
                yield item(
                    "false_authorisation",
                    "en",
                    text,
                    fict_url(rng, slug, False, ["/about", "/security", "/faq"]),
                    ent,
                    terms,
                    "gen:lenders_cards_auth",
                )


# --------------------------------------------------------------------------------------------------------------
# G4: impersonation pages on look-alike domains
# --------------------------------------------------------------------------------------------------------------

IMPERSONATED = [
    (
        "The Hongkong and Shanghai Banking Corporation Limited",
        "HSBC",
        "滙豐",
        [
            "hsbc-hk-security.com",
            "hsbc-online-verify.net",
            "secure-hsbc.hk-login.top",
            "hsbc.com.hk-verify.info",
            "hsbchk-login.example",
        ],
    ),
    (
        "Hang Seng Bank, Limited",
        "Hang Seng Bank",
        "恒生銀行",
        ["hangseng-secure.net", "hang-seng-login.com", "hangsenq.com", "hangseng-hk.cc"],
    ),
    (
        "Bank of China (Hong Kong) Limited",
        "BOCHK",
        "中銀香港",
        ["b0chk.com", "bochk-verify.net", "bochk-hk.top", "boc-hk-login.com"],
    ),
    (
        "Standard Chartered Bank (Hong Kong) Limited",
        "Standard Chartered",
        "渣打銀行",
        ["sc-hk-secure.com", "standardchartered-verify.net", "scb-hk-login.top"],
    ),
    ("The Bank of East Asia, Limited", "BEA", "東亞銀行", ["hkbea-secure.com", "hkbea-login.net", "bea-hk-verify.top"]),
    ("Mox Bank Limited", "Mox", "Mox", ["rnox.com", "mox-verify.net", "mox-hk.app-login.example"]),
    ("ZA Bank Limited", "ZA Bank", "眾安銀行", ["za-bank-login.com", "zabank-hk.net", "za-group-verify.top"]),
    ("WeLab Bank Limited", "WeLab Bank", "匯立銀行", ["we1ab.com", "welab-bank-secure.net"]),
    ("Livi Bank Limited", "livi bank", "理慧銀行", ["livibank-login.com", "llvibank.com"]),
    ("Airstar Bank Limited", "Airstar Bank", "天星銀行", ["airstarbank-hk.com", "airstar-verify.net"]),
    ("DBS Bank (Hong Kong) Limited", "DBS", "星展銀行", ["dbs-hk-secure.com", "dbshk-login.net"]),
    (
        "Citibank (Hong Kong) Limited",
        "Citibank",
        "花旗銀行",
        ["citibank-hk-secure.com", "cltibank.com.hk.verify.example"],
    ),
    ("Dah Sing Bank, Limited", "Dah Sing Bank", "大新銀行", ["dahsing-secure.com", "dahslng.com"]),
    ("Fusion Bank Limited", "Fusion Bank", "富融銀行", ["fusionbank-hk.com", "fusi0nbank.com"]),
]
IMP_PATHS = ["/login", "/verify", "/hk/logon", "/secure/update", "/index.php?session=8f2a91", "/m/", "/account/unlock"]
IMP_EN = [
    "Your {b} account has been temporarily locked. Verify your identity now to restore access.",
    "{b} Online Banking - Log on. Username | Password | Continue. For your security, please also enter the one-time password sent to your phone.",
    "Unusual sign-in detected on your {b} account. Confirm your details within 24 hours or your card will be suspended.",
    "Claim your {b} reward points before they expire: log in and confirm your card number and CVV.",
    "{b} Security Centre: update your mobile number to keep using mobile banking.",
    "Dear {b} customer, a payment of HK${amt:,} is pending. If you did not authorise it, sign in to cancel.",
]
IMP_ZH = [
    "【{zb}】您的帳戶存在異常登入，請立即登入驗證身份，否則帳戶將於24小時內凍結。",
    "{zb}網上銀行登入——請輸入用戶名稱、密碼及一次性密碼。",
    "{zb}通知：您的信用卡積分即將到期，請登入兌換。",
    "尊敬的{zb}客戶：為配合系統升級，請於今日內登入更新您的個人資料。",
]
IMP_YUE = [
    "{zb}提你：你個戶口有可疑交易，即刻登入核實身份啦，唔係會凍結㗎！",
    "{zb}：你嘅流動保安編碼已失效，撳入去重新登記同登入。",
]


def gen_impersonation(rng: random.Random) -> Iterator[Item]:
    while True:
        name_en, b, zb, domains = rng.choice(IMPERSONATED)
        url = f"https://{rng.choice(domains)}{rng.choice(IMP_PATHS)}"
        lang = pick_lang(rng, (0.5, 0.3, 0.2, 0.0))
        if lang == "en" or zb == b:
            lang = "en"
            text, term = rng.choice(IMP_EN).format(b=b, amt=rng.choice([3980, 8999, 12500, 49000])), b
        else:
            text, term = rng.choice(IMP_ZH if lang == "zh" else IMP_YUE).format(zb=zb), zb
        entity = rng.choice([None, b, zb])
        yield item("impersonation", lang, text, url, entity, [term], "gen:impersonation", impersonates=name_en)


# --------------------------------------------------------------------------------------------------------------
# G5: authorized institutions describing themselves (from the register file)
# --------------------------------------------------------------------------------------------------------------

VIRTUAL = {
    "ZA Bank Limited",
    "Mox Bank Limited",
    "WeLab Bank Limited",
    "Livi Bank Limited",
    "Airstar Bank Limited",
    "Ant Bank (Hong Kong) Limited",
    "PAO Bank Limited",
    "Fusion Bank Limited",
}
HOSTS = {"za.group": "bank.za.group", "mox.com": "mox.com"}
AUTH_BANK_EN = [
    "{s} offers HKD and foreign currency time deposits with tenors from 1 week to 12 months.",
    "Open a savings account with {s} online and manage it in the mobile app.",
    "{full} is a licensed bank regulated by the Hong Kong Monetary Authority. Eligible deposits are protected by the Deposit Protection Scheme.",
    "Log on to {s} Online Banking to view your deposit balances and e-statements.",
    "{s} Mobile Banking: transfer money, pay bills and manage your cards wherever you are.",
    "{s} credit cards: earn rewards on dining and online spending. Apply online today.",
    "Important notice: {s} will never ask for your password or one-time password by SMS or email.",
    "About {s}: personal, business and corporate banking services for customers in Hong Kong.",
]
AUTH_BANK_VIRTUAL_EN = [
    "{s} is a virtual bank licensed by the HKMA. Open an account in minutes with your HKID.",
    "No branches, no paperwork: {s} is a licensed virtual bank in Hong Kong.",
]
AUTH_BANK_ZH = [
    "{zs}提供港元及外幣定期存款，存款期由七天至十二個月。",
    "{zfull}為香港持牌銀行，受香港金融管理局監管。合資格存款受存款保障計劃保障。",
    "立即登入{zs}網上銀行，查閱存款結餘及電子結單。",
    "{zs}手機銀行讓你隨時隨地轉賬、繳費及管理信用卡。",
    "重要提示：{zs}絕不會透過短訊或電郵要求客戶提供密碼或一次性密碼。",
]
AUTH_BANK_YUE = [
    "用{zs} App 開戶，幾分鐘就搞掂，唔使去分行。",
    "{zs}定期存款而家有新客戶優惠，記得睇下條款。",
]


def load_banks() -> list[dict[str, Any]]:
    data = yaml.safe_load(REGISTER.read_text(encoding="utf-8"))
    local = [i for i in data["institutions"] if i["type"] == "licensed_bank" and i.get("domains")]
    return local[:30]  # the locally incorporated licensed banks and virtual banks come first in the file


def gen_authorised(rng: random.Random) -> Iterator[Item]:
    banks = load_banks()
    paths = [
        "/",
        "/personal/deposits/",
        "/en/personal/",
        "/zh-hk/",
        "/accounts/savings/",
        "/about-us/",
        "/online-banking/",
    ]
    while True:
        bank = rng.choice(banks)
        domain = bank["domains"][0]
        host = HOSTS.get(domain) or (
            domain if domain.count(".") >= 2 and not domain.endswith(".com.hk") else f"www.{domain}"
        )
        url = f"https://{host}{rng.choice(paths)}"
        en_alias = next(a for a in bank["aliases"] if a.isascii())
        zh_aliases = [a for a in bank["aliases"] if not a.isascii()]
        lang = pick_lang(rng, (0.55, 0.3, 0.15, 0.0))
        if lang == "en" or not zh_aliases or not bank.get("name_zh"):
            frames = AUTH_BANK_EN + (AUTH_BANK_VIRTUAL_EN if bank["name_en"] in VIRTUAL else [])
            text = rng.choice(frames).format(s=en_alias, full=bank["name_en"])
            lang = "en"
        else:
            text = rng.choice(AUTH_BANK_ZH if lang == "zh" else AUTH_BANK_YUE).format(
                zs=rng.choice(zh_aliases), zfull=bank["name_zh"]
            )
        yield item("authorised_bank", lang, text, url, bank["name_en"], [], "gen:authorised")


# --------------------------------------------------------------------------------------------------------------
# G6: other senses of 'bank' / 銀行 / 庫
# --------------------------------------------------------------------------------------------------------------

OTHER_SENSES: dict[str, list[tuple[str, str]]] = {
    "innocent_food_bank": [
        ("en", "The {district} food bank distributed {k} food parcels last month and is short of cooking oil."),
        ("en", "Supermarket surplus now goes to a food bank instead of the bin, thanks to a new partnership."),
        ("zh", "{district_zh}食物銀行現招募義工，協助包裝及派發食物包。"),
        ("zh", "短期食物援助服務（俗稱食物銀行）為有需要家庭提供最多八星期的食物。"),
        ("yue", "食物銀行啲物資今個月又唔夠，大家有乾糧可以捐啲出嚟。"),
        ("mixed", "我哋公司 CSR day 去咗 {district} 嘅 food bank 做義工。"),
    ],
    "innocent_blood_bank": [
        ("en", "Hospital blood bank stocks fell below {k} units this week, and the Red Cross appealed for donors."),
        ("zh", "紅十字會輸血服務中心表示，血庫存量只足夠{d}日使用。"),
        ("yue", "血庫又告急，得閒就去捐血啦。"),
        ("en", "Our lab's tissue bank stores samples at minus 80 degrees for future research."),
    ],
    "innocent_power_bank": [
        ("en", "{k},000mAh power bank with USB-C fast charging, HK${price}. Free delivery over HK$300."),
        ("en", "Never pack a power bank in checked luggage - airlines only allow it in the cabin."),
        ("zh", "{k}000mAh行動電源，支援雙向快充，售價HK${price}。"),
        ("yue", "買咗個新尿袋，叉一次夠我部電話用兩日。"),
        ("mixed", "呢個 power bank 有齊 USB-C 同 Lightning，去旅行一流。"),
    ],
    "innocent_river_bank": [
        ("en", "Egrets nest along the river bank near Mai Po from March to July."),
        ("en", "The cycling track follows the east bank of the Shing Mun River for four kilometres."),
        ("zh", "河岸兩旁種滿木棉樹，每年春天吸引大批遊人拍照。"),
        ("en", "Fog banks rolled in over Lantau, and the ferry was delayed by twenty minutes."),
    ],
    "innocent_piggy_bank": [
        ("en", "Break open the piggy bank: kids can use coins to pay at our school fair stalls."),
        ("zh", "兒童錢罌有多款卡通造型，每個售HK${price}。"),
        ("yue", "細佬將利是錢全部放入錢罌，話要儲錢買單車。"),
    ],
    "innocent_bank_holiday": [
        ("en", "Please note: deliveries will not run on the bank holiday on {date}."),
        ("zh", "本店於銀行假期照常營業，營業時間為上午十時至晚上八時。"),
        ("yue", "聽日銀行假期，診所休息一日，有事請去急症室。"),
        ("mixed", "Bank holiday 唔使返工，約埋朋友去西貢行山。"),
    ],
    "innocent_data_memory_question_bank": [
        ("en", "Our question bank covers {k}00 practice questions for the HKDSE Economics exam."),
        ("en", "The photo bank has {k},000 royalty-free images of Hong Kong street scenes."),
        ("zh", "通識科題庫收錄歷屆試題及參考答案，供同學溫習。"),
        ("zh", "中學文憑試英文科模擬題庫已上載至學習平台。"),
        ("en", "Add the memory bank to slot B2 first when you use two sticks of RAM."),
        ("yue", "呢個題庫啲題目好似考試咁，做晒包你合格。"),
        ("en", "The national gene bank stores seeds of more than {k},000 plant species."),
    ],
    "innocent_time_bank": [
        ("zh", "時間銀行：參加者以服務時數互相交換服務，毋須金錢交易。"),
        ("yue", "我阿媽參加咗社區中心嘅時間銀行，教人整糕換人幫佢復康運動。"),
        ("en", "Under the time bank scheme, one hour of volunteering earns one time credit."),
    ],
    "innocent_bank_lookalike_word": [
        ("en", "Bankruptcy petitions in Hong Kong fell by {k}% last year, official figures show."),
        ("en", "The Central Harbourfront embankment is closed for resurfacing until {date}."),
        ("en", "Our rooftop bar, Sandbank, serves cocktails from 5pm."),
        ("en", "He works banker's hours now: nine to four and never on weekends."),
    ],
}


def gen_other_senses(rng: random.Random) -> Iterator[Item]:
    hosts = {
        "innocent_food_bank": [
            ("ngo.example", "Harbour Food Bank (charity)"),
            ("community.example", "Community News HK"),
            ("forum.example", None),
        ],
        "innocent_blood_bank": [
            ("news.example", "Harbour Times"),
            ("health.example", "健康資訊站"),
            ("forum.example", None),
        ],
        "innocent_power_bank": [
            ("gadgets.example", "Gadget Corner HK"),
            ("shop.example", "數碼小舖"),
            ("forum.example", None),
        ],
        "innocent_river_bank": [
            ("hikinghk.example", "Hiking HK"),
            ("blog.example", "Weekend Walks blog"),
            ("visit.example", "Visit Kowloon"),
        ],
        "innocent_piggy_bank": [
            ("kidstore.example", "Little Sprouts Store"),
            ("parenting.example", "Parenting HK"),
            ("forum.example", None),
        ],
        "innocent_bank_holiday": [
            ("community.example", "Community News HK"),
            ("clinic.example", "康健醫務中心"),
            ("forum.example", None),
        ],
        "innocent_data_memory_question_bank": [
            ("tutor.example", "Star Tutor Centre"),
            ("school.example", "示例中學"),
            ("science.example", "Science Weekly HK"),
            ("pcbuild.example", "PC Build Guide"),
        ],
        "innocent_time_bank": [("ngo.example", "友鄰社區服務中心"), ("community.example", "Community News HK")],
        "innocent_bank_lookalike_word": [
            ("news.example", "Harbour Times"),
            ("visit.example", "Visit Kowloon"),
            ("blog.example", None),
        ],
    }
    while True:
        cat = rng.choice(list(OTHER_SENSES))
        lang, tpl = rng.choice(OTHER_SENSES[cat])
        i = rng.randrange(len(DISTRICTS_EN))
        text = tpl.format(
            district=DISTRICTS_EN[i],
            district_zh=DISTRICTS_ZH[i],
            k=rng.randint(2, 30),
            d=rng.randint(3, 9),
            price=rng.choice([99, 149, 199, 259]),
            date=rng.choice(["1 July", "2 October", "25 December"]),
        )
        host, entity = rng.choice(hosts[cat])
        url = f"https://{host}/{'zh/' if lang != 'en' else ''}{rng.randint(100, 99999)}"
        yield item(cat, lang, text, url, entity, [], "gen:other_senses")


# --------------------------------------------------------------------------------------------------------------
# G7: payments through banks and e-wallet top-ups
# --------------------------------------------------------------------------------------------------------------

MERCHANTS = [
    ("Grace Dance School", "dance-school"),
    ("Kowloon Swim Club", "swimclub"),
    ("Harbour Clinic", "harbourclinic"),
    ("Sunrise Kindergarten", "sunrise-kg"),
    ("Tech Repair HK", "techrepair"),
    ("Lamma Yoga Retreat", "lammayoga"),
    ("City Print Shop", "cityprint"),
    ("Green Bus Tours", "greentours"),
    ("Ocean Movers", "oceanmovers"),
]
WALLETS = [
    ("PayLeaf", "payleaf"),
    ("HopPay", "hoppay"),
    ("TramPay", "trampay"),
    ("DimSumPay", "dimsumpay"),
    ("SwiftLeaf", "swiftleaf"),
]
PAY_EN = [
    "Payment methods: credit card, FPS or bank transfer. Please quote invoice number INV-{k} as the reference.",
    "Please transfer the course fee from your bank account before {date} and email us the receipt.",
    "Refunds are returned to the original card or bank account within 7-14 working days.",
    "Overseas customers: your bank may charge a fee for international wire transfers.",
    "We accept payment by bank transfer, cheque or cash at the front desk.",
    "To pay by direct debit, complete the autopay form and return it to your bank.",
    "Once your bank transfer has cleared, we will confirm your place by email.",
]
PAY_ZH = [
    "付款方式：銀行轉賬、轉數快或支票，請於七日內付款。",
    "退款將於十四個工作天內退回閣下的信用卡或銀行戶口。",
    "部分銀行或會收取手續費，詳情請向閣下的銀行查詢。",
    "請以銀行入數方式繳交費用，並於備註註明學生姓名。",
    "本會接受自動轉賬，請填妥直接付款授權書交回閣下的銀行。",
]
PAY_YUE = [
    "可以用轉數快或者銀行過數，過完數記得send張截圖俾我哋。",
    "銀行過數通常一個工作天到，如果急就用FPS啦。",
    "你間銀行可能會收手續費，我哋呢邊唔會另外收錢。",
]
TOPUP = [
    ("en", "Top up your {w} wallet from your bank account with FPS - it's free and instant."),
    ("en", "Link a bank account to {w} and turn on auto top-up when your balance falls below HK$100."),
    ("en", "Withdraw your {w} balance to any local bank account; it may take your bank one working day."),
    ("en", "Add money to {w} by bank transfer, card or cash at convenience stores."),
    ("zh", "經轉數快由銀行戶口增值{w}電子錢包，即時到賬，免手續費。"),
    ("zh", "{w}用戶可隨時將錢包結餘轉回本地銀行戶口。"),
    ("yue", "{w}冇錢？撳「增值」再揀你嘅銀行戶口就得。"),
    ("mixed", "{w} top up 可以用 bank account 或者 credit card，即時到賬。"),
]


def gen_payments(rng: random.Random) -> Iterator[Item]:
    while True:
        if rng.random() < 0.6:
            m, slug = rng.choice(MERCHANTS)
            lang = pick_lang(rng, (0.55, 0.25, 0.2, 0.0))
            frames = {"en": PAY_EN, "zh": PAY_ZH, "yue": PAY_YUE}[lang]
            text = rng.choice(frames).format(
                k=rng.randint(1000, 9999), date=rng.choice(["15 March", "1 September", "30 June"])
            )
            yield item(
                "innocent_bank_payment",
                lang,
                text,
                fict_url(rng, slug, lang != "en", ["/fees", "/payment", "/faq", "/terms"]),
                m,
                [],
                "gen:payments",
            )
        else:
            w, slug = rng.choice(WALLETS)
            lang, tpl = rng.choice(TOPUP)
            yield item(
                "innocent_ewallet_top_up",
                lang,
                tpl.format(w=w),
                fict_url(rng, slug, lang != "en", ["/help/top-up", "/help", "/faq"]),
                f"{w} Ltd",
                [],
                "gen:payments",
            )


# --------------------------------------------------------------------------------------------------------------
# G8: security, rental and booking deposits
# --------------------------------------------------------------------------------------------------------------

DEP = [
    ("en", "Monthly rent HK${rent:,}; two months' security deposit plus one month in advance."),
    ("en", "A HK${amt:,} deposit secures your booking. The balance is payable 30 days before arrival."),
    (
        "en",
        "The security deposit will be returned within 14 days after the tenancy ends, less any deductions for damage.",
    ),
    ("en", "Camera rental: HK${amt:,} deposit required, refunded when the equipment is returned in good condition."),
    ("en", "Reserve your new {car} with a HK${amt:,} deposit today."),
    ("en", "Venue hire requires a non-refundable deposit of 30% of the total fee."),
    ("en", "Key card deposit: HK$200, refundable on check-out."),
    ("en", "Deposit paid: HK${amt:,}. Balance due on collection: HK${bal:,}."),
    ("zh", "租金每月HK${rent:,}，按金兩個月，另加一個月上期。"),
    ("zh", "訂枱需繳付訂金HK${amt:,}，如取消恕不退還。"),
    ("zh", "租約期滿後，業主須於十四日內無息退還按金。"),
    ("zh", "報名時需繳付留位費HK${amt:,}，可於正式學費中扣除。"),
    ("zh", "租用場地須繳交按金HK${amt:,}，活動完結後歸還。"),
    ("yue", "租單位要俾兩個月按金、一個月上期，仲要俾佣金。"),
    ("yue", "落咗HK${amt:,}訂，件事就搞掂，餘數交收先俾。"),
    ("yue", "業主話按金要等檢查完單位先退，大概兩個禮拜。"),
    ("yue", "擺酒要畀三成訂金，遲咗就冇期㗎啦。"),
    ("mixed", "Deposit 已經俾咗 HK${amt:,}，balance 交收時先找。"),
]
LANDLORDS = [
    ("Harbour Homes Agency", "homes"),
    ("Kowloon Properties", "kowloonprops"),
    ("Golden Phoenix Restaurant", "goldenphoenix"),
    ("Snap Camera Rental", "snaprental"),
    ("Auto House Motors", "autohouse"),
    ("Seaview Holiday Flats", "seaview"),
    ("Little Stars Playgroup", "littlestars"),
]


def gen_security_deposits(rng: random.Random) -> Iterator[Item]:
    while True:
        lang, tpl = rng.choice(DEP)
        amt = rng.choice([500, 1000, 2000, 3000, 5000, 10000, 20000])
        text = tpl.format(
            rent=rng.choice([12000, 15800, 18000, 23500, 32000]),
            amt=amt,
            bal=amt * rng.randint(3, 9),
            car=rng.choice(["hatchback", "electric SUV", "hybrid saloon"]),
        )
        who, slug = rng.choice(LANDLORDS)
        yield item(
            "innocent_security_deposit",
            lang,
            text,
            fict_url(
                rng, slug, lang != "en", ["/listing/" + str(rng.randint(1000, 9999)), "/booking", "/terms", "/faq"]
            ),
            who,
            [],
            "gen:security_deposits",
        )


# --------------------------------------------------------------------------------------------------------------
# G9: news about banks (incl. reports quoting fake bank names), job ads, comparison sites
# --------------------------------------------------------------------------------------------------------------

NEWS_EN = [
    "{s} said on {day} it would raise its savings rate for new funds, following similar moves by rivals.",
    "Shares of {s} rose {x}% in Hong Kong after the bank reported higher first-half profit.",
    "{s} will close {k} branches next year as more customers switch to mobile banking, a spokesperson said.",
    "The HKMA warned the public about a fraudulent website, {fake}, which claims to be {fake_s}'s online banking log-in page.",
    "The Hong Kong Association of Banks said the prime rate would stay unchanged.",
    "The HKMA said '{fakebank}' is not an authorized institution and is not allowed to take deposits in Hong Kong.",
    "Police are investigating '{fakebank}', which promised investors 12% on 'fixed deposits' before its website went offline.",
]
NEWS_ZH = [
    "{zs}今日宣佈，新資金港元定期存款利率上調。",
    "金管局今日提醒市民，留意一個冒充{fake_zs}的虛假網站{fake}。",
    "{zs}公佈中期業績，純利按年上升百分之{x}。",
    "銀行公會今日宣佈，最優惠利率維持不變。",
    "金管局表示，「{zfake}」並非認可機構，市民切勿向其存款。",
    "警方拘捕三人，涉嫌以「{zfake}」名義訛稱提供高息定期存款。",
]
NEWS_YUE = [
    "{zs}今日又出咗新定期優惠，有冇人做咗？",
    "聽日係銀行假期，{zs}啲分行全部休息。",
    "成日收到扮{zs}嘅SMS叫你登入，大家小心啲呀。",
]
JOBS = [
    ("en", "{s} is hiring: Customer Service Officer, Branch Banking. Apply by {date}."),
    ("en", "Vacancy: Compliance Analyst (Retail Banking) at {s}. Degree holder with 2 years' experience."),
    ("zh", "{zs}誠聘客戶服務主任（分行銀行業務），具一年或以上經驗優先。"),
    ("yue", "{zs}請緊分行櫃位，有冇人有興趣？可以 DM 我 referral。"),
]
COMPARE = [
    ("en", "Best savings accounts in Hong Kong: we compared {s1}, {s2} and {s3} so you don't have to."),
    (
        "en",
        "Time deposit rates this week: {s1} and {s2} lead for 3-month HKD deposits. We are not a bank and do not take deposits.",
    ),
    ("zh", "{zs1}、{zs2}及{zs3}定期存款利率比較（每週更新）。"),
    ("yue", "{zs1}同{zs2}邊間定期高息啲？我哋幫你比較晒。"),
]
FAKE_EN = [
    "WinFast Digital Bank",
    "NovaChain Crypto Bank",
    "Apex Digital Asset Bank",
    "Zenith Web3 Bank",
    "Orchid Virtual Bank",
]
FAKE_ZH = ["星河數字銀行", "金橋加密銀行", "龍門虛擬銀行", "雲鑄數碼銀行", "頂峰區塊鏈銀行"]


def gen_news_jobs_compare(rng: random.Random) -> Iterator[Item]:
    banks = [b for b in load_banks() if b.get("name_zh")]
    while True:
        picks = rng.sample(banks, 3)
        s = [next(a for a in b["aliases"] if a.isascii()) for b in picks]
        zs = [next((a for a in b["aliases"] if not a.isascii()), b["name_zh"]) for b in picks]
        r = rng.random()
        _, fake_s, fake_zs, fake_domains = rng.choice(IMPERSONATED)
        fields = {
            "s": s[0],
            "zs": zs[0],
            "s1": s[0],
            "s2": s[1],
            "s3": s[2],
            "zs1": zs[0],
            "zs2": zs[1],
            "zs3": zs[2],
            "day": rng.choice(["Monday", "Tuesday", "Thursday"]),
            "x": rng.randint(2, 15),
            "k": rng.randint(3, 12),
            "fake": rng.choice(fake_domains),
            "fake_s": fake_s,
            "fake_zs": fake_zs,
            "fakebank": rng.choice(FAKE_EN),
            "zfake": rng.choice(FAKE_ZH),
            "date": rng.choice(["30 June", "15 July", "31 August"]),
        }
        if r < 0.6:
            lang = pick_lang(rng, (0.5, 0.35, 0.15, 0.0))
            tpl = rng.choice({"en": NEWS_EN, "zh": NEWS_ZH, "yue": NEWS_YUE}[lang])
            outlet = (
                ("Harbour Newsdesk", "newsdesk")
                if lang == "en"
                else rng.choice([("港聞速報", "newsdesk"), ("財經日日睇", "finance-forum")])
            )
            yield item(
                "innocent_news_about_banks",
                lang,
                tpl.format(**fields),
                f"https://{outlet[1]}.example/{'zh/' if lang != 'en' else ''}2025/{rng.randint(1, 12):02d}/{rng.randint(1000, 9999)}",
                outlet[0],
                [],
                "gen:news_jobs_compare",
            )
        elif r < 0.8:
            lang, tpl = rng.choice(JOBS)
            yield item(
                "innocent_job_ad",
                lang,
                tpl.format(**fields),
                f"https://jobs.example/{rng.randint(10000, 99999)}",
                rng.choice(["HK Jobs Board", "港職網"]),
                [],
                "gen:news_jobs_compare",
            )
        else:
            lang, tpl = rng.choice(COMPARE)
            yield item(
                "innocent_comparison_site",
                lang,
                tpl.format(**fields),
                f"https://ratecompare.example/{'zh/' if lang != 'en' else ''}savings",
                "RateCompare HK",
                [],
                "gen:news_jobs_compare",
            )


GENERATORS: list[tuple[Callable[[random.Random], Iterator[Item]], int]] = [
    (gen_unlicensed_names, 44),
    (gen_deposit_invites, 44),
    (gen_lenders_cards_auth, 34),
    (gen_impersonation, 34),
    (gen_authorised, 44),
    (gen_other_senses, 80),
    (gen_payments, 50),
    (gen_security_deposits, 40),
    (gen_news_jobs_compare, 52),
]


def from_hand(rows: list[tuple[Any, ...]]) -> Iterator[Item]:
    for row in rows:
        cat, lang, text, url, entity, terms = row[:6]
        extra = row[6] if len(row) > 6 else {}
        yield item(cat, lang, text, url, entity, list(terms), "hand", **extra)


def finalise(it: Item) -> Item:
    kind = CATEGORY_KIND[it["category"]]
    out: Item = {"id": "", "url": it["url"], "text": it["text"]}
    if it.get("entity"):
        out["entity"] = it["entity"]
    out |= {
        "flag": kind is not None,
        "kind": kind,
        "terms": it["terms"],
        "category": it["category"],
        "lang": it["lang"],
        "origin": it["origin"],
    }
    if it.get("impersonates"):
        out["impersonates"] = it["impersonates"]
    return out


def validate(items: list[Item]) -> None:
    texts = Counter(i["text"] for i in items)
    dup = [t for t, c in texts.items() if c > 1]
    assert not dup, f"duplicate texts: {dup[:3]}"
    for i in items:
        assert i["category"] in CATEGORY_KIND, i
        assert i["lang"] in LANGS, i
        assert i["flag"] == bool(i["terms"]), i
        haystack = (i["text"] + " " + (i["url"] or "")).lower()
        for t in i["terms"]:
            assert t.lower() in haystack, (t, i["text"])


def build(seed: int) -> list[Item]:
    rng = random.Random(seed)
    items = [finalise(i) for i in from_hand(HAND + HAND2)]
    seen = {i["text"] for i in items}
    for gen, n in GENERATORS:
        made, tries = 0, 0
        stream = gen(rng)
        while made < n:
            tries += 1
            assert tries < n * 50, f"{gen.__name__}: too few distinct texts"
            it = finalise(next(stream))
            if it["text"] in seen:
                continue
            seen.add(it["text"])
            items.append(it)
            made += 1
    rng.shuffle(items)
    for k, it in enumerate(items, 1):
        it["id"] = f"cl-{k:04d}"
    validate(items)
    return items


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", type=Path, default=HERE / "labelled.jsonl")
    args = parser.parse_args(argv)
    items = build(args.seed)
    with args.output.open("w", encoding="utf-8") as f:
        for it in items:
            f.write(json.dumps(it, ensure_ascii=False) + "\n")
    flagged = sum(i["flag"] for i in items)
    print(f"{len(items)} snippets ({flagged} flagged, {len(items) - flagged} not) -> {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
