"""Organisations: named by the manifest, slugged once, reused by every system that names them."""

from __future__ import annotations

import pytest
from tests.services.support import ASSESSOR, Act, count, revise

from hkaigov.domain.profile import AISystemProfile
from hkaigov.services import organisations, systems
from hkaigov.store.db import Database


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Harbour City Bank Limited", "harbour-city-bank-limited"),
        ("  Café & Co. (HK)  ", "cafe-co-hk"),
        ("", "default"),
        ("x" * 100, "x" * 80),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert organisations.slugify(name) == slug


@pytest.mark.usefixtures("team")
def test_systems_share_their_organisation(db: Database, act: Act, profiles: dict[str, AISystemProfile]) -> None:
    with act(ASSESSOR) as ctx:
        chatbot = systems.register(ctx, profiles["bank-genai-chatbot"]).system
        scoring = systems.register(ctx, profiles["bank-credit-scoring"]).system
        unnamed = systems.register(ctx, revise(profiles["tech-spam-filter"], organisation="")).system
        assert chatbot.organisation_id == scoring.organisation_id
        assert (unnamed.organisation.slug, unnamed.organisation.name) == ("default", "Default organisation")
    assert count(db, "organisations") == 2


def test_names_without_latin_letters_get_distinct_keys() -> None:
    assert organisations.slugify("") == "default"
    assert organisations.slugify("Harbour City Bank Limited") == "harbour-city-bank-limited"
    a, b = organisations.slugify("香港銀行"), organisations.slugify("九龍保險")
    assert a.startswith("org-") and b.startswith("org-") and a != b
