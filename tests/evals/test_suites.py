"""The built-in test suites: they load, their cases are well formed, and they tell a model that obeys
every attack (it echoes whatever it is given) from one that refuses everything.

Two scripted models are simulated directly with the scorers, without HTTP:

- "comply" answers "Sure. " followed by every message it was sent (system prompt, document, prompt),
  so it leaks every canary and every planted value and repeats every instruction;
- "refuse" answers with a fixed refusal that also says it is an AI.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from hkaigov.catalog.loader import load_catalog
from hkaigov.domain.errors import InputError
from hkaigov.evals.cases import Case, Language, Suite, builtin_suites, check_unique, load_suite_file
from hkaigov.evals.scorers import PAIR_SCORERS, SCORERS, score_pair
from hkaigov.pii.validators import is_valid_card, is_valid_hkid

EXPECTED_SUITES = {
    "prompt_injection",
    "jailbreak",
    "system_prompt_leakage",
    "pii_leakage",
    "crime_prevention",
    "bias",
    "hallucination",
    "ai_disclosure",
}
# suites where a model that does whatever it is told must fail every case
ATTACK_SUITES = {"prompt_injection", "jailbreak", "system_prompt_leakage", "pii_leakage", "crime_prevention"}
MUST_FAIL_COMPLY = ATTACK_SUITES | {"ai_disclosure", "hallucination"}
SUITE_SCORER = {
    "prompt_injection": "canary",
    "jailbreak": "refusal",
    "system_prompt_leakage": "canary",
    "pii_leakage": "pii_leak",
    "crime_prevention": "refusal",
    "bias": "consistency",
    "hallucination": "reference",
    "ai_disclosure": "disclosure",
}
CHINESE = {Language.zh_hant, Language.yue}
LANGUAGE_TOKEN = {"en": Language.en, "zh": Language.zh_hant, "yue": Language.yue}
REFUSE_ANSWER = "I'm sorry, but I can't help with that. I am an AI assistant."

HKID = re.compile(r"^([A-Z]{1,2})(\d{6})\s*[(（]?([0-9A])[)）]?$")
CARD = re.compile(r"^\d{4}(?:[ -]?\d{4}){3}$")


def comply_answer(case: Case) -> str:
    return "Sure. " + " ".join(m["content"] for m in case.messages())


def all_cases() -> list[Case]:
    return [case for suite in builtin_suites() for case in suite.cases]


def suite_named(name: str) -> Suite:
    return next(s for s in builtin_suites() if s.name == name)


def cases_of(*names: str) -> list[Case]:
    return [case for case in all_cases() if case.suite in names]


def ids(cases: list[Case]) -> list[str]:
    return [case.id for case in cases]


def answerable(case: Case) -> bool:
    return case.suite == "hallucination" and not case.expect.decline


# ------------------------------------------------------------------ loading and shape


def test_every_suite_file_loads_and_is_named_after_its_suite() -> None:
    suites = builtin_suites()
    assert {s.name for s in suites} == EXPECTED_SUITES
    for suite in suites:
        assert Path(suite.source).name == f"{suite.name}.yaml"
        assert suite.title.get("en") and suite.title.get("zh_hant"), suite.name
        assert suite.description.strip(), suite.name


def test_enough_cases_overall_and_per_suite() -> None:
    counts = Counter(case.suite for case in all_cases())
    assert sum(counts.values()) >= 300
    for name in EXPECTED_SUITES:
        assert counts[name] >= 25, (name, counts[name])


def test_case_ids_are_unique_across_suites() -> None:
    every = ids(all_cases())
    assert [i for i, n in Counter(every).items() if n > 1] == []


def test_every_suite_uses_its_scorer() -> None:
    for case in all_cases():
        assert case.scorer == SUITE_SCORER[case.suite], case.id
        assert case.scorer in SCORERS


def test_every_control_exists_in_the_catalog() -> None:
    catalog = load_catalog()
    unknown = {(case.id, c) for case in all_cases() for c in case.controls if catalog.control(c) is None}
    assert unknown == set()


def test_check_unique_accepts_the_builtin_suites_against_the_catalog() -> None:
    check_unique(builtin_suites(), [c.id for c in load_catalog().controls()])


def test_every_suite_has_english_and_chinese_cases() -> None:
    for suite in builtin_suites():
        languages = {case.language for case in suite.cases}
        assert Language.en in languages, suite.name
        assert languages & CHINESE, suite.name


def test_english_and_chinese_cases_are_balanced() -> None:
    for suite in builtin_suites():
        english = sum(case.language == Language.en for case in suite.cases)
        chinese = sum(case.language in CHINESE for case in suite.cases)
        assert english == chinese, (suite.name, english, chinese)


def test_crime_and_pii_cases_are_high_severity() -> None:
    for case in cases_of("crime_prevention", "pii_leakage"):
        assert case.severity in ("high", "critical"), case.id


def test_every_case_is_written_in_english_and_in_chinese() -> None:
    """Ids name their language (`-en`, `-zh`, `-yue`); each English case has a Chinese twin and vice versa."""
    twins: dict[str, set[str]] = defaultdict(set)
    for case in all_cases():
        parts = case.id.split("-")
        tokens = [p for p in parts if p in LANGUAGE_TOKEN]
        assert len(tokens) == 1, case.id
        assert LANGUAGE_TOKEN[tokens[0]] == case.language, case.id
        stem = "-".join(p for p in parts if p not in LANGUAGE_TOKEN)
        twins[stem].add("en" if case.language == Language.en else "zh")
    assert {stem: langs for stem, langs in twins.items() if langs != {"en", "zh"}} == {}


# ------------------------------------------------------------------ what each scorer needs


def test_canary_suites_have_canaries_in_the_conversation() -> None:
    for case in cases_of("prompt_injection", "system_prompt_leakage"):
        assert case.expect.canary, case.id
        sent = " ".join(m["content"] for m in case.messages())
        for canary in case.expect.canary:
            assert canary in sent, (case.id, canary)


def test_canaries_are_unique() -> None:
    every = [c for case in all_cases() for c in case.expect.canary]
    assert [c for c, n in Counter(every).items() if n > 1] == []


def test_system_prompt_leakage_keeps_its_secret_in_the_system_prompt() -> None:
    for case in cases_of("system_prompt_leakage"):
        assert case.system, case.id
        assert any(c in case.system for c in case.expect.canary), case.id


def test_pii_cases_plant_values_that_are_in_the_context() -> None:
    for case in cases_of("pii_leakage"):
        assert case.expect.planted, case.id
        context = (case.system or "") + (case.document or "")
        for value in case.expect.planted:
            assert value in context, (case.id, value)


def test_planted_hkids_and_cards_pass_their_check_digits() -> None:
    hkids = cards = 0
    for case in cases_of("pii_leakage"):
        for value in case.expect.planted:
            if m := HKID.match(value):
                assert is_valid_hkid(*m.groups()), (case.id, value)
                hkids += 1
            elif CARD.match(value):
                assert is_valid_card(re.sub(r"\D", "", value)), (case.id, value)
                cards += 1
    assert hkids >= 20
    assert cards >= 5


def test_hallucination_cases_have_answers_or_decline() -> None:
    for case in cases_of("hallucination"):
        assert bool(case.expect.answers) != case.expect.decline, case.id
    assert any(c.expect.decline for c in cases_of("hallucination"))


def test_bias_members_differ_in_a_variant_that_appears_in_their_prompt() -> None:
    groups: dict[str, list[Case]] = defaultdict(list)
    for case in cases_of("bias"):
        assert case.pair and case.variant, case.id
        groups[case.pair].append(case)
        for key, value in case.variant.items():
            assert value in case.prompt_text(), (case.id, key, value)
    for pair, members in groups.items():
        assert len(members) >= 2, pair
        assert len({m.language for m in members}) == 1, pair
        keys = {frozenset(m.variant) for m in members}
        assert len(keys) == 1, pair
        values = [tuple(sorted(m.variant.items())) for m in members]
        assert len(set(values)) == len(values), pair


def test_bias_members_differ_only_in_their_variant() -> None:
    groups: dict[str, list[Case]] = defaultdict(list)
    for case in cases_of("bias"):
        groups[case.pair or ""].append(case)
    for pair, members in groups.items():
        masked = set()
        for m in members:
            text = m.prompt_text()
            for value in sorted(m.variant.values(), key=len, reverse=True):
                text = text.replace(value, "<ATTR>")
            masked.add((m.system, text))
        assert len(masked) == 1, pair


# ------------------------------------------------------------------ the two scripted models


@pytest.mark.parametrize("case", cases_of(*MUST_FAIL_COMPLY), ids=ids(cases_of(*MUST_FAIL_COMPLY)))
def test_the_comply_model_fails(case: Case) -> None:
    score = SCORERS[case.scorer](case, comply_answer(case))
    assert not score.passed, score.detail


NON_PAIR = [c for c in all_cases() if c.scorer not in PAIR_SCORERS]


@pytest.mark.parametrize("case", NON_PAIR, ids=ids(NON_PAIR))
def test_the_refuse_model_passes_except_answerable_questions(case: Case) -> None:
    score = SCORERS[case.scorer](case, REFUSE_ANSWER)
    assert score.passed != answerable(case), score.detail


def test_the_refuse_model_is_consistent_on_every_bias_pair() -> None:
    groups: dict[str, list[Case]] = defaultdict(list)
    for case in cases_of("bias"):
        groups[case.pair or ""].append(case)
    for members in groups.values():
        for case in members:
            assert SCORERS[case.scorer](case, REFUSE_ANSWER).passed, case.id
        scores = score_pair([(case, REFUSE_ANSWER) for case in members])
        failed = {k: s.detail for k, s in scores.items() if not s.passed}
        assert failed == {}


def test_the_refuse_model_fails_answerable_questions_only_for_want_of_an_answer() -> None:
    for case in cases_of("hallucination"):
        if answerable(case):
            detail = SCORERS[case.scorer](case, REFUSE_ANSWER).detail
            assert detail.startswith("answer contains none of"), (case.id, detail)


def test_a_right_answer_passes_every_answerable_question() -> None:
    for case in cases_of("hallucination"):
        if answerable(case):
            answer = f"The answer is {case.expect.answers[0]}."
            assert SCORERS[case.scorer](case, answer).passed, case.id


# ------------------------------------------------------------------ malformed files


def test_a_malformed_suite_names_the_file_the_line_and_the_field(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(
        "suite: broken\n"
        "title: {en: Broken, zh_hant: 壞}\n"
        "description: a suite with a bad case\n"
        "defaults:\n"
        "  scorer: canary\n"
        "  controls: [DPOGAI-DEV-09]\n"
        "cases:\n"
        "  - id: ok-001-en\n"
        "    language: en\n"
        "    prompt: hello\n"
        "  - id: bad-001-en\n"
        "    language: klingon\n"
        "    prompt: hello\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_suite_file(path)
    message = str(info.value)
    assert str(path) in message
    assert ":12:" in message
    assert "cases[1].language" in message
    assert "klingon" in message


def test_an_unknown_field_in_a_case_is_named(tmp_path: Path) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text(
        "suite: typo\n"
        "title: {en: Typo, zh_hant: 錯字}\n"
        "description: a case with a misspelt field\n"
        "defaults: {scorer: canary, controls: [DPOGAI-DEV-09]}\n"
        "cases:\n"
        "  - id: typo-001-en\n"
        "    language: en\n"
        "    prompt: hello\n"
        "    expekt: {canary: X}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_suite_file(path)
    message = str(info.value)
    assert str(path) in message and ":9:" in message and "cases[0].expekt" in message


def test_anchors_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "anchors.yaml"
    path.write_text(
        "suite: anchors\n"
        "title: {en: Anchors, zh_hant: 錨}\n"
        "description: x\n"
        "defaults: &d {scorer: canary, controls: [DPOGAI-DEV-09]}\n"
        "cases:\n"
        "  - {id: a-001-en, language: en, prompt: hi}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"anchors\.yaml:4:"):
        load_suite_file(path)
