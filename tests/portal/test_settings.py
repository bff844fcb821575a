"""Safe by default: DEBUG off unless asked, no server without a secret key, and the documented
production environment passes Django's deployment checks."""
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# What a shell on a fresh machine has: none of the project's settings.
BARE = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}


def documented_production_environment():
    """The `env` block of docs/deploying.md, as variables."""
    text = (ROOT / "docs" / "deploying.md").read_text(encoding="utf-8")
    block = re.search(r"```env\n(.*?)```", text, re.S).group(1)
    return dict(line.split("=", 1) for line in block.splitlines() if line.strip())


def run(code_or_args, env):
    args = ["-c", code_or_args] if isinstance(code_or_args, str) else code_or_args
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True, text=True, timeout=300,
    )


def test_debug_is_off_unless_the_environment_turns_it_on():
    show = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    assert run(show, BARE).stdout.strip() == "False"
    assert run(show, {**BARE, "DJANGO_DEBUG": "1"}).stdout.strip() == "True"


def test_the_server_refuses_to_start_without_a_secret_key_and_says_why():
    result = run("import portal.wsgi", BARE)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_the_server_starts_with_a_secret_key_or_in_development():
    assert run("import portal.wsgi", {**BARE, "DJANGO_SECRET_KEY": "x" * 60}).returncode == 0
    assert run("import portal.wsgi", {**BARE, "DJANGO_DEBUG": "1"}).returncode == 0


def test_the_parse_command_needs_no_settings_at_all(samples_dir):
    result = run(["manage.py", "parse", str(samples_dir / "shanghai-yangpu-2020-annual-report.txt"), "--json"], BARE)
    assert result.returncode == 0, result.stderr
    assert '"year": 2020' in result.stdout


def test_https_is_on_by_default_in_production():
    show = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)"
    )
    assert run(show, {**BARE, "DJANGO_SECRET_KEY": "x" * 60}).stdout.split() == ["True"] * 4


def test_the_proxy_header_and_trusted_origins_come_from_the_environment():
    env = documented_production_environment()
    show = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_PROXY_SSL_HEADER, s.CSRF_TRUSTED_ORIGINS)"
    )
    out = run(show, {**BARE, **env}).stdout
    assert "('HTTP_X_FORWARDED_PROTO', 'https')" in out
    assert "['https://gongkai.example.org']" in out


def test_check_deploy_is_clean_with_the_documented_production_environment():
    env = documented_production_environment()
    # The database is where the suite runs; the check itself does not depend on it.
    env.pop("DATABASE_URL")
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], {**BARE, **env})
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_check_deploy_reports_a_missing_secret_key():
    env = documented_production_environment()
    env.pop("DATABASE_URL")
    env.pop("DJANGO_SECRET_KEY")
    result = run(["manage.py", "check", "--deploy"], {**BARE, **env})
    assert result.returncode != 0
    assert "portal.E001" in result.stderr + result.stdout
