"""Bytes in, readable text out: what a visitor of a page (or a reader of a PDF) would have read.

The detection engine works on sentences, so the text keeps the page's block structure (each block
element - paragraph, heading, list item, table row, <br> - on its own line, whitespace inside a block
collapsed) and leaves out what nobody reads as the page's message:

* script, style, noscript, template, svg, iframe and the like: code, not text;
* <nav> menus: the same labels on every page of a site (the pages they lead to are crawled themselves);
* the <main> / role=main / sole <article> is preferred to the whole body, unless it holds less than a
  quarter of the body's text (a <main> wrapping only a banner is not the page).

The footer is kept, after the main text: it names the publisher ("© 2025 WinFast Digital Ltd", "版權所有
©星河科技有限公司") and carries the disclaimers ("… is not a bank") that decide whether a claim misleads.
The publisher (`entity`) is og:site_name, else the copyright holder (footer first), else the site part
of a "Page | Site" title.

Charset: a BOM, else the Content-Type header, else a <meta> charset (Big5 read as Big5-HKSCS, its Hong
Kong superset); undeclared, UTF-8, then Big5-HKSCS, then UTF-8 with replacement characters.

Anything that cannot be read as a page (binary data, an empty body, a broken PDF, markup nested deep
enough to stall the parser) raises `ExtractError`, never another exception type, so a collector can
report the page as skipped and carry on.
"""

from __future__ import annotations

import codecs
import io
import itertools
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = [
    "MAX_NESTING",
    "ExtractError",
    "HtmlDocument",
    "copyright_holder",
    "decode_text",
    "extract_html",
    "extract_pdf",
    "parse_html",
]


class ExtractError(ValueError):
    """The bytes are not a readable page: binary data, an empty body, a broken PDF."""


@dataclass(frozen=True)
class HtmlDocument:
    """What `parse_html` reads from a page; `extract_html` returns its first four fields."""

    title: str
    text: str
    entity: str | None
    links: tuple[str, ...]
    canonical: str | None = None  # an absolute http(s) <link rel=canonical>, when the page declares one


# --- decoding -------------------------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# labels whose WHATWG meaning is a superset of what Python's codec of that name decodes
_ALIASES = {
    "big5": "big5hkscs",  # Hong Kong pages labelled Big5 use the HKSCS characters too
    "big5-hkscs": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "cp950": "big5hkscs",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
}
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_META = re.compile(rb"<meta\b[^>]{0,512}?charset[^>]{0,512}>", re.I)
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x7fELF", "an executable"),
    (b"MZ\x90\x00", "an executable"),
    (b"\x1a\x45\xdf\xa3", "a media file"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"\x00\x00\x01\x00", "an icon"),
)
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


def _codec(label: str) -> str | None:
    label = label.strip().lower()
    label = _ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # a page cannot really be UTF-16 unless it starts with a BOM (HTML Standard): read it as UTF-8
    return "utf-8" if name.startswith("utf-16") else name


def _declared_charset(raw: bytes, content_type: str, *, html: bool) -> str | None:
    """The BOM, else the HTTP header, else (for HTML) a <meta> in the first 4 kB: the HTML Standard's order."""
    for bom, bom_codec in _BOMS:
        if raw.startswith(bom):
            return bom_codec
    m = _CHARSET.search(content_type.encode("latin-1", "replace"))
    if m and (codec := _codec(m.group(1).decode("ascii"))):
        return codec
    if html:
        for meta in _META.finditer(raw[:4096]):
            m = _CHARSET.search(meta.group(0))
            if m and (codec := _codec(m.group(1).decode("ascii"))):
                return codec
    return None


