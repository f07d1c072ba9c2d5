"""WizardState on its own (no nodes): names, steps, cards and the request it builds."""

from __future__ import annotations

from exalate_tui.domain.models import DestinationCheck, NodeInfo
from exalate_tui.domain.platforms import ConnectionType, Mode
from exalate_tui.screens.initiate.flow import (
    VISUAL_NEEDS_KNOWN,
    Step,
    WizardState,
    suggested_short_name,
)


def state(platform="jira-onprem", url="http://here:1", license="evaluation") -> WizardState:
    info = NodeInfo(
        name="Acme Jira",
        platform=platform,
        url=url,
        license=license,
        version="0",
        modes=["basic", "visual", "script"],
        has_projects=True,
    )
    return WizardState.for_node(info)


def checked(s: WizardState, url: str, platform: str, name: str, modes, local=False):
    s.url = url
    s.check = DestinationCheck(
        reachable=True, url=url, platform=platform, name=name, modes=modes, local=local
    )
    s.check_url = url


def test_short_names_and_the_connection_name_follow_until_edited():
    s = state()
    checked(s, "http://there:2", "servicenow", "Help/Desk", ["basic", "script"])
    s.prefill_names()
    assert (s.local_short_name, s.remote_short_name) == ("Acme Jira", "Help_Desk")
    assert s.name == "Acme Jira_to_Help_Desk"
    checked(s, "http://else:3", "xurrent", "Other", ["basic", "script"])
    s.prefill_names()
    assert s.remote_short_name == "Other" and s.name == "Acme Jira_to_Other"
    s.set_name_by_hand("Mine")
    s.local_short_name = "X"
    s.sync_name()
    assert s.name == "Mine" and s.name_edited
    s.set_name_by_hand("X_to_Other")  # typed back to the default: follows again
    assert not s.name_edited


def test_suggested_short_name_keeps_only_allowed_characters():
    assert suggested_short_name("Jira (prod) #1") == "Jira _prod_ _1"
    assert suggested_short_name(None) == ""


def test_steps_per_platform_and_type():
    jira = state()
    checked(jira, "http://there:2", "servicenow", "Snow", ["basic", "script"])
    jira.mode = Mode.SCRIPT
    assert jira.steps() == [Step.DESTINATION, Step.INFO, Step.PROJECT, Step.RESULT]
    jira.mode = Mode.BASIC
    assert Step.ACCESS in jira.steps()
    snow = state("servicenow")
    snow.no_url = True
    snow.mode = Mode.SCRIPT
    assert snow.connection_type is ConnectionType.PRIVATE
    assert snow.steps() == [Step.DESTINATION, Step.INFO, Step.RESULT]


def test_cards_and_problems():
    s = state(license="expired")
    checked(s, "http://there:2", "azure-devops", "Ado", ["basic"])
    choices = {c.mode: c for c in s.choices()}
    assert choices[Mode.BASIC].enabled
    assert "licence" in choices[Mode.SCRIPT].reason  # the licence, not "not offered"
    s = state()
    checked(s, "http://there:2", "azure-devops", "Ado", ["basic", "visual", "script"])
    assert {c.mode: c.reason for c in s.choices()}[Mode.VISUAL] == VISUAL_NEEDS_KNOWN
    assert s.destination_problem() == "Choose a configuration type."
    s.url = "http://typed-on:9"
    assert s.destination_problem() == "Waiting for the destination check…"
    private_node = state(url=None)
    assert "only accept invitations" in private_node.destination_problem()


def test_local_connection_request_carries_both_projects():
    s = state()
    checked(s, "http://here:1", "jira-onprem", "Acme Jira", ["basic", "script"], local=True)
    s.mode = Mode.SCRIPT
    s.prefill_names()
    s.project, s.remote_project = "DEMO", "SUP"
    assert s.connection_type is ConnectionType.LOCAL and s.asks_remote_project
    request = s.request()
    assert request.destination_url == "http://here:1"
    assert (request.project, request.remote_project) == ("DEMO", "SUP")
    ado = state("azure-devops")
    checked(ado, "http://here:1", "azure-devops", "Ado", ["basic"], local=True)
    ado.mode = Mode.BASIC
    assert "not available" in ado.destination_problem()
