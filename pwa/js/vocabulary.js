// The words the screens share with the server: roles and the sets of roles a rule is about,
// statuses and kinds. Each list equals its server counterpart (server/core/roles.py and the
// models' enums); tests/unit/test_vocabulary.py fails when one side changes alone.

export const ROLES = ["admin", "community_worker", "station_head", "property_staff", "rider", "resident"];
// Sets of roles, named as in server/core/roles.py.
export const TRIAGERS = ["admin", "community_worker"];
export const MANAGERS = ["admin", "community_worker", "station_head"];
export const FIGURE_READERS = ["admin", "community_worker", "station_head", "property_staff"];
export const REDEEMERS = ["rider", "resident"];
export const WISH_WRITERS = ["admin", "community_worker", "station_head", "rider"];
export const STAFF = ["admin", "community_worker", "station_head", "property_staff"];

export const PLATFORMS = ["meituan", "eleme", "sf", "jd", "cainiao", "dada", "other"];

// 随手拍 reports: every status, and those a report is still being worked in.
export const REPORT_STATUSES = ["submitted", "verified", "assigned", "resolved", "closed", "rejected", "duplicate",
  "reopened", "returned"];
export const OPEN_STATUSES = ["submitted", "verified", "assigned", "reopened", "returned"];

export const WISH_STATUSES = ["submitted", "published", "rejected", "claimed", "fulfilled", "thanked", "withdrawn"];
export const WISH_CATEGORIES = ["access", "charging", "resting", "eating", "goods", "learning", "family", "other"];
export const CLAIMER_KINDS = ["resident", "party_member", "merchant", "partner_unit"];

export const PLACE_KINDS = ["rider_station", "drivers_home", "union_station", "outdoor_workers", "compound",
  "building", "delivery_station", "community_centre", "other"];
export const AMENITIES = ["seats", "first_aid", "wifi", "umbrellas", "medicine", "phone_charging",
  "battery_charging", "drinking_water", "hot_water", "microwave", "toilet", "heating", "cooling"];

export const TASK_KINDS = ["publicity", "patrol", "civility", "concerns", "urgent_delivery", "other"];
export const HELP_KINDS = ["pickup", "delivery", "meal", "ride", "errand", "other"];
export const BENEFICIARY_KINDS = ["elderly", "pregnant", "disabled", "other"];
