"""The files in deploy/ stay true to the code: the systemd units start real commands with
real options (parsed by gunicorn's and click's own parsers), the gunicorn setting is the one
the benchmark recommends, the environment sample names real settings that the app accepts,
and nginx sets the headers the app trusts on the port gunicorn listens on."""

from __future__ import annotations

import ast
import re
import shlex
from pathlib import Path

import click
import pytest
from flask_migrate.cli import db as db_group
from gunicorn.config import Config

from hiring.app import create_app
from hiring.cli import main
from hiring.config import defaults
from hiring.rubric_files import PROJECT_ROOT

DEPLOY = PROJECT_ROOT / "deploy"
SOURCES = "\n".join(p.read_text() for p in (PROJECT_ROOT / "hiring").rglob("*.py"))


def unit(name: str) -> dict[str, str]:
    """A systemd unit's settings (the last of each name), as ``Section.Key``."""
    found, section = {}, ""
    for line in (DEPLOY / name).read_text().splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
        elif line and not line.startswith(("#", ";")):
            key, _, value = line.partition("=")
            found[f"{section}.{key.strip()}"] = value.strip()
    return found


def environment() -> dict[str, str]:
    lines = (DEPLOY / "hiring.env.sample").read_text().splitlines()
    pairs = [line.split("=", 1) for line in lines if line.strip() and not line.startswith("#")]
    return {key.strip(): value.strip() for key, value in pairs}


def exec_start(name: str) -> list[str]:
    """ExecStart's words, with ${VAR} from the environment sample as systemd expands them."""
    env = environment()
    words = shlex.split(unit(name)["Service.ExecStart"])
    return [re.sub(r"\$\{(\w+)\}", lambda m: env[m.group(1)], word) for word in words]


def gunicorn_settings() -> Config:
    argv = exec_start("hiring-web.service")
    assert Path(argv[0]).name == "gunicorn"
    config = Config()
    args = config.parser().parse_args(argv[1:])  # an unknown option exits here
    for key, value in vars(args).items():
        if value is not None and key != "args":
            config.set(key.lower(), value)  # gunicorn's own validators
    config.app_uri = args.args
    return config


def test_the_web_unit_serves_the_wsgi_app_as_the_benchmark_recommends():
    config = gunicorn_settings()
    [target] = config.app_uri
    module, _, name = target.partition(":")
    tree = ast.parse((PROJECT_ROOT / Path(*module.split("."))).with_suffix(".py").read_text())
    assert name in {t.id for node in tree.body if isinstance(node, ast.Assign)
                    for t in node.targets if isinstance(t, ast.Name)}
    readme = (PROJECT_ROOT / "README.md").read_text()
    recommended = re.search(r"Recommended gunicorn setting on a machine like this one: "
                            r"`--workers (\d+) --threads (\d+)`", readme)
    assert recommended, "the README's performance section names no recommended setting"
    assert (config.workers, config.threads) == tuple(map(int, recommended.groups()))
    assert config.preload_app
    assert config.worker_class_str == "gthread"
    assert config.forwarded_allow_ips == environment()[
        "HIRING_TRUSTED_PROXY_ADDRESSES"].split(",")


def find(words: list[str]) -> tuple[click.Command, list[str]]:
    """The ``hiring`` command the leading words name, and the words after it."""
    command: click.Command = main
    rest = list(words)
    while isinstance(command, click.Group) and rest:
        word = rest.pop(0)
        found = db_group if command is main and word == "db" else (
            click.Group.get_command(command, click.Context(command), word))
        assert found is not None, f"no command {word!r} in {' '.join(words)}"
        command = found
    return command, rest


def resolve(words: list[str]) -> click.Command:
    """The ``hiring`` command the words name, its options parsed (click raises on an unknown
    command or option)."""
    command, rest = find(words)
    for param in command.params:  # what would be prompted for is typed in
        if isinstance(param, click.Option) and param.prompt and not set(param.opts) & set(rest):
            rest += [param.opts[0], "typed"]
    command.make_context(command.name or "", rest)
    return command


