"""Each entity type through `scan_text`: exact offsets in English, next to Chinese, in full-width forms and across
line breaks, never swallowing a neighbouring character; decoys (wrong check digits, order numbers, amounts, dates,
place names, ordinary words) are not reported.

The tables here are shared with `test_scanner.py`, which checks that both prefilter engines agree on every text.
"""

from __future__ import annotations

from typing import Any

import pytest

from hkaigov.pii.findings import EntityType, Finding
from hkaigov.pii.gazetteers import names
from hkaigov.pii.scanner import scan_text

Expected = list[tuple[str, str]]  # (type, value) in the order they appear in the text

HKID = EntityType.HKID.value
PHONE = EntityType.HK_PHONE.value
EMAIL = EntityType.EMAIL.value
CARD = EntityType.CREDIT_CARD.value
PASSPORT = EntityType.HK_PASSPORT.value
BANK = EntityType.HK_BANK_ACCOUNT.value
BR = EntityType.HK_BR_NUMBER.value
IP = EntityType.IP_ADDRESS.value
PERSON = EntityType.PERSON.value
ADDRESS = EntityType.HK_ADDRESS.value


def case(text: str, *expected: tuple[str, str], id: str, xfail: str | None = None) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(text, list(expected), id=id, marks=marks)


def spans(text: str, expected: Expected) -> list[tuple[int, int, str]]:
    """(start, end, type) of each expected value, each searched for after the previous one."""
    out: list[tuple[int, int, str]] = []
    cursor = 0
    for kind, value in expected:
        start = text.index(value, cursor)
        out.append((start, start + len(value), kind))
        cursor = start + len(value)
    return sorted(out)


def found(findings: list[Finding]) -> list[tuple[int, int, str]]:
    return [(f.start, f.end, f.type) for f in findings]


# --- values that must be found ---------------------------------------------------------------------------

HKID_CASES = [
    case("Customer HKID: A123456(3), please verify.", (HKID, "A123456(3)"), id="hkid-english"),
    case("身份證A123456(3)號碼", (HKID, "A123456(3)"), id="hkid-touching-chinese"),
    case("兩個字母的身份證 XY9876548 亦有效。", (HKID, "XY9876548"), id="hkid-two-letters"),
    case("全形身份證號碼：Ｚ６８３３６５（Ａ）。", (HKID, "Ｚ６８３３６５（Ａ）"), id="hkid-full-width"),
    case("身份證號碼\nＡ１２３４５６（３）", (HKID, "Ａ１２３４５６（３）"), id="hkid-full-width-next-line"),
    case("HKID A123456 (3) on file", (HKID, "A123456 (3)"), id="hkid-space-before-bracket"),
    case("ID no. C6686689 verified", (HKID, "C6686689"), id="hkid-written-straight-on"),
    case("hkid a123456(3)", (HKID, "a123456(3)"), id="hkid-lower-case-with-brackets"),
    case("(A123456(3))", (HKID, "A123456(3)"), id="hkid-inside-brackets"),
    case("HKID:A123456(3),", (HKID, "A123456(3)"), id="hkid-glued-to-punctuation"),
    case("HKID:\nA123456(3)", (HKID, "A123456(3)"), id="hkid-context-on-previous-line"),
    case("HKID:\r\nA123456(3)\r\n", (HKID, "A123456(3)"), id="hkid-crlf"),
    case("Her HKID is\nZ683365(A)\nthanks", (HKID, "Z683365(A)"), id="hkid-alone-on-a-line"),
    case("A123456(3)\nnext line", (HKID, "A123456(3)"), id="hkid-at-text-start"),
    case("Staff ID C668668(9)", (HKID, "C668668(9)"), id="hkid-at-text-end"),
]

PHONE_CASES = [
    case(
        "Call +852 9123 4567 or (852) 2345-6789 for help.",
        (PHONE, "+852 9123 4567"),
        (PHONE, "(852) 2345-6789"),
        id="phone-country-codes",
    ),
    case("手提電話：61234567。", (PHONE, "61234567"), id="phone-touching-chinese"),
    case("聯絡電話91234567號", (PHONE, "91234567"), id="phone-glued-to-chinese-both-sides"),
    case("電話：９１２３４５６７", (PHONE, "９１２３４５６７"), id="phone-full-width-digits"),
    case("電話：９１２３　４５６７", (PHONE, "９１２３　４５６７"), id="phone-full-width-with-ideographic-space"),
    case("手提\n６１２３　４５６７", (PHONE, "６１２３　４５６７"), id="phone-full-width-next-line"),
    case("WhatsApp 6123-4567.", (PHONE, "6123-4567"), id="phone-dash"),
    case("+85291234567", (PHONE, "+85291234567"), id="phone-e164"),
    case("00852 9123 4567", (PHONE, "00852 9123 4567"), id="phone-00852"),
    case("Tel:\r\n9123 4567\r\n", (PHONE, "9123 4567"), id="phone-crlf-context-on-previous-line"),
    case("Phone:\n9123 4567", (PHONE, "9123 4567"), id="phone-lf-context-on-previous-line"),
    case("call 91234567", (PHONE, "91234567"), id="phone-at-text-end"),
    case("手機號碼：93456781", (PHONE, "93456781"), id="phone-number-word-after-a-phone-word"),
    case("sms to=62345671 status=sent", (PHONE, "62345671"), id="phone-log-value-after-a-recipient-key"),
    case(
        "She lives in Kornhill Gardens, Quarry Bay.",
        (ADDRESS, "Kornhill Gardens, Quarry Bay"),
        id="address-estate-and-district",
    ),
    case(
        "ref,member,mobile,spent\n10021,Ho Ka Yan,9456 1200,385\n",
        (PERSON, "Ho Ka Yan"),
        (PHONE, "9456 1200"),
        id="phone-csv-cell-before-a-small-number-cell",
    ),
    case(
        "Subject: Refund\nCall me on 6789 0123 please",
        (PHONE, "6789 0123"),
        id="phone-reference-word-on-the-line-above",
    ),
    case("合共HK$3,200。\n95551234", (PHONE, "95551234"), id="phone-after-an-amount-in-another-sentence"),
    case("號碼：63456781", (PHONE, "63456781"), id="phone-generic-number-label-bare-mobile"),
    case("Order 123 shipped. Mobile: 9345 6781", (PHONE, "9345 6781"), id="phone-word-nearer-than-an-order-word"),
    case("Tel: 61234567,61234568", (PHONE, "61234567"), (PHONE, "61234568"), id="phone-comma-separated-list"),
    case(
        "hkid,phone\nZ683365(A),65759007",
        (HKID, "Z683365(A)"),
        (PHONE, "65759007"),
        id="phone-csv-cell-after-a-digit-and-comma",
    ),
]