def _decode(raw: bytes, content_type: str, *, html: bool) -> str:
    """Decode with the declared charset; undeclared, UTF-8, then Big5-HKSCS, then UTF-8 with U+FFFD."""
    if not raw.strip():
        raise ExtractError("empty document")
    head = raw[:16]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise ExtractError(f"binary content ({what}), not text")
    codec = _declared_charset(raw, content_type, html=html)
    if codec is None and b"\x00" in raw[:1024]:
        raise ExtractError("binary content (NUL bytes), not text")
    if codec is not None:
        text = raw.decode(codec, errors="replace")
    else:
        for guess in ("utf-8", "big5hkscs"):
            try:
                text = raw.decode(guess)
                break
            except UnicodeDecodeError:
                continue
        else:
            text = raw.decode("utf-8", errors="replace")
    text = text.removeprefix("\ufeff")
    sample = text[:8192]
    if len(_BAD_CHARS.findall(sample)) > max(8, len(sample) // 10):
        raise ExtractError("binary content (undecodable or control characters), not text")
    return text


def decode_text(raw: bytes, content_type: str = "", *, keep_lines: bool = False) -> str:
    """A plain-text body as text with "\\n" line ends; binary data raises `ExtractError`.

    Trailing spaces and blank lines at either end go, unless `keep_lines`: a line-numbered format (CSV,
    JSONL) needs its lines exactly where they were so that an error can name the line.
    """
    text = _decode(raw, content_type, html=False)
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if keep_lines:
        return text
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


# --- HTML -----------------------------------------------------------------------------------------------

_DROP = ["script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas", "head"]
_BLOCK_TAGS = (
    "address article aside blockquote br caption center dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol option p pre section summary table tbody "
    "tfoot thead tr ul legend"
).split()
_CELL_TAGS = "td th input button select textarea label img".split()
_BREAK = "\x1e"  # a record separator nobody writes in a page: marks a block boundary in the raw text


def _tag_alternation(tags: list[str]) -> str:
    """A regex for these tag names, as a case-insensitive trie: several times faster than `a|b|c` with re.I."""
    trie: dict[str, Any] = {}
    for tag in tags:
        node = trie
        for ch in tag:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alts = [(f"[{ch}{ch.upper()}]" if ch.isalpha() else ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


# before parsing, a break goes in front of every block tag (opening or closing) and a space in front of every
# cell: one regex pass over the source is several times faster than inserting nodes into the parsed tree
_BLOCK_TAG = re.compile(rf"<(?=/?{_tag_alternation(_BLOCK_TAGS)}[\s/>])")
_CELL_TAG = re.compile(rf"<(?=/?{_tag_alternation(_CELL_TAGS)}[\s/>])")
# Block containers make the HTML parser look down the whole stack of open elements (is there a <p> to close?),
# so a hostile page nested 50,000 deep takes seconds and one nested a million deep takes hours. A real page is
# nested tens deep: past MAX_NESTING the page is refused. Only pages with that many tags need counting.
MAX_NESTING = 4000
_NESTING_TAGS = (
    "address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer header "
    "hgroup listing main menu nav ol pre section summary table ul xmp"
).split()
_NESTING_TAG = re.compile(rf"<(/?){_tag_alternation(_NESTING_TAGS)}(?=[\s/>])")
# whitespace runs (source newlines included, the break mark not) other than a lone space, which stays as it is:
# a text is mostly single spaces, and not replacing them makes the pass several times faster
_SPACES = re.compile(r"[^\S\x1e ][^\S\x1e]*| [^\S\x1e]+")
_BREAKS = re.compile(r"\x1e[\x1e ]*")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")  # soft hyphens and zero-width characters
_GENERIC_TITLE = re.compile(r"^(home|home\s*page|homepage|welcome|index|首頁|主頁|主页|首页|歡迎|欢迎)$", re.I)
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—·:»]\s+|\s*[｜|·•»]\s*|\s+[-–—]\s*|\s*[-–—]\s+")
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|&copy;|copyright\b|版權所有|版权所有)[\s©:：]*(?:copyright\b|版權所有|版权所有)?[\s©:：]*"
    r"(?:\d{4}\s*(?:[-–—~至]\s*(?:\d{4}|present|now|今))?\s*[,，.]?\s*)?"
    r"(?P<name>[^\n\x1e|｜]{2,120})",
    re.I,
)
_RIGHTS = re.compile(
    r"(?:[\s.,，。]*(?:all\s+rights\s+reserved|版權所有|版权所有|保留所有權利|保留一切權利|不得轉載|\(c\)|©).*)$",
    re.I | re.S,
)
_NAME_CHARS = re.compile(r"[A-Za-z\u3400-\u9fff]")
_COPYRIGHT_MARK = re.compile(r"©|\(c\)|&copy;|版權|版权|\d{4}", re.I)
# a legal-form suffix ends the name: "WinFast Digital Ltd Privacy Policy" → "WinFast Digital Ltd"
_LEGAL_FORM = re.compile(
    r"\b(?:limited|ltd|inc|llc|corp|corporation|company|co|plc|group|bank)\b\.?|有限公司|公司|銀行|银行|集團|集团",
    re.I,
)


