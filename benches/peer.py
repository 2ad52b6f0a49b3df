#!/usr/bin/env python3
"""The pandas peer of benches/compare.sh: the script a user would write instead
of appraise for an after-sales month (schemes/after-sales-repair.toml) —
read_csv, a merge, vectorised float arithmetic, a one-sheet 汇总 with
xlsxwriter (13 columns, like appraise's). Floats, so about one net in a
thousand is off by 0.01; it is here for speed, not for its answers.

    python3 benches/peer.py DIR/data/2024-05 OUT.xlsx
"""
import sys

import numpy as np
import pandas as pd

src, out = sys.argv[1], sys.argv[2]
roster = pd.read_csv(f"{src}/roster.csv", dtype={"工号": str})
repairs = pd.read_csv(f"{src}/repairs.csv")
points = pd.read_csv(f"{src}/points.csv", dtype={"工号": str})

df = roster.merge(repairs, on="班组", how="left")
pts = points.groupby("工号")["绩效分"].sum()
df["绩效分"] = df["工号"].map(pts).fillna(0)
members = df.groupby("班组")["工号"].transform("count")
engineer = df["岗位"] == "维修工程师"
share = np.where(members == 1, 1.0, np.where(engineer, 0.6, 0.4))
pool = np.maximum(df["维修台数"] - 100, 0) * 3.5
rate = df["及时交付台数"] / df["交付台数"]
df["超额奖金"] = (pool * share).round(2)
df["返修机不足绩效奖"] = np.where(df["返修机不足"] == "是", 0.0, np.where(rate >= 0.95, df["底薪"] * 0.1, 0.0)).round(2)
df["绩效分奖励"] = (df["绩效分"].clip(lower=0) * 50).round(2)
df["未达保底扣款"] = np.where(df["维修台数"] < 110, 50.0, 0.0)
df["绩效分扣款"] = ((-df["绩效分"]).clip(lower=0) * 40).round(2)
df["奖金合计"] = df["超额奖金"] + df["返修机不足绩效奖"] + df["绩效分奖励"]
df["扣款合计"] = df["未达保底扣款"] + df["绩效分扣款"]
df["应发合计"] = (df["底薪"] + df["奖金合计"] - df["扣款合计"]).round(2)
cols = ["工号", "姓名", "班组", "岗位", "底薪", "超额奖金", "返修机不足绩效奖", "绩效分奖励",
        "未达保底扣款", "绩效分扣款", "奖金合计", "扣款合计", "应发合计"]
with pd.ExcelWriter(out, engine="xlsxwriter") as w:
    df[cols].to_excel(w, sheet_name="汇总", index=False)
    money = w.book.add_format({"num_format": "#,##0.00"})
    w.sheets["汇总"].set_column(4, 12, 12, money)
