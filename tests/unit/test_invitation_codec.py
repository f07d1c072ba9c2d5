from datetime import UTC, datetime, timedelta

import pytest

from exalate_tui.domain.invitation import (
    InvalidCode,
    Invitation,
    decode,
    encode,
    new_secret,
)


def _invitation(**overrides) -> Invitation:
    data = dict(
        connection_id="c-123",
        initiator_url="http://127.0.0.1:7700",
        initiator_platform="azure-devops",
        initiator_name="Fabrikam ADO",
        local_short_name="ado",
        remote_short_name="jira",
        connection_name="ado_to_jira",
        type="public",
        mode="script",
        expires_at=datetime.now(UTC) + timedelta(days=7),
        secret=new_secret(),
    )
    data.update(overrides)
    return Invitation(**data)


def test_round_trip_keeps_every_field():
    original = _invitation()
    assert decode(encode(original)) == original


def test_whitespace_and_line_breaks_are_ignored():
    code = encode(_invitation())
    pasted = "  " + "\n".join(code[i : i + 30] for i in range(0, len(code), 30)) + "\n\t "
    assert decode(pasted) == decode(code)


def test_secret_is_fresh_and_at_least_256_bits():
    a, b = new_secret(), new_secret()
    assert a != b
    assert len(a) >= 43  # 32 bytes in unpadded base64url


@pytest.mark.parametrize("position", [6, 40, -3])
def test_single_character_typo_is_caught(position):
    code = encode(_invitation())
    swapped = "A" if code[position] != "A" else "B"
    broken = code[:position] + swapped + code[position + 1 :]
    with pytest.raises(InvalidCode):
        decode(broken)


def test_truncation_is_caught():
    code = encode(_invitation())
    for cut in (len(code) - 1, len(code) // 2, 8):
        with pytest.raises(InvalidCode, match="(incomplete|does not check out)"):
            decode(code[:cut])


def test_tampered_payload_with_old_checksum_is_caught():
    code = encode(_invitation())
    other = encode(_invitation(connection_name="something_else"))
    prefix, _payload, checksum = code.split(".")
    with pytest.raises(InvalidCode, match="does not check out"):
        decode(f"{prefix}.{other.split('.')[1]}.{checksum}")


@pytest.mark.parametrize("text", ["", "   ", "hello", "EXL2.abc.def", "https://example.com"])
def test_non_codes_are_refused_with_a_sentence(text):
    with pytest.raises(InvalidCode) as info:
        decode(text)
    assert str(info.value).endswith(".")


def test_repr_never_shows_the_secret():
    invitation = _invitation()
    assert invitation.secret not in repr(invitation)
    assert invitation.secret not in str(invitation)


def test_expiry():
    invitation = _invitation(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    assert invitation.is_expired()
    assert not _invitation().is_expired()
