from fastapi import APIRouter, BackgroundTasks, Depends, Security

from app.core.api_keys import admin_key_header, verify_admin_key, verify_metrics_token, verify_service_token

router = APIRouter(prefix="/admin", tags=["admin"])


def rebuild_search_index() -> None: ...


@router.post("/cache/flush", dependencies=[Depends(verify_admin_key)])
def flush_cache():
    return {"flushed": True}


# verify_service_token never raises (FA107), so this route is in fact open (FA101 lists it too).
@router.post("/jobs/reindex", dependencies=[Depends(verify_service_token)])
def reindex(background_tasks: BackgroundTasks):
    background_tasks.add_task(rebuild_search_index)
    return {"queued": True}


@router.get("/metrics", dependencies=[Depends(verify_metrics_token)])
def metrics():
    return {"requests": 1234}


# The key is optional "for the hint", and nothing checks it: anyone can read the audit log (FA103).
@router.get("/audit-log")
def audit_log(api_key: str | None = Security(admin_key_header)):
    return [{"event": "login", "user": "alice"}]
