"""One error hierarchy. Library code raises these with an English code and structured context;
the front doors translate them with ``messages_zh.zh(err)``."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ReportError(Exception):
    """Base of every error that is shown to the user."""

    code = "report_error"

    def __init__(self, **ctx: object) -> None:
        self.ctx = ctx
        super().__init__(f"{self.code}: {ctx}")


class Problem(BaseModel):
    """An error as data (code + ctx), for results that carry failures across a batch; rendered at the front doors."""

    code: str
    ctx: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def of(cls, err: BaseException) -> Problem:
        """The problem of any exception: a ReportError's code and ctx, else ``unexpected`` with its type."""
        if isinstance(err, ReportError):
            return cls(code=err.code, ctx={k: v for k, v in err.ctx.items() if _plain(v)})
        return cls(code="unexpected", ctx={"detail": f"{type(err).__name__}: {err}"[:300]})


def _plain(value: object) -> bool:
    return isinstance(value, (str, int, float, bool, list, dict, type(None)))


class InputFileError(ReportError):
    """A file could not be read as a report (missing, unreadable, wrong kind)."""

    code = "input_file"


class FileTooLargeError(ReportError):
    """A file is larger than the configured limit."""

    code = "file_too_large"


class EmptyFileError(ReportError):
    """A file has no text."""

    code = "empty_file"


class UnsupportedFormatError(ReportError):
    """No parser for this file suffix."""

    code = "unsupported_format"


class CorruptFileError(ReportError):
    """A file claims a format but its content is broken."""

    code = "corrupt_file"


class NeedsOcrError(ReportError):
    """A PDF without a text layer (a scan)."""

    code = "needs_ocr"


class MissingDependencyError(ReportError):
    """An optional package or program is not installed."""

    code = "missing_dependency"


class ModelValidationError(ReportError):
    """A report model file failed validation; ctx['errors'] holds pydantic's error list."""

    code = "model_validation"


class MalformedJsonError(ReportError):
    """A report model file is not valid JSON."""

    code = "malformed_json"


class UnknownBackendError(ReportError):
    """A configured backend name is not registered."""

    code = "unknown_backend"


class EmbeddingMismatchError(ReportError):
    """The store was built with another embedding model."""

    code = "embedding_mismatch"


class ModelNotBuiltError(ReportError):
    """The embedded default embedding model has not been built yet."""

    code = "model_not_built"


class LLMUnavailableError(ReportError):
    """The configured LLM service did not answer."""

    code = "llm_unavailable"


class SettingsError(ReportError):
    """The configuration file or an environment variable is invalid."""

    code = "settings"


class StoredReportInvalidError(ReportError):
    """A saved report no longer validates against the model."""

    code = "stored_report_invalid"


class ReportNotFoundError(ReportError):
    """No saved report has this id."""

    code = "report_not_found"


class NotInLibraryError(ReportError):
    """``library remove`` matched no report."""

    code = "not_in_library"


class InvalidDeadlineError(ReportError):
    """The configured publication deadline is not a valid MM-DD date."""

    code = "invalid_deadline"


class FactNotUnderstoodError(ReportError):
    """No pattern matched the clerk's sentence."""

    code = "fact_not_understood"


class UnknownPolishOpError(ReportError):
    """polish() got an operation other than 润色/扩写/缩写."""

    code = "unknown_polish_op"


class UnknownSectionError(ReportError):
    """Only 一 (overview) and 五 (problems) are drafted."""

    code = "unknown_section"


class DocConversionError(ReportError):
    """LibreOffice could not convert a .doc file."""

    code = "doc_conversion_failed"


class MissingSofficeError(MissingDependencyError):
    """A .doc file needs LibreOffice (soffice) for conversion, and it is not installed."""

    code = "missing_soffice"


class UnpackedTooLargeError(ReportError):
    """A zipped document (.docx) would unpack to more than Settings.max_unpacked_mb (zip bomb guard)."""

    code = "unpacked_too_large"


class UnpackRatioError(ReportError):
    """A zip member inflates far more than documents do (Settings.max_unpack_ratio): a zip bomb."""

    code = "unpack_ratio"


class EmbeddingModelMissingError(ReportError):
    """A configured sentence-transformers model is neither a local directory nor in the offline cache."""

    code = "embedding_model_missing"


class EmptyRemoveKeyError(ReportError):
    """``library remove`` was given a blank key (it would match every report without a unit name)."""

    code = "remove_key_empty"


class ConflictError(ReportError):
    """A report was saved by another session since this one loaded it; both versions are kept."""

    code = "save_conflict"


class HtmlTooLargeError(ReportError):
    """A saved web page is larger than Settings.max_html_mb."""

    code = "html_too_large"


class PdfTooManyPagesError(ReportError):
    """A PDF has more pages than Settings.max_pdf_pages."""

    code = "pdf_too_many_pages"


class CheckTimeoutError(ReportError):
    """Checking one file took longer than Settings.check_seconds."""

    code = "check_timeout"


class JsonTooLargeError(ReportError):
    """A report data file (.json) is larger than Settings.max_json_mb."""

    code = "json_too_large"


class JsonNotUtf8Error(ReportError):
    """A report data file (.json) is not UTF-8 (often GBK, saved by an old editor)."""

    code = "json_not_utf8"


class AccessDeniedError(ReportError):
    """The signed-in account may not do ``action`` on report ``id`` (assistant/accounts/policy.py)."""

    code = "access_denied"


class AssignDeniedError(ReportError):
    """Report ``id`` cannot be bound to a unit now (``reason_code``: not an admin, already bound, no unit)."""

    code = "assign_denied"


class LoginFailedError(ReportError):
    """Wrong account name or password, or the account is disabled (never says which)."""

    code = "login_failed"


class LoginThrottledError(ReportError):
    """Too many failed logins for this account or client: wait ``seconds`` before the next try."""

    code = "login_throttled"


class UserExistsError(ReportError):
    """An account of that name exists already."""

    code = "user_exists"


class UserNotFoundError(ReportError):
    """No account of that name."""

    code = "user_not_found"


class UserInvalidError(ReportError):
    """An account cannot be created as given (role, unit or county missing, empty password)."""

    code = "user_invalid"


class TransitionError(ReportError):
    """A workflow step that does not follow from the report's state (e.g. approving a draft)."""

    code = "bad_transition"


class CreateDeniedError(ReportError):
    """Only a clerk creates reports (bound to the clerk's unit); no one without a login in accounts mode."""

    code = "create_denied"
