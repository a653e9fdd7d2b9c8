from fastapi import APIRouter

from app.api.routes import account, admin, items, live, login, partners, reports, session

api_router = APIRouter()
api_router.include_router(login.router)
api_router.include_router(items.router)
api_router.include_router(partners.router)
api_router.include_router(reports.router)
api_router.include_router(session.router)
api_router.include_router(account.router)
api_router.include_router(admin.router)
api_router.include_router(live.router)
