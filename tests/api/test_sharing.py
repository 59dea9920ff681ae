"""Shared links show a card: each public page's own title, description and og: tags."""

import html
import re

import pytest

from server.locations.models import PlaceKind
from server.locations.service import PlaceInput, create_place
from server.wishes.models import Wish
from tests.api.test_wishes import codes, published_wish, wish_by  # noqa: F401  (fixtures and helpers)
from tests.support.photos import camera_jpeg


def meta(page: str) -> dict[str, str]:
    found = {"title": html.unescape(re.search(r"<title>(.*?)</title>", page).group(1))}
    for _attribute, name, content in re.findall(r'<meta (name|property)="([^"]+)" content="([^"]*)"', page):
        found[name] = html.unescape(content)
    return found


async def card(client, path: str, language: str = "zh") -> dict[str, str]:
    answer = await client.get(path, headers={"Accept-Language": language})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    return meta(answer.text)


async def test_every_public_page_has_its_own_card(client, world, codes, settings):  # noqa: F811
    station = codes["station"]
    landing = await card(client, f"/q/{station}")
    assert landing["title"] == landing["og:title"] == "日月星光骑手驿站 · 驿站"
    assert landing["description"] == landing["og:description"] and "扫码随手拍" in landing["description"]
    assert landing["og:url"] == f"{settings.public_url}/q/{station}"
    assert re.fullmatch(re.escape(settings.public_url) + r"/v/\w+/icons/icon-512\.png", landing["og:image"])
    titles = {path: (await card(client, f"/q/{station}{path}"))["og:title"] for path in ("/report", "/wish", "/wall", "/screen")}
    assert titles == {"/report": "随手拍 · 日月星光骑手驿站", "/wish": "许个微心愿 · 日月星光骑手驿站",
                      "/wall": "日月星光骑手驿站的心愿墙", "/screen": "日月星光骑手驿站 · 驿站大屏"}
    community = await card(client, f"/wall/community/{world.community.id}")
    assert community["og:title"] == "红桥社区的心愿墙"
    english = await card(client, f"/q/{station}/wall", "en")
    assert english["og:title"] == "Wish wall of 日月星光骑手驿站"  # no English name: the Chinese one


async def test_a_wish_card_shows_a_published_wish_only(client, as_role, codes):  # noqa: F811
    wish_id, rider, _ = await published_wish(as_role, codes, photo=camera_jpeg(640, 480))
    shared = await card(client, f"/wishes/{wish_id}")
    assert shared["og:title"] == "微心愿：想要一个充电的地方" and "日月星光骑手驿站" in shared["og:description"]
    wish = await Wish.get(id=wish_id)
    assert shared["og:image"].endswith(f"/media/photos/{wish.photo}")
    waiting = await wish_by(rider, codes["station"], title="还在审核的心愿")
    hidden = await card(client, f"/wishes/{waiting['wish']['id']}")
    assert hidden["og:title"] == "驿站 · 骑手与社区" and "还在审核" not in str(hidden)  # nothing of it before review


@pytest.mark.parametrize("path", ["/q/NOSUCHCODE1", "/wishes/999999", "/wall/community/999999", "/reports", "/"])
async def test_other_pages_have_the_apps_own_card(client, world, path):
    shown = await card(client, path)
    assert shown["og:title"] == shown["title"] == "驿站 · 骑手与社区"


async def test_a_name_is_text_in_the_card_never_markup(client, world):
    _, code = await create_place(None, PlaceInput(kind=PlaceKind.BUILDING, name='"><script>alert(1)</script>',
                                                  community_id=world.community.id))
    answer = await client.get(f"/q/{code}")
    assert "<script>alert(1)" not in answer.text
    assert meta(answer.text)["og:title"].startswith('"><script>alert(1)</script>')
