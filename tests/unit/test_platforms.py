import pytest

from exalate_tui.domain.platforms import (
    PLATFORMS,
    ConnectionType,
    License,
    Mode,
    get_platform,
    mode_choices,
)


def _enabled(choices):
    return [c.mode.value for c in choices if c.enabled]


def test_table_matches_design():
    assert set(PLATFORMS) == {
        "jira-onprem",
        "azure-devops",
        "azure-devops-server",
        "servicenow",
        "xurrent",
    }
    assert [m.value for m in PLATFORMS["jira-onprem"].modes] == ["basic", "visual", "script"]
    assert [m.value for m in PLATFORMS["xurrent"].modes] == ["basic", "script"]
    assert PLATFORMS["xurrent"].script_badge == "AI ASSIST"
    assert not PLATFORMS["servicenow"].has_projects
    assert PLATFORMS["azure-devops-server"].has_projects
    assert PLATFORMS["servicenow"].local_connections
    assert not PLATFORMS["azure-devops"].local_connections


def test_unknown_platform_names_the_known_ones():
    with pytest.raises(ValueError, match="jira-onprem"):
        get_platform("gitlab")


def test_offered_is_intersection_with_destination():
    jira, ado_server = PLATFORMS["jira-onprem"], PLATFORMS["azure-devops-server"]
    choices = mode_choices(jira, License.PAID, ConnectionType.PUBLIC, ado_server)
    assert _enabled(choices) == ["basic", "script"]
    visual = next(c for c in choices if c.mode is Mode.VISUAL)
    assert "Azure DevOps Server" in visual.reason


def test_private_connection_disables_visual_but_keeps_the_card():
    choices = mode_choices(PLATFORMS["azure-devops"], "evaluation", "private")
    assert [c.mode.value for c in choices] == ["basic", "visual", "script"]
    assert _enabled(choices) == ["basic", "script"]
    assert "private" in next(c for c in choices if not c.enabled).reason


def test_expired_licence_leaves_only_basic():
    choices = mode_choices(PLATFORMS["jira-onprem"], "expired", "public", PLATFORMS["jira-onprem"])
    assert _enabled(choices) == ["basic"]
    assert all("licence" in c.reason for c in choices if not c.enabled)


def test_destination_modes_from_a_check_answer_win():
    choices = mode_choices(PLATFORMS["jira-onprem"], "paid", "public", destination_modes=["basic"])
    assert _enabled(choices) == ["basic"]


def test_basic_scope_lines():
    assert PLATFORMS["jira-onprem"].basic_scope_line == "Only issues can be synced"
    assert PLATFORMS["azure-devops"].basic_scope_line == "Only issues can be synced"
    assert PLATFORMS["xurrent"].basic_scope_line == "Only tickets can be synced"
    assert PLATFORMS["servicenow"].basic_scope_line is None
