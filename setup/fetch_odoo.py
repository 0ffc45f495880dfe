#!/usr/bin/env python3
"""Bring Odoo 18.0 Community into the suite's cache when no tree is found.

Called by ``setup/bootstrap.sh`` before the virtual environment exists, so it
uses Python's standard library only.  Prints the path of the tree on stdout,
progress and notices on stderr; exits 2 with a message saying what was
tried and what to do instead when it cannot.

Where the tree comes from:

- ``setup/odoo-18.0.ref`` names what the suite is tested against (``ref``,
  ``commit`` when known, the SHA-256 of the official archive when known, and
  the digest of the tested ``odoo/`` ``addons/`` ``odoo-bin`` contents);
  ``ODOO_REF`` overrides the ref/commit to fetch;
- by default the official repository: a shallow ``git fetch`` of that one
  ref when git is present, otherwise (or when it fails) the official source
  archive of that ref over HTTPS;
- ``ODOO_SOURCE`` overrides the default: a URL (an archive ``.tar.gz``,
  ``.tgz``, ``.tar``, ``.tar.xz``, ``.zip``, or else a git repository), a
  local git repository, or a local archive.  ``ODOO_SOURCE_SHA256``, or a
  ``<archive>.sha256`` file beside a local archive, gives the archive's
  expected SHA-256.

Checks before use: ``odoo/release.py`` says 18.0, the archive's SHA-256 when
one is expected, the commit when one is pinned and fetched with git.  The
tree is built in a temporary folder beside the cache entry and renamed into
place only when complete; only ``odoo/``, ``addons/`` and ``odoo-bin`` are
kept.  A tree already in the cache is used without any network.
"""

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import urllib.error
import urllib.request
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
REF_FILE = HERE / "odoo-18.0.ref"
OFFICIAL_GIT = "https://github.com/odoo/odoo.git"
OFFICIAL_ARCHIVE = "https://github.com/odoo/odoo/archive/{ref}.tar.gz"
KEEP = ("odoo", "addons", "odoo-bin")
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar", ".tar.xz", ".txz", ".tar.bz2", ".zip")
MARKER = ".suite-source"
VERSION = re.compile(r"^version_info\s*=\s*\(\s*(\d+)\s*,\s*(\d+)\s*,", re.MULTILINE)
COMMIT = re.compile(r"^[0-9a-f]{40}$")


class FetchError(Exception):
    """A fetch attempt failed; the message says why, in plain words."""


def log(message):
    print(message, file=sys.stderr, flush=True)


# --- the pinned reference -----------------------------------------------------
def read_ref_file(path=REF_FILE):
    """``key = value`` lines; ``#`` starts a comment; empty values are None."""
    values = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "=" in line:
            key, value = (part.strip() for part in line.split("=", 1))
            values[key] = value or None
    return values


def wanted_ref(pin):
    """The commit (or, failing that, the branch) to fetch."""
    return os.environ.get("ODOO_REF") or pin.get("commit") or pin.get("ref") or "18.0"


def cache_root():
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "odoo-contract-suite"


def cache_entry(ref):
    return cache_root() / ("odoo-18.0-" + re.sub(r"[^A-Za-z0-9._-]", "_", ref)[:40])


# --- checks ---------------------------------------------------------------------
def release_version(tree):
    release = Path(tree) / "odoo" / "release.py"
    if not release.is_file():
        return None
    found = VERSION.search(release.read_text(encoding="utf-8", errors="replace"))
    return (int(found.group(1)), int(found.group(2))) if found else None


def check_tree(tree):
    version = release_version(tree)
    if version is None:
        raise FetchError("it holds no odoo/release.py with a version_info: not an Odoo source tree")
    if version != (18, 0):
        raise FetchError(
            "its odoo/release.py says version %d.%d, not 18.0: this suite needs Odoo 18.0" % version
        )
    missing = [name for name in KEEP if not (Path(tree) / name).exists()]
    if missing:
        raise FetchError("it has no %s: not a complete Odoo source tree" % ", ".join(missing))


