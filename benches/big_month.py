#!/usr/bin/env python3
"""Writes a synthetic month as a workspace, for end-to-end timing:

    python3 benches/big_month.py /tmp/big [people] [points_rows]
    cargo build --release
    /usr/bin/time -v target/release/appraise -C /tmp/big compute --month 2024-05 [--format json]

Teams of 2 and 3 (both 3-person compositions), the same mix as benches/compute.rs;
every 7th person has a points row. With `points_rows`, points.csv instead has that
many rows spread over all people (each with a 事由 text): the "many rows for few
people" shape, e.g. `python3 benches/big_month.py /tmp/rows 14 10000000`.
Deterministic: the same arguments write the same bytes.
"""
import os
import shutil
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "/tmp/big"
people = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
points_rows = int(sys.argv[3]) if len(sys.argv) > 3 else None
here = os.path.dirname(os.path.abspath(__file__))
month = os.path.join(root, "data", "2024-05")
os.makedirs(month, exist_ok=True)
os.makedirs(os.path.join(root, "schemes"), exist_ok=True)
shutil.copy(os.path.join(here, "..", "schemes", "after-sales-repair.toml"), os.path.join(root, "schemes"))
shutil.copy(os.path.join(here, "..", "examples", "after-sales", "appraise.toml"), root)

with open(os.path.join(month, "roster.csv"), "w", encoding="utf-8") as r, \
        open(os.path.join(month, "repairs.csv"), "w", encoding="utf-8") as p, \
        open(os.path.join(month, "points.csv"), "w", encoding="utf-8") as q:
    r.write("工号,姓名,班组,岗位,底薪\n")
    p.write("班组,维修台数,品质不合格台数,交付台数,及时交付台数,返修机不足\n")
    q.write("工号,绩效分,事由\n")
    n = team = 0
    while n < people:
        size = 3 if team % 3 == 0 else 2
        engineers = 2 if size == 3 and team % 2 == 0 else 1
        for k in range(size):
            role = "维修工程师" if k < engineers else "助理维修员"
            r.write(f"{n:06d},员工{n},T{team},{role},{3000 + n % 1500}.{n % 100:02d}\n")
            if points_rows is None and n % 7 == 0:
                q.write(f"{n:06d},{n % 5 - 2},bench\n")
            n += 1
        delivered = 100 + team % 50
        short = "是" if team % 5 == 0 else "否"
        p.write(f"T{team},{100 + (team * 37) % 150},{team % 4},{delivered},{delivered - team % 12},{short}\n")
        team += 1
    if points_rows is not None:
        line = []
        for i in range(points_rows):
            line.append(f"{i % n:06d},{i % 5 - 2},第{i}条通报\n")
            if len(line) == 10000:
                q.write("".join(line))
                line = []
        q.write("".join(line))
print(f"{n} people in {team} teams under {root}")
