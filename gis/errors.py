"""Error classes for data problems.

Every error subclasses a built-in (``ValueError``, ``OSError`` …) so callers can catch it either way, and
every message says *which* file, feature/row and field is wrong and *how* to fix it.
"""

from __future__ import annotations


class AtlasError(Exception):
    """Root of every error the atlas raises on purpose."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        feature: str | int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.feature = feature
        self.field = field
        self.hint = hint
        super().__init__(self.__str__())

    def where(self) -> str:
        """Return ``file, feature, field`` as one short phrase (empty when unknown)."""
        parts = []
        if self.file:
            parts.append(f"file {self.file}")
        if self.feature is not None:
            parts.append(f"feature/row {self.feature}")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = self.message
        where = self.where()
        if where:
            text = f"{where}: {text}"
        if self.hint:
            text = f"{text} — how to fix: {self.hint}"
        return text

    def to_dict(self) -> dict[str, object]:
        """JSON-ready description (for ``--json`` output and the app's error panels)."""
        return {
            "error": type(self).__name__,
            "message": self.message,
            "file": self.file,
            "feature": self.feature,
            "field": self.field,
            "hint": self.hint,
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
