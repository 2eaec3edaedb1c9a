"""Local inputs as pages: HTML, PDF, text, Markdown, CSV and JSONL; bad rows reported by file and line."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

import pytest
from tests.claims.loopback import minimal_pdf

from hkaigov.claims.pages import Page, Skipped, text_sha256
from hkaigov.claims.sources import iter_local, looks_like_about

MTIME = dt.datetime(2025, 3, 1, 8, 30, tzinfo=dt.UTC)


def _write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    os.utime(path, (MTIME.timestamp(), MTIME.timestamp()))
    return path


def _pages(items: list[Page | Skipped]) -> list[Page]:
    return [i for i in items if isinstance(i, Page)]


def _skipped(items: list[Page | Skipped]) -> list[Skipped]:
    return [i for i in items if isinstance(i, Skipped)]


def test_html_file_keeps_its_file_uri(tmp_path: Path) -> None:
    raw = "<title>存款 | 星河財務</title><main><p>歡迎開立存款戶口</p></main>".encode()
    path = _write(tmp_path / "about-us.html", raw)
    [page] = list(iter_local(path))
    assert isinstance(page, Page)
    assert page.id == str(path) and page.source == str(path)
    assert page.url == path.resolve().as_uri()
    assert page.text == "歡迎開立存款戶口" and page.title == "存款 | 星河財務" and page.entity == "星河財務"
    assert page.sha256 == hashlib.sha256(raw).hexdigest()
    assert page.fetched_at == "2025-03-01T08:30:00+00:00"
    assert page.status is None and page.content_type == "text/html"
    assert page.about  # the file's name says so


def test_saved_html_page_cites_its_canonical_url(tmp_path: Path) -> None:
    head = '<head><link rel="canonical" href="https://winfast.example/deposits"></head>'
    raw = head + '<p>Deposits</p><a href="rates">r</a>'
    [page] = list(iter_local(_write(tmp_path / "saved.htm", raw)))
    assert isinstance(page, Page)
    assert page.url == "https://winfast.example/deposits"
    assert page.links == ("https://winfast.example/rates",)  # relative links resolve where it was published
    assert page.source == str(tmp_path / "saved.htm") and not page.about


def test_pdf_txt_md(tmp_path: Path) -> None:
    _write(tmp_path / "leaflet.pdf", minimal_pdf("WinFast takes deposits"))
    _write(tmp_path / "note.txt", "We are a bank.  \r\nCall us.\n\n")
    _write(tmp_path / "post.md", "# Our story\n\nDeposit with us.\n")
    pages = {Path(p.id).name: p for p in _pages(list(iter_local(tmp_path)))}
    assert pages["leaflet.pdf"].text == "WinFast takes deposits"
    assert pages["leaflet.pdf"].content_type == "application/pdf"
    assert pages["note.txt"].text == "We are a bank.\nCall us."
    assert pages["note.txt"].sha256 == hashlib.sha256((tmp_path / "note.txt").read_bytes()).hexdigest()
    assert pages["post.md"].title == "Our story" and pages["post.md"].text.endswith("Deposit with us.")


def test_big5_text_file(tmp_path: Path) -> None:
    [page] = list(iter_local(_write(tmp_path / "msg.txt", "本公司接受存款".encode("big5hkscs"))))
    assert isinstance(page, Page) and page.text == "本公司接受存款"


def test_csv_rows_and_bad_rows(tmp_path: Path) -> None:
    csv_text = (
        "ID,Message,url,entity\n"
        "m1,We are a licensed bank,https://winfast.example/about,WinFast\n"
        "m2,,https://x.example/,\n"  # empty text
        ',"no id",,\n'
        'm3,"a quoted\nmulti-line deposit offer",,\n'
        "m4,too,many,fields,here\n"
        "\n"
        "m1,duplicate id,,\n"
        "m5,星河銀行 高息存款,,星河財務\n"
    )
    path = _write(tmp_path / "msgs.csv", csv_text)
    items = list(iter_local(path))
    pages = {p.id: p for p in _pages(items)}
    assert set(pages) == {"m1", "m3", "m5"}
    assert pages["m1"].url == "https://winfast.example/about" and pages["m1"].entity == "WinFast" and pages["m1"].about
    assert pages["m1"].sha256 == text_sha256("We are a licensed bank")
    assert pages["m1"].fetched_at == "2025-03-01T08:30:00+00:00" and pages["m1"].source == str(path)
    assert pages["m3"].text == "a quoted\nmulti-line deposit offer" and pages["m3"].url is None
    assert pages["m5"].entity == "星河財務"
    reasons = {s.id: s.reason for s in _skipped(items)}
    assert set(reasons) == {f"{path}:3", f"{path}:4", f"{path}:7", f"{path}:9"}
    assert "empty text" in reasons[f"{path}:3"]
    assert "empty id" in reasons[f"{path}:4"]
    assert "5 fields" in reasons[f"{path}:7"]
    assert "duplicate id 'm1' (first on line 2)" in reasons[f"{path}:9"]
    assert all(r.startswith(f"{path}:") for r in reasons.values())


@pytest.mark.parametrize(
    ("header", "missing"),
    [("id,body\n", "text"), ("text,url\n", "id"), ("", "header")],
)
def test_csv_without_the_required_header(tmp_path: Path, header: str, missing: str) -> None:
    path = _write(tmp_path / "bad.csv", header + "1,hello\n" if header else "")
    [skipped] = list(iter_local(path))
    assert isinstance(skipped, Skipped) and skipped.id == f"{path}:1" and missing in skipped.reason


def test_jsonl_rows_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a1", "text": "Open a deposit account", "url": "https://a.example/", "entity": "A Ltd"}),
        "",
        "{not json",
        json.dumps({"id": "a2"}),
        json.dumps({"text": "no id"}),
        json.dumps(["a", "list"]),
        "   ",
        json.dumps({"id": 7, "content": "存款優惠", "title": "About us"}, ensure_ascii=False),
        json.dumps({"id": True, "text": "a boolean is not an id"}),
    ]
    path = _write(tmp_path / "items.jsonl", "\n".join(lines) + "\n")
    items = list(iter_local(path))
    pages = {p.id: p for p in _pages(items)}
    assert set(pages) == {"a1", "7"}
    assert pages["a1"].entity == "A Ltd" and pages["a1"].url == "https://a.example/"
    assert pages["7"].text == "存款優惠" and pages["7"].about and pages["7"].sha256 == text_sha256("存款優惠")
    reasons = {s.id: s.reason for s in _skipped(items)}
    assert set(reasons) == {f"{path}:{n}" for n in (3, 4, 5, 6, 9)}
    assert "bad JSON" in reasons[f"{path}:3"]
    assert '"text"' in reasons[f"{path}:4"]
    assert '"id"' in reasons[f"{path}:5"] and '"id"' in reasons[f"{path}:9"]
    assert "JSON object" in reasons[f"{path}:6"]


def test_unknown_extension_missing_file_and_broken_files(tmp_path: Path) -> None:
    _write(tmp_path / "logo.png", b"\x89PNG\r\n")
    _write(tmp_path / "broken.pdf", b"%PDF-1.4\n garbage")
    _write(tmp_path / "binary.html", b"\x00\x01\x02" * 100)
    _write(tmp_path / "binary.csv", b"PK\x03\x04" + bytes(50))
    _write(tmp_path / ".hidden.txt", "ignored")
    items = list(iter_local(tmp_path))
    assert not _pages(items)
    reasons = {Path(s.id).name: s.reason for s in _skipped(items)}
    assert set(reasons) == {"logo.png", "broken.pdf", "binary.html", "binary.csv"}
    assert "unsupported file type '.png'" in reasons["logo.png"]
    assert "cannot extract" in reasons["broken.pdf"] and "binary" in reasons["binary.html"]
    [missing] = list(iter_local(tmp_path / "nope.txt"))
    assert isinstance(missing, Skipped) and "no such file" in missing.reason


@pytest.mark.parametrize(
    ("url", "title", "about"),
    [
        ("https://x.example/about", "", True),
        ("https://x.example/en/about-us.html", "", True),
        ("https://x.example/company/", "", True),
        ("https://x.example/zh-hk/關於我們", "", True),
        ("https://x.example/zh-hk/%E5%85%AC%E5%8F%B8%E7%B0%A1%E4%BB%8B.html", "", True),
        ("https://x.example/index.php?page=about", "", True),
        ("https://x.example/company/news/1", "", False),
        ("https://x.example/deposits", "About WinFast", True),
        ("https://x.example/", "公司簡介 - 星河", True),
        ("https://x.example/deposits", "Fixed deposits", False),
        (None, "", False),
    ],
)
def test_looks_like_about(url: str | None, title: str, about: bool) -> None:
    assert looks_like_about(url, title) is about
