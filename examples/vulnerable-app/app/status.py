from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

# A public status page any site may read: CORS "*" without credentials is only a note (FA204).
status_app = FastAPI(openapi_url=None)
status_app.add_middleware(CORSMiddleware, allow_origins=["*"])


@status_app.get("/")  # fastapi-audit: public uptime page, no data
def status():
    return {"status": "ok"}
