"""The admin's screens: the organisation tree and accounts, driven through the browser and
checked through the API."""

import pytest

from tests.e2e.conftest import unexpected_errors
from tests.e2e.test_browser_sign_in import sign_in

pytestmark = pytest.mark.browser


async def api_get(page, path):
    return await page.evaluate(f"fetch('/api/v1{path}').then(r => r.json())")


async def test_admin_adds_and_deactivates_a_community(page, live):
    await sign_in(page, live, "admin")
    await page.click("nav.menu a[href='/admin/org']")
    await page.wait_for_selector(".tree")
    street = page.locator("li.node[data-kind=street]", has_text="赛马场街道").first
    await street.locator("> .actions button", has_text="添加社区").click()
    form = street.locator("> div > form.inline-form").nth(1)
    await form.locator("input[name=name]").fill("测试新社区")
    await form.locator("input[name=name_ug]").fill("سىناق مەھەللە")
    await form.locator("button[type=submit]").click()
    await page.wait_for_selector("li.node[data-kind=community]:has-text('测试新社区')")
    nodes = await api_get(page, "/org/nodes?kind=community")
    created = next(n for n in nodes if n["name"] == "测试新社区")
    assert created["name_ug"] == "سىناق مەھەللە"

    # Same name again under the same street: the server's message shows in the form.
    await street.locator("> .actions button", has_text="添加社区").click()
    form = street.locator("> div > form.inline-form").nth(1)
    await form.locator("input[name=name]").fill("测试新社区")
    await form.locator("button[type=submit]").click()
    await form.locator(".form-error").wait_for(state="visible")
    assert "同名" in await form.locator(".form-error").text_content()

    node = page.locator("li.node[data-kind=community]", has_text="测试新社区")
    await node.locator("> .actions button", has_text="停用").click()
    await page.wait_for_selector("li.node.inactive:has-text('测试新社区')")
    assert not any(n["name"] == "测试新社区" for n in await api_get(page, "/org/nodes?kind=community"))
    assert unexpected_errors(page, 409) == []


async def test_admin_creates_disables_and_resets_an_account(page, live):
    await sign_in(page, live, "admin")
    await page.click("nav.menu a[href='/admin/accounts']")
    await page.wait_for_selector("ul.people")
    form = page.locator("form.card", has_text="新建账号")
    await form.locator("select[name=role]").select_option("station_head")
    await form.locator("input[name=name]").fill("赵站长")
    await form.locator("input[name=phone]").fill("13655556666")
    await form.locator("select[name=scope_id]").select_option(label="大湾南京东配送站")
    await form.locator("input[name=password]").fill("station-pass-1")
    await form.locator("button[type=submit]").click()
    row = page.locator("li.person", has_text="赵站长")
    await row.wait_for()
    found = (await api_get(page, "/accounts?role=station_head"))["items"]
    person = next(p for p in found if p["name"] == "赵站长")
    assert person["phone"] == "13655556666" and person["scope"]["name"] == "大湾南京东配送站"

    await row.locator("button", has_text="停用").click()
    await page.wait_for_selector("li.person.inactive:has-text('赵站长')")
    assert (await api_get(page, f"/accounts/{person['id']}"))["is_active"] is False

    page.once("dialog", lambda dialog: dialog.accept())
    row = page.locator("li.person", has_text="赵站长")
    await row.locator("button", has_text="重置密码").click()
    temp = row.locator(".temp-password")
    await temp.wait_for()
    assert len(await temp.text_content()) == 10

    # A bad phone number: the message sits next to the field.
    await form.locator("select[name=role]").select_option("rider")
    await form.locator("input[name=name]").fill("错号骑手")
    await form.locator("input[name=phone]").fill("12345")
    await form.locator("input[name=password]").fill("station-pass-1")
    await form.locator("button[type=submit]").click()
    message = form.locator(".field-error[data-for=phone]")
    await message.wait_for(state="visible")
    assert await message.text_content() == "请输入 11 位中国大陆手机号。"
    assert unexpected_errors(page, 422) == []


async def test_station_head_sees_own_riders_read_only_with_masked_phones(page, live):
    await sign_in(page, live, "rijingxingguang")
    await page.click("nav.menu a[href='/people']")
    await page.wait_for_selector("ul.people")
    names = await page.locator("li.person strong").all_text_contents()
    # The demo's people of 日月星光站 (riders other tests register there may be listed too).
    assert {"王站长", "艾力·买买提", "张伟"} <= set(names) and "陈静" not in names
    assert await page.locator("li.person button").count() == 0
    assert "138****0005" in await page.text_content("main")


async def test_admin_changes_a_category_deadline(page, live):
    await sign_in(page, live, "admin")
    await page.click("nav.menu a[href='/admin/categories']")
    row = page.locator("li.person[data-key=street_light]")
    await row.wait_for()
    await row.locator("button", has_text="修改").click()
    await row.locator("input[name=default_deadline_hours]").fill("36")
    await row.locator("button[type=submit]").click()
    await page.wait_for_selector("li.person[data-key=street_light] .tag:has-text('36 小时')")
    categories = await api_get(page, "/report-categories")
    assert next(c for c in categories if c["key"] == "street_light")["default_deadline_hours"] == 36
    await page.locator("li.person[data-key=street_light] button", has_text="修改").click()
    form = page.locator("li.person[data-key=street_light] form")
    await form.locator("input[name=default_deadline_hours]").fill("48")
    await form.locator("button[type=submit]").click()
    await page.wait_for_selector("li.person[data-key=street_light] .tag:has-text('48 小时')")
    assert page.console_errors == []
