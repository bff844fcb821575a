"""Page chrome: the lines of a site's frame around a document (source and date labels, print
and share buttons, copyright, breadcrumbs), read by cleaning and by the PDF reader alike.

The patterns are matched against a one-to-one simplified view of each stripped line, so
相關詞條 matches too. Pure, no Django.
"""
import re

_ANYWHERE = re.compile(
    r"^(?:"
    r"(?:信息)?来源[:：].{0,40}"
    r"|发布(?:日期|时间)[:：].{0,40}"
    r"|字号[:：].{0,20}"
    r"|【?字体[:：]?\s*[大中小\s]+】?"
    r"|[【\[]?(?:打印|打印本页|关闭|关闭窗口|返回顶部|收藏|纠错)[】\]]?"
    r"|分享(?:到)?[:：]?.{0,20}"
    r"|相关词条|热门词条|相关链接|联系我们|联络我们|网站地图|网站声明|隐私声明"
    r"|扫一扫.{0,20}|浏览次数[:：].{0,20}|阅读次数[:：].{0,20}|访问量[:：].{0,20}"
    r"|版权所有.{0,60}|主办单位?[:：].{0,60}|承办单位?[:：].{0,60}|.{0,40}ICP备.{0,40}"
    r")$"
)
# Banner and navigation lines only count as chrome above the document's first real paragraph.
# (A breadcrumb line is short: one that runs on is a page body collapsed after it, which
# crawl.remove_inline_chrome cuts the breadcrumb from.)
_HEAD = re.compile(
    r"^(?:栏目导航|首页|当前位置[:：].{0,150}|您的位置[:：].{0,150}|政务公开|信息公开|政府信息公开"
    r"|[A-Z][A-Z &]{3,}|.{0,30}>.{0,30}>.{0,30})$"
)


def is_chrome(view: str, in_head: bool = True) -> bool:
    """Whether a line (its simplified view, stripped) is chrome; banner and navigation lines
    only `in_head`, above the document's first real paragraph."""
    return bool(_ANYWHERE.match(view) or (in_head and _HEAD.match(view)))
