"""``yizhan demo``: Tianshan district of Urumqi with the three pilot communities named in
the news report, their property companies and delivery stations, riders, and one account
for each role, a rewards catalogue, some starting points and wishes on the walls. Loading twice changes nothing."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from server.accounts.models import Account
from server.accounts.service import PRIVACY_NOTICE_VERSION, create_account
from server.core.roles import Role
from server.events.models import Training
from server.locations.models import Place, PlaceCode, PlaceKind
from server.locations.service import PlaceInput, create_place
from server.org.models import NodeKind, OrgNode, Platform
from server.org.service import create_node
from server.points.service import adjust, award, ensure_default_rules
from server.reports.categories import ensure_default_categories
from server.reports.models import Category, Report, ReportStatus
from server.rewards.models import Reward
from server.wishes.models import Wish, WishCategory, WishStatus

DEMO_PASSWORD = "yizhan-demo-2026"
DISTRICT = ("天山区", "تيانشان رايونى", "Tianshan District")

# street → community → (property companies, delivery stations with platform)
PILOT = [
    (("碱泉街道", "جيەنچۈەن كوچا باشقارمىسى", "Jianquan Street"),
     ("红桥社区", "خۇڭچياۋ مەھەللىسى", "Hongqiao Community"),
     ["红桥物业服务有限公司"],
     [("日月星光站", Platform.MEITUAN), ("碱泉饿了么配送站", Platform.ELEME)]),
    (("新华南路街道", "شىنخۇا جەنۇبىي يول كوچا باشقارمىسى", "Xinhua South Road Street"),
     ("西河坝后街社区", "شىخېبا ئارقا كوچا مەھەللىسى", "Xiheba Back Street Community"),
     ["西河坝物业管理有限公司"],
     [("西河坝顺丰营业点", Platform.SF)]),
    (("赛马场街道", "سەيماچاڭ كوچا باشقارمىسى", "Saimachang Street"),
     ("大湾南社区", "داۋەن جەنۇبىي مەھەللىسى", "Dawan South Community"),
     ["大湾南物业服务中心"],
     [("大湾南京东配送站", Platform.JD)]),
]

# (role, name, phone, username, scope name) — one account per role, plus more riders.
ACCOUNTS = [
    (Role.ADMIN, "区委社会工作部", None, "admin", "天山区"),
    (Role.COMMUNITY_WORKER, "郭社工", "13800000002", "hongqiao", "红桥社区"),
    (Role.COMMUNITY_WORKER, "马社工", "13800000012", "xiheba", "西河坝后街社区"),
    (Role.STATION_HEAD, "王站长", "13800000003", "rijingxingguang", "日月星光站"),
    (Role.PROPERTY_STAFF, "李物业", "13800000004", "hongqiao-wuye", "红桥物业服务有限公司"),
    (Role.RIDER, "艾力·买买提", "13800000005", None, "日月星光站"),
    (Role.RIDER, "张伟", "13800000015", None, "日月星光站"),
    (Role.RIDER, "陈静", "13800000025", None, "西河坝顺丰营业点"),
    (Role.RESIDENT, "刘阿姨", "13800000006", None, "红桥社区"),
]


# Places with posters. Hours are Beijing time, Monday first.
DAILY = ["08:00", "22:00"]
ALWAYS = ["00:00", "24:00"]
PLACES = [
    dict(community="红桥社区", station="日月星光站", kind=PlaceKind.RIDER_STATION, name="日月星光骑手驿站",
         name_ug="كۈن-ئاي-يۇلتۇز چاپارمەنلەر بېكىتى", name_en="Sun-Moon-Star Rider Station",
         address="碱泉一街红桥社区党群服务中心一楼", latitude=43.8038, longitude=87.6405, phone="0991-2345678",
         amenities=["seats", "first_aid", "wifi", "umbrellas", "medicine", "phone_charging", "battery_charging",
                    "drinking_water", "hot_water", "microwave", "toilet", "heating", "cooling"],
         hours=[ALWAYS] * 7),
    dict(community="红桥社区", station="日月星光站", kind=PlaceKind.BUILDING, name="红桥小区3号楼",
         name_ug="خۇڭچياۋ ئولتۇراق رايونى 3-بىنا", name_en="Hongqiao Compound, Building 3",
         address="红桥小区3号楼", latitude=43.8051, longitude=87.6421, property_company="红桥物业服务有限公司"),
    dict(community="西河坝后街社区", station=None, kind=PlaceKind.DRIVERS_HOME, name="西河坝司机之家",
         name_ug="شىخېبا شوپۇرلار ئۆيى", name_en="Xiheba Drivers' Home", address="西河坝后街社区服务中心旁",
         latitude=43.7843, longitude=87.6179, phone="0991-8765432",
         amenities=["seats", "drinking_water", "hot_water", "phone_charging", "toilet", "heating"],
         hours=[DAILY] * 5 + [["10:00", "18:00"]] * 2),
    dict(community="大湾南社区", station=None, kind=PlaceKind.OUTDOOR_WORKERS, name="大湾南户外劳动者驿站",
         name_ug="داۋەن جەنۇبىي سىرتتا ئىشلىگۈچىلەر بېكىتى", name_en="Dawan South Outdoor Workers' Station",
         address="大湾南社区党群服务中心", latitude=43.7702, longitude=87.6466,
         amenities=["seats", "drinking_water", "microwave", "phone_charging", "battery_charging", "cooling"],
         hours=[["07:30", "21:30"]] * 7),
]


# (owner, name zh/ug/en, cost, stock): what the pilot's stations and communities offer.
REWARDS = [
    ("日月星光站", ("充电宝租借一周", "توك ئامبىرى بىر ھەپتە", "Power bank for a week"), 30, 10),
    ("日月星光站", ("雨衣", "يامغۇرلۇق", "Raincoat"), 50, 5),
    ("红桥社区", ("爱心热饭一份", "ئىسسىق تاماق", "A hot meal"), 20, 30),
    ("西河坝顺丰营业点", ("冬季护膝", "قىشلىق تىز قوغدىغۇچ", "Winter knee pads"), 60, 8),
]
# Riders who came to the first talk session (恳谈会) start with its points.
TRAINED_RIDERS = ["13800000005", "13800000015", "13800000025"]
WELCOME_POINTS = 40


# (place, rider phone, category, title, description, state): a wall with something on it.
WISHES = [
    ("日月星光骑手驿站", "13800000005", WishCategory.GOODS, "冬天想要一副防风手套", "骑车手冻得握不住车把", "published"),
    ("日月星光骑手驿站", "13800000015", WishCategory.ACCESS, "希望3号楼门禁给骑手开个口", "送餐要在门口等很久", "published"),
    ("日月星光骑手驿站", "13800000005", WishCategory.CHARGING, "想在驿站给电动车电池充电", "", "thanked"),
    ("西河坝司机之家", "13800000025", WishCategory.EATING, "晚上十点后想吃口热饭", "", "published"),
]


async def load_demo(password: str = DEMO_PASSWORD) -> bool:
    """Create the demo tree and accounts; False if they were there already."""
    if await OrgNode.filter(name=DISTRICT[0], kind=NodeKind.DISTRICT).exists():
        return False
    nodes: dict[str, OrgNode] = {}
    district = await create_node(None, kind=NodeKind.DISTRICT, name=DISTRICT[0], parent_id=None,
                                 name_ug=DISTRICT[1], name_en=DISTRICT[2])
    nodes[district.name] = district
    for street_names, community_names, companies, stations in PILOT:
        street = await create_node(None, kind=NodeKind.STREET, name=street_names[0], parent_id=district.id,
                                   name_ug=street_names[1], name_en=street_names[2])
        community = await create_node(None, kind=NodeKind.COMMUNITY, name=community_names[0],
                                      parent_id=street.id, name_ug=community_names[1],
                                      name_en=community_names[2])
        nodes[street.name], nodes[community.name] = street, community
        for company in companies:
            nodes[company] = await create_node(None, kind=NodeKind.PROPERTY_COMPANY, name=company,
                                               parent_id=community.id)
        for station, platform in stations:
            nodes[station] = await create_node(None, kind=NodeKind.DELIVERY_STATION, name=station,
                                               parent_id=community.id, platform=platform)
    for spec in PLACES:
        spec = dict(spec)
        community, station = nodes[spec.pop("community")], spec.pop("station")
        company = spec.pop("property_company", None)
        await create_place(None, PlaceInput(**spec, community_id=community.id,
                                            station_id=nodes[station].id if station else None,
                                            property_company_id=nodes[company].id if company else None))
    for role, name, phone, username, scope in ACCOUNTS:
        await create_account(
            None, role=role, name=name, password=password, phone=phone, username=username,
            scope_id=nodes[scope].id,
            consent_version=PRIVACY_NOTICE_VERSION if role in (Role.RIDER, Role.RESIDENT) else None,
        )
    for owner, (name, name_ug, name_en), cost, stock in REWARDS:
        await Reward.create(owner_id=nodes[owner].id, owner_path=nodes[owner].path, name=name, name_ug=name_ug,
                            name_en=name_en, cost=cost, stock=stock)
    await ensure_default_rules()  # the server makes them on start; the demo may run first
    talk = await Training.create(title="骑手恳谈会", held_on=datetime.now(UTC).date(), node_id=district.id,
                                 node_path=district.path)
    for phone in TRAINED_RIDERS:
        rider = await Account.get(phone=phone)
        await award(rider.id, "training_attended", "training", talk.id, note=talk.title)
        await adjust(rider.id, WELCOME_POINTS, "积分计划开通赠送", made_by=None)
    await Account.filter(phone=TRAINED_RIDERS[0]).update(on_leaderboard=True)
    await _demo_wishes()
    await _demo_history()
    return True


async def _demo_wishes() -> None:
    moment = datetime.now(UTC)
    for place_name, phone, category, title, description, state in WISHES:
        place = await Place.get(name=place_name)
        rider = await Account.get(phone=phone)
        lit = state == "thanked"
        await Wish.create(category=category, title=title, description=description, place_id=place.id,
                          community_id=place.community_id, scope_path=place.scope_path, rider_id=rider.id,
                          rider_name=rider.name, status=WishStatus(state), published_at=moment,
                          claimed_at=moment if lit else None, fulfilled_at=moment if lit else None,
                          thanked_at=moment if lit else None,
                          thanks="谢谢社区,现在换电不用跑远路了!" if lit else "")


# Finished reports of the last months, so that the dashboard and the monthly report have
# something to show: (place, reports a month). Sent by residents without an account, all
# closed, so they appear in no queue and in nobody's "my reports".
HISTORY = [("日月星光骑手驿站", 14), ("红桥小区3号楼", 10), ("西河坝司机之家", 9), ("大湾南户外劳动者驿站", 6)]
HISTORY_MONTHS = 4


async def _demo_history() -> None:
    await ensure_default_categories()  # the server makes them on start; the demo may run first
    chance = random.Random(2026)  # the same demo every time
    categories = await Category.filter(is_active=True).order_by("sort_order", "id")
    moment = datetime.now(UTC)
    hour = timedelta(hours=1)
    number = 0
    for place_name, per_month in HISTORY:
        place = await Place.get(name=place_name)
        community = await OrgNode.get(id=place.community_id)
        for back in range(HISTORY_MONTHS):
            for _ in range(per_month):
                sent = moment - timedelta(days=back * 30 + chance.uniform(2, 30))
                roll = chance.random()
                number += 1
                fields = dict(category_id=chance.choice(categories).id, place_id=place.id, scope_path=community.path,
                              description="楼道堆放杂物" if roll < 0.5 else "路灯不亮", guest_name="热心居民",
                              idempotency_key=f"demo-history-{number}", first_response_at=sent + hour * chance.uniform(0.3, 6))
                if roll < 0.12:
                    fields.update(status=ReportStatus.REJECTED)
                elif roll < 0.17:
                    fields.update(status=ReportStatus.DUPLICATE)
                else:
                    fixed = sent + hour * chance.choice([3, 6, 10, 18, 22, 30, 52])
                    closed = fixed + hour * 12
                    fields.update(status=ReportStatus.CLOSED, verified_at=fields["first_response_at"],
                                  first_resolved_at=fixed, resolved_at=fixed, closed_at=closed,
                                  deadline_at=sent + 24 * hour, assigned_company_id=place.property_company_id)
                report = await Report.create(**fields)
                await Report.filter(id=report.id).update(created_at=sent)


def print_sign_ins(password: str = DEMO_PASSWORD) -> None:
    print(f"\nDemo sign-ins (password for all: {password})")
    for role, name, phone, username, scope in ACCOUNTS:
        print(f"  {role.value:<17} {username or phone:<16} {name} — {scope}")


async def print_places(public_url: str) -> None:
    print("\nDemo places (poster landing pages)")
    for entry in await PlaceCode.filter(retired_at=None).select_related("place").order_by("place_id"):
        print(f"  {public_url}/q/{entry.code}  {entry.place.name}")

