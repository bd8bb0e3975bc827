"""REST API v1: every lifecycle step over HTTP, with an OpenAPI schema at /api/v1/openapi.json."""
