"""The dashboard in a real browser: overview, map, SKU page and the picker's phone page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from lamplighter.services.api_keys import Role
from tests.e2e.browser.conftest import LiveDemo, log_in, screenshot

# One worker runs them all: the live demo server is built once per worker session.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_the_login_page_refuses_a_wrong_key(page: Page, live_demo: LiveDemo) -> None:
    page.goto(f"{live_demo.base_url}/")
    expect(page).to_have_url(re.compile(r"/login\?next=/$"))
    page.fill("#api_key", "ll_00000000_not-a-key")
    page.click("#log-in")
    expect(page.get_by_role("alert")).to_contain_text("unknown or revoked")
    screenshot(page, "login-refused")


def test_the_overview_loads_with_numbers(page: Page, live_demo: LiveDemo) -> None:
    log_in(page, live_demo, Role.VIEWER)
    on_hand = page.locator('[data-kpi="Units on hand"] .value')
    expect(on_hand).to_have_text(re.compile(r"^[1-9][\d,]*$"))
    assert int(on_hand.inner_text().replace(",", "")) > 1000
    expect(page.locator('[data-kpi="SKUs in the catalog"] .value')).to_have_text(re.compile(r"^[1-9]\d*$"))
    expect(page.locator("#decisions li").first).to_be_visible()
    screenshot(page, "overview")


def test_the_map_renders_every_zone_and_shows_a_bay(page: Page, live_demo: LiveDemo) -> None:
    log_in(page, live_demo, Role.LEAD, "/map")
    for zone in live_demo.rack_zones:
        assert page.locator(f'svg.map rect.bay[data-zone="{zone}"]').count() > 0, zone
    stocked = page.locator("svg.map rect.bay:not([fill='#ffffff'])").first
    stocked.click()
    expect(page.locator("#location-panel table")).to_be_visible()
    screenshot(page, "map")


def test_a_sku_page_shows_its_stock(page: Page, live_demo: LiveDemo) -> None:
    log_in(page, live_demo, Role.PLANNER, "/skus")
    page.locator("table.sortable tbody tr a").first.click()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator('[data-kpi="available"]')).to_have_text(re.compile(r"^\d[\d,]*$"))
    screenshot(page, "sku")


def test_a_picker_confirms_a_line_by_scan_and_a_wrong_scan_is_refused(page: Page, live_demo: LiveDemo) -> None:
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    path = f"/pick/{live_demo.pick_list_id}"
    log_in(page, live_demo, Role.PICKER, path)
    location = page.locator("#next-location").inner_text()
    sku = page.locator("#next-sku").inner_text()
    task = page.locator("#next-line").get_attribute("data-task")
    screenshot(page, "picker-next-line")

    page.fill("#location_scan", location)
    page.fill("#sku_scan", "NOT-" + sku)
    page.click("#confirm")
    expect(page.locator("#refused")).to_contain_text("wrong")
    assert page.locator("#next-line").get_attribute("data-task") == task  # still the same line
    screenshot(page, "picker-wrong-scan")

    page.fill("#location_scan", location.lower())  # a scanner may send lower case
    page.locator("#location_scan").press("Enter")  # Enter moves on to the SKU box
    expect(page.locator("#sku_scan")).to_be_focused()
    page.keyboard.type(sku)
    page.keyboard.press("Enter")
    expect(page.locator("#confirmed")).to_be_visible()
    assert page.locator("#next-line, #list-done").first.get_attribute("data-task") != task
    screenshot(page, "picker-confirmed")


def test_a_viewer_may_not_open_the_picker_page(page: Page, live_demo: LiveDemo) -> None:
    log_in(page, live_demo, Role.VIEWER)
    response = page.goto(f"{live_demo.base_url}/pick/{live_demo.pick_list_id}")
    assert response is not None and response.status == 403
    expect(page.locator("h1")).to_contain_text("403")


def test_a_lead_releases_a_wave_and_sees_its_route_on_the_map(page: Page, live_demo: LiveDemo) -> None:
    log_in(page, live_demo, Role.LEAD, "/waves")
    page.fill("#max_orders", "12")
    page.locator("#release-wave button").click()
    expect(page.locator(".success")).to_contain_text("released")
    page.locator("table.sortable tbody tr").first.locator("a.pill").first.click()
    expect(page.locator("svg.map g.route polyline")).to_have_count(1)
    screenshot(page, "pick-list-route")


def test_a_picker_does_not_see_the_release_button(page: Page, live_demo: LiveDemo) -> None:
    log_in(page, live_demo, Role.PICKER, "/waves")
    expect(page.locator("#release-wave")).to_have_count(0)


def test_a_planner_runs_the_plan_sorts_it_and_exports_csv(page: Page, live_demo: LiveDemo) -> None:
    log_in(page, live_demo, Role.PLANNER, "/plan")
    page.fill("#run_date", live_demo.today)
    page.locator("#run-plan button").click()
    rows = page.locator("#suggestions tbody tr")
    expect(rows.first.locator("td").nth(1)).to_have_text(re.compile(r"\S"), timeout=120_000)
    assert rows.count() > 1
    page.locator("#suggestions th", has_text="Quantity").click()
    inputs = page.locator("#suggestions tbody td:nth-child(4) input")
    quantities = [int(inputs.nth(i).input_value()) for i in range(inputs.count())]
    assert quantities == sorted(quantities)
    first = page.locator("#suggestions tbody tr").first
    first.locator("td:nth-child(4) input").fill("321")  # the planner edits a quantity: the CSV has it
    with page.expect_download() as download:
        page.locator('[data-csv-table="suggestions"]').click()
    csv = Path(download.value.path()).read_text()
    assert csv.splitlines()[0].startswith("Accept,SKU,Mode,Quantity") and len(csv.splitlines()) == rows.count() + 1
    assert csv.splitlines()[1].split(",")[3] == "321"
    screenshot(page, "plan")
    tick = first.locator('input[name="accept"]')
    key = tick.get_attribute("value")
    tick.check()
    page.locator("#accept-button").click()
    expect(page.locator("#accept-placed")).to_contain_text("(321, ETA")
    expect(page.locator(f'input[name="accept"][value="{key}"]')).to_have_count(0)  # on order: no tick box
    expect(page.locator("#suggestions .pill", has_text="on order")).to_have_count(1)
    screenshot(page, "plan-accepted")


def _run_the_plan_with_the_engine(page: Page, demo: LiveDemo) -> None:
    """As a planner, run today's plan with the forecasting engine (about two seconds on the demo)."""
    log_in(page, demo, Role.PLANNER, "/plan")
    page.fill("#run_date", demo.today)
    page.check('#run-plan input[name="forecast"]')
    page.locator("#run-plan button").click()
    expect(page.locator("#plan-origin")).to_contain_text("Planned just now", timeout=120_000)


