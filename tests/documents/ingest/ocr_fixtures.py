"""Page images made at test time for the OCR tests and benchmark: text and tables drawn with a
CJK font from Debian's fonts-noto-cjk package, optionally turned a few degrees or speckled with
noise, saved as PNG or wrapped as an image-only PDF (no text layer). Nothing binary is kept in
the repository."""
from __future__ import annotations

import glob
import io
import random
import shutil
import subprocess
from functools import lru_cache

WIDTH, HEIGHT = 1240, 1754   # an A4 page at 150 dpi
MARGIN = 110


@lru_cache(maxsize=None)
def font_file() -> tuple[str, int] | None:
    """(path, index in the collection) of a Simplified Chinese font, or None."""
    if shutil.which("fc-match"):
        found = subprocess.run(
            ["fc-match", "-f", "%{file}:%{index}", "Noto Sans CJK SC:lang=zh-cn"], capture_output=True, text=True
        ).stdout
        path, _, index = found.rpartition(":")
        if "CJK" in path:
            return path, int(index or 0)
    for path in sorted(glob.glob("/usr/share/fonts/**/NotoSansCJK-Regular.ttc", recursive=True)):
        return path, 2  # the collection's order: JP, KR, SC, TC, HK
    return None


def font(size: int):
    from PIL import ImageFont

    path, index = font_file()
    return ImageFont.truetype(path, size, index=index)


def require_font():
    import pytest

    if font_file() is None:
        pytest.skip("no CJK font installed (Debian's fonts-noto-cjk)")


def pages(blocks, size: int = 26, width: int = WIDTH, height: int = HEIGHT, columns=None):
    """Page images of blocks: ("p", text) wrapped at the margin; ("table", rows) drawn as a
    ruled grid, the first column wide (labels), the others equal (figures). `columns` gives
    the table's column widths as shares of the text width."""
    from PIL import Image, ImageDraw

    face = font(size)
    leading = int(size * 1.7)
    out = [Image.new("L", (width, height), 255)]
    draw = ImageDraw.Draw(out[-1])
    y = MARGIN
    right = width - MARGIN

    def new_page():
        nonlocal draw, y
        out.append(Image.new("L", (width, height), 255))
        draw = ImageDraw.Draw(out[-1])
        y = MARGIN

    for kind, content in blocks:
        if kind == "p":
            text = content.strip()
            x = MARGIN + (2 * size if content[:1].isspace() else 0)
            while text:
                n = len(text)
                while face.getlength(text[:n]) > right - x:
                    n -= 1
                if y + leading > height - MARGIN:
                    new_page()
                draw.text((x, y), text[:n], font=face, fill=0)
                text, x, y = text[n:], MARGIN, y + leading
            y += leading // 3
            continue
        n = max(len(row) for row in content)
        shares = columns or [0.34] + [0.66 / (n - 1)] * (n - 1)
        edges = [MARGIN]
        for share in shares:
            edges.append(edges[-1] + share * (right - MARGIN))
        for row in content:
            cells = []
            for k, cell in enumerate(row):
                # a short row's last cell spans the rest, as a merged cell does
                cell_right = edges[-1] if k == len(row) - 1 else edges[k + 1]
                cells.append((edges[k], cell_right, _wrap(face, cell, cell_right - edges[k] - size / 2)))
            rows_high = max(len(c[2]) for c in cells) * leading + size // 2
            if y + rows_high > height - MARGIN:
                new_page()
            for x0, x1, lines in cells:
                draw.rectangle((x0, y, x1, y + rows_high), outline=0, width=2)
                top = y + (rows_high - len(lines) * leading) / 2 + (leading - size) / 2
                for k, line in enumerate(lines):
                    left = x0 + (x1 - x0 - face.getlength(line)) / 2
                    draw.text((left, top + k * leading), line, font=face, fill=0)
            y += rows_high
        y += leading
    return out


def _wrap(face, text: str, width: float) -> list[str]:
    lines = []
    for part in text.splitlines() or [""]:
        part = part.strip()
        if part.isascii():  # a figure is never broken, as a table is set
            lines.append(part)
            continue
        while part:
            n = len(part)
            while n > 1 and face.getlength(part[:n]) > width:
                n -= 1
            lines.append(part[:n])
            part = part[n:]
    return lines or [""]


def noisy(image, seed: int = 1, share: float = 0.004):
    """Salt and pepper speckles over `share` of the pixels, the way a dusty scanner gives them."""
    rng = random.Random(seed)
    image = image.copy()
    pixels = image.load()
    for _ in range(int(image.width * image.height * share)):
        x, y = rng.randrange(image.width), rng.randrange(image.height)
        pixels[x, y] = 0 if rng.random() < 0.5 else 255
    return image


def rotated(image, degrees: float):
    """The page turned a few degrees, as a sheet laid askew on the scanner."""
    return image.rotate(degrees, expand=False, fillcolor=255, resample=3)


def png(image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def image_pdf(images) -> bytes:
    """The images as the pages of a PDF with no text layer, as a scanner writes it."""
    out = io.BytesIO()
    first, *rest = [image.convert("L") for image in images]
    first.save(out, format="PDF", save_all=True, append_images=rest, resolution=150.0)
    return out.getvalue()
