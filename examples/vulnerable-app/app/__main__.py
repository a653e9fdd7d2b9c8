"""`python -m app`: run the service behind the load balancer."""
import uvicorn

if __name__ == "__main__":
    # The load balancer's address changes, so every peer is trusted with X-Forwarded-For (FA303).
    uvicorn.run("app.main:app", host="0.0.0.0", port=8000, proxy_headers=True, forwarded_allow_ips="*")
