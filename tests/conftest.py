import json
from io import StringIO
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

SAMPLE_NAMES = [
    "shanghai-2023-annual-report",
    "shanghai-changning-2019-work-plan",
    "shanghai-sheitc-2020-work-plan",
    "shanghai-yangpu-2020-annual-report",
    "shanghai-yangpu-2021-work-plan",
]


def sample_bytes(name):
    return (SAMPLES / f"{name}.txt").read_bytes()


def sample_text(name):
    return sample_bytes(name).decode("utf-8")


@pytest.fixture
def samples_dir():
    return SAMPLES


def run_json(command, *args):
    """Run a management command with --json; return (exit status, its JSON lines)."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = StringIO()
    try:
        call_command(command, *args, "--json", stdout=out, stderr=StringIO())
        status = 0
    except CommandError as exc:
        status = exc.returncode
    return status, [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


@pytest.fixture
def cleaning_fails_on_work_plans(monkeypatch):
    """The cleaning stage raises an error of its own (not a refusal) on every work plan."""
    from documents.ingest import clean

    def failing(text, clean=clean.clean):
        if "工作要点" in text[:200]:
            raise ValueError("overlapping\nchanges")
        return clean(text)

    monkeypatch.setattr(clean, "clean", failing)
