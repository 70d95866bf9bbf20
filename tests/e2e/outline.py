"""The outline (bookmarks) of a PDF written by cairo, one title a line,
decoded: python3 tests/e2e/outline.py FILE.pdf"""
import re
import sys

data = open(sys.argv[1], "rb").read()
for m in re.finditer(rb"/Title\s*(<[0-9A-Fa-f]+>|\((?:\\.|[^\\)])*\))", data):
    t = m.group(1)
    if t.startswith(b"<"):
        raw = bytes.fromhex(t[1:-1].decode())
        print(raw[2:].decode("utf-16-be") if raw[:2] == b"\xfe\xff" else raw.decode("latin-1"))
    else:
        print(t[1:-1].decode("latin-1"))
