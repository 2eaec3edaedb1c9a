"""Every rule with a positive and a near-miss negative, in English and Chinese; impersonation; explanations."""

from __future__ import annotations

import pytest

from hkaigov.claims.detect import ClaimFinding, detect, rulebook
from hkaigov.claims.institutions import FraudList, FraudSite, load_register
from hkaigov.claims.pages import Page

REGISTER = load_register()


def found(
    text: str, entity: str | None = "Example Co Ltd", url: str | None = "https://example-co.example/"
) -> list[ClaimFinding]:
    return detect(Page("p", url, text, entity), REGISTER)


def rules_of(findings: list[ClaimFinding]) -> set[str]:
    return {r for f in findings for r in f.rules}


# (rule, positive text, entity, near-miss negative text) — both languages for every misleading-claim rule
CASES = [
    (
        "CLM-BANK-NAME",
        "Lucky Finance — your neighbourhood bank for quick loans.",
        "Lucky Finance Limited",
        "Lucky Finance — pay us from your bank account in seconds.",
    ),
    (
        "CLM-BANK-NAME",
        "WinFast Digital Bank: banking made simple.",
        "WinFast Digital Ltd",
        "WinFast Digital: compare every bank in Hong Kong.",
    ),
    ("CLM-BANK-NAME", "我們是您身邊的社區銀行，貸款一小時批核。", "好運財務有限公司", "還款可經銀行轉帳，方便快捷。"),
    ("CLM-BANK-NAME", "星河數碼銀行：即開即用。", "星河科技有限公司", "星河科技支持香港食物銀行的義工活動。"),
    (
        "CLM-DIGITAL-BANK",
        "CoinVault is the crypto bank for Hong Kong savers.",
        "CoinVault Limited",
        "CoinVault is a crypto exchange; it is not a bank.",
    ),
    ("CLM-DIGITAL-BANK", "幣庫是香港首間加密貨幣銀行。", "幣庫有限公司", "幣庫是加密貨幣交易平台。"),
    (
        "CLM-DEPOSIT",
        "Deposit HK$10,000 today and earn a guaranteed 5% interest.",
        "PayNow Wallet Ltd",
        "A security deposit of two months' rent is required for the flat.",
    ),
    ("CLM-DEPOSIT", "CoinVault 加密貨幣存款帳戶，保證年回報12%。", "CoinVault Limited", "租約須繳付兩個月按金。"),
    (
        "CLM-SAVINGS-PRODUCT",
        "Open a savings account with us and get 6% p.a.",
        "WinFast Digital Ltd",
        "Our savings tips help you spend less on groceries.",
    ),
    ("CLM-SAVINGS-PRODUCT", "立即開設儲蓄戶口，年息高達6厘！", "星河科技有限公司", "儲蓄是好習慣，每月記帳有助理財。"),
    (
        "CLM-BANK-CARD",
        "Apply for our VaultPay bank card and spend crypto anywhere.",
        "VaultPay Ltd",
        "Pay at checkout with your bank card or Octopus.",
    ),
    ("CLM-BANK-CARD", "立即申請我們的幣付銀行卡，全球消費。", "幣付有限公司", "付款可使用Visa或萬事達卡。"),
    (
        "CLM-AUTH-STATUS",
        "We are licensed by the HKMA, so your money is safe.",
        "CoinVault Limited",
        "We are not licensed by the HKMA and do not take deposits.",
    ),
    (
        "CLM-AUTH-STATUS",
        "本平台受香港金融管理局監管，資金絕對安全。",
        "幣庫有限公司",
        "本平台並非受金管局監管的認可機構。",
    ),
]


