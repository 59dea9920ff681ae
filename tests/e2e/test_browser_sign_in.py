"""Signing in, registering and signing out from a phone-sized Chromium."""

import pytest
from playwright.async_api import TimeoutError as PlaywrightTimeout

from server.demo import ACCOUNTS, DEMO_PASSWORD
from tests.e2e.conftest import goto, ready

pytestmark = pytest.mark.browser

# What each role's home offers (screens that exist), by link target.
MENUS = {
    "admin": ["/notifications", "/dashboard", "/reports", "/admin/org", "/admin/accounts", "/places", "/posters", "/admin/categories",
              "/admin/points", "/rewards", "/wishes/review", "/wishes/stats", "/groups", "/admin/deliveries", "/tasks/manage", "/help",
              "/account"],
    "community_worker": ["/notifications", "/reports", "/dashboard", "/places", "/posters", "/people", "/wishes/review",
                         "/wishes/stats", "/rewards", "/handover", "/trainings", "/groups", "/admin/deliveries",
                         "/tasks/manage", "/help", "/account"],
    "station_head": ["/notifications", "/handover", "/wishes/review", "/posters", "/reports", "/wishes/stats", "/places",
                     "/people", "/rewards", "/trainings", "/leaderboard", "/dashboard", "/tasks/manage", "/account"],
    "property_staff": ["/notifications", "/reports", "/dashboard", "/account"],
    "rider": ["/notifications", "/tasks", "/tasks/mine", "/reports/mine", "/wishes/mine", "/wallet", "/nearby", "/code", "/leaderboard",
              "/account"],
    "resident": ["/notifications", "/claims/mine", "/help/ask", "/reports/mine", "/wallet", "/nearby", "/code", "/account"],
}


async def sign_in(page, live, login, password=DEMO_PASSWORD):
    await goto(page, live.url("/signin"))
    await page.fill("input[name=login]", login)
    await page.fill("input[name=password]", password)
    await page.click("form button[type=submit]")
    await page.wait_for_selector("nav.menu")


async def test_every_demo_role_signs_in_sees_its_menu_and_signs_out(page, live):
    seen_roles = set()
    for role, name, phone, username, _ in ACCOUNTS:
        if role.value in seen_roles:
            continue
        seen_roles.add(role.value)
        await sign_in(page, live, username or phone)
        assert name in await page.text_content("h1")
        links = await page.eval_on_selector_all("nav.menu a", "els => els.map(a => a.getAttribute('href'))")
        assert links == MENUS[role.value], role
        for href in links:  # every link leads to a screen that exists and is allowed
            # Wait for the navigation itself. The home screen may be drawn a second time
            # just after sign-in (the session refreshes), which can swallow a first click.
            for attempt in range(2):
                await page.click(f"nav.menu a[href='{href}']")
                try:
                    await page.wait_for_url(f"**{href}", timeout=5000)
                    break
                except PlaywrightTimeout:
                    if attempt:
                        raise
            await ready(page)
            assert page.url.endswith(href)
            heading = await page.text_content("h1")
            assert heading not in ("页面不存在", "无权访问"), (role, href)
            await page.go_back()
            await page.wait_for_selector("nav.menu")
        await page.click("nav.menu a[href='/account']")
        await page.click("#sign-out")
        await page.wait_for_selector("a[href='/signin']")
    assert seen_roles == set(MENUS)
    assert page.console_errors == []


async def test_wrong_password_shows_the_servers_message(page, live):
    await goto(page, live.url("/signin"))
    await page.fill("input[name=login]", "admin")
    await page.fill("input[name=password]", "not-the-password")
    await page.click("form button[type=submit]")
    error = page.locator("form .form-error")
    await error.wait_for(state="visible")
    assert await error.text_content() == "账号或密码不正确。"


async def test_a_deep_link_survives_sign_in_and_reload(page, live):
    await goto(page, live.url("/admin/org"))
    assert "/signin?next=%2Fadmin%2Forg" in page.url
    await page.fill("input[name=login]", "admin")
    await page.fill("input[name=password]", DEMO_PASSWORD)
    await page.click("form button[type=submit]")
    await page.wait_for_selector(".tree")
    assert page.url.endswith("/admin/org")
    await page.reload()
    await page.wait_for_selector(".tree")
    assert page.console_errors == []


async def test_rider_registers_with_consent(page, live):
    await goto(page, live.url("/register"))
    await page.fill("input[name=name]", "新骑手")
    await page.fill("input[name=phone]", "+86 137 1234 5678")
    await page.select_option("select[name=platform]", "meituan")
    await page.select_option("select[name=station_id]", label="日月星光站")
    await page.fill("input[name=password]", "ride-safe-77")
    await page.click("form button[type=submit]")
    consent_error = page.locator(".field-error[data-for=consent]")
    await consent_error.wait_for(state="visible")
    assert await consent_error.text_content() == "请阅读并同意隐私说明。"
    await page.click("details.notice summary")
    assert "姓氏" in await page.text_content("details.notice p")
    await page.check("input[name=consent]")
    await page.click("form button[type=submit]")
    await page.wait_for_selector("nav.menu")
    assert "新骑手" in await page.text_content("h1")
    me = await page.evaluate("fetch('/api/v1/auth/me').then(r => r.json())")
    assert me["account"]["phone"] == "13712345678" and me["account"]["role"] == "rider"
    assert me["account"]["scope"]["name"] == "日月星光站"


async def test_a_form_on_another_site_cannot_sign_the_browser_in(page, context, live):
    """Login CSRF: a page elsewhere posts a text/plain form whose body is JSON with the
    attacker's credentials. The browser must stay signed out."""
    port = live.base.rsplit(":", 1)[1]
    await page.goto(f"http://localhost:{port}/offline")  # another site (localhost ≠ 127.0.0.1)
    await page.evaluate("""(target) => {
        const form = Object.assign(document.createElement('form'),
            { method: 'POST', action: target, enctype: 'text/plain' });
        const field = Object.assign(document.createElement('input'),
            { name: '{"login":"13800000005","password":"yizhan-demo-2026","x":"', value: '"}' });
        form.append(field); document.body.append(form); form.submit();
    }""", live.url("/api/v1/auth/sign-in"))
    await page.wait_for_url("**/api/v1/auth/sign-in")
    await page.wait_for_load_state()
    assert "cross_site" in await page.text_content("body")
    cookies = await context.cookies(live.base)
    assert not [c for c in cookies if c["name"] == "yizhan_session"]
    await goto(page, live.url("/"))
    assert await page.evaluate("fetch('/api/v1/auth/me').then(r => r.status)") == 401


async def test_a_resident_signs_up_from_the_rider_registration(page, live):
    await goto(page, live.url("/register"))
    await page.click("a[href='/register/resident']")
    await page.wait_for_selector("#resident-form")
    form = page.locator("#resident-form")
    await form.locator("input[name=name]").fill("古丽")
    await form.locator("input[name=phone]").fill("136 5555 0101")
    await form.locator("select[name=community_id]").select_option(label="红桥社区")
    await form.locator("input[name=password]").fill("tianshan-home-9")
    await form.locator("input[name=consent]").check()
    await form.locator("button[type=submit]").click()
    await page.wait_for_selector("nav.menu")
    me = await page.evaluate("fetch('/api/v1/auth/me').then(r => r.json())")
    assert (me["account"]["role"], me["account"]["phone"], me["account"]["scope"]["name"]) == (
        "resident", "13655550101", "红桥社区")
