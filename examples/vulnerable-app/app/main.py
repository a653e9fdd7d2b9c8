from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.api.main import api_router
from app.backoffice import backoffice
from app.core.config import settings
from app.status import status_app

# No TrustedHostMiddleware (FA301) and no HTTPS redirect (FA302).
app = FastAPI(title=settings.PROJECT_NAME)

app.add_middleware(
    CORSMiddleware,
    allow_origins=settings.BACKEND_CORS_ORIGINS,
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)

app.include_router(api_router, prefix=settings.API_V1_STR)
app.mount("/backoffice", backoffice)
app.mount("/status", status_app)
