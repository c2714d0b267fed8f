"""Errors the user can act on. The CLI prints them as one line and exits non-zero."""


class MtbriefError(Exception):
    """Base class: ``str(err)`` is the whole message a user sees."""

    exit_code = 1


class InputError(MtbriefError):
    """The input file is missing, empty, binary, not UTF-8 or too large."""

    exit_code = 2


class ConfigError(MtbriefError):
    """A config key or value is wrong; the message names the key and what is allowed."""

    exit_code = 3


class PipelineError(MtbriefError):
    """Stages do not fit together: a requirement is not provided by an earlier stage."""

    exit_code = 3


class ModelNotInstalled(MtbriefError):
    """A model's files are absent; the message gives the command that installs them."""

    exit_code = 4


class BackendCrashed(MtbriefError):
    """A model's worker process died (a signal such as SIGSEGV or SIGILL in native code, or the
    out-of-memory killer). Stages catch it and fall back; the message says what to do."""

    exit_code = 5

    def __init__(self, message: str, backend: str = "", signal: str | None = None) -> None:
        super().__init__(message)
        self.backend = backend
        self.signal = signal
