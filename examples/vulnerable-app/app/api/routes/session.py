from fastapi import APIRouter, Response

from app.core.security import create_access_token, token_subject

router = APIRouter(tags=["session"])


# Public by design: the default public list covers login/token paths.
@router.post("/login/session")
def login_session(response: Response, username: str, password: str):
    token = create_access_token(username)
    # HttpOnly but not Secure: the session cookie also travels over plain HTTP (FA404).
    response.set_cookie("session", token, httponly=True, samesite="lax")
    # Not a credential: no finding.
    response.set_cookie("theme", "dark")
    return {"ok": True}


@router.post("/login/refresh")
def refresh_session(response: Response, token: str):
    new_token = create_access_token(token_subject(token))
    response.set_cookie("session", new_token, secure=True, httponly=True, samesite="lax")
    return {"ok": True}