EMAIL_CASES = [
    case(
        "請電郵至chan.taiman@example.com.hk查詢。", (EMAIL, "chan.taiman@example.com.hk"), id="email-touching-chinese"
    ),
    case("Email: john.doe+hk@mail.example.org.", (EMAIL, "john.doe+hk@mail.example.org"), id="email-full-stop-after"),
    case("<peter_chan@gov.hk>", (EMAIL, "peter_chan@gov.hk"), id="email-angle-brackets"),
    case("contact me at\npeter@example.com", (EMAIL, "peter@example.com"), id="email-next-line"),
    case("peter＠example.com", (EMAIL, "peter＠example.com"), id="email-full-width-at"),
]

CARD_CASES = [
    case("Card 4539 1488 0343 6467 was charged.", (CARD, "4539 1488 0343 6467"), id="card-visa-grouped"),
    case("銀聯卡號6222021001122337已被凍結。", (CARD, "6222021001122337"), id="card-unionpay-touching-chinese"),
    case("AmEx 3782 822463 10005 expires 05/27", (CARD, "3782 822463 10005"), id="card-amex-4-6-5"),
    case("Mastercard 5555-5555-5555-4444", (CARD, "5555-5555-5555-4444"), id="card-mastercard-dashes"),
    case("信用卡：４５３９１４８８０３４３６４６７", (CARD, "４５３９１４８８０３４３６４６７"), id="card-full-width"),
    case("Card no.\n4111 1111 1111 1111\n", (CARD, "4111 1111 1111 1111"), id="card-next-line"),
]

PASSPORT_CASES = [
    case("HKSAR passport K12345678 belongs to the applicant.", (PASSPORT, "K12345678"), id="passport-english"),
    case("護照號碼H87654321", (PASSPORT, "H87654321"), id="passport-touching-chinese"),
    case("Passport:\r\nH12345678", (PASSPORT, "H12345678"), id="passport-crlf"),
    case("Ref: passport K23456781 seen", (PASSPORT, "K23456781"), id="passport-word-nearer-than-a-reference-word"),
    case("旅客 K34567812 已登機", (PASSPORT, "K34567812"), id="passport-without-any-context"),
]

BANK_CASES = [
    case("Bank account: 012-345-678901-2", (BANK, "012-345-678901-2"), id="bank-english"),
    case("請轉賬到匯豐戶口 123456789012", (BANK, "123456789012"), id="bank-chinese-context"),
    case("HSBC a/c 004-123-456789-001", (BANK, "004-123-456789-001"), id="bank-a/c"),
    case("Account no.\n012-345-678901", (BANK, "012-345-678901"), id="bank-context-on-previous-line"),
    case(
        "條數入咗眾安銀行戶口387-747-49383144未呀？",
        (BANK, "387-747-49383144"),
        id="bank-virtual-bank-grouping-with-a-card-prefix-is-an-account",
    ),
]

BR_CASES = [
    case("公司個BR67517503，你幫我check下", (BR, "67517503"), id="br-label-touching-the-number"),
    case("BR No. 12345678", (BR, "12345678"), id="br-context"),
    case("商業登記號碼 12345678-000-03-24-A", (BR, "12345678-000-03-24-A"), id="br-chinese-with-suffix"),
    case("商業登記證號碼：12345678。", (BR, "12345678"), id="br-touching-chinese"),
    case("certificate 12345678-000-03-24-A issued", (BR, "12345678-000-03-24-A"), id="br-suffix-without-context"),
    case("BR No.:\n12345678", (BR, "12345678"), id="br-context-on-previous-line"),
    case(
        "商業登記證號碼：29724023。單號13310279已經寄出咗。",
        (BR, "29724023"),
        id="br-context-does-not-reach-past-a-sentence-end-or-another-number",
    ),
    case(
        "Business Registration:\n12345678",
        (BR, "12345678"),
        id="br-business-registration-label-on-previous-line",
    ),
]

IP_CASES = [
    case(
        "Staff ID C668668(9) logged in from 192.168.10.25.",
        (HKID, "C668668(9)"),
        (IP, "192.168.10.25"),
        id="ip-v4-and-hkid",
    ),
    case("伺服器10.0.0.1已重啟", (IP, "10.0.0.1"), id="ip-touching-chinese"),
    case("ＩＰ：１９２．１６８．１．１", (IP, "１９２．１６８．１．１"), id="ip-full-width"),
    case("IP:\n10.0.0.1\n", (IP, "10.0.0.1"), id="ip-next-line"),
    case("server 2001:db8::1 down", (IP, "2001:db8::1"), id="ip-v6"),
    case("fe80::1ff:fe23:4567:890a", (IP, "fe80::1ff:fe23:4567:890a"), id="ip-v6-whole-text"),
    case(
        "host ::ffff:c000:280 refused",
        (IP, "::ffff:c000:280"),
        id="ip-v6-leading-double-colon",
    ),
    case("from ::ffff:192.0.2.1 ok", (IP, "::ffff:192.0.2.1"), id="ip-v6-ipv4-mapped-whole-not-just-the-ipv4"),
    case("peer ::abcd:1234 closed", (IP, "::abcd:1234"), id="ip-v6-leading-double-colon-two-groups"),
    case("::a:b:c", (IP, "::a:b:c"), id="ip-v6-leading-double-colon-three-groups-whole-text"),
    case("2001:db8::192.0.2.33", (IP, "2001:db8::192.0.2.33"), id="ip-v6-with-ipv4-tail"),
    case(
        "請安裝3.2版本。伺服器10.20.30.40已重啟",
        (IP, "10.20.30.40"),
        id="ip-after-a-version-word-in-the-previous-sentence",
    ),
]

