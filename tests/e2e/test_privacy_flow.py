"""A rider's own data in the browser: he downloads what is held about him and deletes his
account on My account; he can no longer sign in."""

import pytest

from tests.e2e.conftest import goto
from tests.e2e.test_browser_sign_in import sign_in
from tests.e2e.test_reports_flow import new_page

pytestmark = pytest.mark.browser
PHONE, PASSWORD = "13800009999", "leave-me-9x"


async def test_a_rider_downloads_his_data_and_leaves(browser, live):
    context, page = await new_page(browser)
    try:
        await goto(page, live.url("/"))
        registered = await page.evaluate("""async ([phone, password]) => {
          const stations = await (await fetch('/api/v1/org/nodes?kind=delivery_station')).json();
          const r = await fetch('/api/v1/auth/register', { method: 'POST', headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ name: '马师傅', phone, password, station_id: stations[0].id, consent: true }) });
          return r.status;
        }""", [PHONE, PASSWORD])
        assert registered == 201
        await sign_in(page, live, PHONE, PASSWORD)
        await goto(page, live.url("/account"))
        href = await page.get_attribute("#my-data", "href")
        held = await (await page.request.get(live.url(href))).json()
        assert held["account"]["phone"] == PHONE and held["account"]["name"] == "马师傅"

        page.on("dialog", lambda dialog: dialog.accept())
        await page.fill("#delete-account input[name=password]", "wrong-password-1")
        await page.click("#delete-account button[type=submit]")
        await page.wait_for_selector("#delete-account .field-error:not([hidden])")
        await page.fill("#delete-account input[name=password]", PASSWORD)
        await page.click("#delete-account button[type=submit]")
        await page.wait_for_selector("a[href='/signin']")
        status = await page.evaluate("""async ([phone, password]) => (await fetch('/api/v1/auth/sign-in', {
          method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ login: phone, password }) })).status""", [PHONE, PASSWORD])
        assert status == 401
        assert [e for e in page.console_errors if "422" not in e and "401" not in e] == []
    finally:
        await context.close()
