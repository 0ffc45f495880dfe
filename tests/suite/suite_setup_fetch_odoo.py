"""setup/fetch_odoo.py: Odoo 18.0 fetched into the cache when no tree is found.

Offline: every test builds a minimal fake 18.0 tree and serves it through
``ODOO_SOURCE`` as a local git repository or a local archive.
"""

import io
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile

import pytest

from setup import fetch_odoo, odoo_suite

GIT = shutil.which("git")
# the cache folder of the ref pinned in setup/odoo-18.0.ref
_PIN = fetch_odoo.read_ref_file()
PINNED_ENTRY = fetch_odoo.cache_entry(_PIN.get("commit") or _PIN.get("ref")).name
RELEASE = "version_info = ({major}, 0, 0, FINAL, 0, '')\nserie = '{major}.0'\n"


def fake_tree(root, major=18):
    """odoo/, addons/, odoo-bin, and files the cache must not keep."""
    files = {
        "odoo/__init__.py": "",
        "odoo/release.py": "FINAL = 'final'\n" + RELEASE.format(major=major),
        "addons/web/__manifest__.py": "{'name': 'Web'}\n",
        "odoo-bin": "#!/usr/bin/env python3\nimport odoo\n",
        "setup.py": "# not kept\n",
        "debian/control": "not kept\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def make_archive(tree, target, top="odoo-0123456789abcdef"):
    """A source archive like GitHub's: one top folder holding the tree."""
    if target.name.endswith(".zip"):
        with zipfile.ZipFile(target, "w") as archive:
            for path in sorted(tree.rglob("*")):
                archive.write(path, f"{top}/{path.relative_to(tree).as_posix()}")
    else:
        with tarfile.open(target, "w:gz") as archive:
            archive.add(tree, top)
    return target


def make_git_repository(tree):
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    for args in (["init", "-q", "."], ["add", "-A"], ["commit", "-q", "-m", "18.0"]):
        subprocess.run(["git", *args], cwd=tree, env=env, check=True)
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=tree, capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty suite cache; no ODOO_* setting leaks in from the caller."""
    for name in ("ODOO_SOURCE", "ODOO_SOURCE_SHA256", "ODOO_REF", "ODOO_PATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "odoo-contract-suite"


def cache_content(cache):
    return sorted(p.name for p in cache.iterdir()) if cache.exists() else []


def assert_fetched_tree(path, cache):
    assert path.parent == cache
    assert fetch_odoo.release_version(path) == (18, 0)
    assert sorted(p.name for p in path.iterdir()) == [
        fetch_odoo.MARKER,
        "addons",
        "odoo",
        "odoo-bin",
    ]
    assert (path / "addons/web/__manifest__.py").is_file()


@pytest.mark.skipif(not GIT, reason="git is not installed")
def test_fetch_odoo_from_a_local_git_repository_then_reuses_it(tmp_path, cache, monkeypatch, capfd):
    source = fake_tree(tmp_path / "odoo-src")
    commit = make_git_repository(source)
    monkeypatch.setenv("ODOO_SOURCE", str(source))
    monkeypatch.setenv("ODOO_REF", commit)

    path = fetch_odoo.ensure()
    assert path.name == f"odoo-18.0-{commit}"
    assert_fetched_tree(path, cache)
    assert f"commit = {commit}" in (path / fetch_odoo.MARKER).read_text()
    assert cache_content(cache) == [path.name]

    # second run: the cache, no fetch (the source is gone)
    shutil.rmtree(source)
    capfd.readouterr()
    assert fetch_odoo.ensure() == path
    assert "from the cache" in capfd.readouterr().err


@pytest.mark.skipif(not GIT, reason="git is not installed")
def test_fetch_odoo_refuses_a_commit_that_is_not_there(tmp_path, cache, monkeypatch):
    source = fake_tree(tmp_path / "odoo-src")
    make_git_repository(source)
    monkeypatch.setenv("ODOO_SOURCE", str(source))
    monkeypatch.setenv("ODOO_REF", "f" * 40)
    with pytest.raises(fetch_odoo.FetchError, match="shallow git fetch of f{40} from the local"):
        fetch_odoo.ensure()
    assert cache_content(cache) == []


@pytest.mark.parametrize("name", ["odoo-18.0.tar.gz", "odoo-18.0.zip"])
def test_fetch_odoo_from_a_local_archive_then_reuses_it(tmp_path, cache, monkeypatch, capfd, name):
    archive = make_archive(fake_tree(tmp_path / "tree"), tmp_path / name)
    monkeypatch.setenv("ODOO_SOURCE", str(archive))

    path = fetch_odoo.ensure()
    assert path.name == PINNED_ENTRY
    assert_fetched_tree(path, cache)
    marker = (path / fetch_odoo.MARKER).read_text()
    assert f"archive_sha256 = {fetch_odoo.file_sha256(archive)}" in marker
    assert f"tree_sha256 = {fetch_odoo.tree_digest(path)}" in marker

    archive.unlink()
    capfd.readouterr()
    assert fetch_odoo.ensure() == path
    assert "from the cache" in capfd.readouterr().err
    assert cache_content(cache) == [path.name]


def test_fetch_odoo_verifies_the_expected_sha256(tmp_path, cache, monkeypatch):
    archive = make_archive(fake_tree(tmp_path / "tree"), tmp_path / "odoo.tar.gz")
    monkeypatch.setenv("ODOO_SOURCE", str(archive))

    # a wrong checksum in ODOO_SOURCE_SHA256: refused, nothing in the cache
    monkeypatch.setenv("ODOO_SOURCE_SHA256", "0" * 64)
    with pytest.raises(fetch_odoo.FetchError) as refused:
        fetch_odoo.ensure()
    message = str(refused.value)
    assert (
        f"the local archive {archive}: its SHA-256 is {fetch_odoo.file_sha256(archive)}" in message
    )
    assert "but " + "0" * 64 + " is expected: refused" in message
    assert cache_content(cache) == []

    # a wrong checksum beside the archive: refused too
    monkeypatch.delenv("ODOO_SOURCE_SHA256")
    sidecar = tmp_path / "odoo.tar.gz.sha256"
    sidecar.write_text("1" * 64 + "  odoo.tar.gz\n")
    with pytest.raises(fetch_odoo.FetchError, match="is expected: refused"):
        fetch_odoo.ensure()
    assert cache_content(cache) == []

    # the right one: accepted
    sidecar.write_text(fetch_odoo.file_sha256(archive) + "  odoo.tar.gz\n")
    assert_fetched_tree(fetch_odoo.ensure(), cache)


def test_fetch_odoo_refuses_a_truncated_archive_and_retries_next_time(tmp_path, cache, monkeypatch):
    good = make_archive(fake_tree(tmp_path / "tree"), tmp_path / "good.tar.gz")
    # enough files that the cut falls inside the addons
    for index in range(40):
        (tmp_path / "tree" / f"addons/web/f{index}.py").write_bytes(os.urandom(2000))
    full = make_archive(tmp_path / "tree", tmp_path / "full.tar.gz")
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(full.read_bytes()[: full.stat().st_size * 2 // 3])
    monkeypatch.setenv("ODOO_SOURCE", str(truncated))

    with pytest.raises(fetch_odoo.FetchError) as refused:
        fetch_odoo.ensure()
    message = str(refused.value)
    assert "the archive is truncated or damaged" in message
    assert "Nothing was left half-written" in message
    assert "ODOO_PATH" in message and "/opt/odoo18" in message and "docker compose" in message
    assert cache_content(cache) == []

    monkeypatch.setenv("ODOO_SOURCE", str(good))
    assert_fetched_tree(fetch_odoo.ensure(), cache)


def test_fetch_odoo_removes_what_a_killed_fetch_left(tmp_path, cache, monkeypatch):
    cache.mkdir(parents=True)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    leftover = cache / f".{PINNED_ENTRY}.partial-{dead.stdout.strip()}"
    (leftover / "odoo").mkdir(parents=True)
    monkeypatch.setenv(
        "ODOO_SOURCE", str(make_archive(fake_tree(tmp_path / "tree"), tmp_path / "a.tar.gz"))
    )
    path = fetch_odoo.ensure()
    assert cache_content(cache) == [path.name]


def test_fetch_odoo_refuses_a_tree_that_is_not_18(tmp_path, cache, monkeypatch):
    archive = make_archive(fake_tree(tmp_path / "tree", major=17), tmp_path / "odoo-17.tar.gz")
    monkeypatch.setenv("ODOO_SOURCE", str(archive))
    with pytest.raises(fetch_odoo.FetchError) as refused:
        fetch_odoo.ensure()
    assert "its odoo/release.py says version 17.0, not 18.0: this suite needs Odoo 18.0" in str(
        refused.value
    )
    assert cache_content(cache) == []


def test_fetch_odoo_refuses_an_archive_without_odoo(tmp_path, cache, monkeypatch):
    archive = tmp_path / "other.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("project/README")
        info.size = 5
        tar.addfile(info, io.BytesIO(b"hello"))
    monkeypatch.setenv("ODOO_SOURCE", str(archive))
    with pytest.raises(
        fetch_odoo.FetchError, match="no odoo/release.py: not an Odoo source archive"
    ):
        fetch_odoo.ensure()
    assert cache_content(cache) == []


def test_fetch_odoo_command_line_says_what_was_tried(tmp_path, cache):
    """Exit 2 and the whole message on stderr, nothing on stdout."""
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(tmp_path / "xdg"),
        "ODOO_SOURCE": str(tmp_path / "nowhere.tar.gz"),
    }
    done = subprocess.run(
        [
            sys.executable,
            str(odoo_suite.REPO / "setup/fetch_odoo.py"),
            "--searched",
            "/opt/x, /opt/y",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert "none is in /opt/x, /opt/y" in done.stderr
    assert "is neither a URL nor an existing git repository or archive" in done.stderr
    assert "docker compose" in done.stderr


def test_bootstrap_searches_first_then_uses_the_fetched_tree(tmp_path, cache):
    """setup/bootstrap.sh: a tree found in the searched places wins; else the cache."""
    archive = make_archive(fake_tree(tmp_path / "tree"), tmp_path / "odoo.tar.gz")
    found = fake_tree(tmp_path / "found")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ODOO_", "PYTHONPATH"))
    }
    env.update(
        XDG_CACHE_HOME=str(tmp_path / "xdg"),
        SUITE_VENV=sys.prefix,
        ODOO_SOURCE=str(archive),
        PYTHON=sys.executable,
    )
    script = 'source setup/bootstrap.sh >&2 && echo "ODOO_PATH=$ODOO_PATH"'

    def bootstrap(search_path):
        done = subprocess.run(
            ["bash", "-c", script],
            cwd=odoo_suite.REPO,
            env={**env, "ODOO_SEARCH_PATH": search_path},
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert bootstrap(f"{tmp_path}/missing:{found}") == f"ODOO_PATH={found}"
    assert cache_content(cache) == []
    assert bootstrap(f"{tmp_path}/missing") == f"ODOO_PATH={cache / PINNED_ENTRY}"
    assert_fetched_tree(cache / PINNED_ENTRY, cache)