PERSON_CASES = [
    case("陳大文先生", (PERSON, "陳大文"), id="person-chinese-title"),
    case("申請人陳大文先生已到。", (PERSON, "陳大文"), id="person-chinese-label-and-title"),
    case("姓名: 陳大文", (PERSON, "陳大文"), id="person-chinese-label-ascii-colon"),
    case("客戶：黃志強", (PERSON, "黃志強"), id="person-chinese-label-full-width-colon"),
    case(
        "姓名：李小明",
        (PERSON, "李小明"),
        id="person-chinese-label-given-name-starting-with-小",
    ),
    case(
        "姓名：陳小文先生",
        (PERSON, "陳小文"),
        id="person-chinese-label-and-title-given-name-with-小",
    ),
    case(
        "收件人：歐陽志明",
        (PERSON, "歐陽志明"),
        id="person-chinese-double-surname-given-name-ending-明",
    ),
    case("Chan Tai Man", (PERSON, "Chan Tai Man"), id="person-romanised"),
    case("CHAN Tai Man", (PERSON, "CHAN Tai Man"), id="person-romanised-upper-surname"),
    case("Wong Siu-ming", (PERSON, "Wong Siu-ming"), id="person-romanised-hyphenated"),
    case("Peter Chan", (PERSON, "Peter Chan"), id="person-english-given-and-surname"),
    case("Ms Jennifer Smith", (PERSON, "Jennifer Smith"), id="person-title-western"),
    case("Dear Mr. Lee Ka Yan,", (PERSON, "Lee Ka Yan"), id="person-title-with-full-stop"),
    case("客戶Chan Tai Man已確認", (PERSON, "Chan Tai Man"), id="person-romanised-touching-chinese"),
    case("Name:\nChan Tai Man", (PERSON, "Chan Tai Man"), id="person-label-on-previous-line"),
    case("姓名：李明", (PERSON, "李明"), id="person-chinese-label-one-character-given-name-明"),
    case("陳家和先生", (PERSON, "陳家和"), id="person-chinese-given-name-ending-in-和-before-a-title"),
    case("聯絡人：陳文和李明", (PERSON, "陳文"), id="person-chinese-和-before-another-surname-is-a-conjunction"),
    case("姓名：黃明天會到", id="person-chinese-明天-ends-the-name-so-no-given-name-is-left"),
    # English labels, roles and phrases
    case("Attn: Mr Kenji Mori, Finance", (PERSON, "Kenji Mori"), id="person-attn-title"),
    case("c.c. Peter Chan, Mary Wong.", (PERSON, "Peter Chan"), (PERSON, "Mary Wong"), id="person-cc-list"),
    case("Customer Chan Siu Ming called.", (PERSON, "Chan Siu Ming"), id="person-role-before-name"),
    case("Employee Chan Wah left early.", (PERSON, "Chan Wah"), id="person-role-is-not-part-of-the-name"),
    case(
        "Contact person: Olumide Adebayo (9123 4567)",
        (PERSON, "Olumide Adebayo"),
        (PHONE, "9123 4567"),
        id="person-contact-person-label-unknown-names",
    ),
    case("Patient Name: Olumide Adebayo", (PERSON, "Olumide Adebayo"), id="person-patient-name-label"),
    case(
        "Dr Olumide Adebayo will see you.",
        (PERSON, "Olumide Adebayo"),
        id="person-western-names-not-in-lists-after-a-title",
    ),
    case("Prof. Hazel Okafor spoke.", (PERSON, "Hazel Okafor"), id="person-prof-with-full-stop"),
    case("I am Peter.", (PERSON, "Peter"), id="person-i-am-known-given-name"),
    case("I am Olumide Adebayo.", (PERSON, "Olumide Adebayo"), id="person-i-am-two-name-tokens"),
    case("Best regards,\nKenji Mori\n", (PERSON, "Kenji Mori"), id="person-signature-after-sign-off"),
    case("Name: CHAN, Tai Man", (PERSON, "CHAN, Tai Man"), id="person-id-card-order-surname-comma-given"),
    case("Patient: YIP Tung Wah, age 63", (PERSON, "YIP Tung Wah"), id="person-given-name-that-spells-a-hospital"),
    case(
        "Mr Lam Tin Wah attended.",
        (PERSON, "Lam Tin Wah"),
        id="person-surname-and-syllable-that-spell-a-place-then-one-more",
    ),
    case("Meeting with Angel CHAN at 3pm.", (PERSON, "Angel CHAN"), id="person-given-name-and-upper-case-surname"),
    case(
        "name,hkid,phone\nOlumide Adebayo,A123456(3),91234567\n",
        (PERSON, "Olumide Adebayo"),
        (HKID, "A123456(3)"),
        (PHONE, "91234567"),
        id="person-csv-row-under-a-name-header",
    ),
    case(
        '"Full_Name","Phone"\n"Hazel Okafor","91234567"',
        (PERSON, "Hazel Okafor"),
        (PHONE, "91234567"),
        id="person-csv-quoted-full-name-header",
    ),
    # Chinese roles, cues, predicates and CSV
    case("代表律師李翠諾已提交文件。", (PERSON, "李翠諾"), id="person-chinese-role-before-name"),
    case("李明達律師表示會上訴。", (PERSON, "李明達"), id="person-chinese-role-after-name"),
    case("主診醫生：曾達兒\n", (PERSON, "曾達兒"), id="person-chinese-role-label-with-colon"),
    case("記錄人：許曉明；日期：2025年5月8日。", (PERSON, "許曉明"), id="person-chinese-agent-noun-label-with-colon"),
    case("填表人羅明碧，日期2026年1月22日。", (PERSON, "羅明碧"), id="person-chinese-agent-noun-without-colon"),
    case("據李蓮文稱，事件已解決。", (PERSON, "李蓮文"), id="person-chinese-reported-speech"),
    case("陳俊怡表示已收到款項。", (PERSON, "陳俊怡"), id="person-chinese-name-before-表示-at-clause-start"),
    case("頭先麥天浩打俾我。", (PERSON, "麥天浩"), id="person-cantonese-name-before-打俾"),
    case("我同何達皓去咗食飯。", (PERSON, "何達皓"), id="person-cantonese-我同-cue"),
    case("多謝蔡卓輝的協助。", (PERSON, "蔡卓輝"), id="person-chinese-多謝-cue"),
    case("[10:03] 黎曉：到咗\n", (PERSON, "黎曉"), id="person-cantonese-chat-speaker-after-timestamp"),
    case("陳小銘：ok，收到\n", (PERSON, "陳小銘"), id="person-cantonese-chat-speaker-given-name-with-小"),
    case(
        "姓名,電話\n雷慧智,61234567\n", (PERSON, "雷慧智"), (PHONE, "61234567"), id="person-chinese-csv-row-under-姓名"
    ),
    case("致客戶：\n\n何嘉欣\r\n人力資源經理\r\n", (PERSON, "何嘉欣"), id="person-chinese-signature-name-then-title"),
    case("Angel HO: on my way", (PERSON, "Angel HO"), id="person-chat-speaker-capitalised-surname"),
    case("Mr Chan Wai Shing called", (PERSON, "Chan Wai Shing"), id="person-given-syllable-shing"),
    case(
        "| Guest name | Seat | Mobile |\n|---|---|---|\n| Joyce Lam | 12 | 9011 2345 |\n| 麥家豪 | 14 | 6123 9876 |\n",
        (PERSON, "Joyce Lam"),
        (PHONE, "9011 2345"),
        (PERSON, "麥家豪"),
        (PHONE, "6123 9876"),
        id="person-markdown-table-under-a-qualified-name-header",
    ),
    case(
        "學生姓名,班別\n岑子晴,2C\n",
        (PERSON, "岑子晴"),
        id="person-table-under-a-qualified-chinese-name-header",
    ),
    case("本人授權溫家寶代為簽收。", (PERSON, "溫家寶"), id="person-chinese-authorised-cue"),
    case("病人資料：顧志明，男，45歲", (PERSON, "顧志明"), id="person-chinese-patient-details-label"),
    case("寄到九龍灣（梁佩儀收）", (PERSON, "梁佩儀"), id="person-chinese-addressee-in-brackets"),
    case("聯絡人顏志明，電話", (PERSON, "顏志明"), id="person-chinese-surname-顏"),
    case("收件人：歐陽婉儀", (PERSON, "歐陽婉儀"), id="person-chinese-compound-surname-歐陽"),
    case("Name in Chinese: 龔美寶\n", (PERSON, "龔美寶"), id="person-chinese-name-after-an-english-key-with-spaces"),
    case("香港特別行政區 訴 陶志強（被告）", (PERSON, "陶志強"), id="person-chinese-court-listing-versus"),
    case("英文姓名：SIU Ming Fai", (PERSON, "SIU Ming Fai"), id="person-romanised-after-a-chinese-label"),
    case("Name: Wong Ka Wan", (PERSON, "Wong Ka Wan"), id="person-given-syllable-wan"),
    case("【收件人】孔令儀 【電話】", (PERSON, "孔令儀"), id="person-chinese-label-in-lenticular-brackets"),
    case("申請人（莫子朗）已補交文件。", (PERSON, "莫子朗"), id="person-chinese-name-in-brackets-after-a-label"),
    case("家長姓名（中文）：蕭文傑", (PERSON, "蕭文傑"), id="person-chinese-label-with-a-bracketed-qualifier"),
    case("受保人／Insured：梁佩珊", (PERSON, "梁佩珊"), id="person-chinese-label-with-an-english-gloss"),
    case('{"member_name": "區慧敏", "tier": "gold"}', (PERSON, "區慧敏"), id="person-chinese-name-after-a-json-key"),
    case("收款人 LEUNG Chi Ho 已確認", (PERSON, "LEUNG Chi Ho"), id="person-latin-name-after-a-chinese-label"),
    case(
        "no|name_zh|name_en\n1|馮嘉欣|FUNG Ka Yan\n",
        (PERSON, "馮嘉欣"),
        (PERSON, "FUNG Ka Yan"),
        id="person-bar-separated-table",
    ),
    case(
        "date,card,amount\n2025-03-01,4111111111111111,1280.00\n",
        (CARD, "4111111111111111"),
        id="card-csv-cell-between-numbers",
    ),
    case(
        "card_no,holder,expiry\n5500005555555559,Joanne Lam,08/27\n",
        (CARD, "5500005555555559"),
        (PERSON, "Joanne Lam"),
        id="person-holder-column-beside-a-card-column",
    ),
    case("Vicky IP: ok", (PERSON, "Vicky IP"), id="person-chat-speaker-surname-that-is-also-an-acronym"),
    case("秘書：林美美（內線 2211）", (PERSON, "林美美"), id="person-chinese-role-with-colon"),
    case("住戶：李志明\n", (PERSON, "李志明"), id="person-chinese-household-label"),
    case(
        "與會者：何家明（主持）、黃志強、劉美儀\n",
        (PERSON, "何家明"),
        (PERSON, "黃志強"),
        (PERSON, "劉美儀"),
        id="person-chinese-list-after-a-name",
    ),
]

