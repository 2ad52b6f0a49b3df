#!/usr/bin/env python3
"""Writes a synthetic month of any size for a shipped scheme, as a workspace:

    python3 benches/gen_month.py SCHEME DIR [people]
    SCHEME: after-sales (schemes/after-sales-repair.toml; see big_month.py)
            service-dept (schemes/service-dept.toml)

Deterministic: the same arguments write the same bytes (no clock, no random
generator). The month is 2024-05. Then, for instance:

    appraise -C DIR compute --month 2024-05 --sheets 汇总
"""
import os
import shutil
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))


def service_dept(root, people):
    """Teams of 5 (1 服务经理 + 4 维修技师); one attendance row each; 0-3 survey
    rows per person; a complaint for every 11th person (every 3rd escalated)."""
    month = os.path.join(root, "data", "2024-05")
    os.makedirs(month, exist_ok=True)
    os.makedirs(os.path.join(root, "schemes"), exist_ok=True)
    shutil.copy(os.path.join(here, "..", "schemes", "service-dept.toml"), os.path.join(root, "schemes"))
    shutil.copy(os.path.join(here, "..", "examples", "service-dept", "appraise.toml"), root)
    files = {n: open(os.path.join(month, n + ".csv"), "w", encoding="utf-8")
             for n in ("roster", "attendance", "survey", "complaints")}
    files["roster"].write("工号,姓名,班组,岗位,标准工资,绩效基数\n")
    files["attendance"].write("工号,出勤天数,迟到次数,早退次数,请假天数,旷工天数\n")
    files["survey"].write("问卷编号,工号,评分\n")
    files["complaints"].write("投诉编号,工号,升级至总经理\n")
    q = c = 0
    for n in range(people):
        team, k = divmod(n, 5)
        role = "服务经理" if k == 0 else "维修技师"
        salary = 5000 if k == 0 else 3000 + n % 1000
        base = 2000 if k == 0 else 800 + (n % 3) * 100
        pid = f"{n + 1:07d}"
        files["roster"].write(f"{pid},员工{n},S{team:06d},{role},{salary}.{n % 100:02d},{base}.00\n")
        leave = "0.5" if n % 13 == 0 else "0"
        files["attendance"].write(f"{pid},{26 - n % 4},{n % 3},{n % 2},{leave},{1 if n % 97 == 0 else 0}\n")
        for j in range(n % 4):
            q += 1
            files["survey"].write(f"Q{q:08d},{pid},{60 + (n * 7 + j * 13) % 41}\n")
        if n % 11 == 0:
            c += 1
            files["complaints"].write(f"C{c:08d},{pid},{'是' if c % 3 == 0 else '否'}\n")
    for f in files.values():
        f.close()
    print(f"{people} people in {(people + 4) // 5} teams under {root}")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    scheme, root = sys.argv[1], sys.argv[2]
    people = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
    if scheme == "after-sales":
        subprocess.run([sys.executable, os.path.join(here, "big_month.py"), root, str(people)], check=True)
    elif scheme == "service-dept":
        service_dept(root, people)
    else:
        sys.exit(f"unknown scheme {scheme}: after-sales or service-dept")


main()
