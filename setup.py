"""Build hook: the wheel carries the top-level migrations/ and the shipped curriculum/, quizzes/ and programs/
inside the package as lms/_shipped/, where lms.resources finds them when the app runs outside a checkout.
Everything else about the package is in pyproject.toml."""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = ("migrations", "curriculum", "quizzes", "programs")


class BuildWithShippedFiles(build_py):
    """build_py, then copy the shipped folders into the built package (not in editable installs)."""

    def run(self):
        """Build the package, then add lms/_shipped/<folder> for each shipped folder."""
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "lms" / "_shipped"
        for name in SHIPPED:
            shutil.rmtree(target / name, ignore_errors=True)
            shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithShippedFiles})