ADDRESS_CASES = [
    case(
        "Correspondence:\nFlat 2B, 9/F\nSeaview Court\n18 Tai Hang Road\nHappy Valley",
        (ADDRESS, "Flat 2B, 9/F\nSeaview Court\n18 Tai Hang Road\nHappy Valley"),
        id="address-english-block-of-lines-without-commas",
    ),
    case(
        "Ship to G/F, 28 Tai Hang Village, Tai Po",
        (ADDRESS, "G/F, 28 Tai Hang Village, Tai Po"),
        id="address-english-village-house",
    ),
    case(
        "Deliver to:\nFlat B, 7/F,\nBlock 3, Sunshine Court,\n12 Tai Ho Road, Tsuen Wan\nThanks",
        (ADDRESS, "Flat B, 7/F,\nBlock 3, Sunshine Court,\n12 Tai Ho Road, Tsuen Wan"),
        id="address-english-over-lines-ending-in-commas",
    ),
    case(
        "Flat C, 9/F, Block 5, Riviera Gardens Phase 3, 2 Yi Lok Street, Tsuen Wan.",
        (ADDRESS, "Flat C, 9/F, Block 5, Riviera Gardens Phase 3, 2 Yi Lok Street, Tsuen Wan"),
        id="address-english-estate-phase-inside-the-chain",
    ),
    case(
        "Room 801, 8/F, Tower 1, Admiralty Centre, 18 Harcourt Road",
        (ADDRESS, "Room 801, 8/F, Tower 1, Admiralty Centre, 18 Harcourt Road"),
        id="address-english-tower-then-building",
    ),
    case(
        "Shop 12, 100 Queensway, Admiralty",
        (ADDRESS, "Shop 12, 100 Queensway, Admiralty"),
        id="address-english-way-street",
    ),
    case(
        "She moved to 68 Queensway, Admiralty.",
        (ADDRESS, "68 Queensway, Admiralty"),
        id="address-english-way-street-alone",
    ),
    case("寄去九龍橫頭磡邨宏德樓908室。", (ADDRESS, "九龍橫頭磡邨宏德樓908室"), id="address-chinese-estate-block-name"),
    case(
        "住址：九龍九龍塘根德道8號君頤峰海景閣2座20樓A室",
        (ADDRESS, "九龍九龍塘根德道8號君頤峰海景閣2座20樓A室"),
        id="address-chinese-building-name-running-to-its-block",
    ),
    case(
        "送到新界屯門青山公路青山灣段338號",
        (ADDRESS, "新界屯門青山公路青山灣段338號"),
        id="address-chinese-road-section",
    ),
    case(
        "村屋：新界大埔林村新屋家村12號",
        (ADDRESS, "新界大埔林村新屋家村12號"),
        id="address-chinese-village-house-number",
    ),
    case(
        "送去新界元朗錦田永隆圍8號",
        (ADDRESS, "新界元朗錦田永隆圍8號"),
        id="address-chinese-walled-village-house-number",
    ),
    case(
        "地址：九龍觀塘開源道55號APM Tower 3期12樓",
        (ADDRESS, "九龍觀塘開源道55號APM Tower 3期12樓"),
        id="address-chinese-with-an-english-building-name",
    ),
    case(
        "Flat 3A, Block 2, The Belcher's, 89 Pok Fu Lam Road",
        (ADDRESS, "Flat 3A, Block 2, The Belcher's, 89 Pok Fu Lam Road"),
        id="address-english-estate-named-the",
    ),
    case(
        "Suite 1203, 12/F, Harbour Centre Tower 1, 1 Hok Cheung Street, Hung Hom",
        (ADDRESS, "Suite 1203, 12/F, Harbour Centre Tower 1, 1 Hok Cheung Street, Hung Hom"),
        id="address-english-tower-with-its-number",
    ),
    case(
        "住喺新界將軍澳日出康城第2期5座12樓A室",
        (ADDRESS, "新界將軍澳日出康城第2期5座12樓A室"),
        id="address-chinese-estate-phase-with-第",
    ),
    case(
        "Mr Wong Siu Ming lives at Flat 12C, 18/F, 88 Hennessy Road, Wan Chai, Hong Kong.",
        (PERSON, "Wong Siu Ming"),
        (ADDRESS, "Flat 12C, 18/F, 88 Hennessy Road, Wan Chai, Hong Kong"),
        id="address-english-full",
    ),
    case(
        "Room 1203, 12/F, Tower 2, Times Square, 1 Matheson Street, Causeway Bay",
        (ADDRESS, "Room 1203, 12/F, Tower 2, Times Square, 1 Matheson Street, Causeway Bay"),
        id="address-english-office",
    ),
    case("88 Hennessy Road", (ADDRESS, "88 Hennessy Road"), id="address-english-street-only"),
    case("Flat 3A, 10/F, Block 2", (ADDRESS, "Flat 3A, 10/F, Block 2"), id="address-english-flat-floor-block"),
    case(
        "Address:\nFlat 3A, 10/F, 88 Nathan Road\n",
        (ADDRESS, "Flat 3A, 10/F, 88 Nathan Road"),
        id="address-english-next-line",
    ),
    case("九龍旺角彌敦道123號5樓B室", (ADDRESS, "九龍旺角彌敦道123號5樓B室"), id="address-chinese-kowloon"),
    case("新界沙田第一城38座12樓C室", (ADDRESS, "新界沙田第一城38座12樓C室"), id="address-chinese-estate"),
    case("香港灣仔軒尼詩道88號", (ADDRESS, "香港灣仔軒尼詩道88號"), id="address-chinese-street-number"),
    case("住址：香港灣仔軒尼詩道88號。", (ADDRESS, "香港灣仔軒尼詩道88號"), id="address-chinese-after-label"),
    case(
        "申請人陳大文先生住在九龍旺角彌敦道123號5樓B室。",
        (PERSON, "陳大文"),
        (ADDRESS, "九龍旺角彌敦道123號5樓B室"),
        id="address-chinese-with-person",
    ),
    case(
        "九龍觀塘道388號創紀之城1期",
        (ADDRESS, "九龍觀塘道388號創紀之城1期"),
        id="address-chinese-street-named-after-its-district",
    ),
    case(
        "九龍九龍城太子道西269號8樓",
        (ADDRESS, "九龍九龍城太子道西269號8樓"),
        id="address-chinese-district-then-street-named-after-a-district",
    ),
    case("旺角道33號", (ADDRESS, "旺角道33號"), id="address-chinese-street-named-after-an-area-alone"),
]

