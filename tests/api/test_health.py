async def test_healthz_checks_the_database(client, settings):
    response = await client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    if settings.redis_url:
        assert body["checks"]["redis"] == "ok"


async def test_openapi_document_is_served(client):
    response = await client.get("/api/schema/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/auth/sign-in" in paths
    assert "/api/v1/accounts" in paths or "/api/v1/accounts/" in paths
