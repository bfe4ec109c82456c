"""Asr Press (asrpress.ir): political news agency on IranSamaneh."""

from newsbot.extract.families.iransamaneh import IRANSAMANEH
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="asrpress",
    domains=("asrpress.ir",),
    family=IRANSAMANEH,
    base_url="https://www.asrpress.ir",
    selectors={"title": ("h1.title a", "h1.title")},
    text_markers=("عصرپرس", "عصر پرس", "asrpress.ir"),
    boilerplate_lines=("اخبار مهم ایران و جهان را با عصر پرس مرور نمائید",),
)
