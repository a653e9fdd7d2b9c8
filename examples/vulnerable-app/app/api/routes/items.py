from fastapi import APIRouter, Depends

from app.api.deps import CurrentUser, get_db

router = APIRouter(prefix="/items", tags=["items"])


@router.get("/")
def read_items(user: CurrentUser, db=Depends(get_db)):
    return list(db["items"].values())


@router.post("/")
def create_item(item: dict, user: CurrentUser, db=Depends(get_db)):
    db["items"][item["id"]] = item
    return item


# Forgot the user dependency: anyone can delete items (FA101, high).
@router.delete("/{item_id}")
def delete_item(item_id: int, db=Depends(get_db)):
    db["items"].pop(item_id, None)
    return {"ok": True}
