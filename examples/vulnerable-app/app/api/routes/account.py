from fastapi import APIRouter, Security

from app.core.api_keys import session_cookie

router = APIRouter(prefix="/account", tags=["account"])


@router.get("/")
def read_account(session: str = Security(session_cookie)):
    return {"signed_in": True}


# Any other site can post a form here with the user's session cookie attached (FA105).
@router.post("/email")
def change_email(email: str, session: str = Security(session_cookie)):
    return {"email": email}
