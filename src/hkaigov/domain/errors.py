"""One exception hierarchy, mapped once to exit codes (CLI) and HTTP statuses (API)."""

from __future__ import annotations


class HkaigovError(Exception):
    """Base of every error hkaigov raises on purpose."""


class InputError(HkaigovError):
    """The user's input (a file, an argument) is wrong. Maps to exit code 2.

    `problems` holds one message per problem, each already prefixed with `FILE:LINE:` where known,
    so that several problems in several files can be reported in one run.
    """

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


class CatalogError(InputError):
    """The catalog data (shipped or an organisation's policy file) is malformed."""


class NotFoundError(HkaigovError):
    """A named thing (control, instrument, system) does not exist."""


class ConflictError(HkaigovError):
    """An update was based on a stale version of a record."""


class PermissionDenied(HkaigovError):
    """The acting user's role does not allow the action (HTTP 403), or the action would break
    separation of duties (a reviewer signing off their own assessment)."""
