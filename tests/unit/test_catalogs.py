"""Every string on a screen comes from a catalog, and every catalog has every key."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
PWA = ROOT / "pwa"
# The family of catalogs: the screens' (shipped to the phone) and the server's own
# (problem details, notifications, posters, default categories).
FAMILIES = {"pwa": PWA / "i18n", "server": ROOT / "server" / "i18n"}
LANGUAGES = ("zh", "ug", "en")


def catalogs(family: str = "pwa") -> dict[str, dict[str, str]]:
    folder = FAMILIES[family]
    return {lang: json.loads((folder / f"{lang}.json").read_text(encoding="utf-8")) for lang in LANGUAGES}


@pytest.mark.parametrize("family", FAMILIES)
def test_all_catalogs_have_the_same_keys(family):
    found = catalogs(family)
    keys = set(found["zh"])
    assert keys, family
    for lang, catalog in found.items():
        assert set(catalog) == keys, f"{lang}: missing {keys - set(catalog)}, extra {set(catalog) - keys}"
        empty = [key for key, text in catalog.items() if not text.strip()]
        assert not empty, f"{lang}: empty {empty}"


@pytest.mark.parametrize("family", FAMILIES)
def test_placeholders_match_across_languages(family):
    found = catalogs(family)
    for key, text in found["zh"].items():
        wanted = set(re.findall(r"\{(\w+)\}", text))
        for lang in LANGUAGES:
            assert set(re.findall(r"\{(\w+)\}", found[lang][key])) == wanted, (lang, key)


def test_every_key_the_app_uses_is_in_the_catalog():
    keys = set(catalogs()["zh"])
    used = set()
    for source in (PWA / "js").rglob("*.js"):
        text = source.read_text(encoding="utf-8")
        used.update(re.findall(r'\bt\(\s*"([a-z0-9_.]+)"', text))
        # Keys built from a table or a value: "role.${...}" and friends.
        for prefix in re.findall(r"\bt\(\s*`([a-z0-9_.]+)\.\$\{", text):
            assert any(key.startswith(prefix + ".") for key in keys), prefix
        used.update(re.findall(r'\["/[^"]*",\s*"([a-z0-9_.]+)"\]', text))  # menu tables
    used.update(re.findall(r'data-i18n="([a-z0-9_.]+)"', (PWA / "index.html").read_text(encoding="utf-8")))
    assert len(used) > 50, "the scan found too few keys: its patterns are stale"
    assert used - keys == set()


def test_enumerations_are_translated():
    """Every value a screen names through a built key has its text: a missing one would show
    as the raw key (``notifications.kind.task_offered``) on the screen."""
    keys = set(catalogs()["zh"])
    from server.accounts.models import Role
    from server.locations.models import Amenity, PlaceKind
    from server.notifications.audiences import WHO_IS_TOLD
    from server.org.models import NodeKind, Platform
    from server.reports.models import ReportStatus
    from server.volunteering.models import BeneficiaryKind, HelpKind, HelpStatus, ShareStatus, TaskKind
    from server.wishes.models import ClaimStatus, WishCategory, WishStatus

    for prefix, values in (("role", Role), ("platform", Platform), ("kind", NodeKind), ("place.kind", PlaceKind),
                           ("amenity", Amenity), ("report.status", ReportStatus), ("wish.status", WishStatus),
                           ("wish.category", WishCategory), ("claim.status", ClaimStatus), ("task.kind", TaskKind),
                           ("task.status", [s for s in ShareStatus if s != "claimed"]), ("help.kind", HelpKind),
                           ("help.status", HelpStatus), ("beneficiary.kind", BeneficiaryKind),
                           ("notifications.kind", WHO_IS_TOLD)):
        missing = [str(value) for value in values if f"{prefix}.{value}" not in keys]
        assert missing == [], (prefix, missing)


def test_a_word_both_sides_say_is_written_once():
    """The screens' and the server's catalogs share no key: a status both show is in the
    screens' family only, and the server reads it from there (``core/catalog.text``)."""
    both = set(catalogs("pwa")["zh"]) & set(catalogs("server")["zh"])
    assert both == set()
    from server.core.catalog import text

    screens = catalogs("pwa")
    for lang in LANGUAGES:
        assert text("report.status.assigned", lang) == screens[lang]["report.status.assigned"]


def test_no_user_facing_text_is_hard_coded_in_the_scripts():
    """Chinese, Uyghur or English prose in a script would escape translation."""
    prose = re.compile(r"[\u4e00-\u9fff\u0600-\u06ff]")
    for source in (PWA / "js").rglob("*.js"):
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip().startswith("//"):
                continue
            assert not prose.search(line), f"{source.name}:{number}: {line.strip()}"


@pytest.mark.parametrize("family", FAMILIES)
def test_uyghur_says_rider_with_one_word(family):
    """چاپارمەن throughout: a reader must not wonder whether two words mean two kinds of people."""
    text = json.dumps(catalogs(family)["ug"], ensure_ascii=False)
    assert "چاپارمەن" in text
    for other in ("يەتكۈزگۈچى", "چەۋەنداز"):
        assert other not in text, other
