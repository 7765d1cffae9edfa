#!/usr/bin/env python3
"""Seeded spreadsheets with charts for the office-made chart benchmark.

Writes N .xlsx workbooks (openpyxl) into OUT/xlsx and their ground truth into
OUT/truth.jsonl, one JSON object a line:

    {"id": "007", "kind": "col_stacked", "labels": true, "dpi": 110,
     "format": "png", "title": "...", "categories": [...],
     "series": [{"name": "...", "values": [...]}]}

Each workbook's first sheet holds only the chart (anchored at A1); the data
sit on a second sheet. LibreOffice renders the first sheet to PDF
(scripts/charts/bench-office.sh), pdftoppm to an image, crop.py cuts the
chart out. Values for pies are percentages of the whole (what the chart
shows). Kinds: col, col_stacked, bar, bar_stacked, col3d, pie, pie3d,
doughnut, line; every kind with and without value labels.
"""

import argparse
import json
import os
import random

from openpyxl import Workbook
from openpyxl.chart import (BarChart, BarChart3D, DoughnutChart, LineChart,
                            PieChart, PieChart3D, Reference)
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.layout import Layout, ManualLayout
from openpyxl.chart.marker import Marker
from openpyxl.chart.series import DataPoint
from openpyxl.chart.text import RichText
from openpyxl.drawing.fill import GradientFillProperties, GradientStop
from openpyxl.drawing.text import (CharacterProperties, Paragraph,
                                   ParagraphProperties, Font)

KINDS = ["col", "col_stacked", "bar", "bar_stacked", "col3d", "pie", "pie3d",
         "doughnut", "line"]

CATEGORY_SETS = [
    ["서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종"],
    ["2016년", "2017년", "2018년", "2019년", "2020년", "2021년", "2022년", "2023년"],
    ["제조업", "서비스업", "농림어업", "건설업", "금융업", "정보통신", "운수업"],
    ["1분기", "2분기", "3분기", "4분기"],
    ["청년", "중장년", "노인", "아동", "장애인"],
    ["친환경 농산물", "가공식품 수출", "스마트팜 보급", "농촌 관광", "귀농 귀촌 지원"],
    ["연구개발", "인력양성", "기반구축", "사업화 지원", "국제협력"],
    ["'19", "'20", "'21", "'22", "'23", "'24"],
]
SERIES_SETS = [
    ["예산", "집행액", "잔액", "이월액", "불용액", "전용액"],
    ["남성", "여성"],
    ["수출", "수입", "무역수지"],
    ["2020년", "2021년", "2022년", "2023년", "2024년", "2025년"],
    ["국비", "지방비", "민간", "기타"],
    ["대기업", "중견기업", "중소기업", "소상공인", "공공기관"],
]
TITLES = ["지역별 예산 현황", "연도별 사업 실적", "산업별 고용 비중",
          "분기별 집행률 추이", "대상별 지원 인원", "부문별 투자 규모",
          "사업분야별 지원 실적", "재원별 투자 계획"]
UNITS = ["(단위: 백만원)", "(단위: 억원)", "(단위: 명)", "(단위: %)", "(단위: 건)"]
# Palettes charts in Korean reports come in: Office 2013+, Office 2007,
# LibreOffice's default, a Hancom-like pastel set.
PALETTES = [
    ["4472C4", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47"],
    ["4F81BD", "C0504D", "9BBB59", "8064A2", "4BACC6", "F79646"],
    ["004586", "FF420E", "FFD320", "579D1C", "7E0021", "83CAFF"],
    ["6D9EEB", "F6B26B", "93C47D", "E06666", "8E7CC3", "FFD966"],
]
FONTS = ["NanumGothic", "Noto Sans CJK KR", "NanumBarunGothic", "NanumMyeongjo"]


def shade(hex6, f):
    r, g, b = (int(hex6[i:i + 2], 16) for i in (0, 2, 4))
    if f >= 1:
        r, g, b = (int(c + (255 - c) * (f - 1)) for c in (r, g, b))
    else:
        r, g, b = (int(c * f) for c in (r, g, b))
    return "%02X%02X%02X" % (r, g, b)


def text_props(font, size_pt, bold=False):
    cp = CharacterProperties(latin=Font(typeface=font), ea=Font(typeface=font),
                             sz=int(size_pt * 100), b=bold)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=cp), endParaRPr=cp)])


