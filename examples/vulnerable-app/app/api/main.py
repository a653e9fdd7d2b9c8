from fastapi import APIRouter

from app.api.routes import items, login, partners, reports

api_router = APIRouter()
api_router.include_router(login.router)
api_router.include_router(items.router)
api_router.include_router(partners.router)
api_router.include_router(reports.router)
