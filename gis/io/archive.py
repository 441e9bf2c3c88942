"""Zip safety: members are checked and extracted under generated names, never trusted."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path, PurePosixPath

from gis.archives import ZIP_MAX_MEMBERS, ZIP_MAX_RATIO, ZIP_MAX_TOTAL, is_zip, member_ratio_error
from gis.errors import (
    AtlasError,
    FileFormatError,
)

__all__ = ["ZIP_MAX_MEMBERS", "ZIP_MAX_RATIO", "ZIP_MAX_TOTAL", "safe_extract"]
#: Members that are zips by design (a workbook); their own limits are checked when they are read.
_ZIP_FORMATS = (".xlsx", ".xlsm")
_ARCHIVE_SUFFIXES = (".zip", ".7z", ".rar", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".kmz", ".jar")
_SKIP_MEMBERS = ("__macosx/", ".ds_store", "thumbs.db")
# ---------------------------------------------------------------- zip (shapefile)


def _unsafe_member(name: str) -> str | None:
    if "\x00" in name:
        return "a NUL character in the name"
    norm = name.replace("\\", "/")
    if norm.startswith("/") or re.match(r"^[A-Za-z]:", norm):
        return "an absolute path"
    if any(part == ".." for part in PurePosixPath(norm).parts):
        return "a '..' path leading outside the folder"
    return None


def _refuse(fname: str, name: str, en: str, zh: str, hint: str, hint_zh: str) -> FileFormatError:
    """A refusal of one zip member, naming it in both languages."""
    return FileFormatError(
        f"zip member '{name[:80]}' {en}",
        file=fname,
        field=name[:80],
        hint=hint,
        message_zh=f"压缩包成员“{name[:80]}”{zh}",
        hint_zh=hint_zh,
    )


def _check_member(info: zipfile.ZipInfo, fname: str) -> bool:
    """Raise for an unsafe member; return False for one to skip (folders, OS clutter), True to extract."""
    name = info.filename
    bad = _unsafe_member(name)
    if bad:
        raise FileFormatError(
            f"zip member '{name[:80]}' has {bad}; the archive is refused",
            file=fname,
            field=name[:80],
            hint="zip the files without folders outside the archive",
        )
    if (info.external_attr >> 16) & 0o170000 == 0o120000:
        raise _refuse(
            fname,
            name,
            "is a symbolic link; the archive is refused",
            "是符号链接，拒绝该压缩包",
            "zip the real files, not links",
            "压缩真实文件，而不是链接",
        )
    if info.is_dir() or any(s in name.lower() for s in _SKIP_MEMBERS):
        return False
    if name.lower().endswith(_ARCHIVE_SUFFIXES):
        raise _refuse(
            fname,
            name,
            "is itself an archive; nested archives are refused",
            "本身也是压缩包，不接受嵌套压缩包",
            "unzip the inner archive and zip its files",
            "先解开内层压缩包，再把其中的文件压缩",
        )
    if info.flag_bits & 0x1:
        raise _refuse(
            fname, name, "is encrypted", "已加密", "zip the files without a password", "压缩时不要设置密码"
        )
    err = member_ratio_error(info, fname)
    if err is not None:
        raise err
    return True


def _target(name: str, dest: Path, stems: dict[str, str], fname: str) -> Path | None:
    """Generated path for member ``name`` (members sharing a stem share a generated stem); None to skip."""
    p = PurePosixPath(name.replace("\\", "/"))
    suffix = p.suffix.lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,8}", suffix or ".x"):
        suffix = ".bin"
    if suffix == ".xml" and p.name.lower().endswith(".shp.xml"):
        return None  # ArcGIS metadata
    stem_key = str(p.with_suffix("")).lower()
    gen = stems.setdefault(stem_key, f"m{len(stems):03d}")
    target = dest / f"{gen}{suffix}"
    if target.exists():
        raise FileFormatError(
            f"zip holds two members named like '{name[:80]}'",
            file=fname,
            field=name[:80],
            hint="keep one copy of each file",
            message_zh=f"压缩包里有两个与“{name[:80]}”同名的成员",
            hint_zh="每个文件只保留一份",
        )
    return target


def _copy_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, fname: str) -> None:
    """Copy one member to ``target``, never more bytes than its header claims."""
    name = info.filename
    written = 0
    try:
        with zf.open(info) as src, open(target, "wb") as dst:
            while chunk := src.read(1 << 20):
                if written == 0 and is_zip(chunk) and not name.lower().endswith(_ZIP_FORMATS):
                    raise _refuse(
                        fname,
                        name,
                        "is itself a zip archive (whatever its name says); nested archives are refused",
                        "其实是一个 zip 压缩包（不论名称如何），不接受嵌套压缩包",
                        "unzip the inner archive and zip its files",
                        "先解开内层压缩包，再把其中的文件压缩",
                    )
                written += len(chunk)
                if written > info.file_size or written > ZIP_MAX_TOTAL:
                    raise FileFormatError(
                        "zip member larger than its header says; refused",
                        file=fname,
                        field=name[:80],
                        hint="zip the files again",
                        message_zh="压缩包成员比其文件头声明的大，已拒绝",
                        hint_zh="重新压缩这些文件",
                    )
                dst.write(chunk)
    except AtlasError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise _refuse(
            fname,
            name,
            f"is damaged ({type(exc).__name__}: {exc})",
            f"已损坏（{type(exc).__name__}：{exc}）",
            "zip the files again",
            "重新压缩这些文件",
        ) from exc


def safe_extract(data: bytes, fname: str, dest: Path) -> dict[str, Path]:
    """Extract a zip's members under generated names in ``dest``; return ``{original name: path}``.

    Members sharing a stem (``a.shp``, ``a.dbf`` …) share a generated stem so shapefiles stay whole.

    Raises
    ------
    FileFormatError
        For absolute or ``..`` paths, symlinks, nested archives, encrypted members, too many members or an
        absurd expansion ratio (zip bomb).
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise FileFormatError(
            f"damaged or truncated zip archive ({exc})",
            file=fname,
            hint="zip the shapefile parts again",
            message_zh=f"压缩包已损坏或不完整（{exc}）",
            hint_zh="重新压缩 shapefile 的各个文件",
        ) from exc
    out: dict[str, Path] = {}
    with zf:
        infos = zf.infolist()
        if len(infos) > ZIP_MAX_MEMBERS:
            raise FileFormatError(
                f"zip holds {len(infos)} members (limit {ZIP_MAX_MEMBERS})",
                file=fname,
                hint="zip only the shapefile parts",
                message_zh=f"压缩包里有 {len(infos)} 个成员（上限 {ZIP_MAX_MEMBERS}）",
                hint_zh="只压缩 shapefile 的各个文件",
            )
        total = 0
        stems: dict[str, str] = {}
        for info in infos:
            if not _check_member(info, fname):
                continue
            total += info.file_size
            if total > ZIP_MAX_TOTAL:
                raise FileFormatError(
                    f"zip expands to more than {ZIP_MAX_TOTAL // 2**20} MB",
                    file=fname,
                    hint="split the data into smaller files",
                    message_zh=f"压缩包解压后超过 {ZIP_MAX_TOTAL // 2**20} MB",
                    hint_zh="把数据拆成几个较小的文件",
                )
            target = _target(info.filename, dest, stems, fname)
            if target is not None:
                _copy_member(zf, info, target, fname)
                out[info.filename] = target
    return out
