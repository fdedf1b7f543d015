"""Server addresses, the device id, and where the sign-in token is kept."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend

from consultant_app.store.database import open_workspace
from consultant_app.sync.account import (
    KEYRING_SERVICE,
    ServerAddressError,
    TokenStore,
    device_id,
    normalise_server_url,
)


class MemoryKeyring(KeyringBackend):
    """A keyring backend in memory (no OS keyring runs on a CI machine)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        del self.items[(service, username)]


class BrokenKeyring(MemoryKeyring):
    """A keyring that fails at runtime (a locked or misconfigured Secret Service)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError("the keyring is locked")

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("the keyring is locked")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("https://desk.example.cn", "https://desk.example.cn"),
        ("https://desk.example.cn/", "https://desk.example.cn"),
        ("  http://10.0.0.5:8000/api/ ", "http://10.0.0.5:8000/api"),
        ("desk.example.cn:8443", "https://desk.example.cn:8443"),
        ("http://[::1]:8000", "http://[::1]:8000"),
    ],
)
def test_server_addresses_are_normalised(typed: str, expected: str) -> None:
    assert normalise_server_url(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "ftp://desk.example.cn",
        "https://",
        "http://host:99999",
        "https://a b.cn",
        "https://desk.example.cn/?x=1",
    ],
)
def test_bad_server_addresses_are_refused(typed: str) -> None:
    with pytest.raises(ServerAddressError):
        normalise_server_url(typed)


def test_the_device_id_is_made_once_and_kept(tmp_path: Path) -> None:
    workspace = open_workspace(tmp_path)
    first = device_id(workspace)
    assert device_id(workspace) == first
    workspace.close()
    again = open_workspace(tmp_path)
    assert device_id(again) == first
    again.close()


def test_a_keyring_keeps_the_token_and_no_file_is_written(tmp_path: Path) -> None:
    ring = MemoryKeyring()
    store = TokenStore(tmp_path, "https://s#dev", ring)
    assert not store.fallback
    store.save("secret-token")
    assert ring.items[(KEYRING_SERVICE, "https://s#dev")] == "secret-token"
    assert not store.path.exists()
    assert TokenStore(tmp_path, "https://s#dev", ring).load() == "secret-token"
    store.clear()
    assert store.load() is None


def test_without_a_keyring_the_token_goes_to_a_private_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring, "get_keyring", fail.Keyring)
    store = TokenStore(tmp_path, "https://s#dev")
    assert store.fallback
    store.save("secret-token")
    assert store.load() == "secret-token"
    if sys.platform != "win32":
        assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(store.path.parent).st_mode) == 0o700
    # Another server's (or device's) account never reads this token.
    assert TokenStore(tmp_path, "https://other#dev").load() is None
    store.clear()
    assert not store.path.exists()
    assert store.load() is None


def test_a_keyring_that_fails_at_runtime_falls_back_to_the_file(tmp_path: Path) -> None:
    store = TokenStore(tmp_path, "acct", BrokenKeyring())
    store.save("secret-token")
    assert store.fallback
    assert store.load() == "secret-token"
