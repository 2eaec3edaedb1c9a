"""Text, title, publisher and links from HTML (English and Traditional Chinese, UTF-8 and Big5) and PDF."""

from __future__ import annotations

import contextlib
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.claims.loopback import minimal_pdf

from hkaigov.claims.extract import (
    ExtractError,
    copyright_holder,
    decode_text,
    extract_html,
    extract_pdf,
    parse_html,
)

EN_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fixed Deposits | WinFast Digital</title>
<style>.hero { color: red }</style><script>var bank = "never in the text";</script>
<link rel="canonical" href="/deposits"></head>
<body>
<header><a href="/"><img src="/logo.png" alt="WinFast"></a></header>
<nav><a href="/about-us">About us</a> <a href="/login#top">Log in</a> <a href="mailto:hi@winfast.example">Mail</a></nav>
<div class="banner">Limited offer!</div>
<main>
  <h1>Fixed   Deposits</h1>
  <p>Open a <b>high</b>-interest deposit
     account with WinFast&nbsp;Digital today.</p>
  <div>Rates<ul><li>3 months: 4.5%</li><li>6 months: 5%</li></ul>Terms apply</div>
  <table><tr><td>Term</td><td>Rate</td></tr></table>
  <p>Line one<br>Line two</p>
  <a href="https://partner.example/x?y=1#frag">Partner</a> <a href="javascript:void(0)">JS</a>
  <noscript>Enable JavaScript</noscript><template><p>hidden template</p></template>
  <svg><text>svg text</text></svg>
</main>
<footer><p>WinFast Digital Ltd is not a bank.</p><p>© 2025 WinFast Digital Ltd. All rights reserved.</p>
<a href="privacy.html">Privacy</a></footer>
</body></html>"""

ZH_PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5">
<title>定期存款 - 星河財務</title></head>
<body><nav><a href="/zh/關於我們.html">關於我們</a></nav>
<article><h2>高息定期存款</h2><p>歡迎開立存款戶口，年利率高達５厘。</p><p>恒生 㗎 嘅</p></article>
<footer>版權所有 &copy;星河科技有限公司</footer></body></html>"""


def test_english_page_main_text_title_entity_links() -> None:
    doc = parse_html(EN_PAGE.encode(), "https://www.winfast.example/products/fd.html")
    assert doc.title == "Fixed Deposits | WinFast Digital"
    lines = doc.text.split("\n")
    assert lines[:7] == [
        "Fixed Deposits",
        "Open a high-interest deposit account with WinFast Digital today.",
        "Rates",
        "3 months: 4.5%",
        "6 months: 5%",
        "Terms apply",
        "Term Rate",
    ]
    assert "Line one\nLine two" in doc.text
    # the footer follows the main text: its disclaimer and copyright matter to the detector
    assert lines[-3:] == [
        "WinFast Digital Ltd is not a bank.",
        "© 2025 WinFast Digital Ltd. All rights reserved.",
        "Privacy",
    ]
    for absent in (
        "never in the text",
        ".hero",
        "About us",
        "Limited offer",
        "Enable JavaScript",
        "svg text",
        "template",
    ):
        assert absent not in doc.text
    assert doc.entity == "WinFast Digital Ltd"  # no og:site_name: the copyright line
    assert doc.canonical == "https://www.winfast.example/deposits"
    assert doc.links == (
        "https://www.winfast.example/",
        "https://www.winfast.example/about-us",
        "https://www.winfast.example/login",
        "https://partner.example/x?y=1",
        "https://www.winfast.example/products/privacy.html",
    )


def test_extract_html_is_the_tuple_form() -> None:
    title, text, entity, links = extract_html(EN_PAGE.encode(), "https://winfast.example/")
    doc = parse_html(EN_PAGE.encode(), "https://winfast.example/")
    assert (title, text, entity, links) == (doc.title, doc.text, doc.entity, doc.links)


def test_big5_page_declared_in_meta() -> None:
    raw = ZH_PAGE.encode("big5hkscs")
    title, text, entity, links = extract_html(raw, "https://galaxy.example/zh/fd.html")
    assert title == "定期存款 - 星河財務"
    assert text.split("\n") == [
        "高息定期存款",
        "歡迎開立存款戶口，年利率高達５厘。",
        "恒生 㗎 嘅",
        "版權所有 ©星河科技有限公司",
    ]
    assert entity == "星河科技有限公司"
    assert links == ("https://galaxy.example/zh/關於我們.html",)


def test_big5_from_the_http_header_and_undeclared() -> None:
    page = ZH_PAGE.replace("; charset=big5", "")
    raw = page.encode("big5hkscs")
    assert "歡迎開立存款戶口" in extract_html(raw, None, "text/html; charset=Big5")[1]
    assert "歡迎開立存款戶口" in extract_html(raw, None)[1]  # not UTF-8, reads as Big5
    assert "歡迎開立存款戶口" in extract_html(page.encode("utf-8"), None)[1]


