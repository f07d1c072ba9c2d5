"""What `exalate-tui` opens: the configured default, --node, --demo, or an embedded node."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from exalate_tui import console_launch
from exalate_tui.app import ExalateApp
from exalate_tui.cli import tui_parser
from exalate_tui.config import ConsoleConfig, Instance, save_config


@pytest.fixture
def launched(monkeypatch):
    apps: list[ExalateApp] = []

    def fake_run(self, *args, **kwargs):
        apps.append(self)

    monkeypatch.setattr(ExalateApp, "run", fake_run)
    return apps


def run(argv: list[str]) -> int:
    return console_launch.run(tui_parser().parse_args(argv))


def test_default_instance_from_the_config(launched):
    save_config(
        ConsoleConfig(
            default="second",
            instances=[
                Instance(name="first", url="http://127.0.0.1:1", token=SecretStr("a")),
                Instance(name="second", url="http://127.0.0.1:2", token=SecretStr("b")),
            ],
        )
    )
    assert run([]) == 0
    [app] = launched
    assert app.instance.name == "second" and len(app.instances) == 2
    assert app.embedded is None


def test_node_and_token(launched):
    assert run(["--node", "http://127.0.0.1:9", "--token", "t"]) == 0
    [app] = launched
    assert app.instance.url == "http://127.0.0.1:9"
    assert app.instance.token.get_secret_value() == "t"


def test_nothing_configured_starts_an_embedded_node_of_the_platform(launched):
    assert run(["--platform", "xurrent"]) == 0
    [app] = launched
    assert [node.platform for node in app.embedded.plan] == ["xurrent"]
    assert app.instances == []


def test_demo_plans_every_platform_and_a_private_node(launched):
    assert run(["--demo"]) == 0
    [app] = launched
    assert len(app.embedded.plan) == 6
    assert sum(node.private for node in app.embedded.plan) == 1


def test_broken_config_is_reported(launched, capsys):
    from exalate_tui.config import config_path

    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text("this is [ not toml")
    assert run([]) == 2
    assert "not valid" in capsys.readouterr().err
    assert launched == []
