"""The local transformers target, on a tiny randomly initialised model built here (nothing is downloaded)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.evals.test_runner import CASES

from hkaigov.domain.errors import InputError
from hkaigov.evals.runner import RunOptions, run
from hkaigov.evals.targets import TransformersTarget

transformers = pytest.importorskip("transformers", reason="the optional 'hf' extra")
torch = pytest.importorskip("torch")


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tokenizers import Tokenizer, models, pre_tokenizers

    words = "[UNK] [PAD] [EOS] sorry i can't help with that am an ai assistant sure hello print".split()
    tokenizer = Tokenizer(models.WordLevel({w: i for i, w in enumerate(words)}, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    fast = transformers.PreTrainedTokenizerFast(
        tokenizer_object=tokenizer, unk_token="[UNK]", pad_token="[PAD]", eos_token="[EOS]"
    )
    config = transformers.GPT2Config(
        vocab_size=len(words), n_positions=2048, n_embd=16, n_layer=1, n_head=2, bos_token_id=2, eos_token_id=2
    )
    torch.manual_seed(0)
    model = transformers.GPT2LMHeadModel(config)
    directory = tmp_path_factory.mktemp("tiny-gpt2")
    model.save_pretrained(directory)
    fast.save_pretrained(directory)
    return directory


def test_a_local_pipeline_answers_every_case_offline(
    tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    out = tmp_path / "r.jsonl"
    target = TransformersTarget(str(tiny_model), max_new_tokens=8)
    stats = run(CASES[:3], target, out, RunOptions(concurrency=2, cache_dir=None))
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert stats.errors == 0 and len(rows) == 3
    assert all(isinstance(r["response"], str) and isinstance(r["passed"], bool) for r in rows)
    assert all(r["target"].startswith("transformers:") for r in rows)


def test_a_missing_model_directory_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a local model directory"):
        TransformersTarget(str(tmp_path / "nowhere"))