def tree_digest(tree):
    """SHA-256 over the sorted paths and contents of odoo/, addons/, odoo-bin.

    Independent of how the tree travelled (git, tar, zip) and of file modes.
    """
    tree = Path(tree)
    digest = hashlib.sha256()
    paths = []
    for name in KEEP:
        top = tree / name
        if top.is_file():
            paths.append(top)
        for folder, dirs, files in os.walk(top):
            dirs.sort()
            paths.extend(Path(folder) / file for file in files)
    for path in sorted(paths, key=lambda p: p.relative_to(tree).as_posix()):
        digest.update(path.relative_to(tree).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- sources ----------------------------------------------------------------------
def is_url(source):
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", source)) or source.startswith("git@")


def is_archive_name(name):
    return name.lower().split("?", 1)[0].endswith(ARCHIVE_SUFFIXES)


def is_git_repository(path):
    path = Path(path)
    return (path / ".git").exists() or ((path / "HEAD").is_file() and (path / "objects").is_dir())


def attempts_for(source, ref, pin):
    """(description, kind, location, expected sha256) for each way to try."""
    expected = os.environ.get("ODOO_SOURCE_SHA256") or None
    if not source:
        official = OFFICIAL_ARCHIVE.format(ref=ref)
        pinned = ref == (pin.get("commit") or pin.get("ref"))
        archive_sha = expected or (pin.get("archive_sha256") if pinned else None)
        attempts = []
        if shutil.which("git"):
            attempts.append(
                (f"shallow git fetch of {ref} from {OFFICIAL_GIT}", "git", OFFICIAL_GIT)
            )
        attempts.append((f"HTTPS download of {official}", "url-archive", official))
        return [(*attempt, archive_sha) for attempt in attempts]
    if is_url(source):
        if is_archive_name(source):
            return [(f"HTTPS download of {source}", "url-archive", source, expected)]
        return [(f"shallow git fetch of {ref} from {source}", "git", source, None)]
    path = Path(source).expanduser().resolve()
    if path.is_dir() and is_git_repository(path):
        return [
            (
                f"shallow git fetch of {ref} from the local repository {path}",
                "git",
                path.as_uri(),
                None,
            )
        ]
    if path.is_file():
        sidecar = path.with_name(path.name + ".sha256")
        if not expected and sidecar.is_file():
            words = sidecar.read_text(encoding="utf-8").split()
            expected = words[0] if words else None
        return [(f"the local archive {path}", "file-archive", path, expected)]
    if path.is_dir():
        raise FetchError(
            f"ODOO_SOURCE={source} is a folder but not a git repository. To use an Odoo "
            "tree as it is, set ODOO_PATH to it instead."
        )
    raise FetchError(
        f"ODOO_SOURCE={source} is neither a URL nor an existing git repository or archive."
    )


def run_git(args, cwd):
    done = subprocess.run(
        ["git", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=None, text=True, check=False
    )
    if done.returncode:
        raise FetchError(
            f"'git {' '.join(args)}' failed (exit {done.returncode}; its message is above)"
        )
    return done.stdout.strip()


def fetch_git(url, ref, staging):
    """Shallow fetch of one ref; only odoo/, addons/, odoo-bin checked out."""
    gitdir = staging.with_name(staging.name + ".git")
    try:
        gitdir.mkdir()
        run_git(["init", "--quiet", "--bare", "."], gitdir)
        log(f">>> git fetch --depth 1 {url} {ref}")
        run_git(["fetch", "--depth", "1", "--progress", url, ref], gitdir)
        commit = run_git(["rev-parse", "FETCH_HEAD^{commit}"], gitdir)
        if COMMIT.match(ref) and commit != ref:
            raise FetchError(f"the repository gave commit {commit}, not {ref}")
        staging.mkdir()
        names = run_git(["ls-tree", "--name-only", "FETCH_HEAD"], gitdir).split("\n")
        run_git(
            [
                "--work-tree",
                str(staging),
                "checkout",
                "FETCH_HEAD",
                "--",
                *[n for n in KEEP if n in names],
            ],
            gitdir,
        )
        return commit
    finally:
        shutil.rmtree(gitdir, ignore_errors=True)


def download(url, target):
    """Download with progress on stderr; proxies from the usual *_proxy variables."""
    log(f">>> downloading {url}")
    try:
        with urllib.request.urlopen(url, timeout=60) as answer, open(target, "wb") as out:
            total = int(answer.headers.get("Content-Length") or 0)
            done, shown = 0, 0.0
            while True:
                chunk = answer.read(1 << 20)
                if not chunk:
                    break
                out.write(chunk)
                done += len(chunk)
                if time.monotonic() - shown > 2:
                    shown = time.monotonic()
                    share = f" of {total / 1e6:.1f} MB ({100 * done // total}%)" if total else ""
                    log(f"    {done / 1e6:.1f} MB{share}")
            if total and done != total:
                raise FetchError(f"the download stopped after {done} of {total} bytes")
        log(f"    {done / 1e6:.1f} MB downloaded")
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        raise FetchError(f"download failed: {getattr(error, 'reason', error)}") from error


def _archive_members(archive):
    """(opened archive, [(member, name inside the tree)]) for odoo/, addons/, odoo-bin."""
    if zipfile.is_zipfile(archive):
        opened = zipfile.ZipFile(archive)
        names = [(info, info.filename) for info in opened.infolist()]
    else:
        opened = tarfile.open(archive)
        names = [(info, info.name) for info in opened.getmembers()]
    releases = [name for _, name in names if name.rstrip("/").endswith("odoo/release.py")]
    if not releases:
        opened.close()
        raise FetchError("the archive holds no odoo/release.py: not an Odoo source archive")
    prefix = min(releases, key=len)[: -len("odoo/release.py")]
    kept = []
    for member, name in names:
        if not name.startswith(prefix):
            continue
        inner = name[len(prefix) :].rstrip("/")
        if inner.split("/", 1)[0] in KEEP:
            if inner.startswith("/") or ".." in inner.split("/"):
                opened.close()
                raise FetchError(f"the archive holds an unsafe path: {name}")
            kept.append((member, inner))
    return opened, kept, prefix


def extract(archive, staging):
    staging.mkdir()
    try:
        opened, kept, prefix = _archive_members(archive)
        with opened:
            log(f">>> unpacking {len(kept)} entries of odoo/, addons/, odoo-bin")
            for member, inner in kept:
                if isinstance(opened, zipfile.ZipFile):
                    target = staging / inner
                    if member.is_dir():
                        target.mkdir(parents=True, exist_ok=True)
                        continue
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with opened.open(member) as source, open(target, "wb") as out:
                        shutil.copyfileobj(source, out)
                    continue
                member.name = inner
                if member.islnk():
                    member.linkname = member.linkname[len(prefix) :]
                if hasattr(tarfile, "data_filter"):
                    opened.extract(member, staging, set_attrs=False, filter="data")
                else:  # Python < 3.11.4: paths were checked above
                    opened.extract(member, staging, set_attrs=False)
    except (tarfile.TarError, zipfile.BadZipFile, EOFError, zlib.error) as error:
        raise FetchError(f"the archive is truncated or damaged ({error})") from error


def fetch_archive(location, kind, expected, staging):
    if kind == "url-archive":
        archive = staging.with_name(staging.name + ".download")
        download(location, archive)
    else:
        archive = Path(location)
    try:
        actual = file_sha256(archive)
        if expected:
            if actual.lower() != expected.lower():
                raise FetchError(f"its SHA-256 is {actual}, but {expected} is expected: refused")
            log(f">>> SHA-256 {actual} verified")
        else:
            log(
                f">>> no SHA-256 recorded for this archive; it is {actual} (to have it checked, "
                "set ODOO_SOURCE_SHA256 or record it in setup/odoo-18.0.ref)"
            )
        extract(archive, staging)
        return actual
    finally:
        if kind == "url-archive":
            archive.unlink(missing_ok=True)


# --- the cache ----------------------------------------------------------------------
def _clean_leftovers(root):
    """Folders left by a fetch that was killed (their process is gone)."""
    for leftover in root.glob(".odoo-18.0-*.partial-*"):
        pid = leftover.name.rsplit("-", 1)[-1].split(".", 1)[0]
        alive = True
        try:
            os.kill(int(pid), 0)
        except (ValueError, ProcessLookupError):
            alive = False
        except PermissionError:
            pass
        if not alive:
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)


def cached_tree(ref):
    entry = cache_entry(ref)
    if (entry / MARKER).is_file() and release_version(entry) == (18, 0):
        return entry
    return None


def ensure(searched=None):
    """Path of an Odoo 18.0 tree in the cache, fetched first when missing."""
    pin = read_ref_file()
    ref = wanted_ref(pin)
    found = cached_tree(ref)
    if found:
        log(f">>> Odoo 18.0 from the cache: {found}")
        return found
    root = cache_root()
    entry = cache_entry(ref)
    source = os.environ.get("ODOO_SOURCE", "").strip()
    tried = []
    try:
        root.mkdir(parents=True, exist_ok=True)
        _clean_leftovers(root)
        attempts = attempts_for(source, ref, pin)
    except (FetchError, OSError) as error:
        raise FetchError(
            failure_message(ref, entry, searched, [("preparing the cache", str(error))])
        ) from error
    log(f">>> no Odoo 18.0 tree found: fetching {ref} into {entry}")
    for description, kind, location, expected in attempts:
        staging = root / f".{entry.name}.partial-{os.getpid()}"
        try:
            info = {"source": str(location), "ref": ref}
            if kind == "git":
                info["commit"] = fetch_git(str(location), ref, staging)
            else:
                info["archive_sha256"] = fetch_archive(location, kind, expected, staging)
            check_tree(staging)
            _keep_only(staging)
            info["tree_sha256"] = tree_digest(staging)
            if pin.get("tree_sha256") and info["tree_sha256"] != pin["tree_sha256"]:
                log(
                    ">>> note: this tree differs from the one the suite is tested against "
                    f"(tree_sha256 {info['tree_sha256'][:12]}, tested {pin['tree_sha256'][:12]})"
                )
            info["fetched"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            (staging / MARKER).write_text(
                "".join(f"{k} = {v}\n" for k, v in info.items()), encoding="utf-8"
            )
            try:
                os.rename(staging, entry)
            except OSError:
                if not cached_tree(ref):  # not another bootstrap that finished first
                    raise
            log(f">>> Odoo 18.0 ready in {entry}")
            return entry
        except FetchError as error:
            tried.append((description, str(error)))
        except OSError as error:
            tried.append((description, f"{error.strerror or error} ({error.filename or ''})"))
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    raise FetchError(failure_message(ref, entry, searched, tried))


def _keep_only(tree):
    for child in tree.iterdir():
        if child.name not in KEEP:
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()


def failure_message(ref, entry, searched, tried):
    lines = ["Could not bring Odoo 18.0 Community (%s)." % ref]
    if searched:
        lines.append(f"No Odoo 18.0 tree was found: ODOO_PATH is unset and none is in {searched}.")
    elif searched is not None:
        lines.append(
            "No Odoo 18.0 tree was found: ODOO_PATH is unset and ODOO_SEARCH_PATH is empty."
        )
    lines.append("Tried:")
    lines.extend(f"  - {what}: {why}" for what, why in tried)
    lines += [
        "Nothing was left half-written in the cache; the next run tries again.",
        "To go on, any one of:",
        "  - put an Odoo 18.0 Community tree (odoo/, addons/, odoo-bin) at /opt/odoo18,",
        "    or anywhere and set ODOO_PATH to it, e.g.",
        "        git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo.git /opt/odoo18",
        "  - set ODOO_SOURCE to a mirror: a URL, a local git repository or a local",
        "    archive (.tar.gz, .zip) of Odoo 18.0 (ODOO_SOURCE_SHA256 to check it);",
        "    behind a proxy, set https_proxy; check free disk space in %s;" % entry.parent,
        "  - or run the suite in containers: 'docker compose' (README.md, 'Containers instead').",
    ]
    return "\n".join(lines)


def main(argv=None):
    args = list(sys.argv[1:] if argv is None else argv)
    searched = args[args.index("--searched") + 1] if "--searched" in args else None
    try:
        print(ensure(searched))
    except FetchError as error:
        log(f"\n*** {error}\n")
        return 2
    except KeyboardInterrupt:
        log("\n*** interrupted: nothing was left half-written; the next run starts again\n")
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
