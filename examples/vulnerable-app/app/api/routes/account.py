from fastapi import APIRouter, Depends

from app.api.deps import session_user

router = APIRouter(prefix="/account", tags=["account"])


@router.get("/")
def read_account(user: dict = Depends(session_user)):
    return {"signed_in": True}


# Any other site can post a form here with the user's session cookie attached (FA105).
@router.post("/email")
def change_email(email: str, user: dict = Depends(session_user)):
    return {"email": email}
