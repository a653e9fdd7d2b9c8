from fastapi import APIRouter, Depends

from app.api import deps

router = APIRouter(prefix="/partners", dependencies=[Depends(deps.get_partner)])


@router.get("/stock")
def partner_stock():
    return {"stock": 42}
