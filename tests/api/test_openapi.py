"""The OpenAPI document describes the multipart bodies (files as binary, text with its
limits), and every slice's routes are in it."""

import pytest

MULTIPART = {
    ("/api/v1/reports", "post"): {"photos": "files", "description": 1000, "code": 40, "spot": 100},
    ("/api/v1/wishes", "post"): {"photo": "file", "title": 40, "description": 500, "rider_name": 50},
    ("/api/v1/rewards/{reward_id}/picture", "post"): {"photo": "file"},
    ("/api/v1/reports/{report_id}/after-photo", "post"): {"photo": "file"},
    ("/api/v1/claims/{token}/fulfil", "post"): {"note": 500, "photo": "file"},
}


@pytest.fixture
async def document(client):
    response = await client.get("/api/schema/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("route", MULTIPART)
async def test_multipart_bodies_are_typed_with_their_limits(document, route):
    path, method = route
    body = document["paths"][path][method]["requestBody"]["content"]["multipart/form-data"]["schema"]
    properties = body["properties"]
    for name, expected in MULTIPART[route].items():
        if expected == "file":
            assert properties[name] == {"type": "string", "format": "binary", **_described(properties[name])}
        elif expected == "files":
            assert properties[name]["type"] == "array"
            assert properties[name]["items"] == {"type": "string", "format": "binary"}
        else:
            assert properties[name]["type"] == "string" and properties[name]["maxLength"] == expected, name


def _described(schema):
    return {k: v for k, v in schema.items() if k in ("description", "title")}


async def test_every_slice_has_its_routes_in_the_document(document):
    paths = set(document["paths"])
    for expected in ("/api/v1/auth/sign-in", "/api/v1/accounts", "/api/v1/org/nodes", "/api/v1/places",
                     "/api/v1/codes/{code}", "/api/v1/reports", "/api/v1/report-categories", "/api/v1/wishes",
                     "/api/v1/walls/places/{code}", "/api/v1/claims/{token}", "/api/v1/points/me",
                     "/api/v1/points/trainings", "/api/v1/rewards", "/api/v1/redemptions/mine",
                     "/api/v1/notifications", "/healthz"):
        assert expected in paths, expected
    paged = {p["name"] for p in document["paths"]["/api/v1/reports"]["get"]["parameters"]}
    assert {"cursor", "limit"} <= paged  # the paging dependency is documented
