import os
import secrets

from fastapi import Header, HTTPException, Security, status
from fastapi.security import APIKeyCookie, APIKeyHeader

# Optional so that the admin UI can show a hint instead of a bare 403.
admin_key_header = APIKeyHeader(name="X-Admin-Key", auto_error=False)
# The browser front end authenticates with the session cookie set at login.
session_cookie = APIKeyCookie(name="session")

# Not set in staging: every request without the header then matches (FA107).
ADMIN_API_KEY = os.getenv("ADMIN_API_KEY")
# Required: a missing value stops the service at startup.
SERVICE_TOKEN = os.environ["SERVICE_TOKEN"]
METRICS_TOKEN = os.environ["METRICS_TOKEN"]


def verify_admin_key(api_key: str | None = Security(admin_key_header)) -> str | None:
    # `!=` leaks timing (FA106), and None != None is False when both are missing (FA107).
    if api_key != ADMIN_API_KEY:
        raise HTTPException(status_code=status.HTTP_403_FORBIDDEN, detail="Invalid admin key")
    return api_key


def verify_service_token(x_service_token: str = Header()) -> bool:
    # Returns False instead of raising: FastAPI treats any return as success (FA107).
    if secrets.compare_digest(x_service_token, SERVICE_TOKEN):
        return True
    return False


def verify_metrics_token(x_metrics_token: str = Header()) -> None:
    # Correct: constant-time comparison with a required secret, and a raise when it fails.
    if not secrets.compare_digest(x_metrics_token, METRICS_TOKEN):
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="Invalid token")