def test_the_worker_unit_runs_a_real_hiring_command():
    argv = exec_start("hiring-worker.service")
    assert Path(argv[0]).name == "hiring"
    assert resolve(argv[1:]).name == "worker"
    with pytest.raises(click.UsageError):  # the check can fail
        resolve(["worker", "--no-such-option"])


def test_the_commands_the_deploy_readme_runs_exist():
    text = (DEPLOY / "README.md").read_text()
    commands = re.findall(r"^as_hiring (.+?)(?:\s+#.*)?$", text, re.MULTILINE)
    assert commands
    for line in commands:
        for command in line.split("&&"):
            resolve(shlex.split(command.replace("as_hiring", "")))


def test_the_commands_of_the_readme_production_section_exist():
    readme = (PROJECT_ROOT / "README.md").read_text()
    section = readme.split("\n## Production\n", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"`hiring ([a-z][a-z ]*)", section)
    assert len(commands) >= 5
    for words in commands:
        command, _ = find(words.split())
        assert not isinstance(command, click.Group), f"hiring {words} is not a command"


def test_the_production_schedule_names_every_periodic_job():
    readme = (PROJECT_ROOT / "README.md").read_text()
    section = readme.split("\n## Production\n", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"\| `HIRING_(TASK_\w+_CRON)` \|", section))
    assert listed == {name for name in defaults() if re.fullmatch(r"TASK_\w+_CRON", name)}


def test_the_environment_sample_holds_real_settings_and_no_secret(tmp_path, monkeypatch):
    env = environment()
    for key in env:
        assert key.startswith("HIRING_"), key
        name = key.removeprefix("HIRING_")
        assert name in defaults() or f'"{name}"' in SOURCES, f"{key} is read nowhere"
    assert env["HIRING_SECRET_KEY"] == env["HIRING_SMTP_PASSWORD"] == ""
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("HIRING_SECRET_KEY", "a-filled-in-key-0123456789-abcdefghijklmnop")
    monkeypatch.setenv("HIRING_DATABASE_URL", f"sqlite:///{tmp_path}/hiring.sqlite3")
    monkeypatch.setenv("HIRING_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("HIRING_RUBRICS_DIR", str(PROJECT_ROOT / "rubrics"))
    app = create_app()  # the filled-in sample is accepted as it is
    assert app.config["ENV"] == "production"
    assert app.config["TRUSTED_PROXIES"] == 1
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SMTP_PORT"] == 587


def test_nginx_sets_the_headers_the_app_trusts_on_the_port_gunicorn_listens_on():
    nginx = (DEPLOY / "nginx.conf").read_text()
    [bind] = gunicorn_settings().bind
    assert re.search(rf"upstream hiring_app \{{[^}}]*server {re.escape(bind)};", nginx)
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in nginx  # set, never appended
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in nginx
    assert "$proxy_add_x_forwarded_for" not in nginx
    assert "add_header Strict-Transport-Security" in nginx
    limit = re.search(r"client_max_body_size (\d+)m;", nginx)
    assert limit
    assert int(limit.group(1)) * 1024 * 1024 == defaults()["MAX_CONTENT_LENGTH"]
    upload = re.search(r"location ~ \^/candidates/\[0-9\]\+/documents\$ \{[^}]*"
                       r"client_max_body_size (\d+)m;", nginx)
    assert upload, "document uploads need their own body limit"
    assert int(upload.group(1)) * 1024 * 1024 > defaults()["DOCUMENT_MAX_BYTES"]


def test_the_web_unit_sets_the_environment_the_benchmark_measures():
    from bench.common import SERVER_ENV

    settings = dict(pair.split("=", 1) for pair in
                    shlex.split(unit("hiring-web.service")["Service.Environment"]))
    assert settings == SERVER_ENV