MIXED_CASES = [
    case(
        "Contact: Peter Chan, +852 9123 4567, peter.chan@example.com",
        (PERSON, "Peter Chan"),
        (PHONE, "+852 9123 4567"),
        (EMAIL, "peter.chan@example.com"),
        id="mixed-english",
    ),
    case(
        "聯絡人：陳大文，電話：９１２３　４５６７，電郵：dawen@example.hk",
        (PERSON, "陳大文"),
        (PHONE, "９１２３　４５６７"),
        (EMAIL, "dawen@example.hk"),
        id="mixed-chinese-full-width",
    ),
]

FOUND_CASES = (
    HKID_CASES
    + PHONE_CASES
    + EMAIL_CASES
    + CARD_CASES
    + PASSPORT_CASES
    + BANK_CASES
    + BR_CASES
    + IP_CASES
    + PERSON_CASES
    + ADDRESS_CASES
    + MIXED_CASES
)


@pytest.mark.parametrize(("text", "expected"), FOUND_CASES)
def test_value_is_found_with_exact_offsets(text: str, expected: Expected) -> None:
    findings = scan_text(text)
    assert found(findings) == spans(text, expected)
    for f, (_, value) in zip(findings, sorted(expected, key=lambda e: text.index(e[1])), strict=True):
        assert text[f.start : f.end] == value  # nothing of a neighbour swallowed, nothing of the value lost
        assert not f.suspected
        assert 0.5 <= f.score <= 1.0


