"""Prove the ad, print-detail and photo tests can fail: each mutation breaks one thing on purpose and
runs the tests that guard it (tests/mutations.py's machinery; not collected by pytest).

    .venv/bin/python -m tests.ads.mutations            # every mutation
    .venv/bin/python -m tests.ads.mutations A3 A7      # some
"""

from __future__ import annotations

import sys

from tests.mutations import Mutation, run

A = "tests/ads/"
MUTATIONS = [
    Mutation("A1", "the ad is not drawn (no Do)", "layout/render/ads.py",
             'return f"q {clip} re W n {matrix} cm {name} Do Q"', 'return f"q {clip} re W n {matrix} cm Q"',
             (A + "test_ads.py::test_a_cmyk_ad_is_placed_unchanged_as_a_form_xobject_clipped_to_its_box",)),
    Mutation("A2", "the ad is not clipped to its box", "layout/render/ads.py",
             'return f"q {clip} re W n {matrix} cm {name} Do Q"', 'return f"q {matrix} cm {name} Do Q"',
             (A + "test_ads.py::test_a_cmyk_ad_is_placed_unchanged_as_a_form_xobject_clipped_to_its_box",)),
    Mutation("A3", "the size check is off", "layout/render/ads.py",
             "elif abs(w - box_w) > TOLERANCE or abs(h - box_h) > TOLERANCE:", "elif False:",
             (A + "test_ads.py::test_a_size_mismatch_names_both_sizes_in_mm",)),
    Mutation("A4", "fit does not scale", "layout/render/ads.py",
             "s = min(ad.w / tw, ad.h / th) if ad.fit else 1.0", "s = 1.0",
             (A + "test_ads.py::test_fit_scales_the_ad_into_its_box",)),
    Mutation("A5", "Lab is not looked for", "layout/preflight.py",
             '''        scan.lab.fail(f"{what} is Lab")''', "        pass",
             (A + "test_ads.py::test_a_faulty_ad_is_refused_naming_its_file[lab]",)),
    Mutation("A6", "spot colours always allowed", "layout/preflight.py",
             "        if self.spot_ok is False:", "        if self.spot_ok is None and False:",
             (A + "test_ads.py::test_a_faulty_ad_is_refused_naming_its_file[spot]",)),
    Mutation("A7", "an encrypted ad is opened anyway", "layout/render/ads.py",
             "        if reader.is_encrypted:", "        if False:",
             (A + "test_ads.py::test_a_faulty_ad_is_refused_naming_its_file[encrypted]",)),
    Mutation("A8", "images' resolution ignores the ad's scale", "layout/render/ads.py",
             "check_page(page, f\"page {number}\", fonts, scan, [scale, 0.0, 0.0, scale, 0.0, 0.0])",
             "check_page(page, f\"page {number}\", fonts, scan, [0.01, 0.0, 0.0, 0.01, 0.0, 0.0])",
             (A + "test_ads.py::test_image_resolution_is_judged_at_the_fitted_size",)),
    Mutation("A9", "the page cache ignores the ads' bytes", "layout/render/pages.py",
             "ads = [_digest(ad.file) for ad in page.ads]", "ads: list[str] = []",
             (A + "test_ads.py::test_the_page_cache_sees_a_replaced_ad",)),
    Mutation("A10", "a missing booked ad is fine with --final", "layout/render/ads.py",
             "(errors if final else warnings).append(Diagnostic(\n                Level.ERROR if final else "
             "Level.WARNING, message,", "(warnings).append(Diagnostic(\n                Level.WARNING, message,",
             (A + "test_ad_list.py::test_final_makes_a_missing_booked_ad_an_error",)),
    Mutation("A11", "no placeholder for a missing booked ad", "layout/render/pdf.py",
             "        if not ad.file:  # the advertiser's PDF", "        if False:  # the advertiser's PDF",
             (A + "test_ad_list.py::test_a_missing_booked_ad_is_a_placeholder_with_the_booking",)),
    Mutation("A12", "everything overprints again", "layout/render/pdf.py",
             "        self.set(cmyk == BLACK)", "        self.set(True)",
             (A + "test_print_details.py::test_only_solid_black_overprints",)),
    Mutation("A13", "photos overprint", "layout/render/pdf.py",
             "    op.set(False)  # photos knock out", "    op.set(True)  # photos knock out",
             (A + "test_print_details.py::test_photos_knock_out",)),
    Mutation("A14", "crop marks in K only", "layout/render/pdf.py",
             '    canvas._code.append(f"/{name} CS 1 SCN")', "    canvas.setStrokeColorCMYK(0, 0, 0, 1)",
             (A + "test_print_details.py::test_crop_marks_print_on_all_four_plates",
              A + "test_print_details.py::test_crop_marks_are_registration_colour_and_at_least_a_tenth_of_a_mm")),
    Mutation("A15", "hairline crop marks", "layout/render/pdf.py",
             "CROP_MARK_WIDTH = 0.3", "CROP_MARK_WIDTH = 0.25",
             (A + "test_print_details.py::test_crop_marks_are_registration_colour_and_at_least_a_tenth_of_a_mm",)),
    Mutation("A16", "X-4 XMP without the IDs", "layout/render/pdfx.py",
             "<xmpMM:VersionID>1</xmpMM:VersionID><xmpMM:RenditionClass>default</xmpMM:RenditionClass>", "",
             (A + "test_print_details.py::test_x4_embeds_its_profile_and_carries_the_xmp_ids",)),
    Mutation("A17", "X-1a without GTS_PDFXConformance", "layout/render/pdfx.py",
             '        info_keys["/GTS_PDFXConformance"] = version', "        pass",
             (A + "test_print_details.py::test_x1a_names_its_conformance",)),
    Mutation("A18", "the JPEG's ink is not checked after compression", "layout/render/images.py",
             "        data = _ink_checked(img, data, spec)", "        pass",
             (A + "test_photos.py::test_saturated_colour_stays_under_the_ink_limit",)),
    Mutation("A19", "no black generation (UCR off: K = 0)", "layout/render/images.py",
             "    k = cmy.min(axis=2)\n", "    k = cmy.min(axis=2) * 0\n",
             (A + "test_photos.py::test_a_dark_neutral_photo_sits_on_the_black_plate",)),
    Mutation("A20", "16-bit greys are not scaled to 8 bits", "layout/render/images.py",
             "        top = 65535.0 if img.mode.startswith(\"I;16\") or arr.max() > 255 else 255.0",
             "        top = 255.0",
             (A + "test_photos.py::test_a_16_bit_grey_png_prints_with_ink",)),
    Mutation("A21", "preflight skips JPEGs given as a filter array", "layout/preflight.py",
             "            jpeg = (filters[-1] if isinstance(filters, list) and filters else filters) == \"/DCTDecode\"",
             "            jpeg = filters == \"/DCTDecode\"",
             (A + "test_ads.py::test_a_faulty_ad_is_refused_naming_its_file[inky-photo]",)),
]


def main(names: list[str]) -> int:
    chosen = [m for m in MUTATIONS if not names or m.name in names]
    survived = [m.name for m in chosen if not run(m)]
    print(f"{len(chosen) - len(survived)} of {len(chosen)} mutations caught"
          + (f"; survived: {', '.join(survived)}" if survived else ""))
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
