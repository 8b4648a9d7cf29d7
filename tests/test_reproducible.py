"""Reproducible releases: two builds of the same sources give a byte-identical offline zip, whatever the
files' times on disk, so the published checksum means something to a reader who builds it again."""

from __future__ import annotations

import hashlib
import os
import subprocess
import time
import zipfile

from backspasm_site.paths import ROOT, ZIP_FOLDER, copy_project
from backspasm_site.publish import build_offline, source_date_epoch


def _sha(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def test_two_builds_give_the_same_zip(tmp_path, monkeypatch):
    epoch = source_date_epoch(ROOT)  # the last commit's time
    assert epoch is not None, "not a git checkout and no SOURCE_DATE_EPOCH"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))  # the copies below are not git checkouts
    first = build_offline(copy_project(tmp_path / "a"))
    second_root = copy_project(tmp_path / "b")
    later = time.time() + 86400 * 3  # other file times, as on another machine a few days on
    for folder, _, names in os.walk(second_root):
        for name in names:
            os.utime(os.path.join(folder, name), (later, later))
    second = build_offline(second_root)
    assert _sha(first) == _sha(second)
    assert open(first + ".sha256").read() == f"{_sha(first)}  {os.path.basename(first)}\n"
    with zipfile.ZipFile(first) as zf:
        infos = zf.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names) and all(n.startswith(ZIP_FOLDER + "/") for n in names)
    assert f"{ZIP_FOLDER}/index.html" in names and not [n for n in names if n.endswith("/")]
    made = time.gmtime(epoch)[:6]
    assert {i.date_time for i in infos} == {made[:5] + (made[5] // 2 * 2,)}  # zip keeps even seconds
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    # the copy's "made" date follows the same time, not the day of the build
    home = open(os.path.join(tmp_path, "b", "site-offline", "index.html"), encoding="utf-8").read()
    assert f'datetime="{time.strftime("%Y-%m-%d", time.gmtime(epoch))}"' in home


def test_the_time_is_the_last_commits_unless_given(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    commit = subprocess.run(["git", "-C", ROOT, "log", "-1", "--format=%ct"], capture_output=True, text=True)
    assert source_date_epoch(ROOT) == int(commit.stdout)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert source_date_epoch(ROOT) == 1767225600
