# fastapi-audit: public
"""A tour of the statements the extractor decodes (pinned by facts-snapshot.test.ts)."""
import os, os.path as osp, a.b.c
import x.y as z  # fastapi-audit: ignore[FA101] trailing marker
from . import sibling
from .. mod import y as z
from ...pkg.sub import (a, b as c,)
from .pkg import *
from m import *
from __future__ import annotations, division
from __future__ import (generators as gen_alias)

x = 1
a = b = c = 2
x: int = 3
y: "T"
z: list[int] = w = []
a, b = 1, 2
[a, *b] = xs
(a, b) = c
x += 1
x //= 2
x @= m
x **= 3
f(x); g(y)
1, 2
a, *b
yield x
await z
print "python two"
exec "code"
print >> sys.stderr, "x"


def f(a, b=1, *args, c: int, d: int = 2, **kw) -> int: ...
def g(a, /, b, *, c): pass
def h(*, a): pass
def i(*args: int, **kw: str): yield
def i2(a, b, /): return
async def j():
    await x
    return 1, 2
def outer(a=(yield)):
    def inner():
        yield 1
    return inner
def typed(a: list[int] | None = None, b: Annotated[str, Depends(f)] = "x") -> dict[str, int | None]: ...
def pep695[T, *Ts, **P](x: T) -> T: ...
class Box[T](Generic[T]): ...
class Empty: pass
class Paren(): pass


@decorator
@decorator.attr(1)
@(lambda f: f)
@a[0].b
class C(Base, metaclass=M, *mixins, **kw):
    x: int = 1
    y = (yield)

    def m(self):
        return

    @property
    async def p(self) -> "C":
        async with self.lock:
            yield self


@dec
def k(): pass


@router.get("/items/{item_id}", dependencies=[Depends(auth)])
async def read(item_id: int, user: User = Depends(get_user), q: str | None = Query(None)) -> Item:
    if item_id < 0:
        raise HTTPException(status_code=404, detail="missing")
    return Item(id=item_id)


if a: pass
elif b: pass
elif c:
    pass
else: pass
if x:
    y = 1
else:
    if z:
        pass

for i in range(10): continue
else: break
async for x in y: pass
for a, b in c: pass
for (a, b), *c in d: pass
while x: pass
else: pass
while True:
    break

try: pass
except ValueError: pass
except (A, B) as e: pass
except A, B: pass
except A as e:
    raise
except: pass
else: pass
finally: pass

try:
    pass
except* E as eg:
    pass
except* (F, G):
    pass

try:
    pass
finally:
    cleanup()

with open(f) as fh, lock: pass
with (open(a) as b, open(c) as d): pass
async def w():
    async with x as (a, b): pass
with a as b.c: pass
with a as b[0], c as [d, e]: pass
with (yield): pass

match cmd:
    case [x, y]: pass
    case {"k": v, **rest}: pass
    case Point(x=0) | None: pass
    case str() as s if s: pass
    case _:
        pass

return
return x
return a, b
raise
raise X from e
raise X()
assert x
assert x, "msg"
type Alias = int
type Gen[T] = list[T]
type Union = int | str | None
global a, b
def nl():
    nonlocal c
del a, b[0], c.d
del (a, b)
pass; break; continue
