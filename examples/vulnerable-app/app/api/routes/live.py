from fastapi import APIRouter, Depends, WebSocket

from app.api.deps import get_current_user

router = APIRouter(prefix="/live")


# Anyone can subscribe to the stock feed: no auth on the handshake (FA102).
@router.websocket("/stock")
async def stock_feed(websocket: WebSocket):
    await websocket.accept()
    await websocket.send_json({"stock": 42})


# The dashboard socket requires a user: not reported.
@router.websocket("/dashboard")
async def dashboard(websocket: WebSocket, user: dict = Depends(get_current_user)):
    await websocket.accept()
