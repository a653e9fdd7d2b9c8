from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import APIKeyQuery, OAuth2PasswordBearer

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/login/access-token")

# Partners send their key as ?api_key=...: it ends up in every access log (FA104).
partner_key = APIKeyQuery(name="api_key")


def get_current_user(token: Annotated[str, Depends(oauth2_scheme)]) -> dict:
    user = {"token": token} if token.startswith("u-") else None
    if user is None:
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="Not authenticated")
    return user


CurrentUser = Annotated[dict, Depends(get_current_user)]


def get_partner(key: Annotated[str, Depends(partner_key)]) -> str:
    return key


def get_db():
    db = {"items": {}}
    try:
        yield db
    finally:
        db.clear()
