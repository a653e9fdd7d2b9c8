def broken(:
    pass
x = 1
class (Base):
    y = 2
if x
    z = 3
f(a, b
print("after")
)
@
def ok(): pass
for in x: pass
lambda x: (yield)
try:
    pass
except
a = [1, 2
b = 3
