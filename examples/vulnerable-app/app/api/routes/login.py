from fastapi import APIRouter

router = APIRouter(tags=["login"])


# Public by design: the default public list covers login/token paths.
@router.post("/login/access-token")
def login_access_token(username: str, password: str):
    return {"access_token": "u-" + username, "token_type": "bearer"}


@router.get("/health")
def health():
    return {"status": "ok"}
