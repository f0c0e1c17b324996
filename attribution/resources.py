"""Where the files shipped with the package live: rules, report templates and models.

In a wheel, `rules/` and `reports/` are installed as `attribution/_data/`; in a checkout
they sit beside the package. The trained models are always inside the package.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def bundled_dir(name: str, marker: str) -> Path | None:
    """The shipped folder `name` (`rules` or `reports`) that holds `marker`, or None."""
    for candidate in (PACKAGE / "_data" / name, PACKAGE.parent / name):
        if (candidate / marker).is_file():
            return candidate
    return None


def bundled_models_dir() -> Path:
    """The trained models shipped inside the package."""
    return PACKAGE / "models"
