from datetime import datetime, timedelta, timezone

import jwt
from fastapi import HTTPException, status

from app.core.config import settings

ALGORITHM = "HS256"
ACCESS_TOKEN_EXPIRE_MINUTES = 60 * 24 * 8


def create_access_token(subject: str, expires_delta: timedelta | None = None) -> str:
    # Signed with settings.SECRET_KEY, whose default "changethis" is in the repository (FA406).
    expire = datetime.now(timezone.utc) + (expires_delta or timedelta(minutes=ACCESS_TOKEN_EXPIRE_MINUTES))
    return jwt.encode({"exp": expire, "sub": subject}, settings.SECRET_KEY, algorithm=ALGORITHM)


def decode_access_token(token: str) -> dict:
    # Correct: signature checked and the algorithm pinned.
    try:
        return jwt.decode(token, settings.SECRET_KEY, algorithms=[ALGORITHM])
    except jwt.InvalidTokenError:
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="Could not validate credentials")


def token_subject(token: str) -> str:
    # "The token is only read to refresh it": the signature is never checked, so anyone can
    # mint a refresh for any user (FA405).
    payload = jwt.decode(token, options={"verify_signature": False})
    return payload["sub"]