def test_a_sku_page_shows_the_forecast_chart(page: Page, live_demo: LiveDemo) -> None:
    _run_the_plan_with_the_engine(page, live_demo)
    page.goto(f"{live_demo.base_url}/plan")  # the stored plan, not re-run
    expect(page.locator("#plan-origin")).to_contain_text("The stored plan of")
    screenshot(page, "plan-stored")
    page.locator("#suggestions tbody tr td a").first.click()
    chart = page.locator("#outlook svg.chart")
    expect(chart).to_be_visible()
    expect(chart.locator("polyline.history")).to_have_count(1)
    expect(chart.locator("polyline.forecast")).to_have_count(1)
    band = chart.locator("polygon.band")
    expect(band).to_have_count(1)
    assert len((band.get_attribute("points") or "").split()) >= 2 * 28  # both edges over the horizon
    expect(page.locator("#replenishment .suggestion .reason").first).not_to_be_empty()
    expect(page.locator("#ad-advice [data-action]")).to_be_visible()
    screenshot(page, "sku-forecast")


def test_the_overview_shows_the_latest_plan_alerts_and_decisions(page: Page, live_demo: LiveDemo) -> None:
    _run_the_plan_with_the_engine(page, live_demo)
    page.goto(f"{live_demo.base_url}/")
    rows = page.locator("#plan-alerts tbody tr")
    expect(rows.first).to_be_visible()
    assert 1 <= rows.count() <= 8
    expect(rows.first.locator("td.alert-numbers")).to_have_text(re.compile(r"\d"))
    expect(
        page.locator("#decisions li", has_text=re.compile(r"air shipments proposed|ad pauses due")).first
    ).to_be_visible()
    screenshot(page, "overview-with-plan")
