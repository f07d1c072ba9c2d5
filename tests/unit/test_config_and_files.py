import os
import stat

from pydantic import SecretStr

from exalate_tui import clipboard
from exalate_tui.config import (
    ConsoleConfig,
    Instance,
    config_path,
    data_dir,
    load_config,
    save_config,
)
from exalate_tui.resources import styles_dir


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_dirs_are_redirected_to_the_test_home(home):
    assert str(config_path()).startswith(str(home))
    assert str(data_dir()).startswith(str(home))


def test_config_round_trip_is_0600_and_keeps_tokens_secret(home):
    config = ConsoleConfig(
        default="jira",
        instances=[
            Instance(name="jira", url="http://127.0.0.1:7700", token=SecretStr("t0ken-1")),
            Instance(name="ado", url="http://127.0.0.1:7701", token=SecretStr("t0ken-2")),
        ],
    )
    path = save_config(config)
    assert _mode(path) == 0o600
    loaded = load_config()
    assert loaded.default_instance().name == "jira"
    assert loaded.find("ado").token.get_secret_value() == "t0ken-2"
    assert "t0ken-1" not in repr(loaded)


def test_missing_config_is_empty(home):
    assert load_config().instances == []


def test_saved_code_file_is_0600(home):
    path = clipboard.save_code("EXL1.abc.def", "ado to/jira")
    assert _mode(path) == 0o600
    assert path.read_text().strip() == "EXL1.abc.def"
    assert "/" not in path.name.replace(".txt", "")


def test_osc52_plain_and_tmux_wrapped():
    plain = clipboard.osc52_sequence("hi", tmux=False)
    assert plain == "\x1b]52;c;aGk=\a"
    wrapped = clipboard.osc52_sequence("hi", tmux=True)
    assert wrapped.startswith("\x1bPtmux;\x1b\x1b]52;c;aGk=")
    assert wrapped.endswith("\x1b\\")


def test_copy_hint_does_not_overclaim():
    hint = clipboard.copy_hint()
    assert "sent to your terminal's clipboard" in hint
    assert "press s" in hint


def test_styles_are_found():
    assert (styles_dir() / "app.tcss").is_file()