def test_every_entity_type_has_a_found_case() -> None:
    covered = {kind for param in FOUND_CASES for kind, _ in param.values[1]}
    assert covered == {t.value for t in EntityType}


# --- decoys: nothing reported --------------------------------------------------------------------------

DECOY_CASES = [
    case("Order number 18273645 shipped on 2025-03-14 for HK$12,345,678.", id="order-number-date-amount"),
    case("Order 6123-4567 was shipped", id="order-number-phone-shaped"),
    case("Invoice 9123 4567", id="invoice-number-phone-shaped"),
    case("Ref 61234567", id="reference-phone-shaped"),
    case("訂單編號61234567", id="chinese-order-number"),
    case("金額：61234567元", id="chinese-amount"),
    case("Total HK$91234567 paid", id="amount-hk-dollars"),
    case("$61234567", id="amount-dollar-sign"),
    case("born 19850314", id="date-yyyymmdd"),
    case("on 14032025 we met", id="date-ddmmyyyy"),
    case("2025-03-14", id="date-iso"),
    case("call 1234 5678", id="eight-digits-starting-1"),
    case("call 4123 4567", id="eight-digits-starting-4"),
    case("call 8123 4567", id="eight-digits-starting-8"),
    case("Tel 18273645", id="eight-digits-starting-1-with-context"),
    case("Total HK$12,345,678 and 9,123,456 paid", id="amounts-with-thousands-commas"),
    case("Test card 4539148803436460 was declined.", id="luhn-invalid-visa"),
    case("Card 5555 5555 5555 4445 declined", id="luhn-invalid-grouped-not-two-phones"),
    case("card 4539 1488 0343 6468", id="luhn-invalid-grouped-visa"),
    case("Reference K246810(0) is not an ID.", id="hkid-shaped-wrong-check-digit"),
    case("HKID A123456(4)", id="hkid-wrong-check-digit-with-context"),
    case("version 1.2.3.4.5", id="version-number-not-ip"),
    case("ip 256.1.1.1", id="ip-octet-out-of-range"),
    case("Tracking 123456789012", id="long-number-without-banking-words"),
    case("Invoice 12345678", id="eight-digits-without-br-words"),
    case("H1234567", id="passport-too-short"),
    case("Sha Tin", id="place-sha-tin"),
    case("沙田", id="place-沙田"),
    case("住在沙田", id="place-住在沙田"),
    case("We went to Ho Man Tin and Ma On Shan.", id="places-that-look-like-names"),
    case("Kwun Tong", id="place-kwun-tong"),
    case("Wong Tai Sin", id="place-wong-tai-sin"),
    case("黃金價格上升", id="word-黃金"),
    case("林業發展", id="word-林業"),
    case("我好高興", id="word-高興"),
    case("陳列品", id="word-陳列"),
    case("The river bank near Sha Tin was flooded in 2008; 3 people were rescued.", id="river-bank-and-place"),
    case(
        "On the river bank, sensor 123456789 logged high water.",
        id="river-bank-with-a-sensor-number",
    ),
    case("Food bank donor 123456789 thanked us.", id="food-bank-is-not-banking"),
    case("Blood bank sample 123456789012 tested.", id="blood-bank-is-not-banking"),
    case("Power bank serial 123456789 recalled.", id="power-bank-is-not-banking"),
    case("My piggy bank holds 123456789 coins.", id="piggy-bank-is-not-banking"),
    case("Closed on the bank holiday; ticket 123456789.", id="bank-holiday-is-not-banking"),
    case("食物銀行編號123456789", id="食物銀行-is-not-banking"),
    case("請查閱戶口資料。交易編號123456789未能配對。", id="bank-word-in-an-earlier-sentence"),
    case("Bank card 4539 1488 0343 6468 declined", id="card-grouped-luhn-invalid-is-not-an-account"),
    # `::1` and `::` are the loopback and unspecified addresses: they identify no one, and are too short to tell
    # from other text; `fe80::1` reads like a scope operator. Not reported, by design.
    case("connection from ::1 closed", id="ip-v6-loopback-not-reported"),
    case("std::abs(x) and fe80::1", id="ip-v6-too-short-or-code-not-reported"),
    # PERSON near misses: labels, headings, organisations, places, products, ordinary words
    case("Business Registration:\nto be confirmed", id="person-heading-business-registration"),
    case("Registration No.: Golden Dragon Trading Limited", id="person-registration-no-with-company"),
    case("Account Name: Golden Dragon", id="person-account-name-with-company-without-known-name"),
    case("Company Name: Golden Dragon", id="person-company-name-label"),
    case("Project Update: the launch moved.\nAction Items: review the draft.", id="person-headings-at-line-start"),
    case("I am Happy to help with the move.", id="person-i-am-happy"),
    case("I am Available on Monday.", id="person-i-am-available"),
    case("This is Urgent, please reply.", id="person-this-is-urgent"),
    case("Dear Valued Customer,", id="person-dear-valued-customer"),
    case("Contact person: Not Applicable", id="person-placeholder-not-applicable"),
    case("Name: TBC", id="person-placeholder-tbc"),
    case("Attn: Accounts Payable Department", id="person-attn-department"),
    case("Customer Service Hotline is open 24 hours.", id="person-role-before-ordinary-words"),
    case("Kind regards,\nAction Items: review the draft.", id="person-sign-off-before-a-heading"),
    case("WELCOME TO HONG KONG", id="person-upper-case-heading-with-a-surname-shaped-word"),
    case("Server IP changed.", id="person-acronym-is-not-an-upper-case-surname"),
    case("We visited Lam Tin and Tai Wai.", id="person-places-starting-with-surnames"),
    case("The Victoria Harbour fireworks were cancelled.", id="person-place-with-given-name-shape"),
    case("Order the Apple Watch at Harbour City.", id="person-product-and-mall"),
    case("name,qty\nApple Watch Series,2\n", id="person-csv-product-under-a-name-header"),
    case("高級經理今日放假。", id="person-chinese-高級經理-is-a-rank-not-a-name"),
    case("任何醫生都可以簽。", id="person-chinese-任何-before-a-role"),
    case("區議會表示反對。", id="person-chinese-organisation-before-表示"),
    case("多謝陳記的贊助。", id="person-chinese-shop-name-after-a-cue"),
    case("據黃大仙區議會稱，工程延期。", id="person-chinese-place-before-a-predicate"),
    case("年輕人高興地跳。", id="person-chinese-agent-noun-before-an-ordinary-word"),
    case("聽講黃金會升。", id="person-chinese-cue-before-an-ordinary-word"),
    case("醫生高度讚揚。", id="person-chinese-role-before-an-ordinary-word"),
    case("同方向行。", id="person-chinese-同-before-a-surname-shaped-word"),
    case("經理：待定\n", id="person-chinese-role-label-with-placeholder"),
    case("九龍觀塘道", id="person-chinese-street-is-not-a-name"),
    case("發票號碼ＩＮＶ－２０２４－０３１５已發出", id="phone-digits-inside-a-full-width-invoice-code"),
    case("Ref SKU-4800-1234 shipped", id="phone-digits-inside-a-code"),
    case("Batch 21450602 closed at noon", id="phone-shaped-batch-number"),
    case("We visited Tsang Tai Uk in Sha Tin.", id="person-walled-village-is-not-a-name"),
    case("Wong Uk Tsuen is in Yuen Long.", id="person-village-is-not-a-name"),
    # a generic 號碼 ("number") after an order or invoice word names the order, not a phone
    case("訂單號碼：63451278，請保留。", id="phone-shaped-order-number-after-a-compound-label"),
    case("收據號碼 52783416 已補發", id="phone-shaped-receipt-number"),
    case("Your confirmation code is 64125837.", id="phone-shaped-confirmation-code"),
    case("Voucher 91827364 expires in May", id="phone-shaped-voucher"),
    # H/K and eight digits without a passport word, after a product, member or promo label
    case("產品型號 K20240315 已停產", id="passport-shaped-product-model"),
    case("會員編號：H45678123", id="passport-shaped-member-number"),
    case("Use promo code H88881234 at checkout", id="passport-shaped-promo-code"),
    # a dotted quad after build/version words is a version
    case("Firmware 3.10.2.8 is now available", id="ip-shaped-firmware-version"),
    case("build,date\n5.1.0.3,2024-01-09\n", id="ip-shaped-cell-under-a-version-header"),
    case("batch_no,qty\n61234567,20\n61234568,5\n", id="phone-shaped-cells-under-a-reference-header"),
    case("job=export rows=93456123 ok", id="phone-shaped-log-value-after-a-key"),
    case("Order No.:\n61234567", id="phone-shaped-order-number-under-its-label"),
    case("Replace filter K20230917 every year", id="passport-shaped-date-after-k"),
    case("Model H50212345 desk lamp", id="passport-shaped-model-number"),
    case("Specimen no. K24019876 received", id="passport-shaped-specimen-number"),
    case("BBA (Accounting), 2016–2020", id="phone-shaped-year-range"),
    case("See Clause 3.2.1.4 of the deed", id="ip-shaped-clause-number"),
    case("我幫你查下張單", id="person-classifier-張-before-a-noun"),
    case("Meeting rooms:\nRoom 501\nRoom 502", id="address-list-of-rooms-is-no-address-block"),
    case("sku,product,qty\nK20481234,Rice cooker,2\nH30012987,Air fryer,1\n", id="passport-shaped-cells-under-sku"),
    case("date,sales_hkd\n2024-06-01,23456789\n", id="phone-shaped-cell-under-a-sales-column"),
    case("張單 #62230918 total", id="phone-shaped-order-after-張單"),
    case("Dinner at Tim Ho Wan tonight", id="person-restaurant-name"),
    case("Company name,Branch\nHang Fung Trading,Kwun Tong\n", id="person-company-name-column"),
    case("Quotation No. 6123-4567 valid 30 days", id="phone-shaped-quotation-number"),
    case("Upload banner@3x.jpg to the CDN", id="email-shaped-image-file-name"),
    case("[10:01] IT Support: please reboot", id="person-helpdesk-as-chat-speaker"),
    case("The MacLehose Trail is closed", id="person-hiking-trail"),
    case("升級至版本 4.2.0.1 後重新啟動", id="ip-shaped-chinese-version"),
    case("Last IP: unknown", id="person-acronym-after-a-word-is-no-chat-speaker"),
    case("黃金\n經理", id="person-chinese-signature-needs-a-full-name"),
    case("周生生今日金價又升咗", id="person-brand-starting-with-surname-and-生"),
    case("陳李濟嘅藥油賣晒", id="person-brand-three-surnames"),
    case("Mr Softee came round at four", id="person-brand-after-a-title"),
    case("[10:15] Ricacorp Realty: 新盤開售", id="person-estate-agency-as-chat-speaker"),
    case("Lunch at City Hall Maxim's", id="person-city-hall"),
    case("Wing Wah and Kee Wah mooncakes sold out", id="person-bakery-brands"),
    case("會議地點：本公司12樓大會議室", id="address-generic-office-floor"),
    case("Your jab is booked at Ma On Shan Sports Centre, Sha Tin", id="address-venue-and-district-is-a-place"),
    case("Pick-up point: Festival Walk Mall, Kowloon Tong", id="address-mall-and-district-is-a-place"),
    case("成交量 34567812 股", id="phone-shaped-trading-volume"),
    case("Orders 52345678 and 62345679 were merged", id="phone-shaped-list-of-order-numbers"),
    case("覆診：病歷號 MRN 30882716", id="phone-shaped-medical-record-number"),
]


