"""Signing in from a phone-sized Chromium, with the demo accounts."""

import pytest

from server.demo import ACCOUNTS, DEMO_PASSWORD

pytestmark = pytest.mark.browser


async def test_every_demo_role_signs_in_and_out(page, live_server):
    await page.goto(live_server + "/")
    for role, name, phone, username, _ in ACCOUNTS:
        await page.fill("input[name=login]", username or phone)
        await page.fill("input[name=password]", DEMO_PASSWORD)
        await page.click("#sign-in button[type=submit]")
        await page.wait_for_selector("#home:not([hidden])")
        assert await page.text_content("#home [data-name]") == name
        await page.click("#sign-out")
        await page.wait_for_selector("#sign-in:not([hidden])")
    assert page.console_errors == []


async def test_wrong_password_shows_the_servers_message(page, live_server):
    await page.goto(live_server + "/")
    await page.fill("input[name=login]", "admin")
    await page.fill("input[name=password]", "not-the-password")
    await page.click("#sign-in button[type=submit]")
    error = page.locator("#sign-in .error")
    await error.wait_for(state="visible")
    assert await error.text_content() == "账号或密码不正确。"


async def test_a_signed_in_rider_stays_signed_in_after_reload(page, live_server):
    await page.goto(live_server + "/")
    await page.fill("input[name=login]", "13800000005")
    await page.fill("input[name=password]", DEMO_PASSWORD)
    await page.click("#sign-in button[type=submit]")
    await page.wait_for_selector("#home:not([hidden])")
    await page.reload()
    await page.wait_for_selector("#home:not([hidden])")
    assert await page.text_content("#home [data-role]") == "骑手"
