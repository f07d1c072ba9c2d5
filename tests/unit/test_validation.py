import pytest

from exalate_tui.domain.validation import connection_info_errors, default_connection_name


def test_valid_information_has_no_errors():
    assert connection_info_errors("ado", "Jira Prod.1", "ado_to_jira", "") == {}


@pytest.mark.parametrize(
    ("local", "remote", "name", "description", "field"),
    [
        ("", "jira", "n", "", "local_short_name"),
        ("a" * 65, "jira", "n", "", "local_short_name"),
        ("ado", "ji/ra", "n", "", "remote_short_name"),
        ("ado", "jira", "", "", "name"),
        ("ado", "jira", "x" * 256, "", "name"),
        ("ado", "jira", "n", "d" * 2001, "description"),
    ],
)
def test_each_rule_names_its_field(local, remote, name, description, field):
    errors = connection_info_errors(local, remote, name, description)
    assert list(errors) == [field]
    assert errors[field].endswith(".")


def test_limits_are_inclusive():
    assert connection_info_errors("a" * 64, "b", "x" * 255, "d" * 2000) == {}


def test_default_connection_name():
    assert default_connection_name("ado", "jira") == "ado_to_jira"


@pytest.mark.parametrize("bad", ["jira\n", "ji\tra", "jira\x00"])
def test_short_names_refuse_control_characters_even_at_the_end(bad):
    assert "remote_short_name" in connection_info_errors("ado", bad, "n", "")
