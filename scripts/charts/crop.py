#!/usr/bin/env python3
"""Cut each rendered page down to its chart and save it as PNG or BMP.

crop.py RAW_DIR TRUTH_JSONL OUT_DIR: RAW_DIR holds <id>.png (pdftoppm's
first page of each workbook); the chart is the bounding box of the page's
non-white pixels (LibreOffice draws a thin border round the chart area),
kept with an 8 px white margin, written as OUT_DIR/<id>.<format> where
format ("png" or "bmp") comes from the truth line.
"""

import json
import os
import sys

from PIL import Image, ImageOps


def main():
    raw, truth, out = sys.argv[1:4]
    os.makedirs(out, exist_ok=True)
    n = 0
    with open(truth, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            src = os.path.join(raw, rec["id"] + ".png")
            if not os.path.exists(src):
                print("missing", src, file=sys.stderr)
                continue
            im = Image.open(src).convert("RGB")
            mask = im.convert("L").point(lambda v: 255 if v < 250 else 0)
            box = mask.getbbox()
            if box is None:
                print("blank page", src, file=sys.stderr)
                continue
            im = ImageOps.expand(im.crop(box), border=8, fill="white")
            im.save(os.path.join(out, rec["id"] + "." + rec["format"]))
            n += 1
    print("cropped", n, "charts into", out)


if __name__ == "__main__":
    main()
