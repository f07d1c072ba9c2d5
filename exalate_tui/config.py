"""Where things live (platformdirs) and the console's instance profiles (TOML, written 0600)."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import platformdirs
import tomli_w
from pydantic import BaseModel, Field, SecretStr, ValidationError

APP_NAME = "exalate-tui"
CONFIG_FILE_NAME = "config.toml"


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def state_dir() -> Path:
    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def config_path() -> Path:
    return config_dir() / CONFIG_FILE_NAME


def write_private(path: Path, text: str) -> Path:
    """Write a file only its owner can read (0600) — for anything holding a secret.

    The file is created 0600 before any byte is written, then moved into place atomically.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


class Instance(BaseModel):
    """A node this console knows: its display name, admin URL and admin token."""

    name: str
    url: str
    token: SecretStr
    platform: str | None = None
    private: bool = False


class ConsoleConfig(BaseModel):
    default: str | None = None
    instances: list[Instance] = Field(default_factory=list)

    def find(self, name: str) -> Instance | None:
        return next((i for i in self.instances if i.name == name), None)

    def default_instance(self) -> Instance | None:
        if self.default:
            found = self.find(self.default)
            if found:
                return found
        return self.instances[0] if self.instances else None


class ConfigError(Exception):
    pass


def load_config(path: Path | None = None) -> ConsoleConfig:
    path = path or config_path()
    if not path.exists():
        return ConsoleConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return ConsoleConfig.model_validate(data)
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise ConfigError(f"The config file {path} is not valid: {exc}") from exc


def save_config(config: ConsoleConfig, path: Path | None = None) -> Path:
    path = path or config_path()
    data: dict = {}
    if config.default:
        data["default"] = config.default
    data["instances"] = [
        {
            k: v
            for k, v in {
                "name": i.name,
                "url": i.url,
                "token": i.token.get_secret_value(),
                "platform": i.platform,
                "private": i.private,
            }.items()
            if v is not None
        }
        for i in config.instances
    ]
    return write_private(path, tomli_w.dumps(data))