def test_utf8_traditional_chinese_with_og_site_name() -> None:
    head = '<meta property="og:site_name" content="星河財務">'
    raw = f"<html><head>{head}<title>首頁｜星河</title></head><body><main><p>我們是持牌銀行</p></main></body></html>"
    _, text, entity, _ = extract_html(raw.encode(), "https://galaxy.example/")
    assert text == "我們是持牌銀行"
    assert entity == "星河財務"  # og:site_name first


@pytest.mark.parametrize(
    ("line", "holder"),
    [
        ("© 2025 WinFast Digital Ltd", "WinFast Digital Ltd"),
        ("Copyright © 2019-2025 WinFast Digital Limited. All Rights Reserved.", "WinFast Digital Limited"),
        ("(c) 2024 ABC Finance Company Limited Privacy Policy Terms", "ABC Finance Company Limited"),
        ("版權所有 ©星河科技有限公司", "星河科技有限公司"),
        ("©2025 星河科技有限公司 版權所有", "星河科技有限公司"),
        ("版權所有 © 2025 星河科技有限公司。", "星河科技有限公司"),
        ("This text is protected by copyright law", None),
        ("版權所有 不得轉載", None),
    ],
)
def test_copyright_holder(line: str, holder: str | None) -> None:
    assert copyright_holder(line) == holder


def test_entity_falls_back_to_the_title_suffix() -> None:
    assert extract_html(b"<title>Deposits | Acme Credit</title><p>x</p>", None)[2] == "Acme Credit"
    assert extract_html(b"<title>Acme Credit | Home</title><p>x</p>", None)[2] == "Acme Credit"
    assert extract_html(b"<title>Deposits</title><p>x</p>", None)[2] is None


def test_main_holding_only_a_banner_is_not_the_page() -> None:
    body = "<main><p>Welcome</p></main>" + "<div><p>We take deposits from the public every day.</p></div>" * 5
    text = extract_html(f"<html><body>{body}</body></html>".encode(), None)[1]
    assert "We take deposits" in text and "Welcome" in text


def test_links_relative_to_base_and_only_http() -> None:
    raw = b"""<html><head><base href="https://cdn.example/site/"></head><body>
    <a href="page.html#x">p</a><a href="ftp://x.example/f">f</a><a href="//other.example/y">o</a>
    <a href="tel:123">t</a><a href="#top">top</a><a href="page.html">dup</a><a href="HTTP://UP.example/Z">u</a></body></html>"""
    links = extract_html(raw, "https://www.example/a/b.html")[3]
    assert links == ("https://cdn.example/site/page.html", "https://other.example/y", "http://UP.example/Z")


def test_invisible_characters_do_not_split_words() -> None:
    assert extract_html("<p>B\u200bank de\u00adposit</p>".encode(), None)[1] == "Bank deposit"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty"),
        (b"  \n ", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG"),
        (b"%PDF-1.4\n...", "PDF"),
        (b"<html>\x00\x01\x02\x00</html>", "binary"),
        (random.Random(1).randbytes(4000), "binary"),
        (bytes(b | 0x80 for b in random.Random(3).randbytes(4000)), "binary"),  # no NUL, not UTF-8 nor Big5
        (b"<div>" * 5000 + b"deep", "nested 5000 deep"),  # would take the HTML parser seconds (hours, deeper)
    ],
)
def test_binary_or_empty_html_raises_extract_error(raw: bytes, message: str) -> None:
    with pytest.raises(ExtractError, match=message):
        extract_html(raw, "https://x.example/")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_give_a_page_or_extract_error(raw: bytes) -> None:
    try:
        title, text, _, links = extract_html(raw, "https://x.example/")
    except ExtractError:
        return
    assert isinstance(title, str) and isinstance(text, str) and isinstance(links, tuple)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abcdiv pscrtl&;#\n銀行")), max_size=400))
def test_broken_markup_never_crashes(markup: str) -> None:
    with contextlib.suppress(ExtractError):
        assert isinstance(extract_html(markup.encode(), None)[1], str)


def test_pdf_text_and_broken_pdfs() -> None:
    assert extract_pdf(minimal_pdf("WinFast accepts deposits")) == "WinFast accepts deposits"
    with pytest.raises(ExtractError, match="not a PDF"):
        extract_pdf(b"<html>no</html>")
    with pytest.raises(ExtractError, match="cannot read PDF"):
        extract_pdf(b"%PDF-1.4\n" + random.Random(2).randbytes(2000))
    with pytest.raises(ExtractError):
        extract_pdf(minimal_pdf("truncated")[:60])


def test_decode_text() -> None:
    assert decode_text("存款\r\n利率  \n".encode("big5hkscs")) == "存款\n利率"
    assert decode_text(b"\xef\xbb\xbfhello") == "hello"
    assert decode_text(b"\n\nkept\n", keep_lines=True) == "\n\nkept\n"
    with pytest.raises(ExtractError):
        decode_text(b"PK\x03\x04" + bytes(100))
