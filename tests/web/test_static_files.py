"""``putright serve`` collects static files only when they changed (issue 17: a restart spent 20-26 s
in collectstatic over unchanged files)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from putright.web.static_files import STAMP, collect_if_changed

MANIFEST_STORAGE = {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}


def _only(settings: Any, tmp_path: Path) -> Path:
    source = tmp_path / "src"
    source.mkdir()
    (source / "site.css").write_text("body { color: #0b0c0c; }\n")
    settings.STATICFILES_DIRS = [source]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": MANIFEST_STORAGE}
    return source


def test_collects_once_then_not_again_until_a_file_changes(settings: Any, tmp_path: Path) -> None:
    source = _only(settings, tmp_path)
    assert collect_if_changed() is True
    assert (settings.STATIC_ROOT / "staticfiles.json").exists()
    assert (settings.STATIC_ROOT / STAMP).exists()
    assert collect_if_changed() is False  # nothing changed: no collectstatic

    (source / "site.css").write_text("body { color: #d4351c; }\n")
    assert collect_if_changed() is True
    collected = [p.name for p in settings.STATIC_ROOT.iterdir()]
    assert (
        sum(name.startswith("site.") and name.endswith(".css") for name in collected) == 2
    )  # site.css + hashed
    assert collect_if_changed() is False

    (source / "new.js").write_text("console.log('x')\n")
    assert collect_if_changed() is True


def test_a_missing_manifest_is_collected_again_even_with_a_matching_stamp(
    settings: Any, tmp_path: Path
) -> None:
    _only(settings, tmp_path)
    assert collect_if_changed() is True
    (settings.STATIC_ROOT / "staticfiles.json").unlink()
    assert collect_if_changed() is True
    assert (settings.STATIC_ROOT / "staticfiles.json").exists()
