"""`flask lms content check|import`: validate and import curriculum, quizzes and programs."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from lms.contentfiles import ContentErrors

content_cli = AppGroup("content", help="Check and import curriculum and quizzes.")


def _content_dirs(curriculum: str | None, quizzes: str | None, programs: str | None = None) -> tuple[Path, ...]:
    return (Path(curriculum or current_app.config["CURRICULUM_DIR"]),
            Path(quizzes or current_app.config["QUIZZES_DIR"]),
            Path(programs or current_app.config["PROGRAMS_DIR"]))


def _fail_with(errors: ContentErrors) -> None:
    for error in errors.errors:
        click.echo(str(error), err=True)
    click.echo(f"{len(errors.errors)} problem(s) found; nothing was imported.", err=True)
    sys.exit(1)


@content_cli.command("import")
@click.option("--curriculum", help="Curriculum folder (default: the shipped one).")
@click.option("--quizzes", help="Quizzes folder (default: the shipped one).")
@click.option("--programs", help="Programs folder (default: the shipped one).")
@click.option("--force", is_flag=True, help="Import modules changed on the web too (overwrites them; audited).")
def content_import(curriculum: str | None, quizzes: str | None, programs: str | None, force: bool) -> None:
    """Validate everything, then publish changed modules and programs as new versions; a module changed both
    in the files and on the web is refused unless --force."""
    from lms.authoring.file_sync import import_vet
    from lms.publishing import import_content

    dirs = _content_dirs(curriculum, quizzes, programs)
    try:
        report = import_content(*dirs, vet=import_vet(dirs[0].parent, force=force))
    except ContentErrors as errors:
        _fail_with(errors)
        return
    for result in report.results:
        state = "new version" if result.created else "unchanged"
        click.echo(f"{result.slug}: version {result.version.number} ({state})")
    for result in report.programs:
        state = "new version" if result.created else "unchanged"
        click.echo(f"program {result.slug}: version {result.version.number} ({state})")
    click.echo(f"{len(report.results)} module(s); {report.created} new version(s); {len(report.programs)} program(s).")
    for why in report.refused:
        click.echo(f"not imported, {why}", err=True)
    if any(why.startswith("refused") for why in report.refused):
        sys.exit(1)


@content_cli.command("check")
@click.option("--curriculum", help="Curriculum folder (default: the shipped one).")
@click.option("--quizzes", help="Quizzes folder (default: the shipped one).")
@click.option("--programs", help="Programs folder (default: the shipped one).")
def content_check(curriculum: str | None, quizzes: str | None, programs: str | None) -> None:
    """Validate content and the writing rules without importing; exit 1 on any problem."""
    from lms.publishing import check_item, load_content, load_program_files
    from lms.quizzes.assessment import assess

    curriculum_dir, quizzes_dir, programs_dir = _content_dirs(curriculum, quizzes, programs)
    try:
        specs = load_content(curriculum_dir, quizzes_dir)
        programs = load_program_files(programs_dir, specs)
    except ContentErrors as errors:
        _fail_with(errors)
        return
    failed = 0
    for item in specs:
        report = check_item(item)
        click.echo(report.line())
        if item.quiz is not None:
            click.echo(f"     quiz: {assess(item.quiz).summary()}")
        for problem in report.problems:
            click.echo(f"  {problem}")
        for warning in report.warnings:
            click.echo(f"  warning: {warning}")
        failed += bool(report.problems)
    failed += _check_programs(programs, specs)
    click.echo(f"{len(specs)} module(s) and {len(programs)} program(s) checked; {failed} with problems.")
    sys.exit(1 if failed else 0)


def _check_programs(programs, items) -> int:
    """Print each program's check; the number of programs with problems."""
    from lms.programs.checks import check_program

    modules = {item.module.slug: item.module for item in items}
    failed = 0
    for spec in programs:
        report = check_program(spec, modules)
        click.echo(report.line())
        for line in report.problems:
            click.echo(f"  {line}")
        for line in report.warnings:
            click.echo(f"  warning: {line}")
        failed += bool(report.problems)
    return failed
