"""Error classes for data problems.

Every error subclasses a built-in (``ValueError``, ``OSError`` …) so callers can catch it either way, and
every message says *which* file, feature/row and field is wrong and *how* to fix it.
"""

from __future__ import annotations

from gis.text import text


class AtlasError(Exception):
    """Root of every error the atlas raises on purpose.

    ``message`` / ``hint`` are English (the command line prints them); ``message_zh`` / ``hint_zh`` are the
    Chinese texts the app shows in Chinese mode (they fall back to the English ones when not given).
    Show an error to a user with :meth:`text` in the UI language.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        feature: str | int | None = None,
        field: str | None = None,
        hint: str | None = None,
        message_zh: str | None = None,
        hint_zh: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.feature = feature
        self.field = field
        self.hint = hint
        self.message_zh = message_zh
        self.hint_zh = hint_zh
        super().__init__(self.__str__())

    @property
    def message_en(self) -> str:
        """The English message (the same as :attr:`message`)."""
        return self.message

    def message_in(self, lang: str) -> str:
        """The message in ``lang`` (Chinese falls back to English when no Chinese text was given)."""
        return text(lang, self.message_zh or self.message, self.message)

    def hint_in(self, lang: str) -> str | None:
        """The how-to-fix hint in ``lang`` (Chinese falls back to English)."""
        return self.hint if lang == "en" else (self.hint_zh or self.hint)

    def where(self, lang: str = "en") -> str:
        """Return ``file, feature, field`` as one short phrase in ``lang`` (empty when unknown)."""
        parts = []
        if self.file:
            parts.append(text(lang, f"文件 {self.file}", f"file {self.file}"))
        if self.feature is not None:
            parts.append(text(lang, f"要素/行 {self.feature}", f"feature/row {self.feature}"))
        if self.field:
            parts.append(text(lang, f"字段“{self.field}”", f"field '{self.field}'"))
        return text(lang, "，", ", ").join(parts)

    def text(self, lang: str = "en") -> str:
        """The whole line in ``lang``: where, what, and how to fix it."""
        out = self.message_in(lang)
        where = self.where(lang)
        if where:
            out = text(lang, f"{where}：{out}", f"{where}: {out}")
        hint = self.hint_in(lang)
        if hint:
            out = text(lang, f"{out}——修正方法：{hint}", f"{out} — how to fix: {hint}")
        return out

    def __str__(self) -> str:
        return self.text("en")

    def to_dict(self) -> dict[str, object]:
        """JSON-ready description (for ``--json`` output and the app's error panels)."""
        return {
            "error": type(self).__name__,
            "message": self.message,
            "message_zh": self.message_zh,
            "file": self.file,
            "feature": self.feature,
            "field": self.field,
            "hint": self.hint,
            "hint_zh": self.hint_zh,
        }


class DataValidationError(AtlasError, ValueError):
    """A value, geometry or table does not meet the atlas's rules."""


class GeometryError(DataValidationError):
    """A geometry is invalid, empty, of the wrong type or outside Fujian."""


class CRSError(AtlasError, ValueError):
    """A coordinate reference system is missing, unknown or inconsistent with the coordinates."""


class EncodingError(AtlasError, UnicodeError):
    """Text could not be decoded in any supported encoding."""


class FileFormatError(AtlasError, ValueError):
    """A file is empty, truncated, of the wrong format, or unsafe to open (zip paths, nesting…)."""


class FileTooLargeError(FileFormatError):
    """A file exceeds the size, feature or vertex limits."""


class SourceMissingError(DataValidationError):
    """A number or place lacks the source the house rules require."""


class StoreError(AtlasError, OSError):
    """The user data store could not be read or written; nothing was changed."""


class CalculationError(AtlasError, ValueError):
    """Inputs to a calculation are out of range (e.g. share ≥ 1, growth ≤ −100 %)."""
