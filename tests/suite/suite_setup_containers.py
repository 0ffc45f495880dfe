"""docker-compose.yml and the README's set-up, checked without a Docker engine.

- the compose file parses (YAML, merge keys resolved);
- every host path it mounts exists in the repository, or is an optional
  ``${VAR:-default}`` mount documented in the file's header;
- the services' commands and entry points name only scripts and addons that
  exist; the test service runs exactly the README's test command, and the
  demo service installs every addon the suite tests;
- a queue_job worker service exists when an addon depends on queue_job;
- the README's set-up keeps exactly its two commands.
"""

import ast
import re
import subprocess
import sys

import pytest
import yaml

from setup import odoo_suite

REPO = odoo_suite.REPO
COMPOSE_FILE = REPO / "docker-compose.yml"
ADDONS = odoo_suite.repo_addons()
OPTIONAL = re.compile(r"^\$\{(?P<var>[A-Z_]+):-(?P<default>[^}]*)\}$")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE_FILE.read_text())


def header():
    lines = COMPOSE_FILE.read_text().splitlines()
    return "\n".join(line for line in lines if line.startswith("#"))


def split_volume(volume):
    """(source, container path) of a short-syntax volume, ``${VAR:-x}`` kept whole."""
    if volume.startswith("${"):
        end = volume.index("}") + 1
        return volume[:end], volume[end + 1 :].split(":")[0]
    source, _, rest = volume.partition(":")
    return source, rest.split(":")[0]


def bind_mounts(service):
    """(host path, container path) of the service's bind mounts."""
    mounts = []
    for volume in service.get("volumes", []):
        host, target = split_volume(volume)
        if host.startswith((".", "/", "$")):
            mounts.append((host, target))
    return mounts


def repo_path_of(service, container_path):
    """The repository file a container path comes from, via the service's mounts."""
    for host, target in bind_mounts(service):
        if host.startswith(".") and (
            container_path == target or container_path.startswith(target.rstrip("/") + "/")
        ):
            return (REPO / host / container_path[len(target) :].lstrip("/")).resolve()
    return None


def test_compose_file_parses(compose):
    assert set(compose["services"]) >= {"db", "odoo", "odoo-init", "odoo-test"}
    for name, service in compose["services"].items():
        assert service.get("image"), f"{name}: no image"
        for volume in service.get("volumes", []):
            source, _target = split_volume(volume)
            if not source.startswith((".", "/", "$")):
                assert source in compose["volumes"], f"{name}: volume {source} is not declared"


def test_compose_mounts_exist_or_are_documented_optional(compose):
    documented = header()
    for name, service in compose["services"].items():
        for host, target in bind_mounts(service):
            optional = OPTIONAL.match(host)
            if optional:
                variable = optional["var"]
                assert re.search(rf"^#\s+{variable}\s.*optional", documented, re.MULTILINE), (
                    f"{name}: {host} -> {target}: {variable} is not documented as optional "
                    "in the header of docker-compose.yml"
                )
                continue
            assert host.startswith("./"), f"{name}: {host} is not inside the repository"
            assert (REPO / host).exists(), f"{name}: {host} does not exist in the repository"


def test_compose_commands_name_existing_scripts_and_addons(compose):
    for name, service in compose["services"].items():
        for entry in service.get("entrypoint") or []:
            if entry.startswith("/mnt/"):
                script = repo_path_of(service, entry)
                assert script and script.is_file(), (
                    f"{name}: entrypoint {entry} is not in the repository"
                )
        command = service.get("command") or []
        for index, arg in enumerate(command):
            if re.search(r"(^|/)(setup|\.ci)/|\.sh$", arg):
                assert (REPO / arg).is_file(), f"{name}: {arg} does not exist"
            if arg in ("-i", "--init", "-u", "--update") or arg.startswith(("--init=", "-i=")):
                value = arg.split("=", 1)[1] if "=" in arg else command[index + 1]
                for addon in value.split(","):
                    assert addon == "@suite-addons" or addon in ADDONS, (
                        f"{name}: {addon} is not an addon"
                    )
            if arg.startswith("--test-tags"):
                value = arg.split("=", 1)[1] if "=" in arg else command[index + 1]
                for tag in value.split(","):
                    addon = tag.lstrip("/").split(":")[0]
                    assert addon in ADDONS, f"{name}: test tag {tag} names no addon"


def test_compose_test_service_runs_the_readme_test_command(compose):
    test = compose["services"]["odoo-test"]
    command = test["command"]
    assert command == ["bash", ".ci/run"], command
    ci = (REPO / ".ci/run").read_text()
    assert re.search(r"^exec bash setup/test.sh$", ci, re.MULTILINE), ".ci/run runs setup/test.sh"
    # the repository itself, writable for .logs/, is the working directory
    assert ("./", "/mnt/suite") in bind_mounts(test) and test["working_dir"] == "/mnt/suite"
    assert "@suite-addons" in compose["services"]["odoo-init"]["command"]


def test_compose_entrypoint_lists_every_addon_the_suite_tests():
    entrypoint = (REPO / "setup/container-entrypoint.sh").read_text()
    assert "python3 -m setup.odoo_suite addons" in entrypoint
    done = subprocess.run(
        [sys.executable, "-m", "setup.odoo_suite", "addons"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip().split(",") == ADDONS
    # the addons' own requirements are taken from setup/requirements.txt
    section = subprocess.run(
        ["sed", "-n", "/^# the addons' own requirements/,/^#/{/^[^#]/p}", "setup/requirements.txt"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert section and all("==" in line for line in section), section
    assert 'sed -n "/^# the addons\' own requirements/,/^#/{/^[^#]/p}"' in entrypoint


def test_compose_has_a_queue_job_worker_when_an_addon_needs_it(compose):
    needs_queue_job = [
        addon
        for addon in ADDONS
        if "queue_job"
        in ast.literal_eval((odoo_suite.ADDONS_DIR / addon / "__manifest__.py").read_text()).get(
            "depends", []
        )
    ]
    workers = [name for name in compose["services"] if "queue" in name or "worker" in name]
    assert bool(needs_queue_job) == bool(workers), (needs_queue_job, workers)


def test_readme_set_up_keeps_exactly_two_commands():
    readme = (REPO / "README.md").read_text()
    set_up = readme.split("## Set up on a fresh machine", 1)[1].split("### Containers instead", 1)[
        0
    ]
    commands = re.findall(r"^ {4,}(bash \S+.*)$", set_up, re.MULTILINE)
    assert commands == ["bash setup/demo.sh", "bash setup/test.sh"], commands
    assert "git clone" not in set_up
    assert "set `ODOO_PATH`" in set_up