@pytest.mark.parametrize(("text", "expected"), DECOY_CASES)
def test_decoy_is_not_reported(text: str, expected: Expected) -> None:
    assert expected == []
    assert scan_text(text) == []


# --- failed check digits: suspected only ----------------------------------------------------------------

SUSPECTED_CASES = [
    case("Reference K246810(0) is not an ID.", (HKID, "K246810(0)"), id="hkid-wrong-check-digit"),
    case("HKID A123456(4)", (HKID, "A123456(4)"), id="hkid-wrong-check-digit-with-context"),
    case("身份證Ｚ６８３３６５（１）號碼", (HKID, "Ｚ６８３３６５（１）"), id="hkid-full-width-wrong-check"),
    case("Test card 4539148803436460 was declined.", (CARD, "4539148803436460"), id="card-luhn-invalid"),
    case("card 4539 1488 0343 6468", (CARD, "4539 1488 0343 6468"), id="card-luhn-invalid-grouped"),
]


@pytest.mark.parametrize(("text", "expected"), SUSPECTED_CASES)
def test_wrong_check_digit_is_not_reported(text: str, expected: Expected) -> None:
    assert scan_text(text) == []


@pytest.mark.parametrize(("text", "expected"), SUSPECTED_CASES)
def test_wrong_check_digit_is_reported_as_suspected_only_when_asked(text: str, expected: Expected) -> None:
    kind = expected[0][0]
    findings = scan_text(text, types=[kind], suspected=True)
    assert found(findings) == spans(text, expected)
    assert all(f.suspected for f in findings)
    assert all(f.score < 0.5 for f in findings)
    assert [f.as_json(1).get("suspected") for f in findings] == [True] * len(findings)


