"""The support team's back office: a small dashboard app, mounted at /backoffice by app.main."""
from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.sessions import SessionMiddleware

from app.api.deps import CurrentUser
from app.core.config import settings

# Correct: no OpenAPI schema or docs pages for the back office (FA402 stays quiet here),
# but debug comes from a settings field whose default is True (FA401).
backoffice = FastAPI(title="Back office", debug=settings.DEBUG, openapi_url=None)

# Sessions signed with SECRET_KEY, whose default is in the repository; no https_only, and
# SameSite=None so the dashboard can be embedded in the help-desk tool (FA403).
backoffice.add_middleware(SessionMiddleware, secret_key=settings.SECRET_KEY, same_site="none")

# Our own subdomains are matched correctly; the preview deployments of the dashboard front end
# are not: anyone can create a site on vercel.app (FA202). The intranet still uses plain HTTP (FA203).
backoffice.add_middleware(
    CORSMiddleware,
    allow_origin_regex=r"https://([a-z0-9-]+\.)*shop-example\.com|https://.*\.vercel\.app",
    allow_origins=["http://intranet.shop-example.com"],
    allow_credentials=True,
)


@backoffice.get("/tickets")
def open_tickets(user: CurrentUser):
    return [{"id": 1, "subject": "Refund", "assignee": user["sub"]}]
