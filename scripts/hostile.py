#!/usr/bin/env python3
"""Writes one hostile input into a copy of the after-sales example month:
    python3 scripts/hostile.py CASE WORKSPACE
Used by scripts/reliability.sh; each case replaces or changes one file of
WORKSPACE/data/2024-05 (roster, repairs or points) or the scheme."""
import io, os, sys, zipfile

case, ws = sys.argv[1], sys.argv[2]
data = os.path.join(ws, "data", "2024-05")
roster_csv = os.path.join(data, "roster.csv")
roster = open(roster_csv, encoding="utf-8").read() if os.path.exists(roster_csv) else ""
rows = [line.split(",") for line in roster.splitlines()]

CT = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
WB = '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
WBRELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'


def col(c):
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def roster_rows(shared=None):
    """The roster as <row>s: inline strings, or shared string 0 for names."""
    out = []
    for r, row in enumerate(rows, 1):
        cells = []
        for c, v in enumerate(row):
            if shared is not None and r > 1 and c == 1:
                cells.append(f'<c r="{col(c)}{r}" t="s"><v>0</v></c>')
            else:
                cells.append(f'<c r="{col(c)}{r}" t="inlineStr"><is><t>{v}</t></is></c>')
        out.append(f'<row r="{r}">' + "".join(cells) + "</row>")
    return "".join(out)


def xlsx(sheet_data, shared=(), dimension="A1:E20", pad=""):
    sst = "".join(f"<si><t>{s}</t></si>" for s in shared)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WB)
        z.writestr("xl/_rels/workbook.xml.rels", WBRELS)
        z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{sst}</sst>')
        z.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/>{pad}<sheetData>{sheet_data}</sheetData></worksheet>')
    return buf.getvalue()


def as_roster(name, content):
    os.remove(roster_csv)
    with open(os.path.join(data, name), "wb") as f:
        f.write(content)


def write(name, text, encoding="utf-8"):
    with open(os.path.join(data, name), "w", encoding=encoding, newline="") as f:
        f.write(text)


if case == "far-cell":
    as_roster("roster.xlsx", xlsx(roster_rows() + '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>', dimension="A1:XFD1048576"))
elif case == "huge-shared-string":
    # 64 MiB shared string used by every name cell: deflated to ~64 KB.
    as_roster("roster.xlsx", xlsx(roster_rows(shared=True), shared=["名" * (64 * 1024 * 1024 // 3)]))
elif case == "whitespace-xml":
    as_roster("roster.xlsx", xlsx(roster_rows(), pad=" " * (200 * 1024 * 1024)))
elif case == "wide-header":
    lines = roster.splitlines()
    lines[0] += ",重复" * 100_000
    write("roster.csv", "\n".join(lines) + "\n")
elif case == "ten-mb-value":
    lines = open(os.path.join(data, "repairs.csv"), encoding="utf-8").read().splitlines()
    cells = lines[1].split(",")
    cells[1] = "x" * 10_000_000
    lines[1] = ",".join(cells)
    write("repairs.csv", "\n".join(lines) + "\n")
elif case == "long-name":
    # 40,000 characters in a name: more than an Excel cell holds (JSON takes it).
    rows[1][1] = "张" * 40_000
    write("roster.csv", "\n".join(",".join(r) for r in rows) + "\n")
elif case == "open-quote":
    lines = open(os.path.join(data, "points.csv"), encoding="utf-8").read().splitlines()
    lines[2] = '"' + lines[2]
    lines.append("0101,1," + "很" * 1_100_000)
    write("points.csv", "\n".join(lines) + "\n")
elif case == "binary-garbage":
    as_roster("roster.csv", bytes((i * 7919 + 13) % 256 for i in range(1 << 20)))
elif case == "binary-as-xlsx":
    as_roster("roster.xlsx", bytes((i * 7919 + 13) % 256 for i in range(1 << 20)))
elif case == "truncated-zip":
    whole = xlsx(roster_rows())
    as_roster("roster.xlsx", whole[: len(whole) // 2])
elif case == "gb18030-mislabeled":
    # GB18030 bytes in a workspace that says its CSV files are UTF-8.
    write("roster.csv", roster, encoding="gb18030")
    with open(os.path.join(ws, "appraise.toml"), "a", encoding="utf-8") as f:
        f.write('encoding = "utf-8"\n')
elif case == "ods-repeats":
    # A 2 KB .ods whose one row is repeated 1,000,000 times, 1,000 cells wide.
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1">'
               '<table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string" table:number-columns-repeated="1000"><text:p>x</text:p></table:table-cell></table:table-row>'
               '</table:table></office:spreadsheet></office:body></office:document-content>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    as_roster("roster.ods", buf.getvalue())
elif case == "xls-broken-sectors":
    here = os.path.dirname(os.path.abspath(__file__))
    as_roster("roster.xls", open(os.path.join(here, "..", "tests", "fixtures", "fuzz", "cfb-sector-past-end.xls"), "rb").read())
elif case == "xls-looping-chain":
    here = os.path.dirname(os.path.abspath(__file__))
    as_roster("roster.xls", open(os.path.join(here, "..", "tests", "fixtures", "fuzz", "cfb-looping-chain.xls"), "rb").read())
elif case == "many-points-rows":
    # 3,000 points rows for one person: a 明细 cell far past 32,767 characters.
    lines = open(os.path.join(data, "points.csv"), encoding="utf-8").read().splitlines()
    lines += [f"0101,0,第{i}次通报：客户回访记录完整" for i in range(3000)]
    write("points.csv", "\n".join(lines) + "\n")
elif case == "chained-rules":
    # 4,000 team rules, each reading the one before.
    scheme = os.path.join(ws, "schemes", "after-sales-repair.toml")
    text = open(scheme, encoding="utf-8").read()
    chain = "c0 = { type = \"integer\", expr = 'count(members)' }\n" + "".join(
        f"c{i} = {{ type = \"integer\", expr = 'c{i - 1} + 1' }}\n" for i in range(1, 4000))
    text = text.replace("[team]\n", "[team]\n" + chain, 1)
    open(scheme, "w", encoding="utf-8").write(text)
else:
    sys.exit(f"unknown case {case}")
