"""The error tree. Only the CLI turns these into exit codes and printed messages."""

from __future__ import annotations


class AdvisorError(Exception):
    """Root of every error advisor raises on purpose. ``exit_code`` follows the contract."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UserError(AdvisorError):
    """Bad usage or bad input: an unknown key, a value outside its domain, a broken file."""

    exit_code = 2


class RuleBaseError(UserError):
    """A rule base that cannot be loaded: names the file, the rule id and the line."""


class VerificationFailed(AdvisorError):
    """``rules check`` found errors in a rule base."""

    exit_code = 1


class WriteRefused(AdvisorError):
    """Files exist with other content and ``--force`` was not given, or the folder cannot be written."""

    exit_code = 1


class Interrupted(AdvisorError):
    """Ctrl-C or SIGTERM: nothing was written."""

    exit_code = 130
