"""The API router: /api/v1/, OpenAPI 3 schema at /api/v1/openapi.json. Each app contributes its router."""

from ninja import NinjaAPI

from vigie.core.api_auth import API_AUTH
from vigie.frameworks.api import router as frameworks_router
from vigie.indicators.api import router as indicators_router
from vigie.organisation.api import router as organisation_router
from vigie.register.api import router as register_router

api = NinjaAPI(
    title="Vigie API",
    version="1",
    description="API de Vigie. Authentification : `Authorization: Bearer <jeton>` (jeton créé par "
    "`vigie apitoken UTILISATEUR`, avec le périmètre de l'utilisateur).",
    auth=API_AUTH,
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/", frameworks_router)
api.add_router("/", organisation_router)
api.add_router("/", indicators_router)
api.add_router("/", register_router)
