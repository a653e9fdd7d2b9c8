from typing import Annotated

from fastapi import Depends, HTTPException, Security, status
from fastapi.security import APIKeyQuery, OAuth2PasswordBearer

from app.core.api_keys import session_cookie
from app.core.security import decode_access_token

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/login/access-token")

# Partners send their key as ?api_key=...: it ends up in every access log (FA104).
partner_key = APIKeyQuery(name="api_key")


def get_current_user(token: Annotated[str, Depends(oauth2_scheme)]) -> dict:
    # Correct: the token's signature is checked (401 when it does not verify).
    return decode_access_token(token)


CurrentUser = Annotated[dict, Depends(get_current_user)]


def get_partner(key: Annotated[str, Depends(partner_key)]) -> str:
    # Handed on as is, and nothing checks it: any ?api_key=x gets in (FA108).
    return key


SESSIONS: dict[str, dict] = {}


def session_user(session: str = Security(session_cookie)) -> dict:
    # The session cookie set at login, looked up.
    user = SESSIONS.get(session)
    if user is None:
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="Not signed in")
    return user


def get_db():
    db = {"items": {}}
    try:
        yield db
    finally:
        db.clear()
