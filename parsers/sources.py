"""What ``python -m parsers build SRC…`` parses: the SRC arguments expanded into a list of articles, in order.

A SRC is one of

* a **file** (read whatever its suffix);
* a **folder**: its article files (``textio.TEXT_SUFFIXES``, any case) in name order, not recursive;
* a **glob pattern** (``*``, ``?`` or ``[`` in it; ``**`` matches folders recursively): the matching
  article files (``TEXT_SUFFIXES``, as in a folder) in sorted order; a matching folder contributes its
  article files;
* **@LIST**: a text file that lists SRCs, one per line (files, folders, globs or URLs; blank lines and
  lines starting with ``#`` are skipped; a relative path is relative to the list file's folder);
* an **fsspec URL** (``file://…``, ``s3://…``, ``gs://…``, …; anything with ``://``): a file, a folder
  or a glob on that file system (the fsspec backend of the protocol must be installed).

The order of the articles is the order of the SRCs, then the order within each (it fixes the order of
the CSV rows).  A file's metadata (publication month, region) comes from ``articles.csv`` in its own
folder (``file,published[,region]``); a name missing there falls back to the ``articles.csv`` of the
other SRC folders, first one first (the behaviour of ``parse_paths``).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .api import ArticleMeta, read_metadata
from .textio import is_article_file

METADATA_FILE = "articles.csv"
GLOB_CHARS = "*?["


@dataclass(frozen=True, slots=True)
class Article:
    """One article to parse: its position in the input, where to read it, its name (the ``article``
    column: the file name) and its metadata."""
    seq: int
    location: str            # a local path or an fsspec URL, as the workers will open it
    name: str
    published: str | None = None
    region: str | None = None
    size: int = 0            # bytes, when known without reading (0 otherwise)


def is_url(src: str) -> bool:
    return "://" in src


def _url_fs(url: str):
    import fsspec

    fs, path = fsspec.core.url_to_fs(url)
    return fs, path


def _metadata_text(text: str) -> dict[str, ArticleMeta]:
    out: dict[str, ArticleMeta] = {}
    for row in csv.DictReader(io.StringIO(text)):
        name = (row.get("file") or row.get("article") or "").strip()
        if name:
            out[name] = ArticleMeta(name, (row.get("published") or "").strip() or None,
                                    (row.get("region") or "").strip() or None)
    return out


class _Lister:
    """Expands SRCs into (location, name, folder, size) entries; reads each folder's articles.csv once."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, str, str, int]] = []
        self.meta_by_folder: dict[str, dict[str, ArticleMeta]] = {}
        self.src_folders: list[str] = []      # folders of the SRCs, in order (the fallback metadata)

    # ---------------------------------------------------------------- metadata
    def folder_meta(self, folder: str) -> dict[str, ArticleMeta]:
        got = self.meta_by_folder.get(folder)
        if got is None:
            if is_url(folder):
                fs, path = _url_fs(folder)
                target = path.rstrip("/") + "/" + METADATA_FILE
                got = _metadata_text(fs.cat_file(target).decode("utf-8-sig")) if fs.isfile(target) else {}
            else:
                got = read_metadata(Path(folder) / METADATA_FILE)
            self.meta_by_folder[folder] = got
        return got

    def _note_folder(self, folder: str) -> None:
        if folder not in self.src_folders:
            self.src_folders.append(folder)

    # ---------------------------------------------------------------- local
    def _local(self, src: str) -> None:
        p = Path(src)
        if any(c in src for c in GLOB_CHARS) and not p.exists():
            anchor = Path(p.anchor) if p.is_absolute() else Path(".")
            rel = str(p.relative_to(p.anchor)) if p.is_absolute() else src
            matches = sorted(anchor.glob(rel))
            if not matches:
                raise FileNotFoundError(f"no file matches: {src}")
            for m in matches:
                if m.is_dir():
                    self._local_dir(m)
                elif m.is_file() and is_article_file(m.name):
                    self._local_file(m)
            return
        if p.is_dir():
            self._local_dir(p)
        elif p.is_file():
            self._local_file(p)
        else:
            raise FileNotFoundError(f"no such file or folder: {p}")

    def _local_dir(self, p: Path) -> None:
        self._note_folder(str(p))
        with_sizes = []
        for f in p.iterdir():
            if is_article_file(f.name):
                try:
                    st = f.stat()
                except OSError:          # vanished or unreadable: the worker reports it
                    with_sizes.append((f, 0))
                    continue
                if not f.is_dir():
                    with_sizes.append((f, st.st_size))
        for f, size in sorted(with_sizes):
            self.entries.append((str(f), f.name, str(p), size))

    def _local_file(self, p: Path) -> None:
        self._note_folder(str(p.parent))
        try:
            size = p.stat().st_size
        except OSError:
            size = 0
        self.entries.append((str(p), p.name, str(p.parent), size))

    # ---------------------------------------------------------------- fsspec URLs
    def _url(self, src: str) -> None:
        fs, path = _url_fs(src)
        protocol = src.split("://", 1)[0]

        def url(p: str) -> str:
            return fs.unstrip_protocol(p) if hasattr(fs, "unstrip_protocol") else f"{protocol}://{p}"

        globbed = any(c in path for c in GLOB_CHARS)
        if globbed:
            matches = sorted(fs.glob(path))
            if not matches:
                raise FileNotFoundError(f"no file matches: {src}")
        elif fs.exists(path):
            matches = [path]
        else:
            raise FileNotFoundError(f"no such file or folder: {src}")
        for m in matches:
            if fs.isdir(m):
                folder = url(m.rstrip("/"))
                self._note_folder(folder)
                infos = [i for i in fs.ls(m, detail=True) if i.get("type") == "file"
                         and is_article_file(i["name"].rsplit("/", 1)[-1])]
                for info in sorted(infos, key=lambda i: i["name"]):
                    self.entries.append((url(info["name"]), info["name"].rsplit("/", 1)[-1], folder,
                                         int(info.get("size") or 0)))
            else:
                name = m.rstrip("/").rsplit("/", 1)[-1]
                if globbed and not is_article_file(name):
                    continue
                folder = url(m.rsplit("/", 1)[0]) if "/" in m else url("")
                self._note_folder(folder)
                self.entries.append((url(m), name, folder, int(fs.size(m) or 0)))

    # ---------------------------------------------------------------- any SRC
    def add(self, src: str, *, base: Path | None = None, nested: bool = False) -> None:
        src = src.strip()
        if src.startswith("@"):
            if nested:
                raise ValueError(f"a list file cannot name another list file: {src}")
            self._list_file(src[1:], base)
        elif is_url(src):
            self._url(src)
        else:
            p = Path(src)
            if base is not None and not p.is_absolute():
                src = str(base / p)
            self._local(src)

    def _list_file(self, src: str, base: Path | None) -> None:
        if is_url(src):
            fs, path = _url_fs(src)
            text = fs.cat_file(path).decode("utf-8-sig")
            folder = None
        else:
            p = Path(src) if base is None or Path(src).is_absolute() else base / src
            if not p.is_file():
                raise FileNotFoundError(f"no such list file: {p}")
            text = p.read_text(encoding="utf-8-sig")
            folder = p.parent
        for line in text.splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                self.add(line, base=folder, nested=True)


def expand_sources(srcs: list[str]) -> list[Article]:
    """The articles that SRCs name, in order (see the module docstring).  Raises ``FileNotFoundError`` for
    a SRC that names nothing (a missing file or folder, a glob without match, a missing list file)."""
    lister = _Lister()
    for src in srcs:
        lister.add(str(src))
    fallback: dict[str, ArticleMeta] = {}
    for folder in lister.src_folders:
        for k, v in lister.folder_meta(folder).items():
            fallback.setdefault(k, v)
    out = []
    for seq, (location, name, folder, size) in enumerate(lister.entries):
        m = lister.folder_meta(folder).get(name) or fallback.get(name) or ArticleMeta(name)
        out.append(Article(seq, location, name, m.published, m.region, size))
    return out


def read_bytes(location: str) -> bytes:
    """The bytes of an article, from a local path or an fsspec URL."""
    if is_url(location):
        import fsspec

        with fsspec.open(location, "rb") as fh:
            return fh.read()
    return Path(location).read_bytes()
