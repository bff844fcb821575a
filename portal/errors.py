"""Error answers: the portal's own pages (templates/404.html, 500.html), and JSON under /api/,
where a client reads `detail` whatever went wrong."""
from django.http import HttpResponse, JsonResponse
from django.views import defaults

API = "/api/"


def _json(detail, status):
    return JsonResponse({"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False})


def bad_request(request, exception=None, message="请求有误。"):
    if request.path.startswith(API):
        return _json(message, 400)
    if exception is None:
        from django.http import HttpResponseBadRequest

        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    return defaults.bad_request(request, exception)


def not_found(request, exception=None):
    if request.path.startswith(API):
        return _json("未找到。", 404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if request.path.startswith(API):
        return _json("服务器出错。", 500)
    return defaults.server_error(request)


LIMIT_NAMES = {"search": "搜索", "compare": "比较", "api": "API", "login": "登录"}


def too_many_requests(request, name, allowed, period, retry_after):
    message = (
        f"{LIMIT_NAMES.get(name, name)}请求过于频繁：每个地址 {period} 秒内最多 {allowed} 次。"
        f"请 {retry_after} 秒后再试。"
    )
    if request.path.startswith(API):
        response = _json(message, 429)
    else:
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(retry_after)
    return response


def too_large(request, length, limit):
    mb = 1024 * 1024
    message = (
        f"上传内容过大：一次请求最多 {limit / mb:.0f} MB，这次是 {length / mb:.1f} MB，没有接收。"
        "请分批上传，或请管理员放宽上限。"
    )
    if request.path.startswith(API):
        return _json(message, 413)
    return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
