"""docs/operations.md's process layout (systemd units, used instead of a container image: no container runtime works
on the development machine) names every process the issue asks for and runs only commands that exist: each
`ExecStart=` of the `lms` console script parses with that script's own commands and options."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from lms.cli import console_group

DOC = (Path(__file__).resolve().parent.parent / "docs" / "operations.md").read_text()
LMS_LINES = [line for line in re.findall(r"^ExecStart=(.+)$", DOC, flags=re.M) if "/bin/lms " in line]


def test_the_layout_runs_two_app_servers_a_worker_postgresql_and_redis():
    section = DOC.split("## Process layout (systemd)", 1)[1].split("\n## ", 1)[0]
    for unit in ("lms-web@8000.service", "lms-web@8001.service", "lms-worker.service", "postgresql.service",
                 "redis-server.service"):
        assert unit in section, unit
    assert "ExecStart=/opt/lms/bin/gunicorn" in section and "'lms:create_app()'" in section


@pytest.mark.parametrize("line", LMS_LINES)
def test_each_documented_lms_command_exists_with_its_options(line, tmp_path, monkeypatch):
    monkeypatch.setenv("LMS_INSTANCE_PATH", str(tmp_path))  # finding `db` loads the app: keep it off the checkout
    args = shlex.split(line)[1:]
    group = console_group()
    ctx = group.make_context("lms", list(args))
    command, rest = group, [*ctx._protected_args, *ctx.args]
    while isinstance(command, click.Group):
        name, command, rest = command.resolve_command(ctx, rest)
        assert command is not None, f"no command {name!r} in: {line}"
        if isinstance(command, click.Group):
            ctx = command.make_context(name, list(rest), parent=ctx)
            rest = [*ctx._protected_args, *ctx.args]
    command.make_context(name, list(rest), parent=ctx)  # unknown options raise here
