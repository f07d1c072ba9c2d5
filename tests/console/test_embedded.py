"""Embedded and demo nodes: started in parallel with progress on screen, same ports and data
after a restart, stopped when the console is done."""

from __future__ import annotations

import httpx
from console_support import wait_until

from exalate_tui.app import ExalateApp
from exalate_tui.config import data_dir
from exalate_tui.embedded import EmbeddedNodes, PortBook, demo_plan, embedded_plan
from exalate_tui.screens.connections import ConnectionsScreen
from exalate_tui.screens.loading import LoadingScreen


def test_demo_plan_has_every_platform_and_a_private_node():
    plan = demo_plan()
    names = [node.name for node in plan]
    assert names == [
        "Jira on-premise",
        "Azure DevOps Service",
        "Azure DevOps Server",
        "ServiceNow",
        "Xurrent",
        "Azure DevOps (private)",
    ]
    assert [node.private for node in plan] == [False] * 5 + [True]
    assert all(str(node.data_dir).startswith(str(data_dir())) for node in plan)
    assert len({node.data_dir for node in plan}) == len(plan)


async def test_embedded_node_keeps_port_and_data_across_restarts():
    plan = embedded_plan("servicenow")
    first = EmbeddedNodes(plan)
    [instance] = await first.start()
    try:
        with httpx.Client(base_url=f"{instance.url}/api/v1", trust_env=False) as http:
            http.headers["Authorization"] = f"Bearer {instance.token.get_secret_value()}"
            answer = http.post(
                "/connections",
                json={
                    "destination_url": None,
                    "mode": "basic",
                    "local_short_name": "here",
                    "remote_short_name": "there",
                    "name": "survives-restart",
                },
            )
            assert answer.status_code == 201, answer.text
        # A second console while the first still runs adopts the node instead of failing.
        second = EmbeddedNodes(embedded_plan("servicenow"))
        [adopted] = await second.start()
        assert adopted.url == instance.url and second.processes == []
    finally:
        first.stop()
    assert PortBook().get("embedded/servicenow") == int(instance.url.rsplit(":", 1)[1])

    again = EmbeddedNodes(embedded_plan("servicenow"))
    [restarted] = await again.start()
    try:
        assert restarted.url == instance.url
        token = restarted.token.get_secret_value()
        with httpx.Client(base_url=f"{restarted.url}/api/v1", trust_env=False) as http:
            names = [
                c["name"]
                for c in http.get(
                    "/connections", headers={"Authorization": f"Bearer {token}"}
                ).json()["connections"]
            ]
        assert "survives-restart" in names
    finally:
        again.stop()
    assert not again.processes


async def test_demo_shows_progress_then_home_with_every_instance():
    embedded = EmbeddedNodes(demo_plan())
    app = ExalateApp([], embedded=embedded, startup_title="Starting the demo nodes")
    seen: list[tuple[str, str]] = []

    def hook(message) -> None:
        if isinstance(message, ExalateApp.NodeProgress):
            seen.append((message.name, message.state))

    try:
        async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
            await wait_until(
                pilot, lambda: isinstance(app.screen, LoadingScreen), timeout=5, what="loading"
            )
            await wait_until(
                pilot,
                lambda: isinstance(app.screen, ConnectionsScreen) and app.screen.loaded,
                timeout=40,
                what="the demo nodes",
            )
            assert [i.name for i in app.instances] == [n.name for n in demo_plan()]
            # The loading screen was told about every node, starting and then ready.
            for node in demo_plan():
                assert (node.name, "starting") in seen and (node.name, "ready") in seen
            private = next(i for i in app.instances if i.private)
            info = await app.info_for(private)
            assert info is not None and info.url is None
            jira = await app.instance_for_url((await app.info_for(app.instances[0])).url)
            assert jira is app.instances[0]
    finally:
        embedded.stop()
    assert not embedded.processes


async def test_a_killed_embedded_node_is_started_again_without_a_key():
    from console_support import notifications

    from exalate_tui.widgets.status_bar import InstanceHeader, OfflineBanner

    embedded = EmbeddedNodes(embedded_plan("xurrent"))
    app = ExalateApp([], embedded=embedded)
    try:
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await wait_until(
                pilot,
                lambda: isinstance(app.screen, ConnectionsScreen) and app.screen.loaded,
                timeout=30,
                what="the embedded node",
            )
            screen = app.screen
            [process] = embedded.processes
            process.proc.kill()  # as an admin's `kill -9` would
            process.proc.wait(5)
            await wait_until(
                pilot,
                lambda: any("started again" in n for n in notifications(app)),
                timeout=30,
                what="the node to be started again",
            )
            await wait_until(
                pilot,
                lambda: (
                    not screen.query_one(OfflineBanner).shown
                    and screen.query_one(InstanceHeader).online
                ),
                timeout=15,
                what="online again",
            )
            assert process.is_running()
    finally:
        embedded.stop()
    assert not embedded.processes
