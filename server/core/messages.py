"""Server-side message catalog for problem details, in zh-CN (default), ug and en.

The PWA has its own catalogs for the screens; these are only the texts an API error
carries in ``detail``, keyed by the error's stable ``code``.
"""

from __future__ import annotations

LANGUAGES = ("zh", "ug", "en")
DEFAULT_LANGUAGE = "zh"

MESSAGES: dict[str, dict[str, str]] = {
    "bad_request": {"zh": "请求有误。", "ug": "ئىلتىماس خاتا.", "en": "The request is not valid."},
    "malformed_json": {
        "zh": "请求内容不是有效的 JSON。",
        "ug": "ئىلتىماس مەزمۇنى ئىناۋەتلىك JSON ئەمەس.",
        "en": "The request body is not valid JSON.",
    },
    "validation_failed": {
        "zh": "部分内容填写有误,请检查。",
        "ug": "بەزى مەزمۇنلار خاتا تولدۇرۇلدى، تەكشۈرۈڭ.",
        "en": "Some fields are not valid.",
    },
    "not_signed_in": {"zh": "请先登录。", "ug": "ئالدى بىلەن كىرىڭ.", "en": "Please sign in first."},
    "session_invalid": {
        "zh": "登录已过期,请重新登录。",
        "ug": "كىرىش ۋاقتى ئۆتۈپ كەتتى، قايتا كىرىڭ.",
        "en": "Your session has expired; please sign in again.",
    },
    "csrf_failed": {
        "zh": "安全校验失败,请刷新页面后重试。",
        "ug": "بىخەتەرلىك تەكشۈرۈشى مەغلۇپ بولدى، بەتنى يېڭىلاپ قايتا سىناڭ.",
        "en": "Security check failed; reload the page and try again.",
    },
    "forbidden": {
        "zh": "您没有权限执行此操作。",
        "ug": "بۇ مەشغۇلاتنى قىلىش ھوقۇقىڭىز يوق.",
        "en": "You are not allowed to do this.",
    },
    "not_found": {"zh": "找不到该内容。", "ug": "بۇ مەزمۇن تېپىلمىدى.", "en": "Not found."},
    "method_not_allowed": {
        "zh": "不支持该请求方式。",
        "ug": "بۇ ئىلتىماس ئۇسۇلى قوللىمايدۇ.",
        "en": "This method is not allowed here.",
    },
    "conflict": {
        "zh": "与现有数据冲突。",
        "ug": "مەۋجۇت سانلىق مەلۇمات بىلەن توقۇنۇشتى.",
        "en": "This conflicts with existing data.",
    },
    "payload_too_large": {
        "zh": "提交的内容太大。",
        "ug": "يوللانغان مەزمۇن بەك چوڭ.",
        "en": "The request body is too large.",
    },
    "rate_limited": {
        "zh": "操作太频繁,请稍后再试。",
        "ug": "مەشغۇلات بەك كۆپ، سەل تۇرۇپ قايتا سىناڭ.",
        "en": "Too many attempts; please wait and try again.",
    },
    "internal_error": {
        "zh": "服务器出错了,请稍后再试。",
        "ug": "مۇلازىمېتىردا خاتالىق كۆرۈلدى، سەل تۇرۇپ قايتا سىناڭ.",
        "en": "Something went wrong on the server; please try again later.",
    },
    "service_unavailable": {
        "zh": "服务暂时不可用。",
        "ug": "مۇلازىمەت ۋاقىتلىق ئىشلىمەيدۇ.",
        "en": "The service is temporarily unavailable.",
    },
    "bad_credentials": {
        "zh": "账号或密码不正确。",
        "ug": "ھېسابات ياكى پارول خاتا.",
        "en": "Wrong phone, user name or password.",
    },
    "account_disabled": {
        "zh": "该账号已停用,请联系社区。",
        "ug": "بۇ ھېسابات توختىتىلغان، مەھەللە بىلەن ئالاقىلىشىڭ.",
        "en": "This account is disabled; please contact your community.",
    },
    "phone_taken": {
        "zh": "该手机号已注册。",
        "ug": "بۇ تېلېفون نومۇرى تىزىملىتىلغان.",
        "en": "This phone number is already registered.",
    },
    "username_taken": {
        "zh": "该用户名已被使用。",
        "ug": "بۇ ئىشلەتكۈچى نامى ئىشلىتىلگەن.",
        "en": "This user name is already taken.",
    },
    "invalid_phone": {
        "zh": "请输入 11 位中国大陆手机号。",
        "ug": "11 خانىلىق جۇڭگو قۇرۇقلۇق يانفون نومۇرىنى كىرگۈزۈڭ.",
        "en": "Enter an 11-digit mainland China mobile number.",
    },
    "weak_password": {
        "zh": "密码至少 8 位,且不能全是数字。",
        "ug": "پارول كەم دېگەندە 8 خانە بولۇشى، ھەممىسى سان بولماسلىقى كېرەك.",
        "en": "The password needs at least 8 characters and not only digits.",
    },
    "wrong_password": {
        "zh": "当前密码不正确。",
        "ug": "نۆۋەتتىكى پارول خاتا.",
        "en": "The current password is wrong.",
    },
    "consent_required": {
        "zh": "请阅读并同意隐私说明。",
        "ug": "شەخسىي مەخپىيەتلىك ئۇقتۇرۇشىنى ئوقۇپ قوشۇلۇڭ.",
        "en": "Please read and accept the privacy notice.",
    },
    "station_unknown": {
        "zh": "找不到该配送站。",
        "ug": "بۇ يەتكۈزۈش پونكىتى تېپىلمىدى.",
        "en": "Unknown delivery station.",
    },
    "platform_mismatch": {
        "zh": "所选配送站不属于该平台。",
        "ug": "تاللانغان پونكىت بۇ سۇپىغا تەۋە ئەمەس.",
        "en": "The station does not belong to this platform.",
    },
    "invalid_scope": {
        "zh": "所属单位与角色不匹配。",
        "ug": "تەۋە ئورۇن رولغا ماس كەلمەيدۇ.",
        "en": "This organisation node does not fit the role.",
    },
    "invalid_parent": {
        "zh": "上级单位类型不正确。",
        "ug": "يۇقىرى ئورۇن تۈرى خاتا.",
        "en": "The parent node is of the wrong kind.",
    },
    "name_taken": {
        "zh": "同一上级下已有同名单位。",
        "ug": "ئوخشاش يۇقىرى ئورۇن ئاستىدا ئوخشاش ناملىق ئورۇن بار.",
        "en": "A node with this name already exists under the same parent.",
    },
    "platform_required": {
        "zh": "配送站必须注明所属平台。",
        "ug": "يەتكۈزۈش پونكىتىنىڭ سۇپىسىنى كۆرسىتىش كېرەك.",
        "en": "A delivery station needs its platform.",
    },
    "cannot_disable_self": {
        "zh": "不能停用自己的账号。",
        "ug": "ئۆز ھېساباتىڭىزنى توختىتالمايسىز.",
        "en": "You cannot disable your own account.",
    },
    "login_required": {
        "zh": "员工账号需要手机号或用户名。",
        "ug": "خادىم ھېساباتىغا تېلېفون ياكى ئىشلەتكۈچى نامى كېرەك.",
        "en": "A staff account needs a phone number or a user name.",
    },
    "node_inactive": {
        "zh": "该单位已停用。",
        "ug": "بۇ ئورۇن توختىتىلغان.",
        "en": "This organisation node is no longer active.",
    },
    "unknown_node": {
        "zh": "找不到该单位。",
        "ug": "بۇ ئورۇن تېپىلمىدى.",
        "en": "Unknown organisation node.",
    },
    "invalid_username": {
        "zh": "用户名须以字母开头,3–32 位字母、数字或 _ . -。",
        "ug": "ئىشلەتكۈچى نامى ھەرپ بىلەن باشلىنىپ، 3–32 خانىلىق ھەرپ، سان ياكى _ . - بولۇشى كېرەك.",
        "en": "A user name starts with a letter and has 3–32 letters, digits, _ . or -.",
    },
    "invalid": {
        "zh": "此项内容不正确。",
        "ug": "بۇ تۈرنىڭ مەزمۇنى خاتا.",
        "en": "This value is not valid.",
    },
    "outside_scope": {
        "zh": "超出您的管理范围。",
        "ug": "باشقۇرۇش دائىرىڭىزدىن ئېشىپ كەتتى.",
        "en": "This is outside what you manage.",
    },
    "required": {
        "zh": "此项必填。",
        "ug": "بۇ تۈر چوقۇم تولدۇرۇلۇشى كېرەك.",
        "en": "This field is required.",
    },
    "unknown_amenity": {
        "zh": "设施类型不正确。",
        "ug": "ئەسلىھە تۈرى خاتا.",
        "en": "Unknown amenity.",
    },
    "coordinates_pair": {
        "zh": "经度和纬度需同时填写。",
        "ug": "ئۇزۇنلۇق ۋە كەڭلىك بىللە تولدۇرۇلۇشى كېرەك.",
        "en": "Latitude and longitude go together.",
    },
    "coordinates_range": {
        "zh": "坐标超出范围。",
        "ug": "كوئوردىنات دائىرىدىن ئېشىپ كەتتى.",
        "en": "Coordinates are out of range.",
    },
    "invalid_contact_phone": {
        "zh": "联系电话格式不正确。",
        "ug": "ئالاقە تېلېفونى خاتا.",
        "en": "The contact phone is not valid.",
    },
    "invalid_hours": {
        "zh": "营业时间格式不正确,例如 08:00-22:00。",
        "ug": "ئېچىلىش ۋاقتى خاتا، مەسىلەن 08:00-22:00.",
        "en": "Opening hours are not valid, e.g. 08:00-22:00.",
    },
    "place_name_taken": {
        "zh": "本社区已有同名地点。",
        "ug": "بۇ مەھەللىدە ئوخشاش ناملىق ئورۇن بار.",
        "en": "A place with this name already exists in the community.",
    },
    "community_not_located": {
        "zh": "该社区还没有带坐标的地点。",
        "ug": "بۇ مەھەللىدە كوئوردىناتلىق ئورۇن يوق.",
        "en": "This community has no places with coordinates yet.",
    },
    "location_required": {
        "zh": "请允许定位或选择社区。",
        "ug": "ئورنىڭىزنى ئىشلىتىشكە رۇخسەت قىلىڭ ياكى مەھەللە تاللاڭ.",
        "en": "Share your location or choose a community.",
    },
    "bad_encoding": {
        "zh": "文件编码无法识别,请另存为 UTF-8 或 GBK 的 CSV。",
        "ug": "ھۆججەت كودلىنىشى تونۇلمىدى، UTF-8 ياكى GBK CSV قىلىپ ساقلاڭ.",
        "en": "Unknown file encoding; save the CSV as UTF-8 or GBK.",
    },
    "csv_columns": {
        "zh": "表头不正确,缺少必需的列。",
        "ug": "جەدۋەل بېشى خاتا، زۆرۈر ئىستونلار يوق.",
        "en": "The header row is missing required columns.",
    },
    "csv_empty": {
        "zh": "文件里没有数据行。",
        "ug": "ھۆججەتتە سانلىق مەلۇمات قۇرى يوق.",
        "en": "The file has no data rows.",
    },
    "csv_too_many_rows": {
        "zh": "一次最多导入 5000 行。",
        "ug": "بىر قېتىمدا ئەڭ كۆپ بولغاندا 5000 قۇر.",
        "en": "At most 5,000 rows at a time.",
    },
    "csv_invalid": {
        "zh": "有行不正确,没有导入任何数据。",
        "ug": "بەزى قۇرلار خاتا، ھېچنېمە ئەكىرىلمىدى.",
        "en": "Some rows are not valid; nothing was imported.",
    },
    "unknown_kind": {
        "zh": "地点类型不正确。",
        "ug": "ئورۇن تۈرى خاتا.",
        "en": "Unknown kind of place.",
    },
    "ambiguous_community": {
        "zh": "有多个同名社区,请写成“街道/社区”。",
        "ug": "ئوخشاش ناملىق مەھەللە كۆپ، «كوچا/مەھەللە» شەكلىدە يېزىڭ.",
        "en": "Several communities have this name; write it as street/community.",
    },
    "duplicate_in_file": {
        "zh": "文件中有重复的地点名称。",
        "ug": "ھۆججەتتە تەكرار ئورۇن نامى بار.",
        "en": "The same place name appears twice in the file.",
    },
    "invalid_number": {
        "zh": "请输入数字。",
        "ug": "سان كىرگۈزۈڭ.",
        "en": "Enter a number.",
    },
    "unknown_category": {
        "zh": "请选择问题类型。",
        "ug": "مەسىلە تۈرىنى تاللاڭ.",
        "en": "Choose a kind of problem.",
    },
    "photo_count": {
        "zh": "请上传 1 到 4 张照片。",
        "ug": "1 دىن 4 كىچە رەسىم يوللاڭ.",
        "en": "Add 1 to 4 photos.",
    },
    "place_unknown": {
        "zh": "找不到这个地点编码。",
        "ug": "بۇ ئورۇن نومۇرى تېپىلمىدى.",
        "en": "Unknown place code.",
    },
    "place_inactive": {
        "zh": "这个地点已停用。",
        "ug": "بۇ ئورۇن توختىتىلغان.",
        "en": "This place is no longer active.",
    },
    "place_retired": {
        "zh": "这张海报已更换,请扫描新海报。",
        "ug": "بۇ ئېلان ئالماشتۇرۇلدى، يېڭىسىنى سكانىرلاڭ.",
        "en": "This poster was replaced; scan the new one.",
    },
    "photo_too_large": {
        "zh": "照片太大(每张最多 15 MB)。",
        "ug": "رەسىم بەك چوڭ (ھەر بىرى ئەڭ كۆپ 15 MB).",
        "en": "The photo is too large (15 MB at most).",
    },
    "not_an_image": {
        "zh": "这不是照片文件。",
        "ug": "بۇ رەسىم ھۆججىتى ئەمەس.",
        "en": "This file is not a photo.",
    },
    "photo_too_many_pixels": {
        "zh": "照片像素太多。",
        "ug": "رەسىمنىڭ پىكسېلى بەك كۆپ.",
        "en": "The photo has too many pixels.",
    },
    "photo_damaged": {
        "zh": "照片已损坏,请重拍。",
        "ug": "رەسىم بۇزۇلغان، قايتا تارتىڭ.",
        "en": "The photo is damaged; take it again.",
    },
    "idempotency_conflict": {
        "zh": "该提交编号已被他人使用。",
        "ug": "بۇ يوللاش نومۇرىنى باشقىلار ئىشلەتكەن.",
        "en": "This submission key belongs to someone else.",
    },
    "illegal_transition": {
        "zh": "当前状态下不能这样操作。",
        "ug": "نۆۋەتتىكى ھالەتتە بۇنداق قىلغىلى بولمايدۇ.",
        "en": "This is not possible in the report's current state.",
    },
    "reason_required": {
        "zh": "请填写原因。",
        "ug": "سەۋەبىنى يېزىڭ.",
        "en": "Give a reason.",
    },
    "unknown_report": {
        "zh": "找不到那条随手拍。",
        "ug": "ئۇ مەسىلە تېپىلمىدى.",
        "en": "Unknown report.",
    },
    "assignee_required": {
        "zh": "请选择物业公司或填写部门。",
        "ug": "مۈلۈك شىركىتىنى تاللاڭ ياكى تارماقنى يېزىڭ.",
        "en": "Choose a property company or name a department.",
    },
    "too_long": {
        "zh": "内容太长。",
        "ug": "مەزمۇن بەك ئۇزۇن.",
        "en": "This is too long.",
    },
    "invalid_cursor": {
        "zh": "分页参数无效。",
        "ug": "بەت پارامېتىرى ئىناۋەتسىز.",
        "en": "The paging cursor is not valid.",
    },
    "not_enough_points": {
        "zh": "积分不够。",
        "ug": "نومۇر يېتىشمەيدۇ.",
        "en": "Not enough points.",
    },
    "out_of_stock": {
        "zh": "这件奖品已经兑完了。",
        "ug": "بۇ مۇكاپات تۈگەپ كەتتى.",
        "en": "This reward is out of stock.",
    },
    "reward_unavailable": {
        "zh": "这件奖品现在不能兑换。",
        "ug": "بۇ مۇكاپاتنى ھازىر ئالماشتۇرغىلى بولمايدۇ.",
        "en": "This reward cannot be redeemed now.",
    },
    "unknown_redemption": {
        "zh": "没有这个兑换码,请核对后再试。",
        "ug": "بۇنداق ئالماشتۇرۇش كودى يوق، تەكشۈرۈپ قايتا سىناڭ.",
        "en": "There is no such redemption code; check it and try again.",
    },
    "redemption_other_station": {
        "zh": "这个兑换码属于另一个站点,请到该站点领取。",
        "ug": "بۇ كود باشقا پونكىتقا تەۋە، شۇ پونكىتتىن ئېلىڭ.",
        "en": "This code belongs to another station; the reward is collected there.",
    },
    "already_handed_over": {
        "zh": "这件奖品已经领取过了。",
        "ug": "بۇ مۇكاپات ئاللىقاچان ئېلىنغان.",
        "en": "This reward has already been handed over.",
    },
    "redemption_cancelled": {
        "zh": "这个兑换已经取消,积分已退回。",
        "ug": "بۇ ئالماشتۇرۇش بىكار قىلىندى، نومۇر قايتۇرۇلدى.",
        "en": "This redemption was cancelled; its points went back.",
    },
    "redemption_expired": {
        "zh": "这个兑换码已过期,积分已退回。",
        "ug": "بۇ كودنىڭ ۋاقتى ئۆتتى، نومۇر قايتۇرۇلدى.",
        "en": "This code has expired; its points went back.",
    },
    "window_order": {
        "zh": "结束时间要晚于开始时间。",
        "ug": "ئاخىرلىشىش ۋاقتى باشلىنىش ۋاقتىدىن كېيىن بولۇشى كېرەك.",
        "en": "The end must come after the start.",
    },
    "unknown_account": {
        "zh": "没有这个账号。",
        "ug": "بۇنداق ھېسابات يوق.",
        "en": "There is no such account.",
    },
    "unknown_wish": {
        "zh": "没有这个心愿。",
        "ug": "بۇنداق ئارزۇ يوق.",
        "en": "There is no such wish.",
    },
    "wish_other_place": {
        "zh": "这个心愿属于另一个站点或社区,由那里的工作人员处理。",
        "ug": "بۇ ئارزۇ باشقا پونكىت ياكى مەھەللىگە تەۋە، ئۇ يەردىكى خادىملار بىر تەرەپ قىلىدۇ.",
        "en": "This wish belongs to another station or community; their staff handle it.",
    },
    "already_claimed": {
        "zh": "这个心愿已经有人认领了,看看墙上的其他心愿吧。",
        "ug": "بۇ ئارزۇنى باشقا بىرى ئۈستىگە ئالدى، تامدىكى باشقا ئارزۇلارنى كۆرۈڭ.",
        "en": "Someone has already claimed this wish; have a look at the others on the wall.",
    },
    "wish_not_open": {
        "zh": "这个心愿现在不能认领。",
        "ug": "بۇ ئارزۇنى ھازىر ئۈستىگە ئالغىلى بولمايدۇ.",
        "en": "This wish cannot be claimed now.",
    },
    "unknown_claim": {
        "zh": "这个认领链接无效。",
        "ug": "بۇ ئۈستىگە ئېلىش ئۇلىنىشى ئىناۋەتسىز.",
        "en": "This claim link is not valid.",
    },
    "claim_closed": {
        "zh": "这个认领已经结束,不能再操作。",
        "ug": "بۇ ئۈستىگە ئېلىش ئاخىرلاشتى.",
        "en": "This claim has ended; nothing more can be done with it.",
    },
    "in_the_past": {
        "zh": "日期不能早于今天。",
        "ug": "چېسلا بۈگۈندىن بۇرۇن بولماسلىقى كېرەك.",
        "en": "The date cannot be in the past.",
    },
    "in_the_future": {
        "zh": "日期不能晚于今天。",
        "ug": "چېسلا بۈگۈندىن كېيىن بولماسلىقى كېرەك.",
        "en": "The date cannot be in the future.",
    },
}


def pick_language(accept_language: str | None, cookie_value: str | None = None) -> str:
    """The caller's language: the ``yizhan_lang`` cookie, else the first known Accept-Language."""
    for candidate in [cookie_value or ""] + [
        part.split(";")[0].strip() for part in (accept_language or "").split(",")
    ]:
        base = candidate.lower().split("-")[0]
        if base in LANGUAGES:
            return base
    return DEFAULT_LANGUAGE


def message(code: str, language: str = DEFAULT_LANGUAGE) -> str:
    texts = MESSAGES.get(code)
    if texts is None:
        return code
    return texts.get(language) or texts[DEFAULT_LANGUAGE]