def _clean(text: str) -> str:
    """Collapse whitespace inside each block; one non-empty block per line."""
    text = _SPACES.sub(" ", _INVISIBLE.sub("", text))
    return _BREAKS.sub("\n", text).replace(" \n", "\n").strip()


def _one_line(text: str) -> str:
    return " ".join(_INVISIBLE.sub("", text).split())


def _check_nesting(html: str) -> None:
    if html.count("<") <= MAX_NESTING:
        return
    steps = [-1 if close else 1 for close in _NESTING_TAG.findall(html)]
    if steps and (deepest := max(itertools.accumulate(steps))) > MAX_NESTING:
        raise ExtractError(f"markup nested {deepest} deep (more than {MAX_NESTING}): not a page anyone reads")


def _mark_blocks(html: str) -> str:
    """Put a break before every block tag and a space before every cell, so text() keeps the layout."""
    return _CELL_TAG.sub(" <", _BLOCK_TAG.sub(_BREAK + "<", html))


def _is_footer(node: LexborNode) -> bool:
    return node.tag == "footer" or (node.is_element_node and node.attributes.get("role") == "contentinfo")


def _outermost_footers(root: LexborNode) -> list[LexborNode]:
    """The page's footers, without the ones nested inside another footer (their text is already there)."""
    out = []
    for node in root.css("footer, [role=contentinfo]"):
        parent = node.parent
        while parent is not None and not _is_footer(parent):
            parent = parent.parent
        if parent is None:
            out.append(node)
    return out


def _links(tree: LexborHTMLParser, base: str | None) -> tuple[str, ...]:
    """Absolute http(s) targets of the page's <a href>, first occurrence first, fragments dropped."""
    origin = ""
    if base:
        parts = urlsplit(base)
        if parts.scheme in ("http", "https") and parts.netloc:
            origin = f"{parts.scheme}://{parts.netloc}"
    out: dict[str, None] = {}
    for href in dict.fromkeys((a.attrs.get("href") or "").strip() for a in tree.css("a[href]")):
        if not href or href[0] == "#" or href.startswith(("javascript:", "mailto:", "tel:", "data:")):
            continue
        # the common cases without urljoin, which costs more than the rest of the page's link handling
        if href.startswith(("http://", "https://")):
            absolute = href
        elif origin and href[0] == "/" and href[1:2] != "/":
            absolute = origin + href
        elif base:
            try:
                absolute = urljoin(base, href)
            except ValueError:
                continue
        else:
            absolute = href
        absolute = absolute.partition("#")[0]
        scheme, sep, rest = absolute.partition("://")
        if not sep or scheme.lower() not in ("http", "https") or not rest or rest[0] in "/?":
            continue
        out.setdefault(absolute if scheme in ("http", "https") else scheme.lower() + "://" + rest)
    return tuple(out)


def _meta(tree: LexborHTMLParser, *keys: str) -> str:
    for key in keys:
        node = tree.css_first(f'meta[property="{key}"], meta[name="{key}"]')
        if node is not None and (value := _one_line(node.attributes.get("content") or "")):
            return value
    return ""


def copyright_holder(text: str) -> str | None:
    """The name in a copyright line ("© 2025 WinFast Digital Ltd. All rights reserved." → WinFast Digital Ltd)."""
    for m in _COPYRIGHT.finditer(text):
        if not _COPYRIGHT_MARK.search(m.group(0)[: m.start("name") - m.start()]):
            continue  # "protected by copyright law" is not a copyright line
        name = _RIGHTS.sub("", m.group("name"))
        name = re.sub(r"^\s*\d{4}(?:\s*[-–—~]\s*\d{4})?\s*", "", name)  # "版權所有 © 2025 名稱"
        forms = list(_LEGAL_FORM.finditer(name))
        if forms:
            name = name[: forms[-1].end()]
        name = " ".join(name.split()).strip(",，。.;；:：-–—|·").strip()
        if name.lower().startswith("by "):
            name = name[3:].strip()
        if 2 <= len(name) <= 80 and _NAME_CHARS.search(name) and len(name.split()) <= 10:
            return name
    return None


def _title_entity(title: str) -> str | None:
    """The site name in a "Page | Site" title: the last part, or the first when the last is "Home"."""
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p and p.strip()]
    if len(parts) < 2:
        return None
    for part in (parts[-1], parts[0]):
        if not _GENERIC_TITLE.match(part) and _NAME_CHARS.search(part) and len(part) <= 80:
            return part
    return None


