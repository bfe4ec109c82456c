"""Matching Persian labels («کد خبر:», «تاریخ انتشار:») whatever letter forms the page uses."""

from __future__ import annotations

import re

#: Arabic letter forms that Persian labels are also written with (one char each,
#: so a match on the mapped text gives offsets into the original).
LABEL_FORMS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ە": "ه", "ۀ": "ه"})


def strip_label(label: re.Pattern[str], value: str) -> str:
    """*value* without the leading *label*, matched on its Persian letter forms
    (so «تاريخ انتشار:» with Arabic yeh is a label like «تاریخ انتشار:»)."""
    match = label.match(value.translate(LABEL_FORMS))
    return value[match.end():] if match else value
