#!/usr/bin/env python3
"""Seed corpora for the fuzz targets, from the shipped schemes, examples and
fixtures: python3 fuzz/make_seeds.py (writes fuzz/seeds/<target>/)."""
import csv, glob, io, os, re, zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fuzz", "seeds")


def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def files(*patterns):
    return sorted({p for pat in patterns for p in glob.glob(os.path.join(ROOT, pat), recursive=True)})


def slug(path):
    return os.path.relpath(path, ROOT).replace("/", "_")


schemes = files("schemes/*.toml", "examples/*/schemes/*.toml", "tests/fixtures/**/*.toml")
for p in schemes:
    put("scheme", slug(p), open(p, "rb").read())

# Expressions: every single-quoted rule in the schemes, and the function tests'.
exprs = set()
for p in schemes + files("tests/expressions.rs", "tests/language.rs"):
    for m in re.finditer(r"'([^'\n]{1,300})'", open(p, encoding="utf-8").read()):
        exprs.add(m.group(1))
for i, e in enumerate(sorted(exprs)):
    put("expr", f"e{i:04}", e)
    put("expr", f"t{i:04}", "T:" + e)

# CSV: one byte choosing roster (0), repairs (1) or points (2), then the file.
which = {"roster": 0, "repairs": 1, "points": 2}
for p in files("examples/*/data/*/*.csv", "tests/fixtures/**/*.csv"):
    stem = os.path.splitext(os.path.basename(p))[0]
    put("csv", slug(p), bytes([which.get(stem, 0)]) + open(p, "rb").read())
roster = open(os.path.join(ROOT, "examples/after-sales/data/2024-05/roster.csv"), "rb").read()
put("csv", "roster_gbk", b"\0" + roster.decode().encode("gbk"))
put("csv", "roster_utf16_tabs", b"\0" + b"\xff\xfe" + roster.decode().replace(",", "\t").encode("utf-16-le"))
put("csv", "roster_quoted_crlf", b"\0" + roster.decode().replace(",", '","').replace("\n", '"\r\n"').encode())

# Sheets: the roster as <sheetData> (inline and shared strings) + NUL + <si>s,
# the .ods and .xls fixtures, and a whole deflated .xlsx.
rows = list(csv.reader(io.StringIO(roster.decode())))


def col(c):
    return chr(ord("A") + c)


shared = sorted({v for r in rows for v in r})
inline, by_index = [], []
for r, row in enumerate(rows, 1):
    inline.append(f'<row r="{r}">' + "".join(
        f'<c r="{col(c)}{r}" t="inlineStr"><is><t>{v}</t></is></c>' for c, v in enumerate(row)) + "</row>")
    by_index.append(f'<row r="{r}">' + "".join(
        (f'<c r="{col(c)}{r}"><v>{v}</v></c>' if re.fullmatch(r"[1-9][0-9.]*", v)
         else f'<c r="{col(c)}{r}" t="s"><v>{shared.index(v)}</v></c>') for c, v in enumerate(row)) + "</row>")
sst = "".join(f"<si><t>{v}</t></si>" for v in shared)
put("sheet", "roster_inline", "".join(inline) + "\0")
put("sheet", "roster_shared", "".join(by_index) + "\0" + sst)
for p in files("tests/fixtures/input/*.ods", "tests/fixtures/input/*.xls"):
    put("sheet", slug(p), open(p, "rb").read())

CT = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
WB = '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
WBRELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
SHEET = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + "".join(inline) + "</sheetData></worksheet>"
for method, name in [(zipfile.ZIP_STORED, "roster_stored.xlsx"), (zipfile.ZIP_DEFLATED, "roster_deflated.xlsx")]:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for part, text in [("[Content_Types].xml", CT), ("_rels/.rels", RELS), ("xl/workbook.xml", WB),
                           ("xl/_rels/workbook.xml.rels", WBRELS), ("xl/worksheets/sheet1.xml", SHEET)]:
            z.writestr(part, text)
    put("sheet", name, buf.getvalue())
