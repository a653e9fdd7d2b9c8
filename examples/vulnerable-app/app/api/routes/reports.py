from fastapi import APIRouter

router = APIRouter()


# Included without the auth dependency its siblings get (FA101, medium).
@router.get("/reports/revenue")
def revenue_report():
    return {"revenue": 1_000_000}