def _base_url(tree: LexborHTMLParser, url: str | None) -> str | None:
    base = tree.css_first("base[href]")
    href = (base.attributes.get("href") or "").strip() if base is not None else ""
    if href:
        try:
            return urljoin(url, href) if url else href
        except ValueError:
            return url
    return url


def _canonical(tree: LexborHTMLParser, base: str | None) -> str | None:
    node = tree.css_first('link[rel~="canonical"][href]')
    href = (node.attributes.get("href") or "").strip() if node is not None else ""
    if not href:
        return None
    try:
        absolute = urljoin(base, href) if base else href
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return urlunsplit((parts.scheme.lower(), parts.netloc, parts.path or "/", parts.query, ""))


def _parse(raw: bytes, url: str | None, content_type: str) -> HtmlDocument:
    html = _decode(raw, content_type, html=True)
    _check_nesting(html)
    tree = LexborHTMLParser(_mark_blocks(html))
    title_node = tree.css_first("title")
    title = _one_line(title_node.text()) if title_node is not None else ""
    title = title or _meta(tree, "og:title")
    site_name = _meta(tree, "og:site_name", "application-name")
    base = _base_url(tree, url)
    canonical = _canonical(tree, base)
    # a saved copy of a page (file: URL) resolves its relative links where it was published
    links = _links(tree, canonical if canonical and (not url or url.startswith("file:")) else base)

    body = tree.body
    if body is None:
        return HtmlDocument(title, "", site_name or _title_entity(title), links, canonical)
    tree.strip_tags(_DROP)
    for node in reversed(body.css("nav, [role=navigation]")):  # nested ones first: no node outlives its parent
        node.decompose()
    for img in body.css("img[alt]"):  # a logo's alt text is often the only place the brand is written
        if alt := (img.attrs.get("alt") or "").strip():
            img.insert_after(f" {alt} ")
    footers = _outermost_footers(body)
    footer_text = "\n".join(filter(None, (_clean(f.text()) for f in footers)))
    for footer in footers:
        footer.decompose()

    body_text = body.text()
    chosen = body_text
    mains = body.css("main, [role=main]") or body.css("article")
    if len(mains) == 1:
        main_text = mains[0].text()
        # a <main> that holds only a banner is not the page: keep the whole body then
        if len(main_text) >= len(body_text) // 4:
            chosen = main_text
    text = _clean(chosen)
    if not title:
        h1 = body.css_first("h1")
        title = _one_line(h1.text()) if h1 is not None else ""
    if footer_text:
        text = f"{text}\n{footer_text}" if text else footer_text
    entity = site_name or copyright_holder(footer_text) or copyright_holder(body_text) or _title_entity(title)
    return HtmlDocument(title, text, entity, links, canonical)


def parse_html(raw: bytes, url: str | None = None, content_type: str = "") -> HtmlDocument:
    """Title, text, publisher, outgoing links and canonical URL of an HTML page; `ExtractError` if unreadable."""
    try:
        return _parse(raw, url, content_type)
    except ExtractError:
        raise
    except Exception as exc:  # a parser failure on hostile input is the page's fault, not the collector's
        raise ExtractError(f"cannot parse HTML: {type(exc).__name__}: {exc}") from exc


def extract_html(raw: bytes, url: str | None, content_type: str = "") -> tuple[str, str, str | None, tuple[str, ...]]:
    """(title, text, entity, links) of an HTML page; links are absolute http(s) URLs without fragments."""
    doc = parse_html(raw, url, content_type)
    return doc.title, doc.text, doc.entity, doc.links


# --- PDF ------------------------------------------------------------------------------------------------


def extract_pdf(raw: bytes, *, max_pages: int = 500) -> str:
    """The text of a PDF, one block per page; scanned (image-only) PDFs give ""; broken ones `ExtractError`."""
    if b"%PDF-" not in raw[:1024]:
        raise ExtractError("not a PDF (no %PDF header)")
    import logging

    from pypdf import PdfReader  # imported on demand: most scans never meet a PDF

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged PDF is reported once, as ExtractError
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractError("encrypted PDF")
        texts = []
        for number, page in enumerate(reader.pages):
            if number >= max_pages:
                break
            texts.append(_clean(_BREAK.join((page.extract_text() or "").splitlines())))
    except ExtractError:
        raise
    except Exception as exc:  # pypdf raises many types (and plain ValueError/KeyError) on damaged files
        raise ExtractError(f"cannot read PDF: {type(exc).__name__}: {exc}") from exc
    return "\n\n".join(t for t in texts if t)
