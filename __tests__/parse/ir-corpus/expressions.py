# Expressions (pinned by facts-snapshot.test.ts); comments in odd places # fastapi-audit: public
values = [
    name, obj.attr, obj.a.b, f(), f(a, *b, k=1, **kw), f(x for x in y), f(a)(b)(c),
    "s", 'a' "b", f"x{y}z{{w}}", f"{a!r:>{w}}", f"{x=}", rb"\x00", b"bytes", r"\d\n", u"u", Rb'\q',
    "\n\t\x41\u00e9\U0001F600\N{EM DASH}\101\0\q\a\b\f\v\r\\\'\"\U00110000",
    "line \
continued",
    """triple
    quoted""", f"""{a}
    {b!s}""", 'it''s', "abc" f"{x}" "d", f'{f"{n}"}', f"{'nested'}", f"{x:{y}.{z}}", F"{{}}", fr"{a}\d",
    t"tmpl{x}", "a" t"b", b"\x41" b'\101',
    1, 0x1F, 0o17, 0b101, 1_000, 1.5, 1e10, 1e999, 2j, 1.5J, 00, 0XFF, 1_0.5_0, .5, 5., 123456789012345678901234567890,
    True, False, None, ...,
    [1, 2], {1, 2}, (1, 2), (), (1,), {}, {"a": 1, **d}, [], [*a, *b], {**a, 'b': 2},
    x[1], x[1:2], x[1:2:3], x[a, b], x[:, 1], x[::], list[int], dict[str, int], x[*a],
    a | b, -x, +x, ~x, not x, a and b and c, a or b or c, a and b or c, a or (b and c), not not x,
    a < b < c, a is not b, a not in b, a in b, a is b, a == b, a != b, a >= b <= c > d,
    a if b else c, a if b else c if d else e,
    lambda x, y=1, *a, **k: x + y, lambda: 0, lambda *, k: k, lambda a, /, b: a,
    (yield), (yield from y), (yield a, b),
    [x for x in y if x], {x for x in y}, {k: v for k, v in d.items()}, (x for x in y),
    [x for x in y for z in x], [x async for x in y], [(a, b) for a, b in c],
    (n := 10), [y := f(x), y**2],
    a @ b, a ** b, a // b, a << b, a >> b, a % b, a & b, a ^ b, a - b * c / d,
    x.y(z)[0].w, (a)(b), (a, b)[0], (*a, *b), (*a),
    print(x, file=y), await w, -1 ** 2, not a == b,
]
d = {
    "key": [1, 2, {"n": (3, 4)}],  # comment in a dict
    # comment line
    "other": \
        value,
}
call(
    a,  # one
    # two
    b=2,
)
s = 'unterminated
t = f"{"
u = "\N{NO SUCH NAME}"
