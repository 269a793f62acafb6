"""`flask lms ...` commands: thin wrappers that call services, one module per command group."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from lms.cli.accounts import create_admin, demo
from lms.cli.centers import center_cli, invite
from lms.cli.content import content_cli
from lms.cli.operations import backup, doctor, reminders, restore, worker

lms_cli = AppGroup("lms", help="CD-CP cross-training LMS commands.")
for _command in (content_cli, create_admin, demo, reminders, center_cli, invite, worker, doctor, backup, restore):
    lms_cli.add_command(_command)


def init_app(app: Flask) -> None:
    """Register the command group."""
    app.cli.add_command(lms_cli)


def console_group() -> click.Group:
    """Every `flask --app lms` command, with the `lms` group's commands also at the top level."""
    from flask.cli import FlaskGroup

    from lms import create_app

    cli = FlaskGroup(name="lms", create_app=create_app, help="CD-CP cross-training LMS.")
    for name, command in lms_cli.commands.items():
        cli.add_command(command, name)
    return cli


def main() -> None:
    """The `lms` console script (`lms db upgrade`, `lms content import`, `lms doctor`, `lms worker`)."""
    console_group().main(prog_name="lms")
