"""`flask lms create-admin` and `flask lms demo`: accounts to start with."""
from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", "full_name", prompt="Full name")
@click.password_option()
@with_appcontext
def create_admin(email: str, full_name: str, password: str) -> None:
    """Create the first site administrator (or make an existing account one)."""
    from lms.accounts_admin import make_site_admin

    try:
        user = make_site_admin(email=email, full_name=full_name, password=password)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{user.email} is a site administrator.")


@click.command("demo")
@with_appcontext
def demo() -> None:
    """Create the demo training center and accounts (idempotent) and print how to sign in."""
    from lms.demo import DEMO_PASSWORD, create_demo_data

    accounts = create_demo_data()
    click.echo(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
    for role, email in accounts:
        click.echo(f"  {role:<22} {email}")