@pytest.mark.parametrize(
    ("rule", "positive", "entity", "negative"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_each_rule_fires_on_its_positive_and_not_on_its_near_miss(
    rule: str, positive: str, entity: str, negative: str
) -> None:
    assert rule in rules_of(found(positive, entity)), found(positive, entity)
    assert found(negative, entity) == []


@pytest.mark.parametrize(
    "text",
    [
        "Volunteers packed rice at the Sham Shui Po food bank on Saturday.",
        "Our 20,000 mAh power bank keeps your phone charged all day.",
        "We cycled along the river bank to Tai Wai.",
        "Blood bank stocks are low this week; please donate.",
        "Top up from your bank account to the e-wallet in seconds.",
        "The office is closed on the bank holiday.",
        "Put your coins in the piggy bank.",
        "Practise with our question bank of 2,000 items.",
        "香港食物銀行今日向區內長者派發飯盒。",
        "時間銀行鼓勵長者參與義工服務。",
        "銀行假期期間暫停服務。",
        "A booking deposit of HK$500 secures your table.",
        "訂金恕不退還。",
    ],
)
def test_ordinary_senses_are_left_alone(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "HSBC said it would raise its time deposit rate to 4% p.a. from Monday.",
        "The HKMA warned that WinFast Digital Bank is not a bank.",
        "金管局提醒市民，只有認可機構才可接受存款。",
        "據報，一間聲稱是數碼銀行的公司以高息吸引存款。",
    ],
)
def test_reporting_what_others_said_is_not_a_claim(text: str) -> None:
    assert found(text, entity="Harbour Community Centre", url="https://community.example/a") == []


def test_a_news_publisher_reports_claims_rather_than_making_them() -> None:
    quote = "Harbour Digital Bank offers fixed deposits at 9% p.a., its website says."
    assert found(quote, entity="Harbour Newsdesk", url="https://newsdesk.example/x") == []
    assert found("定期存款年息9厘。", entity="海港新聞台", url="https://hk.example/x") == []
    own = "Harbour Digital Bank offers fixed deposits at 9% p.a."
    assert found(own, entity="Harbour Digital Ltd", url="https://harbour.example/") != []


def test_an_authorized_institution_may_use_bank_and_deposit() -> None:
    hang_seng = REGISTER.by_name("Hang Seng Bank")
    assert hang_seng is not None
    text = "Hang Seng Bank offers HKD time deposits at 3.8% p.a. for new funds. Open a savings account today."
    assert (
        detect(Page("p", f"https://www.{hang_seng.domains[0]}/deposits", text, "Hang Seng Bank Limited"), REGISTER)
        == []
    )
    assert detect(Page("p", None, text, "Hang Seng Bank Limited"), REGISTER) == []


def test_a_registered_name_mentioned_by_someone_else_is_not_their_claim() -> None:
    assert found("ZA Bank is a virtual bank licensed in 2019.", entity="Example Review Site") == []


def test_look_alike_domains_are_impersonation() -> None:
    for url, text in [
        ("https://hangseng-secure-login.com/verify", "Hang Seng Bank: your account is suspended. Verify now."),
        ("https://bochk-hk-verify.com/login", "中銀香港網上銀行：請即登入核實你的帳戶資料。"),
        ("https://www.b0chk.com/", "Welcome. Please log in."),
        ("https://hsbc-hk-update.net/", "Update your details to avoid suspension."),
    ]:
        findings = detect(Page("p", url, text), REGISTER)
        assert [f.kind for f in findings] == ["impersonation"], (url, findings)
        assert "IMP-LOOKALIKE-DOMAIN" in findings[0].rules and findings[0].institution


def test_the_real_domain_is_not_impersonation() -> None:
    inst = REGISTER.by_name("HSBC")
    assert inst is not None
    page = Page("p", f"https://www.{inst.domains[0]}/login", "HSBC: log in to verify your account.", None)
    assert detect(page, REGISTER) == []


def test_a_page_posing_as_a_bank_and_asking_for_log_in_details_is_impersonation() -> None:
    page = Page(
        "p",
        "https://secure-update-portal.example/",
        "HSBC Online Banking: your account is suspended. Log in to verify.",
    )
    (f,) = detect(page, REGISTER)
    assert f.kind == "impersonation" and f.rules == ("IMP-NAME-MISUSE",) and f.term.lower() == "hsbc"
    assert page.text[f.start : f.end].lower() == "hsbc"


def test_news_about_a_bank_with_log_in_words_is_not_impersonation() -> None:
    page = Page("p", "https://news.example/x", "HSBC warned customers not to share passwords by SMS.", "Example News")
    assert detect(page, REGISTER) == []


def test_known_fraudulent_sites_match_on_domain_and_path() -> None:
    fraud = FraudList(
        (FraudSite("https://fake-bank.example/hk", "fake-bank.example", "Hang Seng Bank", "2026-10-01"),), "alerts.csv"
    )
    hit = detect(Page("p", "https://www.fake-bank.example/hk/login", "Welcome"), REGISTER, fraud)
    assert [f.rules for f in hit] == [("IMP-KNOWN-FRAUD",)] and "alerts.csv" in hit[0].explanation
    assert detect(Page("p", "https://fake-bank.example/other", "Welcome"), REGISTER, fraud) == []


def test_every_finding_is_explained_with_offsets_legal_basis_and_excerpt() -> None:
    text = "Intro. WinFast Digital Bank — open a savings account and earn 6% p.a. on deposits."
    findings = found(text, entity="WinFast Digital Ltd")
    assert findings
    book = rulebook()
    for f in findings:
        assert text[f.start : f.end] == f.term or f.kind == "impersonation"
        assert f.explanation and "{" not in f.explanation
        assert f.legal_basis.startswith("Banking Ordinance")
        assert f.rules and all(r in book.rules for r in f.rules)
        assert f.term in f.excerpt
        assert f.basis in ("instrument", "interpretation")
        assert f.as_json()["kind"] == "misleading_claim"


def test_interpretation_is_labelled_as_ours() -> None:
    (f,) = [
        f
        for f in found("Open a savings account and earn 6% p.a.", "WinFast Digital Ltd")
        if "CLM-SAVINGS-PRODUCT" in f.rules
    ]
    assert f.basis == "interpretation" and "Our reading" in f.explanation


def test_full_width_and_mixed_case_text_is_matched() -> None:
    assert rules_of(found("ＤＥＰＯＳＩＴ ＨＫ＄１０，０００ and EARN 5% interest", "PayNow Wallet Ltd")) == {
        "CLM-DEPOSIT"
    }


def test_anchored_matching_finds_exactly_what_a_full_scan_finds() -> None:
    """Every match of an anchored word list contains one of its anchors, so looking only near anchors loses nothing."""
    import json
    from pathlib import Path

    from hkaigov.claims.detect import term_matches
    from hkaigov.pii.context import lower_same_length
    from hkaigov.pii.normalise import fold

    book = rulebook()
    labelled = Path(__file__).resolve().parents[2] / "bench" / "claims_data" / "labelled.jsonl"
    texts = [json.loads(line)["text"] for line in labelled.read_text(encoding="utf-8").splitlines()]
    texts += [c[1] for c in CASES] + [c[3] for c in CASES]
    for text in texts:
        low = lower_same_length(fold(text))
        for term in book.anchors:
            full = [(m.start(), m.end()) for m in book.terms[term].finditer(low)]
            assert [(m.start(), m.end()) for m in term_matches(book, term, low)] == full, (term, text)