def test_valid_values_are_not_marked_suspected_when_suspects_are_asked_for() -> None:
    text = "HKID A123456(3), card 4539 1488 0343 6467"
    findings = scan_text(text, types=["HKID", "CREDIT_CARD"], suspected=True)
    assert [(text[f.start : f.end], f.suspected) for f in findings] == [
        ("A123456(3)", False),
        ("4539 1488 0343 6467", False),
    ]


# --- gazetteers --------------------------------------------------------------------------------------------


def test_gazetteer_words_load_as_the_strings_written() -> None:
    """YAML 1.1 reads an unquoted On, Yes or No as a boolean; the syllable On must stay "On"."""
    n = names()
    assert "On" in n.given_syllables
    assert "True" not in n.given_syllables


@pytest.mark.parametrize("given", ["小", "明", "正", "博", "剛", "致", "以", "和"])
def test_common_given_name_characters_are_not_stop_characters(given: str) -> None:
    """They end a name only inside a word that follows names (小姐, 明天, 以及), handled by context."""
    assert given not in names().name_stop_zh
    assert [(f.type, f.start, f.end) for f in scan_text(f"姓名：陳{given}輝")] == [(PERSON, 3, 6)]


# --- every text of this module, for the engine-parity test ---------------------------------------------

ALL_TEXTS: list[str] = [p.values[0] for p in FOUND_CASES + DECOY_CASES + SUSPECTED_CASES]