def fill(gp, color, gradient):
    if gradient:
        gp.gradFill = GradientFillProperties(gsLst=[
            GradientStop(pos=0, srgbClr=shade(color, 1.35)),
            GradientStop(pos=100000, srgbClr=shade(color, 0.8))])
        gp.gradFill.lin = None
    else:
        gp.solidFill = color


def make(rng, idx, kind, labels):
    cats = rng.choice(CATEGORY_SETS)
    pie = kind in ("pie", "pie3d", "doughnut")
    n = rng.randint(3, min(len(cats), 6 if pie else 8))
    start = rng.randint(0, len(cats) - n)
    cats = cats[start:start + n]
    if pie:
        ns = 1
    elif kind in ("col_stacked", "bar_stacked"):
        ns = rng.randint(2, 5)
    elif kind == "col":
        ns = rng.choice([1, 2, 3, 4, 5, 6])
    elif kind == "bar":
        ns = rng.randint(1, 4)
    elif kind == "col3d":
        ns = rng.randint(1, 3)
    else:
        ns = rng.randint(1, 4)
    names = rng.choice([s for s in SERIES_SETS if len(s) >= ns])[:ns]
    scale = rng.choice([100, 500, 60, 1000, 8000, 25000])
    decimals = 1 if scale <= 100 else 0
    nonzero = kind in ("col", "line") and not labels and rng.random() < 0.4
    series = []
    for name in names:
        vals = []
        for _ in cats:
            lo = 0.55 if nonzero else 0.12
            v = scale * (lo + (1 - lo) * rng.random())
            vals.append(round(v, decimals))
        series.append({"name": name, "values": vals})
    title = rng.choice(TITLES)
    palette = rng.choice(PALETTES)
    font = rng.choice(FONTS)
    gradient = kind in ("col", "bar", "col_stacked") and rng.random() < 0.25

    wb = Workbook()
    ws = wb.active
    ws.title = "chart"
    data = wb.create_sheet("data")
    data.append([""] + [s["name"] for s in series])
    fmt = "#,##0.0" if decimals else "#,##0"
    for i, c in enumerate(cats):
        data.append([c] + [s["values"][i] for s in series])
        for j in range(ns):
            data.cell(row=2 + i, column=2 + j).number_format = fmt

    if kind in ("col", "col_stacked", "bar", "bar_stacked"):
        ch = BarChart()
        ch.type = "col" if kind.startswith("col") else "bar"
        if kind.endswith("stacked"):
            ch.grouping = "stacked"
            ch.overlap = 100
        else:
            ch.grouping = "clustered"
        ch.gapWidth = rng.choice([50, 80, 150, 219])
    elif kind == "col3d":
        ch = BarChart3D()
        ch.type = "col"
        ch.grouping = "clustered"
    elif kind == "pie":
        ch = PieChart()
    elif kind == "pie3d":
        ch = PieChart3D()
    elif kind == "doughnut":
        ch = DoughnutChart()
        ch.holeSize = rng.choice([40, 50, 60])
    else:
        ch = LineChart()
    ch.add_data(Reference(data, min_col=2, min_row=1, max_col=1 + ns, max_row=1 + n),
                titles_from_data=True)
    ch.set_categories(Reference(data, min_col=1, min_row=2, max_row=1 + n))
    ch.title = title
    unit = rng.choice(UNITS) if not pie and rng.random() < 0.5 else ""
    if pie:
        ch.varyColors = True
        s = ch.series[0]
        for i in range(n):
            pt = DataPoint(idx=i)
            pt.graphicalProperties.solidFill = palette[i % len(palette)] if i < len(palette) else shade(palette[i % len(palette)], 0.7)
            s.dPt.append(pt)
    else:
        for j, s in enumerate(ch.series):
            color = palette[j % len(palette)]
            if kind == "line":
                s.graphicalProperties.line.solidFill = color
                s.graphicalProperties.line.width = rng.choice([19050, 28575, 38100])
                s.marker = Marker(symbol=rng.choice(["circle", "square", "diamond", "triangle"]),
                                  size=rng.choice([5, 7, 9]))
                s.marker.graphicalProperties = None
                s.smooth = False
            else:
                fill(s.graphicalProperties, color, gradient)
    if labels:
        ch.dataLabels = DataLabelList()
        if pie:
            ch.dataLabels.showPercent = True
            ch.dataLabels.showVal = False
            ch.dataLabels.numFmt = "0.0%"
        else:
            ch.dataLabels.showVal = True
        ch.dataLabels.showSerName = False
        ch.dataLabels.showCatName = False
        ch.dataLabels.showLegendKey = False
        if kind in ("col", "bar", "line", "col3d"):
            ch.dataLabels.position = "outEnd" if kind != "line" else "t"
            if kind == "col3d":
                ch.dataLabels.position = None
        elif pie and kind != "doughnut":
            ch.dataLabels.position = rng.choice(["bestFit", "inEnd", "outEnd", "ctr"])
        elif kind.endswith("stacked"):
            ch.dataLabels.position = "ctr"
    legend = True
    if not pie and ns == 1 and rng.random() < 0.7:
        legend = False
    if legend:
        ch.legend.position = rng.choice(["r", "l", "t", "b"])
    else:
        ch.legend = None
    if not pie:
        ch.x_axis.delete = False
        ch.y_axis.delete = False
        ch.y_axis.numFmt = fmt
        ch.y_axis.majorGridlines = ch.y_axis.majorGridlines if rng.random() < 0.7 else None
        if unit:
            ch.y_axis.title = unit
        if nonzero:
            lo = min(min(s["values"]) for s in series)
            step = 10 ** (len(str(int(lo))) - 1)
            ch.y_axis.scaling.min = max(step * int(0.7 * lo / step), step)
    ch.width = rng.choice([13, 15, 17, 20])
    ch.height = rng.choice([7.5, 9, 10.5])
    ch.style = rng.choice([2, 10, 18, 26])
    size = rng.choice([9, 10, 11])
    ch.txPr = text_props(font, size)
    ws.add_chart(ch, "A1")
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    truth_series = series
    if pie:
        tot = sum(series[0]["values"])
        truth_series = [{"name": series[0]["name"],
                         "values": [100 * v / tot for v in series[0]["values"]]}]
    rec = {"id": "%03d" % idx, "kind": kind, "labels": labels,
           "dpi": rng.choice([80, 96, 110, 130]),
           "format": "bmp" if idx % 3 == 1 else "png",
           "title": title, "categories": cats, "series": truth_series,
           "palette": PALETTES.index(palette), "font": font,
           "gradient": gradient, "axis_min": bool(nonzero)}
    return wb, rec


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--per-kind", type=int, default=8,
                    help="charts per kind (half with value labels)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--kinds", default=",".join(KINDS))
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(os.path.join(args.out, "xlsx"), exist_ok=True)
    kinds = args.kinds.split(",")
    idx = 0
    with open(os.path.join(args.out, "truth.jsonl"), "w", encoding="utf-8") as tf:
        for k in range(args.per_kind):
            for kind in kinds:
                idx += 1
                wb, rec = make(rng, idx, kind, k % 2 == 0)
                wb.save(os.path.join(args.out, "xlsx", rec["id"] + ".xlsx"))
                tf.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print("wrote", idx, "workbooks to", args.out)


if __name__ == "__main__":
    main()
