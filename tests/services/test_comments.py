"""Comments: on a system, an assessment of it or a control; checked, limited in length, audited."""

from __future__ import annotations

import pytest
from tests.services.support import ASSESSOR, REVIEWER, VIEWER, Act, count

from hkaigov.domain.errors import InputError, NotFoundError, PermissionDenied
from hkaigov.domain.profile import AISystemProfile
from hkaigov.services import assessments, comments, systems
from hkaigov.store.db import Database

CHATBOT = "bank-genai-chatbot"


@pytest.fixture
def chatbot(act: Act, profiles: dict[str, AISystemProfile], team: None) -> str:
    with act(ASSESSOR) as ctx:
        return systems.register(ctx, profiles[CHATBOT]).system.ref


def test_comments_on_system_assessment_and_control(db: Database, act: Act, chatbot: str) -> None:
    with act(ASSESSOR) as ctx:
        made = assessments.assess(ctx, systems.find(ctx.session, chatbot))[0].id
    with act(REVIEWER) as ctx:
        s = systems.find(ctx.session, chatbot)
        comments.add(ctx, s, "  Please attach the validation report.  ")
        comments.add(ctx, s, "Score looks low.", assessment_id=made, control_id="EAIF-GOV-01")
    with db.reading() as session:
        listed = comments.for_system(session, systems.find(session, chatbot))
        assert [(c.body, c.assessment_id, c.control_id, who) for c, who in listed] == [
            ("Please attach the validation report.", None, None, REVIEWER),
            ("Score looks low.", made, "EAIF-GOV-01", REVIEWER),
        ]
        _, entries = systems.history(session, systems.find(session, chatbot))
        assert [e.action for e in entries].count("comment.add") == 2


def test_bad_comments_are_refused(db: Database, act: Act, chatbot: str, subtests: pytest.Subtests) -> None:
    cases: list[tuple[str, str | None, int | None, type[Exception], str]] = [
        ("   ", None, None, InputError, "empty"),
        ("x" * (comments.MAX_LENGTH + 1), None, None, InputError, "over the limit"),
        ("fine", "NOPE-01", None, InputError, "unknown control"),
        ("fine", None, 999, NotFoundError, "has no assessment 999"),
    ]
    for body, control, assessment, error, message in cases:
        with subtests.test(message=message), pytest.raises(error, match=message), act(REVIEWER) as ctx:
            comments.add(ctx, systems.find(ctx.session, chatbot), body, control_id=control, assessment_id=assessment)
    assert count(db, "comments") == 0


def test_viewers_cannot_comment(db: Database, act: Act, chatbot: str) -> None:
    with pytest.raises(PermissionDenied, match="may not comment"), act(VIEWER) as ctx:
        comments.add(ctx, systems.find(ctx.session, chatbot), "hello")
    assert count(db, "comments") == 0
